/**
 * The teaching tools in browser mode: each test drives one tool through its test ids and compares what the page
 * shows with the engine's own numbers, computed here in Node from the same modules. Screenshots of every view,
 * in English and Chinese, go to test-results/screenshots/teach-<view>-<lang>.png.
 */
import type { Page } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writePng } from '../src/main/images.ts';
import { analyze } from '../src/engine/analyze.ts';
import { restoreDocument } from '../src/engine/document.ts';
import { convolve2d, kernelFromRows } from '../src/engine/teach/convolve.ts';
import { toBytes } from '../src/engine/teach/display.ts';
import { findKernel } from '../src/engine/teach/kernels.ts';
import { pool2d } from '../src/engine/teach/pooling.ts';
import { receptiveRegion } from '../src/engine/teach/receptive.ts';
import { outputSizeFormula } from '../src/engine/teach/stride.ts';
import { POOL_MAP, POOL_MAP_SIZE } from '../src/renderer/teach/poolMap.ts';
import { scene } from '../src/renderer/teach/scenes.ts';
import lenet5 from '../resources/examples/lenet5.json' with { type: 'json' };
import { expect, screenshot, test } from './fixtures.ts';

async function openView(app: Page, id: string) {
  await app.getByTestId(`view-${id}`).click();
  await expect(app.getByTestId(`teach-${id}`)).toBeVisible();
}

async function setLanguage(app: Page, lang: 'en' | 'zh') {
  await app.evaluate((l) => localStorage.setItem('convas.language', l), lang);
  await app.reload();
  await app.waitForLoadState('load');
}

/** The RGBA of pixel (y, x) of a teach canvas, read back from the screen's canvas. */
async function canvasPixel(app: Page, testId: string, y: number, x: number): Promise<number[]> {
  return app.getByTestId(testId).evaluate(
    (el, [py, px]) => {
      const c = el as HTMLCanvasElement;
      const scale = c.width / Number(c.dataset.width);
      const d = c
        .getContext('2d')!
        .getImageData(Math.floor((px + 0.5) * scale), Math.floor((py + 0.5) * scale), 1, 1).data;
      return Array.from(d);
    },
    [y, x],
  );
}

