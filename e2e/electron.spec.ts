/**
 * Electron mode, where Electron's binary is installed (it cannot be downloaded on machines without internet:
 * then every test here is skipped, saying why). Checks the security settings, the preload's Api, the title and
 * the menu, and a save/open round trip through IPC. Run `npm run build` first.
 */
import { _electron as electron, type ElectronApplication, type Page } from '@playwright/test';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Api } from '../src/shared/api.ts';
import { findElectron } from '../scripts/electron-path.mjs';
import { expect, ROOT, screenshot, test } from './fixtures';

const found = findElectron();
test.skip(!found.bin, `Electron mode not tested: Electron is not installed on this machine (${found.reason})`);

let app: ElectronApplication;
let page: Page;
let tmp: string;

test.beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'convas-electron-'));
  app = await electron.launch({
    executablePath: found.bin!,
    args: [ROOT],
    cwd: ROOT,
    env: { ...process.env, CONVAS_HOME: join(tmp, 'home') } as Record<string, string>,
  });
  page = await app.firstWindow();
  await page.waitForLoadState('load');
});

test.afterAll(async () => {
  await app?.close();
  rmSync(tmp, { recursive: true, force: true });
});

test('the page has the Api and no Node: no require, no process, no popups', async () => {
  const exposed = await page.evaluate(() => ({
    keys: Object.keys((window as unknown as { convas: object }).convas).sort(),
    require: typeof (window as unknown as { require?: unknown }).require,
    process: typeof (window as unknown as { process?: unknown }).process,
    popup: window.open('https://example.com') === null,
  }));
  expect(exposed.keys).toContain('file:open');
  expect(exposed.keys).toContain('on');
  expect(exposed.keys).not.toContain('invoke');
  expect(exposed).toMatchObject({ require: 'undefined', process: 'undefined', popup: true });
  const csp = await page.evaluate(() =>
    document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content'),
  );
  expect(csp).toContain("default-src 'self'");
  expect(csp).not.toContain('ws:'); // only browser mode talks over a WebSocket
  await screenshot(page, 'electron-window');
});

test('navigation away is denied', async () => {
  const before = page.url();
  await page.evaluate(() => {
    location.href = 'https://example.com/';
  });
  await page.waitForTimeout(500);
  expect(page.url()).toBe(before);
});

test('app:info, window:state and a save/open round trip over IPC', async () => {
  const lenet5 = JSON.parse(readFileSync(join(ROOT, 'resources', 'examples', 'lenet5.json'), 'utf8'));
  const file = join(tmp, 'lenet5.convas.json');
  // The file channels take only paths chosen in a dialog this session (or recent, or in the documents folder):
  // answer the save dialog with `file`, as a user would.
  await app.evaluate(({ dialog }, file) => {
    dialog.showSaveDialog = (async () => ({ canceled: false, filePath: file })) as typeof dialog.showSaveDialog;
  }, file);
  const result = await page.evaluate(
    async ({ doc, file }) => {
      const api = (window as unknown as { convas: Api }).convas;
      const info = await api['app:info']();
      await api['window:state']({ title: 'LeNet-5', dirty: true });
      const notChosen = await api['file:save']({ path: file, document: doc });
      const picked = await api['dialog:save']({ defaultName: 'lenet5.convas.json' });
      if (notChosen.ok || picked !== file) return { notChosen, picked };
      const opened0 = await api['file:save']({ path: file, document: doc });
      const opened = await api['file:open']({ path: file });
      let refused = '';
      try {
        await api['file:open']({ path: 42 as unknown as string });
      } catch (e) {
        refused = String(e);
      }
      return { info, saved: opened0.ok, name: opened.ok && opened.document.name, refused };
    },
    { doc: lenet5, file },
  );
  expect(result).toMatchObject({ info: { mode: 'electron', nativeDialogs: true }, saved: true, name: 'LeNet-5' });
  expect(result.refused).toMatch(/file:open: invalid request/);
  expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0].getTitle())).toBe(
    '• LeNet-5 — Convas',
  );
  await page.evaluate(() =>
    (window as unknown as { convas: Record<string, (a: unknown) => Promise<unknown>> }).convas['window:state']({
      title: 'LeNet-5',
      dirty: false,
    }),
  );
});

test('the menu lists the File, Edit, View and Help commands', async () => {
  const menu = await app.evaluate(({ Menu }) =>
    Menu.getApplicationMenu()!.items.map((m) => [
      m.label.replace('&', ''),
      m.submenu!.items.filter((i) => i.type !== 'separator').map((i) => i.label),
    ]),
  );
  const byName = Object.fromEntries(menu);
  expect(byName.File).toEqual(
    expect.arrayContaining(['New', 'Open…', 'Open Recent', 'Save', 'Save As…', 'Export ONNX…', 'Import ONNX…']),
  );
  expect(byName.Edit).toEqual(['Undo', 'Redo', 'Cut', 'Copy', 'Paste', 'Delete', 'Select All']);
  expect(byName.View).toEqual(['Fit', 'Zoom In', 'Zoom Out', 'Light/Dark', 'Language']);
  expect(byName.Help).toEqual(['About Convas']);
});
