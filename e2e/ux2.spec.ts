/**
 * For a Chinese-speaking student and a small screen: the engine's problems, fixes, refused connections, node
 * summaries and formulas in Chinese; lesson ticks that stay; a canvas readable at fit; teaching views at the
 * window's width. Screenshots at 1280×720 in both languages and themes.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { connect, node, openTemplate, setParam, snap } from './canvas-helpers';

test.use({ viewport: { width: 1280, height: 720 } });

async function setLanguage(app: Page, lang: 'en' | 'zh') {
  await app.evaluate((l) => localStorage.setItem('convas.language', l), lang);
  await app.reload();
  await app.waitForLoadState('load');
}

async function setTheme(app: Page, theme: 'light' | 'dark') {
  if ((await app.evaluate(() => document.documentElement.dataset.theme)) !== theme) {
    await app.getByTestId('toggle-theme').click();
  }
}

/** Scrolls the canvas (the wheel pans it) until the node `id` is inside the pane. */
async function reveal(app: Page, id: string) {
  const pane = (await app.locator('.react-flow__pane').boundingBox())!;
  await app.mouse.move(pane.x + pane.width / 2, pane.y + pane.height / 2);
  for (let i = 0; i < 20; i++) {
    const box = (await node(app, id).boundingBox())!;
    if (box.y + box.height > pane.y + pane.height - 30) await app.mouse.wheel(0, 120);
    else if (box.y < pane.y + 30) await app.mouse.wheel(0, -120);
    else return;
    await app.waitForTimeout(60);
  }
}

/** ASCII words of two letters or more, but for identifiers the UI quotes and names kept in Chinese. */
const englishWords = (text: string, keep: string[]) =>
  (text.match(/[A-Za-z]{2,}/g) ?? []).filter(
    (w) => !keep.includes(w) && !['same', 'valid', 'ReLU', 'MACs'].includes(w),
  );

test('the engine speaks Chinese: problems, fixes, a refused connection, summaries and formulas', async ({ app }) => {
  await setLanguage(app, 'zh');
  await openTemplate(app, 'lenet5');

  // Node summaries: "120 个单元，ReLU", not "120 units, relu".
  const f1Summary = node(app, 'f1').locator('.layer-node-summary');
  await expect(f1Summary).toContainText('120 个单元');
  expect(englishWords(await f1Summary.innerText(), [])).toEqual([]);
  await expect(node(app, 'c1').locator('.layer-node-summary')).not.toContainText('stride');

  // A refused connection says why in Chinese.
  await connect(app, 'c1', 'c2');
  const toast = app.getByTestId('toast-error');
  await expect(toast).toContainText('最多接受 1 个输入');
  expect(englishWords(await toast.innerText(), ['c2'])).toEqual([]);

  // Formulas in the inspector: 参数 = …, 输出 = …, 感受野 = ….
  await node(app, 'c1').click();
  const formulas = app.getByTestId('formulas');
  await expect(formulas.locator('.formula-list')).toContainText('参数 = 5·5·1·6 + 6 = 156');
  expect(englishWords(await formulas.locator('.formula-list').innerText(), [])).toEqual([]);

  // Deleting Flatten: the problem and its fix in Chinese, on the node and in the Problems tab.
  await reveal(app, 'f1');
  await node(app, 'flat').click();
  await app.keyboard.press('Delete');
  const inNode = node(app, 'f1').getByTestId('node-error');
  await expect(inNode).toContainText('需要展平的输入');
  await expect(inNode).not.toContainText('"f1"');
  await app.getByTestId('tab-problems').click();
  const problem = app.getByTestId('problem').first();
  await expect(problem).toContainText('全连接 "f1" 需要展平的输入');
  expect(englishWords(await problem.innerText(), ['f1'])).toEqual([]);
  await expect(problem.getByTestId('fix')).toHaveText('修复：插入展平层');
  for (const theme of ['light', 'dark'] as const) {
    await setTheme(app, theme);
    await snap(app, `ux2-problems-zh-${theme}`);
  }
  await problem.getByTestId('fix').click();
  await expect(app.getByTestId('problem')).toHaveCount(0);
  await expect(app.getByTestId('total-params')).toHaveText('61,706');

  // The same in English, as the engine (and the CLI) writes it.
  await setLanguage(app, 'en');
  await openTemplate(app, 'lenet5');
  await expect(node(app, 'f1').locator('.layer-node-summary')).toHaveText('120 units, relu');
  await reveal(app, 'f1');
  await node(app, 'flat').click();
  await app.keyboard.press('Delete');
  await app.getByTestId('tab-problems').click();
  await expect(app.getByTestId('problem').first()).toContainText('dense "f1" needs a flat input');
  await expect(app.getByTestId('problem').first().getByTestId('fix')).toContainText('Insert Flatten');
  for (const theme of ['light', 'dark'] as const) {
    await setTheme(app, theme);
    await snap(app, `ux2-problems-en-${theme}`);
  }
});

