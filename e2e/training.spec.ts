/**
 * Training and export in browser mode: LeNet-5 trained on `shapes` to a finished run with charts, a confusion
 * matrix and test images; the run kept in the document and overlaid with a second; the trained network exported
 * to ONNX and checked in onnxruntime.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './fixtures';
import { node, openTemplate, setParam, snap } from './canvas-helpers';

test('trains on shapes to a finished run with charts, then exports and checks the ONNX file', async ({
  app,
  server,
}) => {
  test.setTimeout(300_000);
  await openTemplate(app, 'lenet5');
  await app.getByTestId('tab-training').click();
  // LeNet-5 takes 1×28×28 digits and outputs 10 classes: the panel starts on the dataset that fits it.
  await expect(app.getByTestId('train-dataset')).toHaveValue('mnist');
  await expect(app.getByTestId('dataset-check')).toContainText(
    '10 classes, 60,000 training and 10,000 test images of 1×28×28',
  );
  await expect(app.getByTestId('train-dataset').locator('option:checked')).toHaveText(
    'MNIST (60,000 train / 10,000 test)',
  );
  await expect(app.getByTestId('train-dataset-about')).toContainText('official MNIST');
  await expect(app.getByTestId('fix-output-units')).toHaveCount(0);
  // shapes has 5 classes; LeNet-5 outputs 10: the panel says so and fixes it in one click.
  await app.getByTestId('train-dataset').selectOption('shapes');
  await expect(app.getByTestId('dataset-check')).toContainText('5 classes');
  await app.getByTestId('fix-output-units').click();
  await expect(node(app, 'out').getByTestId('node-shape')).toHaveText('5');
  // A long run: editing during it asks first; cancelling keeps both the run and the graph; Stop ends it.
  await app.getByTestId('train-epochs').fill('50');
  await app.getByTestId('train-start').click();
  const bar = app.getByRole('progressbar');
  await expect(app.getByTestId('train-stop')).toBeVisible();
  await expect
    .poll(async () => Number(await bar.getAttribute('aria-valuenow')), { timeout: 120_000 })
    .toBeGreaterThan(0);
  await node(app, 'c1').click();
  await setParam(app, 'filters', '7');
  await expect(app.getByTestId('confirm-dialog')).toContainText('training run is in progress');
  await snap(app, 'training-edit-during-run');
  await app.getByTestId('confirm-cancel').click();
  await expect(node(app, 'c1').getByTestId('node-params')).toHaveText('156');
  await expect(app.getByTestId('train-status')).toHaveAttribute('data-status', 'running');
  await app.getByTestId('train-stop').click();
  await expect(app.getByTestId('train-status')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  await expect(app.getByTestId('run-row')).toHaveCount(1);

  // A full run to the end.
  await app.getByTestId('train-epochs').fill('2');
  await app.getByTestId('train-start').click();
  await expect(app.getByTestId('train-stop')).toBeVisible();
  await expect
    .poll(async () => Number(await bar.getAttribute('aria-valuenow')), { timeout: 120_000 })
    .toBeGreaterThan(0);
  // The app's default backend is auto: the compiled graph on onnxruntime's CPU, a share of each batch per core.
  // In plain words on the chip; the backend and provider on hover.
  await expect(app.getByTestId('train-backend-chip')).toHaveText(/^CPU, \d+ threads?$/);
  await expect(app.getByTestId('train-backend-chip')).toHaveAttribute('title', /onnxruntime · cpu · \d+ threads?\b/);
  await snap(app, 'training-running');
  await expect(app.getByTestId('train-status')).toHaveAttribute('data-status', 'done', { timeout: 240_000 });
  await expect(bar).toHaveAttribute('aria-valuenow', '100');
  await expect(app.getByTestId('chart-loss').locator('canvas')).toHaveCount(1);
  // Screen readers get each series' latest value.
  await expect(app.getByTestId('chart-accuracy')).toHaveAttribute(
    'aria-label',
    /^Accuracy: train \d+%, validation \d+%$/,
  );
  await expect(app.getByTestId('confusion-matrix')).toBeVisible();
  // Both charts with their legends fit the charts column, and the matrix fits its column, with no scrolling.
  const overflow = (selector: string) =>
    app.locator(selector).evaluate((e) => ({ x: e.scrollWidth - e.clientWidth, y: e.scrollHeight - e.clientHeight }));
  expect(await overflow('.train-charts')).toEqual({ x: 0, y: 0 });
  expect((await overflow('.train-results')).x).toBe(0);
  await expect(app.getByTestId('sample-grid').locator('figure')).toHaveCount(24);
  await expect(app.getByTestId('run-row')).toHaveCount(2);
  await expect(app.getByTestId('run-where').nth(1)).toHaveText(/^CPU, \d+ threads?$/);
  await expect(app.getByTestId('run-where').nth(1)).toHaveAttribute('title', /onnxruntime · cpu · \d+ threads?\b/);
  // The stopped run and the finished one, overlaid on one chart.
  await app.getByTestId('run-overlay').nth(0).check();
  await app.getByTestId('run-overlay').nth(1).check();
  await expect(app.getByTestId('chart-overlay')).toBeVisible();
  await snap(app, 'training-done');

  await app.getByTestId('tab-export').click();
  await app.getByTestId('export-path').fill(join(server.dir, 'lenet-shapes.onnx'));
  await app.getByTestId('export-onnx').click();
  await expect(app.getByTestId('export-result')).toContainText('lenet-shapes.onnx');
  expect(existsSync(join(server.dir, 'lenet-shapes.onnx'))).toBe(true);
  expect(statSync(join(server.dir, 'lenet-shapes.onnx')).size).toBeGreaterThan(4 * 60_000);
  await app.getByTestId('check-provider').selectOption('cpu');
  await app.getByTestId('onnx-check').click();
  const result = app.getByTestId('check-result');
  await expect(result).toBeVisible({ timeout: 60_000 });
  await expect(app.getByTestId('check-provider-ran')).toHaveText('cpu');
  await expect(app.getByTestId('check-fallback')).toHaveText('none');
  const maxDiff = Number(await app.getByTestId('check-maxdiff').textContent());
  expect(maxDiff).toBeLessThan(1e-4);
  await expect(app.getByTestId('check-accuracy')).toContainText('%');
  await snap(app, 'export-checked');
});

test('a learning rate far too high: the panel warns that training is diverging, and the run still finishes', async ({
  app,
}) => {
  test.setTimeout(120_000);
  await openTemplate(app, 'lenet5');
  await app.getByTestId('tab-training').click();
  await app.getByTestId('train-dataset').selectOption('shapes');
  await app.getByTestId('fix-output-units').click();
  await app.getByTestId('train-epochs').fill('1');
  await app.getByTestId('train-lr').fill('5');
  await app.getByTestId('train-start').click();
  await expect(app.getByTestId('train-warning')).toContainText('the loss is climbing', { timeout: 60_000 });
  await expect(app.getByTestId('train-warning')).toContainText(
    'the learning rate (5) is probably too high; try a lower one, e.g. 0.5',
  );
  await expect(app.getByTestId('train-status')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  await snap(app, 'training-diverging');
  // The next run starts clean.
  await app.getByTestId('train-lr').fill('0.001');
  await app.getByTestId('train-start').click();
  await expect(app.getByTestId('train-stop')).toBeVisible();
  await expect(app.getByTestId('train-warning')).toHaveCount(0);
  await expect(app.getByTestId('train-status')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  await expect(app.getByTestId('train-warning')).toHaveCount(0);

  // In the smallest window the results go under the charts: the panel scrolls down, never sideways.
  await app.setViewportSize({ width: 900, height: 600 });
  const matrix = await app.getByTestId('confusion-matrix').boundingBox();
  const charts = await app.getByTestId('chart-loss').boundingBox();
  expect(matrix!.y).toBeGreaterThan(charts!.y + charts!.height);
  expect(await app.locator('.bottom-body').evaluate((e) => e.scrollWidth - e.clientWidth)).toBe(0);
});
