/** The app's main views: it starts with LeNet-5, shows shapes and counts, and its views render in both themes. */
import { expect, screenshot, test } from './fixtures';

test('starts with LeNet-5 and shows its shapes and totals', async ({ app }) => {
  const errors: string[] = [];
  app.on('pageerror', (e) => errors.push(e.message));
  await expect(app.getByTestId('total-params')).toHaveText('61,706');
  await expect(app.getByTestId('total-macs')).toHaveText('416,520');
  await expect(app.locator('.react-flow__node')).toHaveCount(9);
  await expect(app.locator('.react-flow__node[data-id="c1"]').getByTestId('node-shape')).toHaveText('6×28×28');
  await expect(app.locator('.react-flow__node[data-id="c1"]').getByTestId('node-params')).toHaveText('156');
  await expect(app.getByTestId('problems').getByTestId('problem')).toHaveCount(0);
  await app.locator('.react-flow__node[data-id="c1"]').click();
  await expect(app.getByTestId('formulas')).toContainText('params = 5·5·1·6 + 6 = 156');
  await expect(app.getByTestId('formulas')).toContainText('out = ⌊(28 + 2·2 − 5)/1⌋ + 1 = 28');
  await screenshot(app, 'main-light');
  await app.getByTestId('toggle-theme').click();
  await screenshot(app, 'main-dark');
  expect(errors).toEqual([]);
});