test('convolution playground: output size, range and pixels equal the engine; step mode sums 6600 and 0', async ({
  app,
}) => {
  await openView(app, 'convolution');
  await app.getByTestId('conv-source').selectOption('checkerboard');
  await app.getByTestId('conv-kernel').selectOption('edge3');
  await app.getByTestId('conv-mode').selectOption('valid');
  const img = scene('checkerboard');
  const want = convolve2d(img, kernelFromRows(findKernel('edge3')!.values), { boundary: 'symm', mode: 'valid' });
  await expect(app.getByTestId('conv-output-size')).toHaveText(`${want.height}×${want.width}`);
  const range = app.getByTestId('conv-output-range');
  const lo = Math.min(...want.data);
  const hi = Math.max(...want.data);
  await expect(range).toHaveAttribute('data-min', String(lo));
  await expect(range).toHaveAttribute('data-max', String(hi));
  // Pixels on screen are the clip display of the engine's values: negatives show as 0, not wrapped.
  const bytes = toBytes(want.data, 'clip');
  for (const [y, x] of [
    [0, 0],
    [6, 6],
    [7, 7],
    [30, 31],
  ]) {
    expect(
      (await canvasPixel(app, 'conv-output', y, x))[0],
      `pixel (${y}, ${x}) = ${want.data[y * want.width + x]}`,
    ).toBe(bytes[y * want.width + x]);
  }
  expect(lo).toBeLessThan(0);
  await app.getByTestId('conv-display').selectOption('wrap');
  const wrapped = toBytes(want.data, 'wrap');
  const neg = want.data.findIndex((v) => v < -10);
  expect((await canvasPixel(app, 'conv-output', Math.floor(neg / want.width), neg % want.width))[0]).toBe(wrapped[neg]);
  await app.getByTestId('conv-display').selectOption('clip');

  // A custom kernel: edit a copy of edge3 and put 9 in the centre (a sharpen-like kernel with a sum of 1).
  await app.getByTestId('conv-edit-copy').click();
  await app.getByTestId('conv-cell-1-1').fill('9');
  await app.getByTestId('conv-cell-1-1').blur();
  const custom = convolve2d(
    img,
    kernelFromRows([
      [-1, -1, -1],
      [-1, 9, -1],
      [-1, -1, -1],
    ]),
    { boundary: 'symm', mode: 'valid' },
  );
  await expect(range).toHaveAttribute('data-min', String(Math.min(...custom.data)));
  await expect(range).toHaveAttribute('data-max', String(Math.max(...custom.data)));

  // Full mode with a correlation on the colour shapes: (H + 2) × (W + 2) × 3.
  await app.getByTestId('conv-source').selectOption('shapes');
  await app.getByTestId('conv-mode').selectOption('full');
  await app.getByTestId('conv-operation').selectOption('correlate');
  await expect(app.getByTestId('conv-output-size')).toHaveText('98×98×3');

  // An MNIST digit through the app's Api, and the user's own PNG through the file picker.
  await app.getByTestId('conv-source').selectOption('mnist');
  await expect(app.getByTestId('conv-input-size')).toHaveText('28×28');
  await app.getByTestId('conv-source').selectOption('chelsea');
  await expect(app.getByTestId('conv-input-size')).toHaveText('160×240×3');
  const png = join(mkdtempSync(join(tmpdir(), 'convas-teach-')), 'mine.png');
  await writePng(
    png,
    Uint8Array.from({ length: 12 * 20 * 3 }, (_, i) => (i * 37) % 256),
    20,
    12,
    3,
  );
  await app.getByTestId('conv-file').setInputFiles(png);
  await expect(app.getByTestId('conv-input-size')).toHaveText('12×20×3');
  await expect(app.getByTestId('conv-source')).toHaveValue('file');
  await expect(app.getByTestId('conv-output-size')).toHaveText('14×22×3');

  await app.getByTestId('step-goto-match').click();
  await expect(app.getByTestId('step-sum')).toHaveText('6600');
  await app.getByTestId('step-goto-empty').click();
  await expect(app.getByTestId('step-sum')).toHaveText('0');
  await app.getByTestId('step-goto-match').click();

  await app.getByTestId('conv-source').selectOption('shapes');
  await app.getByTestId('conv-kernel').selectOption('sobelX');
  await app.getByTestId('conv-mode').selectOption('same');
  for (const lang of ['en', 'zh'] as const) {
    await setLanguage(app, lang);
    await openView(app, 'convolution');
    await app.getByTestId('conv-source').selectOption('chelsea');
    await app.getByTestId('conv-kernel').selectOption('sobelX');
    await app.getByTestId('conv-grey').check();
    await app.getByTestId('conv-display').selectOption('abs');
    await expect(app.getByTestId('conv-output-size')).toHaveText('160×240');
    await screenshot(app, `teach-convolution-${lang}`);
    await app.getByTestId('step-goto-match').click();
    await app.getByTestId('conv-step').scrollIntoViewIfNeeded();
    await screenshot(app, `teach-convolution-step-${lang}`);
  }
});

test('stride: the formula and the output grid follow the chosen numbers', async ({ app }) => {
  await openView(app, 'stride');
  await app.getByTestId('stride-input').fill('28');
  await app.getByTestId('stride-kernel').fill('5');
  await app.getByTestId('stride-stride').fill('2');
  await app.getByTestId('stride-padding').fill('2');
  await expect(app.getByTestId('stride-formula')).toHaveText(`out = ${outputSizeFormula(28, 5, 2, [2, 2])}`);
  await expect(app.getByTestId('stride-output-size')).toHaveText('14×14');
  await expect(app.locator('[data-testid^="stride-out-"]')).toHaveCount(14 * 14);
  const win = app.getByTestId('stride-window');
  await expect(win).toHaveAttribute('data-x', '-2');
  await app.getByTestId('stride-step').click();
  await expect(win).toHaveAttribute('data-x', '0');
  await app.getByTestId('stride-out-3-5').hover();
  await expect(win).toHaveAttribute('data-y', String(3 * 2 - 2));
  await expect(win).toHaveAttribute('data-x', String(5 * 2 - 2));
  for (const lang of ['en', 'zh'] as const) {
    await setLanguage(app, lang);
    await openView(app, 'stride');
    await app.getByTestId('stride-input').fill('9');
    await app.getByTestId('stride-stride').fill('2');
    await app.getByTestId('stride-padding').fill('1');
    for (let i = 0; i < 6; i++) await app.getByTestId('stride-step').click();
    await expect(app.getByTestId('stride-output-size')).toHaveText('5×5');
    await screenshot(app, `teach-stride-${lang}`);
  }
});