/** The canvas's zoom, from React Flow's viewport transform. */
const zoomOf = (app: Page) =>
  app.locator('.react-flow__viewport').evaluate((el) => new DOMMatrix(getComputedStyle(el).transform).a);

/** The smallest text size on screen, in pixels, of a node's title, summary and counts. */
const smallestNodeText = (app: Page, zoom: number) =>
  app
    .locator('.react-flow__node .layer-node-kind, .react-flow__node .layer-node-summary, .react-flow__node .stat-shape')
    .evaluateAll((els, z) => Math.min(...els.map((e) => parseFloat(getComputedStyle(e).fontSize) * z)), zoom);

test('the canvas is readable at fit, and the bottom panel stays closed on an error', async ({ app }) => {
  for (const lang of ['en', 'zh'] as const) {
    await setLanguage(app, lang);
    for (const id of ['lenet5', 'conv-stack', 'residual']) {
      await openTemplate(app, id);
      await app.getByTestId('canvas-fit').click();
      await app.waitForTimeout(350);
      const zoom = await zoomOf(app);
      expect(zoom, id).toBeGreaterThanOrEqual(0.9);
      expect(await smallestNodeText(app, zoom), id).toBeGreaterThanOrEqual(9.9);
      // The first layer is on screen: a long network is shown from its top, not cut through its middle.
      const pane = (await app.locator('.react-flow').boundingBox())!;
      const first = (await node(app, 'in').boundingBox())!;
      expect(first.y, id).toBeGreaterThanOrEqual(pane.y);
      expect(first.y + first.height, id).toBeLessThan(pane.y + pane.height);
    }
    // The wheel scrolls a long network into view instead of shrinking it.
    await openTemplate(app, 'lenet5');
    const outBefore = (await node(app, 'out').boundingBox())!.y;
    const pane = (await app.locator('.react-flow__pane').boundingBox())!;
    await app.mouse.move(pane.x + pane.width / 2, pane.y + pane.height / 2);
    await app.mouse.wheel(0, 300);
    await expect.poll(async () => (await node(app, 'out').boundingBox())!.y).toBeLessThan(outBefore - 100);
    expect(await zoomOf(app)).toBeGreaterThanOrEqual(0.9);
    for (const theme of ['light', 'dark'] as const) {
      await setTheme(app, theme);
      await openTemplate(app, 'lenet5');
      await app.waitForTimeout(200);
      await snap(app, `ux2-fit-${lang}-${theme}`);
    }
  }

  // An error shows on its node and on the Problems tab's badge; the dock does not open over the canvas.
  await reveal(app, 'f1');
  await node(app, 'flat').click();
  await app.keyboard.press('Delete');
  await expect(node(app, 'f1').getByTestId('node-error')).toBeVisible();
  await expect(app.getByTestId('tab-problems')).toContainText('1');
  await expect(app.getByTestId('problems')).toHaveCount(0);
  await app.getByTestId('tab-problems').click();
  await expect(app.getByTestId('problems')).toBeVisible();
});

test('teaching views take the window width: the convolution images are not cut off at 1280×720', async ({ app }) => {
  for (const lang of ['en', 'zh'] as const) {
    await setLanguage(app, lang);
    for (const side of ['side-layers', 'side-learn'] as const) {
      await app.getByTestId(side).click();
      await app.getByTestId('view-convolution').click();
      await expect(app.getByTestId('teach-convolution')).toBeVisible();
      await expect(app.getByTestId('right-panel')).toBeHidden();
      await expect(app.locator('.sidebar')).toBeVisible({ visible: side === 'side-learn' });
      const area = (await app.locator('.teach-area').boundingBox())!;
      for (const id of ['conv-input', 'conv-output']) {
        const box = (await app.getByTestId(id).boundingBox())!;
        expect(box.x, id).toBeGreaterThanOrEqual(area.x);
        expect(box.x + box.width, `${id} inside the view (${side})`).toBeLessThanOrEqual(area.x + area.width + 0.5);
        expect(box.width, id).toBeGreaterThan(150);
      }
      if (side === 'side-learn') {
        for (const theme of ['light', 'dark'] as const) {
          await setTheme(app, theme);
          await snap(app, `ux2-convolution-${lang}-${theme}`);
        }
      }
      await app.getByTestId('view-design').click();
      await expect(app.getByTestId('right-panel')).toBeVisible();
    }
  }
});

