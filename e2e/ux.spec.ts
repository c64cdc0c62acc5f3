/**
 * Weights that follow the graph, document names and the model summary, driven through the UI in browser mode.
 * Screenshots at 1280×720 in both languages and themes (CONVAS_SHOTS=dir copies them out to look at).
 */
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { analyze } from '../src/engine/analyze.ts';
import { pool2d } from '../src/engine/teach/pooling.ts';
import { POOL_MAP, POOL_MAP_SIZE } from '../src/renderer/teach/poolMap.ts';
import { loadDocument, serializeDocument } from '../src/engine/document.ts';
import { Model } from '../src/engine/train/model.ts';
import { initWeights, weightsFromRecord, weightsToRecord } from '../src/engine/weights.ts';
import { writePng } from '../src/main/images.ts';
import { connectApi, expect, ROOT, test } from './fixtures';
import { connect, drop, node, setParam, snap } from './canvas-helpers';

/** The shapes CNN (conv1 has 8 filters) with every layer's weights and one run, as if trained. */
function trainedShapes() {
  const r = loadDocument(readFileSync(join(ROOT, 'resources', 'examples', 'shapes-cnn.json'), 'utf8'));
  if (!r.ok) throw new Error(r.error);
  const doc = r.document;
  const settings = {
    dataset: 'shapes',
    epochs: 1,
    batchSize: 32,
    optimizer: 'adam' as const,
    lr: 0.001,
    momentum: 0.9,
    weightDecay: 0,
    seed: 1,
    valSplit: 0.1,
  };
  const epochs = [
    { epoch: 1, loss: 0.4, accuracy: 0.9, valLoss: 0.35, valAccuracy: 0.908, samplesPerSecond: 900, seconds: 2 },
  ];
  const run = {
    id: 'r1',
    startedAt: '2026-12-07T10:00:00Z',
    settings,
    backend: 'engine',
    provider: 'cpu',
    threads: 2,
    epochs,
    testAccuracy: 0.908,
    testLoss: 0.3,
  };
  return {
    ...doc,
    training: settings,
    classes: ['vertical', 'horizontal', 'diagonal', 'circle', 'square'],
    runs: [run],
    weights: weightsToRecord(initWeights(analyze(doc), 5)),
  };
}

async function open(app: Page, file: string): Promise<void> {
  await app.getByTestId('doc-open').click();
  const dialog = app.getByTestId('confirm-dialog');
  if (await dialog.isVisible()) await app.getByTestId('confirm-ok').click();
  await app.getByTestId(`picker-entry-${file}`).click();
  await app.getByTestId('picker-ok').click();
  await expect(app.getByTestId('file-picker')).toHaveCount(0);
}

/** Screenshots in both languages and both themes, switched with the toolbar's buttons (the page stays). */
async function look(app: Page, name: string, prepare?: () => Promise<void>): Promise<void> {
  const state = () =>
    app.evaluate(
      () =>
        `${document.documentElement.lang.startsWith('zh') ? 'zh' : 'en'}-` +
        `${localStorage.getItem('convas.theme') ?? 'light'}`,
    );
  for (const step of ['toggle-theme', 'toggle-language', 'toggle-theme', 'toggle-language']) {
    if (prepare) await prepare();
    await snap(app, `${name}-${await state()}`);
    await app.getByTestId(step).click();
  }
}

test.use({ viewport: { width: 1280, height: 720 } });

