/**
 * Documents in browser mode: Save As through the in-page picker writes exactly the document; Open brings it back;
 * a malformed or newer file shows the loader's message and leaves the current document untouched.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadDocument, serializeDocument } from '../src/engine/document.ts';
import { expect, ROOT, test } from './fixtures';
import { node, openTemplate, setParam, snap } from './canvas-helpers';

const example = () => {
  const r = loadDocument(readFileSync(join(ROOT, 'resources', 'examples', 'lenet5.json'), 'utf8'));
  if (!r.ok) throw new Error(r.error);
  return r.document;
};

test('save as, then open: the file round-trips exactly', async ({ app, server }) => {
  await openTemplate(app, 'lenet5');
  await app.getByTestId('doc-save-as').click();
  const picker = app.getByTestId('file-picker');
  await expect(picker).toBeVisible();
  await app.getByTestId('picker-name').fill('lenet-copy');
  await snap(app, 'documents-save-picker');
  await app.getByTestId('picker-ok').click();
  await expect(picker).toHaveCount(0);
  const file = join(server.dir, 'lenet-copy.json');
  await expect.poll(() => existsSync(file)).toBe(true);
  // Exactly what the loader makes of the example: same nodes, params, positions, edges.
  expect(readFileSync(file, 'utf8')).toBe(serializeDocument(example()));
  await expect(app.getByTestId('doc-title')).toHaveText('LeNet-5');

  // Change it (unsaved), then open the saved file: the app asks before discarding.
  await node(app, 'c1').click();
  await setParam(app, 'filters', '8');
  await expect(app.getByTestId('doc-title')).toContainText('●');
  await app.getByTestId('doc-open').click();
  await app.getByTestId('confirm-ok').click();
  await app.getByTestId('picker-entry-lenet-copy.json').click();
  await app.getByTestId('picker-ok').click();
  await expect(app.getByTestId('total-params')).toHaveText('61,706');
  await expect(app.getByTestId('doc-title')).toHaveText('LeNet-5');
  await expect(app.getByTestId('undo')).toBeDisabled(); // loading is not undoable

  // Save writes back to the same path with no dialog.
  await node(app, 'f1').click();
  await setParam(app, 'units', '100');
  await app.keyboard.press('Control+s');
  await expect
    .poll(() => JSON.parse(readFileSync(file, 'utf8')).nodes.find((n: { id: string }) => n.id === 'f1').params.units)
    .toBe(100);
  await expect(app.getByTestId('doc-title')).not.toContainText('●');
});

test('a malformed or newer file shows the loader’s message and leaves the document untouched', async ({
  app,
  server,
}) => {
  writeFileSync(join(server.dir, 'broken.json'), '{"format": "convas.graph", "version": 2, "nodes": [');
  writeFileSync(
    join(server.dir, 'unknown-kind.json'),
    JSON.stringify({ format: 'convas.graph', version: 2, nodes: [{ id: 'a', kind: 'conv3d' }] }),
  );
  writeFileSync(join(server.dir, 'newer.json'), JSON.stringify({ ...example(), version: 99 }));
  await openTemplate(app, 'lenet5');
  await node(app, 'c1').click();
  await setParam(app, 'filters', '8');
  await expect(app.getByTestId('total-params')).toHaveText('62,558');

  const attempts: [string, RegExp][] = [
    ['broken.json', /not valid JSON/],
    ['unknown-kind.json', /nodes\[0\]\.kind "conv3d" is not a layer kind/],
    ['newer.json', /version 99, written by a newer Convas/],
  ];
  for (const [name, message] of attempts) {
    await app.getByTestId('doc-open').click();
    await app.getByTestId('confirm-ok').click();
    await app.getByTestId(`picker-entry-${name}`).click();
    await app.getByTestId('picker-ok').click();
    await expect(app.getByTestId('toast-error').last()).toContainText(message);
    await expect(app.getByTestId('total-params')).toHaveText('62,558');
    await expect(app.getByTestId('doc-title')).toContainText('●');
  }
  await snap(app, 'documents-malformed');
  // The edit before the failed opens is still undoable: the document was never replaced.
  await app.locator('.react-flow__pane').click({ position: { x: 10, y: 10 } });
  await app.keyboard.press('Control+z');
  await expect(app.getByTestId('total-params')).toHaveText('61,706');
});

test('unsaved work is autosaved and offered back after a reload', async ({ app }) => {
  await openTemplate(app, 'lenet5');
  await node(app, 'c1').click();
  await setParam(app, 'filters', '8');
  await expect(app.getByTestId('total-params')).toHaveText('62,558');
  await app.waitForTimeout(6500); // the autosave runs every 5 s while the document is dirty
  await app.reload({ waitUntil: 'load' });
  await expect(app.getByTestId('total-params')).toHaveText('61,706'); // a fresh start: LeNet-5
  await expect(app.getByTestId('recovery-banner')).toContainText('LeNet-5');
  await snap(app, 'documents-recovery');
  await app.getByTestId('recovery-restore').click();
  await expect(app.getByTestId('total-params')).toHaveText('62,558');
  await expect(app.getByTestId('doc-title')).toContainText('●');
});