test('lesson ticks stay done across lessons and a reload; lesson 8 opens its own example on the canvas', async ({
  app,
}) => {
  await app.evaluate(() => localStorage.removeItem('convas.lessons.done'));
  await app.reload();
  await app.getByTestId('side-learn').click();
  await app.getByTestId('lesson-open-5').click();
  await expect(app.getByTestId('lesson-5')).toHaveAttribute('data-done', 'false');
  await app.getByTestId('stride-stride').fill('2');
  await app.getByTestId('stride-padding').fill('2');
  await expect(app.getByTestId('lesson-5')).toHaveAttribute('data-done', 'true');
  // The next lesson's preset (the convolution view) does not un-tick the stride task.
  await app.getByTestId('lesson-open-7').click();
  await expect(app.getByTestId('teach-pooling')).toBeVisible();
  await expect(app.getByTestId('lesson-5')).toHaveAttribute('data-done', 'true');
  await app.getByTestId('lesson-open-5').click();
  await expect(app.getByTestId('stride-stride')).toHaveValue('1');
  await expect(app.getByTestId('lesson-5')).toHaveAttribute('data-done', 'true');
  // Nor does a reload.
  await app.reload();
  await app.getByTestId('side-learn').click();
  await expect(app.getByTestId('lesson-5')).toHaveAttribute('data-done', 'true');
  await expect(app.getByTestId('lesson-7')).toHaveAttribute('data-done', 'false');

  // Lesson 8: the conv-stack on the canvas, its first layer selected, the card on the right: 45 vs 46,080.
  await app.getByTestId('lesson-open-8').click();
  await expect(app.getByTestId('canvas')).toBeVisible();
  await expect(node(app, 'l1').locator('.layer-node')).toHaveClass(/is-selected/);
  const card = app.getByTestId('right-panel').getByTestId('compare-card');
  await expect(card.getByTestId('compare-conv2d-weights')).toHaveText('45');
  await expect(card.getByTestId('compare-locallyConnected2d-weights')).toHaveText('46,080');
  const body = app.getByTestId('lesson-8');
  await expect(body).toContainText('45');
  await expect(body).toContainText('46,080');
  await expect(body).toContainText('on the right');
  await expect(body.getByTestId('lesson-status')).toContainText('canvas in the middle');
  for (const lang of ['en', 'zh'] as const) {
    if (lang === 'zh') {
      await setLanguage(app, 'zh');
      await app.getByTestId('side-learn').click();
      await app.getByTestId('lesson-open-8').click();
      await expect(app.getByTestId('lesson-8')).toContainText('46,080');
      await expect(app.getByTestId('lesson-8')).toContainText('右侧');
      // The example's name in Chinese, as the template menu shows it.
      await expect(app.locator('.toolbar')).toContainText('卷积堆叠');
    }
    for (const theme of ['light', 'dark'] as const) {
      await setTheme(app, theme);
      await snap(app, `ux2-lesson8-${lang}-${theme}`);
    }
  }
  // Doing the task on the canvas ticks it, and it stays ticked.
  await node(app, 'l1').click({ button: 'right' });
  await app.getByTestId('menu-swap').click();
  await expect(app.getByTestId('lesson-8')).toHaveAttribute('data-done', 'true');
  await app.reload();
  await app.getByTestId('side-learn').click();
  await expect(app.getByTestId('lesson-8')).toHaveAttribute('data-done', 'true');
  await expect(app.getByTestId('lesson-5')).toHaveAttribute('data-done', 'true');
  await app.getByTestId('lessons-reset').click();
  await expect(app.getByTestId('lesson-5')).toHaveAttribute('data-done', 'false');
});

test('fixes tried on the whole network: a shrink that keeps the next pool working, "same" padding warns', async ({
  app,
}) => {
  for (const lang of ['en', 'zh'] as const) {
    await setLanguage(app, lang);
    await openTemplate(app, 'lenet5');
    await node(app, 'c2').click();
    await setParam(app, 'kernelSize', '20');
    await app.getByTestId('tab-problems').click();
    const fixes = app.getByTestId('problem').first().getByTestId('fix');
    await expect(fixes).toHaveCount(2);
    // 14×14 would leave c2 a 1×1 map, which the 2×2 pool p2 cannot take: 13×13 is the largest that works.
    await expect(fixes.nth(0)).toContainText(lang === 'en' ? 'leaves a warning on "c2"' : '会在 "c2" 上留下警告');
    await expect(fixes.nth(1)).toContainText('13×13');
    // The inspector says the problem in the same language.
    await expect(app.getByTestId('inspector').locator('.inspector-problem')).toContainText(
      lang === 'en' ? 'its 20×20 kernel is larger than its 14×14 input' : '20×20 的卷积核比 14×14 的输入还大',
    );
    for (const theme of ['light', 'dark'] as const) {
      await setTheme(app, theme);
      await snap(app, `ux2-fixes-${lang}-${theme}`);
    }
    await fixes.nth(1).click();
    await expect(app.getByTestId('problem')).toHaveCount(0);
    await expect(node(app, 'c2').getByTestId('node-shape')).toHaveText('16×2×2');
    // "same" padding instead: valid, with the warning it said it would leave.
    await app.getByTestId('tab-problems').click();
    await node(app, 'c2').click();
    await setParam(app, 'kernelSize', '20');
    await app.getByTestId('tab-problems').click();
    await app.getByTestId('problem').first().getByTestId('fix').nth(0).click();
    await expect(app.locator('[data-testid="problem"].is-error')).toHaveCount(0);
    await expect(app.locator('[data-testid="problem"].is-warning')).toHaveAttribute('data-code', 'kernelPastSame');
    await app.getByTestId('tab-problems').click();
  }
});