test('editing a trained network: the changed layers are re-initialised, everywhere says so, undo restores', async ({
  app,
  server,
}) => {
  writeFileSync(join(server.dir, 'trained.json'), serializeDocument(trainedShapes()));
  await open(app, 'trained.json');
  await expect(app.getByTestId('weights-note-canvas')).toHaveCount(0); // fully trained: nothing to say
  await node(app, 'c1').click();
  await setParam(app, 'filters', '4');

  const note = app.getByTestId('weights-note-canvas');
  await expect(note).toHaveText('Partly trained: c1, c2 re-initialised');
  await expect(node(app, 'c1').getByTestId('node-reinit')).toBeVisible();
  await expect(node(app, 'c2').getByTestId('node-reinit')).toBeVisible();
  await expect(node(app, 'out').getByTestId('node-reinit')).toHaveCount(0);

  await app.getByTestId('tab-export').click();
  await expect(app.getByTestId('weights-note-export')).toHaveText('Partly trained: c1, c2 re-initialised');
  await app.getByTestId('tab-training').click();
  await expect(app.getByTestId('weights-note-history')).toHaveText('Partly trained: c1, c2 re-initialised');
  await expect(app.getByTestId('run-changed')).toBeVisible();
  await look(app, 'ux-weights-history');

  await app.getByTestId('view-filters').click();
  await expect(app.getByTestId('weights-note-filters')).toHaveText('Partly trained: c1, c2 re-initialised');
  await expect(app.getByTestId('filters-first')).toHaveAttribute('data-count', '4');
  await look(app, 'ux-weights-filters');
  await app.getByTestId('view-design').click();

  // Saved, the file keeps the layers that still fit; undo brings c1 and c2 back.
  await app.keyboard.press('Control+s');
  await expect
    .poll(() => Object.keys(JSON.parse(readFileSync(join(server.dir, 'trained.json'), 'utf8')).weights).sort())
    .toEqual(['out']);
  await app.getByTestId('undo').click();
  await expect(note).toHaveCount(0);
  await app.getByTestId('tab-training').click();
  await expect(app.getByTestId('run-changed')).toHaveCount(0);

  // Language: the same line in Chinese.
  await app.getByTestId('redo').click();
  await app.getByTestId('toggle-language').click();
  await expect(note).toHaveText('部分训练：c1, c2 已重新初始化');
  await app.getByTestId('toggle-language').click();
});

test('a document takes its name from its first save, and the title bar renames it', async ({ app, server }) => {
  await app.getByTestId('doc-new').click();
  const dialog = app.getByTestId('confirm-dialog');
  if (await dialog.isVisible()) await app.getByTestId('confirm-ok').click();
  await expect(app.getByTestId('doc-title')).toHaveText('Untitled');
  await app.getByTestId('doc-save-as').click();
  await app.getByTestId('picker-name').fill('my-first-cnn');
  await app.getByTestId('picker-ok').click();
  await expect(app.getByTestId('doc-title')).toHaveText('my-first-cnn');
  const file = join(server.dir, 'my-first-cnn.json');
  await expect.poll(() => existsSync(file) && JSON.parse(readFileSync(file, 'utf8')).name).toBe('my-first-cnn');
  await app.getByTestId('tab-export').click();
  await expect(app.getByTestId('export-path')).toHaveValue(/my-first-cnn\.onnx$/);

  // Rename in the title bar: Escape keeps the old name, Enter the new; the export's default name follows.
  await app.getByTestId('doc-title').click();
  await app.getByTestId('doc-title-input').fill('Something else');
  await app.getByTestId('doc-title-input').press('Escape');
  await expect(app.getByTestId('doc-title')).toHaveText('my-first-cnn');
  await app.getByTestId('doc-title').click();
  await app.getByTestId('doc-title-input').fill('Digits CNN');
  await app.getByTestId('doc-title-input').press('Enter');
  await expect(app.getByTestId('doc-title')).toHaveText('Digits CNN ●');
  await expect(app.getByTestId('export-path')).toHaveValue(/Digits_CNN\.onnx$/);
  await app.keyboard.press('Control+s');
  await expect.poll(() => JSON.parse(readFileSync(file, 'utf8')).name).toBe('Digits CNN');
  await expect(app.getByTestId('doc-title')).toHaveText('Digits CNN');
  // The reopened file keeps it.
  await open(app, 'my-first-cnn.json');
  await expect(app.getByTestId('doc-title')).toHaveText('Digits CNN');
  await app.getByTestId('doc-title').click();
  await look(app, 'ux-name-editing');
});

