/**
 * Counts past 2^53 − 1 (a float64 cannot hold them exactly) are shown rounded, with a note, in the totals bar and
 * the inspector: a locally-connected layer on a 64×4096×4096 input has about 1.75×10¹⁶ parameters.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './fixtures';
import { node } from './canvas-helpers';

test('a huge locally-connected layer: rounded counts with a note', async ({ app, server }) => {
  const doc = {
    format: 'convas.graph',
    version: 2,
    name: 'Huge',
    nodes: [
      { id: 'in', kind: 'input', params: { channels: 64, height: 4096, width: 4096 }, position: { x: 0, y: 0 } },
      { id: 'lc', kind: 'locallyConnected2d', params: { filters: 4096, kernelSize: 64 }, position: { x: 0, y: 200 } },
    ],
    edges: [{ source: 'in', target: 'lc' }],
  };
  writeFileSync(join(server.dir, 'huge.json'), JSON.stringify(doc));
  await expect(app.getByTestId('total-rounded')).toHaveCount(0);
  await app.getByTestId('doc-open').click();
  const confirm = app.getByTestId('confirm-ok');
  if (await confirm.isVisible()) await confirm.click();
  await app.getByTestId('picker-entry-huge.json').click();
  await app.getByTestId('picker-ok').click();
  await expect(app.getByTestId('total-params')).toHaveText('≈1.75×10¹⁶');
  await expect(app.getByTestId('total-macs')).toHaveText('≈1.75×10¹⁶');
  await expect(app.getByTestId('total-rounded')).toHaveAttribute(
    'title',
    /past 2\^53 − 1 = 9,007,199,254,740,991, rounded/,
  );
  await node(app, 'lc').click();
  await expect(app.getByTestId('inspector-rounded')).toContainText('rounded to 3 significant digits');
});
