/**
 * The built Electron main (out/main/index.js) run under plain Node against a stand-in 'electron' module
 * (e2e/electron-stub), so its wiring is tested even where Electron's binary is missing: the hardened
 * webPreferences, the preload bundle, one IPC handler per channel with sender checks and argument validation,
 * the menu, the title, the close confirmation and recovery clean-up. e2e/electron.spec.ts covers the real thing
 * where Electron is installed.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { contentSecurityPolicy } from '../src/main/csp.ts';
import { CHANNELS } from '../src/shared/schemas.ts';
import { expect, ROOT, test } from './fixtures';

test('Electron main: security settings, IPC, menu and window behaviour', async () => {
  const tmp = mkdtempSync(join(tmpdir(), 'convas-main-'));
  try {
    const text = execFileSync(
      process.execPath,
      ['--import', './e2e/electron-stub/register.mjs', 'e2e/electron-stub/drive.mjs', ROOT, tmp],
      {
        cwd: ROOT,
        encoding: 'utf8',
        timeout: 180_000,
      },
    );
    const r = JSON.parse(text.trim().split('\n').at(-1)!);

    expect(r.sandbox).toBe(true);
    expect(r.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
    });
    expect(r.preloadExists && r.preloadIsCjs).toBe(true);
    expect(r.loaded).toBe(join(ROOT, 'out', 'renderer', 'index.html'));
    expect(r.userData).toBe(join(tmp, 'home'));

    expect(r.windowOpen).toEqual({ action: 'deny' });
    expect(r.navigationPrevented).toBe(true);
    expect(r.samePagePrevented).toBe(false);
    expect(r.csp).toBe(contentSecurityPolicy('electron'));
    expect(r.csp).not.toContain('ws:');
    expect(r.permission).toBe(false);

    expect(r.channels).toEqual([...CHANNELS].sort());
    // Training from the bundle: the bundled worker, onnxruntime, and the data-parallel helper thread.
    expect(r.train.start).toBe(true);
    expect(r.train.started).toMatchObject({ type: 'started', backend: 'onnxruntime', provider: 'cpu', threads: 2 });
    expect(r.train.end).toMatchObject({ type: 'done', backend: 'onnxruntime', provider: 'cpu' });
    expect(r.train.end.testAccuracy).toBeGreaterThan(0.2);
    expect(r.info.value).toMatchObject({ mode: 'electron', nativeDialogs: true, locale: 'en-GB' });
    expect([join(homedir(), 'Convas'), join(tmp, 'documents')]).toContain(r.info.value.documentsDir);
    expect(r.foreignSender.error).toMatch(/refused a call from an unknown sender/);
    expect(r.foreignFrame.error).toMatch(/refused a call from an unknown sender/);
    expect(r.invalid.error).toMatch(/^file:open: invalid request \(path/);
    expect(r.dialogOpen.value).toBe('/picked/file.json');
    expect(r.dialogSave.value).toBe(null);
    const refusal =
      /not a file you chose with Open… or Save As… since Convas started, a recent file, or in the documents/;
    expect(r.refusedSave.value).toMatchObject({ ok: false, error: expect.stringMatching(refusal) });
    expect(r.refusedOpen.value).toMatchObject({ ok: false, error: expect.stringMatching(refusal) });
    expect(r.chosenOpen.value).toEqual({ ok: false, error: '/picked/file.json: no such file or folder' });
    expect(r.dialogSavePicked.value).toBe(join(tmp, 'lenet5.json'));
    expect(r.save.value).toEqual({ ok: true, path: join(tmp, 'lenet5.json') });
    expect(r.open).toBe('LeNet-5');

    expect(r.menu).toEqual({
      File: ['New', 'Open…', 'Open Recent', 'Save', 'Save As…', 'Export ONNX…', 'Import ONNX…', 'quit'],
      Edit: ['Undo', 'Redo', 'Cut', 'Copy', 'Paste', 'Delete', 'Select All'],
      View: ['Fit', 'Zoom In', 'Zoom Out', 'Light/Dark', 'Language'],
      Help: ['About Convas'],
    });
    expect(r.recentMenu).toEqual([join(tmp, 'lenet5.json')]);
    expect(r.registersAccelerators).toBe(false);
    expect(r.sent).toEqual([
      ['menu:command', 'file:new'],
      ['menu:command', 'edit:undo'],
      ['menu:openRecent', join(tmp, 'lenet5.json')],
    ]);
    expect(r.edits).toEqual(['undo']);

    expect(r.title).toBe('• LeNet-5 — Convas');
    expect(r.closeCancelled).toBe(true);
    expect(r.closeSave).toEqual({ closed: false, sent: [['menu:command', 'file:save']] });
    expect(r.closeMessage).toContain('LeNet-5');
    expect(r.recoveryBeforeClose).toBe(true);
    expect(r.closeDiscard).toBe(true);
    expect(r.recoveryAfterClose).toBe(false);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});

test('Electron main: a dev server URL only when unpackaged; no permissions either way', async () => {
  const tmp = mkdtempSync(join(tmpdir(), 'convas-main-'));
  const run = (packaged: boolean) => {
    const env = {
      ...process.env,
      ELECTRON_RENDERER_URL: 'http://localhost:5173/',
      STUB_PACKAGED: packaged ? '1' : '0',
    };
    const args = ['--import', './e2e/electron-stub/register.mjs', 'e2e/electron-stub/drive.mjs', ROOT, tmp, '--quick'];
    const text = execFileSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', timeout: 60_000, env });
    return JSON.parse(text.trim().split('\n').at(-1)!);
  };
  try {
    const packaged = run(true);
    expect(packaged.loaded).toBe(join(ROOT, 'out', 'renderer', 'index.html'));
    expect(packaged.permission).toBe(false);
    expect(packaged.csp).toBe(contentSecurityPolicy('electron'));
    const dev = run(false);
    expect(dev.loaded).toBe('http://localhost:5173/');
    expect(dev.permission).toBe(false);
    expect(dev.csp).toBe(null); // the dev server's HMR client; the page's meta tag still applies
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});