test('model summary: every layer with shape, weights, biases, MACs and receptive field, copyable', async ({
  app,
  context,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await app.getByTestId('templates-button').click();
  await app.getByTestId('template-lenet5').click();
  const dialog = app.getByTestId('confirm-dialog');
  if (await dialog.isVisible()) await app.getByTestId('confirm-ok').click();
  await app.getByTestId('tab-summary').click();
  const rows = app.getByTestId('summary-row');
  await expect(rows).toHaveCount(9);
  await expect(app.locator('[data-testid="summary-row"][data-id="c2"] td')).toHaveText([
    'c2',
    'Conv 2D',
    '16×10×10',
    '2,400',
    '16',
    '2,416',
    '240,000',
    '14×14',
  ]);
  await expect(app.getByTestId('summary-totals')).toContainText('61,706');
  await app.getByTestId('summary-copy-markdown').click();
  const md = await app.evaluate(() => navigator.clipboard.readText());
  expect(md).toContain('| c2 | Conv 2D | 16×10×10 | 2,400 | 16 | 2,416 | 240,000 | 14×14 |');
  await app.getByTestId('summary-copy-text').click();
  expect(await app.evaluate(() => navigator.clipboard.readText())).toMatch(/^Model: "LeNet-5"\n─+\nLayer +Kind/);
  await rows.filter({ hasText: 'f1' }).first().click();
  await expect(node(app, 'f1')).toHaveClass(/selected/);
  await look(app, 'ux-summary');
});

/** Rows true class, columns predicted: `right` of 100 on the diagonal, the rest one class over. */
const matrix = (right: number) =>
  Array.from({ length: 5 }, (_, i) =>
    Array.from({ length: 5 }, (_, j) => (i === j ? right : j === (i + 1) % 5 ? 100 - right : 0)),
  );

test('results belong to their document: saved runs show their curves and matrix, another document clears them', async ({
  app,
  server,
}) => {
  const doc = trainedShapes();
  const first = { ...doc.runs[0], confusion: matrix(61) };
  const second = {
    ...doc.runs[0],
    id: 'r2',
    startedAt: '2026-12-07T11:00:00Z',
    confusion: matrix(93),
    epochs: [...doc.runs[0].epochs, { ...doc.runs[0].epochs[0], epoch: 2 }],
  };
  writeFileSync(join(server.dir, 'two-runs.json'), serializeDocument({ ...doc, runs: [first, second] }));
  const r = loadDocument(readFileSync(join(ROOT, 'resources', 'examples', 'mlp.json'), 'utf8'));
  if (!r.ok) throw new Error(r.error);
  writeFileSync(join(server.dir, 'other.json'), serializeDocument(r.document));

  await open(app, 'two-runs.json');
  await app.getByTestId('tab-training').click();
  // Reopened: the latest run's curves, matrix and test images are back.
  await expect(app.getByTestId('run-curves')).toHaveAttribute('data-run', 'r2');
  const diag = app.locator('[data-testid="confusion-matrix"] td.is-diag').first();
  await expect(diag).toHaveText('93');
  await expect(app.getByTestId('sample-grid')).toBeVisible();
  // The first run in the history opens its own.
  await app.getByTestId('run-show').first().click();
  await expect(app.getByTestId('run-curves')).toHaveAttribute('data-run', 'r1');
  await expect(diag).toHaveText('61');
  await expect(app.getByTestId('sample-grid')).toHaveCount(0); // its weights are not the document's
  // Where it ran, in plain words; the details on hover.
  await expect(app.getByTestId('run-where').first()).toHaveText('CPU, 2 threads');
  await expect(app.getByTestId('run-where').first()).toHaveAttribute('title', /engine · cpu · 2 threads/);
  await look(app, 'ux-run-results');

  await app.getByTestId('tab-export').click();
  await app.getByTestId('export-onnx').click();
  await expect(app.getByTestId('export-result')).toBeVisible();
  await open(app, 'other.json');
  await expect(app.getByTestId('export-result')).toHaveCount(0);
  await expect(app.getByTestId('export-path')).toHaveValue(/MLP\.onnx$|mlp\.onnx$/i);
  await app.getByTestId('tab-training').click();
  await expect(app.getByTestId('confusion-matrix')).toHaveCount(0);
  await expect(app.getByTestId('run-curves')).toHaveCount(0);
});

test('polish: a locally-connected node keeps its title on one line and its counts inside its border', async ({
  app,
}) => {
  await app.getByTestId('templates-button').click();
  await expect(app.locator('[data-testid="template-lenet5-lc"] .menu-item-desc')).toContainText(
    'LeNet-5 with a kernel per position',
  );
  await expect(app.locator('[data-testid="template-shapes-cnn"] .menu-item-desc')).toContainText(
    'Two small convolutions',
  );
  await app.getByTestId('template-lenet5-lc').click();
  const dialog = app.getByTestId('confirm-dialog');
  if (await dialog.isVisible()) await app.getByTestId('confirm-ok').click();
  for (const id of ['c1', 'c2']) {
    const n = node(app, id);
    await expect(n.locator('.layer-node-kind')).toBeVisible();
    // Everything inside the node lies within its border, and the title is one line.
    const spill = await n.locator('.layer-node').evaluate((el) => {
      const box = el.getBoundingClientRect();
      const out = [...el.querySelectorAll(':not(.react-flow__handle)')].filter((c) => {
        const r = c.getBoundingClientRect();
        return r.width > 0 && (r.right > box.right + 0.5 || r.left < box.left - 0.5 || r.bottom > box.bottom + 0.5);
      });
      const kind = el.querySelector('.layer-node-kind')!;
      return {
        out: out.map((c) => c.className),
        oneLine: kind.getBoundingClientRect().height < parseFloat(getComputedStyle(kind).fontSize) * 2,
      };
    });
    expect(spill.out).toEqual([]);
    // The counts stay on one line, so the node keeps its height and the edge label below stays clear.
    const stats = await n.locator('.layer-node-stats').evaluate((el) => el.getBoundingClientRect().height);
    const shape = await n.getByTestId('node-shape').evaluate((el) => el.getBoundingClientRect().height);
    expect(stats).toBeLessThan(shape * 1.6);
    expect(spill.oneLine).toBe(true);
  }
  // The comparison card says which padding its figures assume.
  await node(app, 'c2').click();
  const padding = app.getByTestId('compare-padding');
  await expect(padding).toContainText('“valid” padding (none): the output shrinks to 10×10');
  await node(app, 'c1').click();
  await expect(padding).toContainText("“same” padding: the output keeps the input's 28×28");
  await look(app, 'ux-lc-node');
});

test('delete without the keyboard (context menu, edge button, inspector) and drop a layer onto a connection', async ({
  app,
}) => {
  await app.getByTestId('templates-button').click();
  await app.getByTestId('template-lenet5').click();
  const dialog = app.getByTestId('confirm-dialog');
  if (await dialog.isVisible()) await app.getByTestId('confirm-ok').click();
  const edge = (id: string) => app.locator(`.react-flow__edge[data-id="${id}"]`);
  await expect(app.locator('.react-flow__node')).toHaveCount(9);
  // LeNet-5's conv nodes show their whole shape beside their counts.
  await expect(node(app, 'c2').getByTestId('node-shape')).toHaveJSProperty(
    'scrollWidth',
    await node(app, 'c2')
      .getByTestId('node-shape')
      .evaluate((e) => e.clientWidth),
  );
  // Tall enough that Fit shows the connections at full size, to click them.
  await app.setViewportSize({ width: 1280, height: 1400 });
  await app.getByTestId('fit-view').click();

  // Right-click a layer: Delete closes the gap it leaves.
  await app.setViewportSize({ width: 1280, height: 720 });
  await look(app, 'ux-context-menu', async () => {
    await node(app, 'p1').click({ button: 'right' });
    await expect(app.getByTestId('canvas-menu')).toBeVisible();
  });
  await app.setViewportSize({ width: 1280, height: 1400 });
  await app.getByTestId('fit-view').click();
  await node(app, 'p1').click({ button: 'right' });
  await app.getByTestId('menu-delete').click();
  await expect(node(app, 'p1')).toHaveCount(0);
  await expect(edge('c1->c2')).toHaveCount(1);
  await app.getByTestId('undo').click();
  await expect(node(app, 'p1')).toHaveCount(1);

  // Right-click a connection; Escape closes the menu, Delete removes it.
  await edge('f1->f2').click({ button: 'right', force: true });
  await app.keyboard.press('Escape');
  await expect(app.getByTestId('canvas-menu')).toHaveCount(0);
  await edge('f1->f2').click({ button: 'right', force: true });
  await app.getByTestId('menu-delete').click();
  await expect(edge('f1->f2')).toHaveCount(0);
  // A selected connection has its own delete button.
  await edge('f2->out').click({ force: true });
  await app.getByTestId('edge-delete').click();
  await expect(edge('f2->out')).toHaveCount(0);
  // The inspector deletes the selected layer.
  await node(app, 'out').click();
  await app.getByTestId('delete-node').click();
  await expect(node(app, 'out')).toHaveCount(0);

  // A palette item dropped onto a connection goes in between.
  const box = (await edge('c2->p2').boundingBox())!;
  const pane = app.locator('.react-flow__pane');
  const paneBox = (await pane.boundingBox())!;
  await app
    .getByTestId('palette-dropout')
    .dragTo(pane, { targetPosition: { x: box.x + box.width / 2 - paneBox.x, y: box.y + box.height / 2 - paneBox.y } });
  await expect(edge('c2->p2')).toHaveCount(0);
  await expect(edge('c2->dropout_1')).toHaveCount(1);
  await expect(edge('dropout_1->p2')).toHaveCount(1);
  await expect(node(app, 'dropout_1')).toHaveClass(/selected/);
});

test('pooling view: max and average side by side on the same windows, as the engine pools', async ({ app }) => {
  await app.getByTestId('view-pooling').click();
  await app.getByTestId('pool-kind').selectOption('both');
  for (const kind of ['max', 'avg'] as const) {
    const r = pool2d(POOL_MAP, POOL_MAP_SIZE, POOL_MAP_SIZE, kind, 2, 2);
    const cells = app.getByTestId(`pool-output-${kind}`).locator('td');
    await expect(cells).toHaveCount(r.values.length);
    const shown = (await cells.allTextContents()).map(Number);
    shown.forEach((v, i) => expect(v).toBeCloseTo(r.values[i], 2));
  }
  // One click selects the same window in both.
  await app.getByTestId('pool-output-avg').locator('td[data-i="1"][data-j="1"]').click();
  for (const kind of ['max', 'avg'])
    await expect(app.getByTestId(`pool-output-${kind}`).locator('td.teach-selected')).toHaveAttribute('data-i', '1');
  await expect(app.getByTestId('pool-input-max').locator('td.teach-winner')).toHaveCount(1);
  await look(app, 'ux-pooling-both');
});

test('try the model: draw or drop a digit, see the probabilities (as Model.predict) and every feature map', async ({
  app,
  server,
}) => {
  const doc = trainedShapes();
  writeFileSync(join(server.dir, 'trained.json'), serializeDocument(doc));
  await open(app, 'trained.json');
  await app.getByTestId('tab-test').click();
  await expect(app.getByTestId('try-panel')).toBeVisible();

  // A dropped 28×28 picture: a bright vertical bar. The bars must equal the trainer's Model.predict on it.
  const px = new Uint8Array(28 * 28);
  for (let y = 4; y < 24; y++) for (let x = 13; x < 16; x++) px[y * 28 + x] = 255;
  const file = join(server.dir, 'bar.png');
  await writePng(file, px, 28, 28, 1);
  await app.getByTestId('pad-file').setInputFiles(file);
  await expect(app.getByTestId('prob-bar')).toHaveCount(5);
  const shown = await app
    .getByTestId('prob-bar')
    .evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-p'))));
  const a = analyze(doc);
  const model = new Model(doc, a, weightsFromRecord(a, doc.weights, 1).weights);
  const expected = Array.from(
    model.predict(
      Float32Array.from(px, (v) => v / 255),
      1,
    ),
  );
  shown.forEach((p, i) => expect(p).toBeCloseTo(expected[i], 3));
  expect(shown.reduce((s, p) => s + p, 0)).toBeCloseTo(1, 3);
  await expect(app.getByTestId('prob-bars')).toHaveAttribute(
    'data-best',
    doc.classes[expected.indexOf(Math.max(...expected))],
  );
  for (const [id, shape] of [
    ['c1', '8x28x28'],
    ['p1', '8x14x14'],
    ['c2', '16x14x14'],
    ['p2', '16x7x7'],
  ]) {
    await expect(app.getByTestId(`try-fmap-${id}`)).toHaveAttribute('data-shape', shape);
  }

  // Drawing with the mouse changes the picture and the prediction follows.
  await app.getByTestId('pad-clear').click();
  await expect(app.getByTestId('prob-bar')).toHaveCount(0);
  const pad = (await app.getByTestId('draw-pad').boundingBox())!;
  await app.mouse.move(pad.x + pad.width * 0.2, pad.y + pad.height * 0.5);
  await app.mouse.down();
  await app.mouse.move(pad.x + pad.width * 0.8, pad.y + pad.height * 0.5, { steps: 8 });
  await app.mouse.up();
  await expect(app.getByTestId('prob-bar')).toHaveCount(5);
  await look(app, 'ux-try-model');
});

test('a confusion-matrix cell shows the test images behind it', async ({ app, server }) => {
  const doc = trainedShapes();
  // The document's own predictions on the test images the app will fetch, counted per cell as a reference.
  const api = await connectApi(server);
  const r = (await api.call('dataset:samples', {
    dataset: 'shapes',
    channels: 1,
    height: 28,
    width: 28,
    split: 'test',
    count: 1000,
    document: doc,
  })) as { ok: true; images: { label: number; predicted: number }[] };
  api.close();
  const confusion = doc.classes.map(() => doc.classes.map(() => 0));
  for (const im of r.images) confusion[im.label][im.predicted]++;
  writeFileSync(join(server.dir, 'cells.json'), serializeDocument({ ...doc, runs: [{ ...doc.runs[0], confusion }] }));
  let best: [number, number] = [0, 0];
  confusion.forEach((row, i) => row.forEach((v, j) => v > confusion[best[0]][best[1]] && (best = [i, j])));
  const hits = confusion[best[0]][best[1]];

  await open(app, 'cells.json');
  await app.getByTestId('tab-training').click();
  await app.locator(`[data-testid="confusion-cell"][data-i="${best[0]}"][data-j="${best[1]}"] button`).click();
  const panel = app.getByTestId('cell-images');
  await expect(panel).toHaveAttribute('data-count', String(hits));
  await expect(app.getByTestId('cell-image')).toHaveCount(Math.min(hits, 24));
  for (const fig of await app.getByTestId('cell-image').all()) {
    await expect(fig).toHaveAttribute('data-label', String(best[0]));
    await expect(fig).toHaveAttribute('data-predicted', String(best[1]));
  }
  await look(app, 'ux-confusion-cell');
  await app.getByTestId('cell-close').click();
  await expect(panel).toHaveCount(0);
});

test('a run that finishes after another document was opened is not added to that document', async ({ app }) => {
  await app.getByTestId('templates-button').click();
  await app.getByTestId('template-shapes-cnn').click();
  const dialog = app.getByTestId('confirm-dialog');
  if (await dialog.isVisible()) await app.getByTestId('confirm-ok').click();
  await app.getByTestId('tab-training').click();
  await app.getByTestId('train-epochs').fill('1');
  await app.getByTestId('train-start').click();
  await expect(app.getByTestId('train-stop')).toBeVisible();
  await app.getByTestId('templates-button').click();
  await app.getByTestId('template-mlp').click();
  if (await dialog.isVisible()) await app.getByTestId('confirm-ok').click();
  await expect(app.getByTestId('doc-title')).toHaveText('MLP');
  await expect(app.getByTestId('toast-info')).toContainText('another document was opened', { timeout: 120_000 });
  await expect(app.getByTestId('run-row')).toHaveCount(0);
  await expect(app.getByTestId('confusion-matrix')).toHaveCount(0);
});

test('a dense layer drawn from a feature map is refused with an "Insert Flatten" fix right there', async ({ app }) => {
  await app.getByTestId('templates-button').click();
  await app.getByTestId('template-lenet5').click();
  const dialog = app.getByTestId('confirm-dialog');
  if (await dialog.isVisible()) await app.getByTestId('confirm-ok').click();
  // A spare dense layer beside c2, connected from c1 (6×28×28): refused, with the fix in the toast.
  const c2 = (await node(app, 'c2').boundingBox())!;
  const d = await drop(app, 'dense', { x: c2.x + 420, y: c2.y });
  await connect(app, 'c1', d);
  const toast = app.getByTestId('toast-error');
  await expect(toast).toContainText('flat input');
  await look(app, 'ux-insert-flatten', async () => {
    if ((await toast.count()) === 0) await connect(app, 'c1', d);
    await expect(app.getByTestId('toast-action')).toBeVisible();
  });
  await app.getByTestId('toast-action').first().click();
  await expect(app.locator('.react-flow__node[data-id^="flatten_"]')).toHaveCount(1);
  const flat = await app.locator('.react-flow__node[data-id^="flatten_"]').getAttribute('data-id');
  await expect(app.locator(`.react-flow__edge[data-id="c1->${flat}"]`)).toHaveCount(1);
  await expect(app.locator(`.react-flow__edge[data-id="${flat}->${d}"]`)).toHaveCount(1);
  // The new dense layer sees 6·28·28 = 4,704 values.
  await expect(node(app, d).getByTestId('node-params')).toHaveText(/,/);
  await expect(node(app, flat!).getByTestId('node-shape')).toHaveText('4704');
});