test('pooling: both panels show the engine pool values and the max winner', async ({ app }) => {
  await openView(app, 'pooling');
  for (const kind of ['max', 'avg'] as const) {
    await app.getByTestId('pool-kind').selectOption(kind);
    for (const stride of [1, 2]) {
      const r = pool2d(POOL_MAP, POOL_MAP_SIZE, POOL_MAP_SIZE, kind, 2, stride);
      const cells = app.getByTestId(`pool-output-${stride}`).locator('td');
      await expect(cells).toHaveCount(r.values.length);
      const shown = (await cells.allTextContents()).map(Number);
      shown.forEach((v, i) => expect(v).toBeCloseTo(r.values[i], 2));
    }
  }
  await app.getByTestId('pool-kind').selectOption('max');
  const r2 = pool2d(POOL_MAP, POOL_MAP_SIZE, POOL_MAP_SIZE, 'max', 2, 2);
  await app.getByTestId('pool-output-2').locator('td[data-i="1"][data-j="2"]').click();
  const winner = r2.winners[1 * r2.width + 2];
  const cell = app
    .getByTestId('pool-input-2')
    .locator(`td[data-i="${Math.floor(winner / POOL_MAP_SIZE)}"][data-j="${winner % POOL_MAP_SIZE}"]`);
  await expect(cell).toHaveClass(/teach-winner/);
  await expect(app.getByTestId('pool-input-2').locator('td.teach-winner')).toHaveCount(1);
  for (const lang of ['en', 'zh'] as const) {
    await setLanguage(app, lang);
    await openView(app, 'pooling');
    await screenshot(app, `teach-pooling-${lang}`);
  }
});

test("receptive field on LeNet-5: the outlined region's size is the engine's figure", async ({ app }) => {
  const r = restoreDocument(lenet5);
  if (!r.ok) throw new Error(r.error);
  const doc = r.document;
  const a = analyze(doc);
  await openView(app, 'receptive');
  await app.getByTestId('rf-layer').selectOption('c2');
  const units = app.getByTestId('rf-units');
  const box = (await units.boundingBox())!;
  // Hover unit (0, 9) of the 10×10 map: its window reaches past the right border of the 28×28 input? No — c2
  // is valid, so every region lies inside; check the coordinates against receptiveRegion.
  await app.mouse.move(box.x + (9.5 / 10) * box.width, box.y + (0.5 / 10) * box.height);
  const want = receptiveRegion(doc, a, 'c2', 0, 9)!;
  await expect(app.getByTestId('rf-size')).toHaveText(`${want.region.height}×${want.region.width}`);
  await expect(app.getByTestId('rf-engine')).toHaveText(a.nodes.c2.receptiveField!.size.join('×'));
  await expect(app.getByTestId('rf-region')).toHaveAttribute('data-x', String(want.region.x));
  await expect(app.getByTestId('rf-region')).toHaveAttribute('data-y', String(want.region.y));
  // c1 uses "same" padding: a corner unit's 5×5 field is clipped to 3×3 real pixels.
  await app.getByTestId('rf-layer').selectOption('c1');
  const b1 = (await units.boundingBox())!;
  await app.mouse.move(b1.x + 2, b1.y + 2);
  const corner = receptiveRegion(doc, a, 'c1', 0, 0)!;
  await expect(app.getByTestId('rf-size')).toHaveText('5×5');
  await expect(app.getByTestId('rf-region')).toHaveAttribute(
    'data-clipped',
    `${corner.clipped.y},${corner.clipped.x},${corner.clipped.height},${corner.clipped.width}`,
  );
  await app.getByTestId('rf-layer').selectOption('p2');
  for (const lang of ['en', 'zh'] as const) {
    await setLanguage(app, lang);
    await openView(app, 'receptive');
    await app.getByTestId('rf-layer').selectOption('p2');
    await expect(app.getByTestId('rf-sample-figure')).toHaveAttribute('data-ready', 'true');
    const b = (await units.boundingBox())!;
    await app.mouse.move(b.x + b.width * 0.3, b.y + b.height * 0.4);
    await screenshot(app, `teach-receptive-${lang}`);
  }
});

