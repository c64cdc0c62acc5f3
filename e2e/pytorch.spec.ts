/**
 * Export ▸ PyTorch project…: the project lands in a new subfolder of the folder chosen, with the document's
 * starting weights; choosing the same place again asks before writing into it.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './fixtures';
import { openTemplate } from './canvas-helpers';

test('Export ▸ PyTorch project… writes model.py, train.py and the starting weights into a new folder', async ({
  app,
  server,
}) => {
  await openTemplate(app, 'lenet5');
  await app.getByTestId('tab-export').click();
  await app.getByTestId('export-pytorch').click();
  await app.getByTestId('picker-ok').click(); // the documents folder
  const dir = join(server.dir, 'LeNet-5-pytorch');
  await expect(app.getByTestId('export-pytorch-result')).toContainText(`${dir}: model.py, train.py`);
  expect(readdirSync(dir).sort()).toEqual([
    'README.md',
    'convas_io.py',
    'data.py',
    'model.py',
    'network.json',
    'requirements.txt',
    'train.py',
  ]);
  expect(readFileSync(join(dir, 'model.py'), 'utf8')).toContain('class Net(nn.Module):');
  expect(Object.keys(JSON.parse(readFileSync(join(dir, 'network.json'), 'utf8')).weights).sort()).toEqual([
    'c1',
    'c2',
    'f1',
    'f2',
    'out',
  ]);

  // The same place again: the folder holds files now, so the panel asks before writing into it.
  writeFileSync(join(dir, 'notes.txt'), 'mine');
  await app.getByTestId('export-pytorch').click();
  await app.getByTestId('picker-ok').click();
  await expect(app.getByTestId('confirm-dialog')).toContainText(`${dir} already holds files`);
  await app.getByTestId('confirm-cancel').click();
  await expect(app.getByTestId('confirm-dialog')).toHaveCount(0);
  await app.getByTestId('export-pytorch').click();
  await app.getByTestId('picker-ok').click();
  await app.getByTestId('confirm-ok').click();
  await expect(app.getByTestId('export-pytorch-result')).toContainText(`${dir}: model.py, train.py`);
  expect(readFileSync(join(dir, 'notes.txt'), 'utf8')).toBe('mine');
});
