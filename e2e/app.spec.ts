/**
 * The app's main views: it starts with LeNet-5 with shapes, counts and formulas; the palette searches and
 * adds by double-click; the Learn area and teaching views open; dark theme and Chinese render.
 */
import { expect, test } from './fixtures';
import { node, snap } from './canvas-helpers';

test('starts with LeNet-5 and shows its shapes, totals and formulas', async ({ app }) => {
  const errors: string[] = [];
  app.on('pageerror', (e) => errors.push(e.message));
  await expect(app.getByTestId('total-params')).toHaveText('61,706');
  await expect(app.getByTestId('total-macs')).toHaveText('416,520');
  await expect(app.locator('.react-flow__node')).toHaveCount(9);
  await expect(node(app, 'c1').getByTestId('node-shape')).toHaveText('6×28×28');
  await expect(node(app, 'c1').getByTestId('node-params')).toHaveText('156');
  await expect(node(app, 'f1').getByTestId('node-params')).toHaveText('48,120');
  await expect(app.locator('.edge-shape-label')).toHaveCount(8);
  await app.getByTestId('tab-problems').click();
  await expect(app.getByTestId('problems').getByTestId('problem')).toHaveCount(0);
  await node(app, 'c1').click();
  await expect(app.getByTestId('formulas')).toContainText('params = 5·5·1·6 + 6 = 156');
  await expect(app.getByTestId('formulas')).toContainText('out = ⌊(28 + 2·2 − 5)/1⌋ + 1 = 28');
  await expect(app.getByTestId('formulas')).toContainText('receptive field = 1 + (5 − 1)·1 = 5');
  await snap(app, 'main-light');
  await app.getByTestId('toggle-theme').click();
  await expect(app.locator('html')).toHaveAttribute('data-theme', 'dark');
  await snap(app, 'main-dark');
  await app.getByTestId('toggle-theme').click();
  expect(errors).toEqual([]);
});

test('the palette searches, and a double-click adds a layer after the selection, connected', async ({ app }) => {
  await app.getByTestId('palette-search').fill('pool');
  await expect(app.getByTestId('palette-maxPool2d')).toBeVisible();
  await expect(app.getByTestId('palette-conv2d')).toHaveCount(0);
  await app.getByTestId('palette-search').fill('');
  for (const kind of [
    'input',
    'conv2d',
    'locallyConnected2d',
    'maxPool2d',
    'avgPool2d',
    'globalAvgPool2d',
    'dense',
    'activation',
    'flatten',
    'dropout',
    'batchNorm',
    'add',
    'concat',
  ]) {
    await expect(app.getByTestId(`palette-${kind}`)).toBeVisible();
  }
  // After f2 (84 units): a dropout spliced in between f2 and out keeps every count.
  await node(app, 'f2').click();
  await app.getByTestId('palette-dropout').dblclick();
  await expect(app.locator('.react-flow__node')).toHaveCount(10);
  await expect(node(app, 'dropout_1').getByTestId('node-shape')).toHaveText('84');
  await expect(app.getByTestId('total-params')).toHaveText('61,706');
  await expect(app.locator('.react-flow__edge')).toHaveCount(9);
});

test('the Learn area and the teaching views open; the UI switches to Chinese', async ({ app }) => {
  await app.getByTestId('side-learn').click();
  await expect(app.getByTestId('learn-sidebar')).toBeVisible();
  await app.getByTestId('view-convolution').click();
  await expect(app.locator('.teach-area')).toBeVisible();
  await snap(app, 'learn-convolution');
  await app.getByTestId('view-design').click();
  await app.getByTestId('side-layers').click();
  await app.getByTestId('toggle-language').click();
  await expect(app.getByTestId('side-layers')).toHaveText('层');
  await expect(app.getByTestId('palette-conv2d')).toContainText('二维卷积');
  await node(app, 'c1').click();
  await expect(app.getByTestId('swap-conv-lc')).toContainText('换成局部连接');
  await snap(app, 'main-zh');
  await app.getByTestId('toggle-language').click();
  await expect(app.getByTestId('side-layers')).toHaveText('Layers');
});