test('filters and feature maps: one map per channel of every conv/pool layer, shaped as the engine says', async ({
  app,
}) => {
  const r = restoreDocument(lenet5);
  if (!r.ok) throw new Error(r.error);
  const a = analyze(r.document);
  await openView(app, 'filters');
  await app.getByTestId('filters-use-initial').click();
  await expect(app.getByTestId('filters-first')).toHaveAttribute('data-count', '6');
  for (const id of ['c1', 'p1', 'c2', 'p2']) {
    const [c, h, w] = a.nodes[id].outputShape!;
    const el = app.getByTestId(`fmap-${id}`);
    await expect(el).toHaveAttribute('data-shape', `${c}x${h}x${w}`);
    await expect(el.locator('canvas')).toHaveCount(Math.min(c, 16));
  }
  for (const lang of ['en', 'zh'] as const) {
    await setLanguage(app, lang);
    await openView(app, 'filters');
    await app.getByTestId('filters-use-initial').click();
    await expect(app.getByTestId('fmap-c1')).toBeVisible();
    await screenshot(app, `teach-filters-${lang}`);
  }
});

test('locally-connected heat map: one kernel norm per output position, beside the 45-weight convolution', async ({
  app,
}) => {
  await app.getByTestId('templates-button').click();
  await app.getByTestId('template-lc-stack').click();
  await openView(app, 'filters');
  await app.getByTestId('filters-use-initial').click();
  const heat = app.getByTestId('lc-heat-l1');
  await expect(heat).toHaveAttribute('data-height', '32');
  await expect(heat).toHaveAttribute('data-width', '32');
  await expect(app.getByTestId('lc-l1')).toContainText('46,080');
  await expect(app.getByTestId('lc-l1')).toContainText('45');
  // Initial weights differ at every position, so the heat map is not flat.
  const spread = await heat.evaluate((el) => {
    const c = el as HTMLCanvasElement;
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let lo = 255;
    let hi = 0;
    for (let i = 0; i < d.length; i += 4) {
      lo = Math.min(lo, d[i]);
      hi = Math.max(hi, d[i]);
    }
    return hi - lo;
  });
  expect(spread).toBeGreaterThan(100);
  await expect(app.getByTestId('fmap-l1')).toHaveAttribute('data-shape', '5x32x32');
  await app.getByTestId('lc-l1').scrollIntoViewIfNeeded();
  await screenshot(app, 'teach-lc-heat-en');
});

test('Learn sidebar: a lesson opens its tool preset and ticks off the task when it is done', async ({ app }) => {
  await app.getByTestId('side-learn').click();
  await expect(app.getByTestId('learn-sidebar').locator('li')).toHaveCount(9);
  await app.getByTestId('lesson-open-5').click();
  await expect(app.getByTestId('teach-stride')).toBeVisible();
  await expect(app.getByTestId('stride-input')).toHaveValue('28');
  await expect(app.getByTestId('lesson-5')).toHaveAttribute('data-done', 'false');
  await app.getByTestId('stride-stride').fill('2');
  await app.getByTestId('stride-padding').fill('2');
  await expect(app.getByTestId('stride-output-size')).toHaveText('14×14');
  await expect(app.getByTestId('lesson-5')).toHaveAttribute('data-done', 'true');
  await app.getByTestId('lesson-open-3').click();
  await expect(app.getByTestId('teach-convolution')).toBeVisible();
  await expect(app.getByTestId('lesson-3')).toHaveAttribute('data-done', 'false');
  await app.getByTestId('step-goto-match').click();
  await expect(app.getByTestId('lesson-3')).toHaveAttribute('data-done', 'true');
  for (const lang of ['en', 'zh'] as const) {
    await setLanguage(app, lang);
    await app.getByTestId('side-learn').click();
    await app.getByTestId('lesson-open-8').click();
    await screenshot(app, `teach-learn-${lang}`);
  }
});
