/**
 * The main window: hardened webPreferences, the title with the document name and an unsaved mark, and a
 * confirmation before closing with unsaved changes.
 */
import { app, BrowserWindow, dialog } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { devServerUrl } from './devServer.ts';
import { lockNavigation } from './security.ts';

export interface WindowState {
  title: string;
  dirty: boolean;
}

export interface MainWindow {
  win: BrowserWindow;
  pageUrl: string;
  setState(state: WindowState): void;
}

/** "• LeNet-5 — Convas": the bullet marks unsaved changes (and macOS's close button shows its dot). */
export function windowTitle(state: WindowState): string {
  return `${state.dirty ? '• ' : ''}${state.title || 'Untitled'} — Convas`;
}

export function createMainWindow(opts: { onCleanClose(): void; onSaveRequested(): void }): MainWindow {
  const here = import.meta.dirname; // out/main
  const win = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Convas',
    backgroundColor: '#1e1e1e',
    webPreferences: {
      preload: join(here, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: false,
    },
  });
  const devUrl = devServerUrl(process.env, app.isPackaged);
  const pageUrl = devUrl ?? pathToFileURL(join(here, '../renderer/index.html')).href;
  lockNavigation(win.webContents, pageUrl);

  let state: WindowState = { title: 'Untitled', dirty: false };
  let closing = false;
  win.on('close', (event) => {
    if (closing || !state.dirty) {
      opts.onCleanClose();
      return;
    }
    event.preventDefault();
    const choice = dialog.showMessageBoxSync(win, {
      type: 'warning',
      buttons: ['Save…', "Don't Save", 'Cancel'],
      defaultId: 0,
      cancelId: 2,
      noLink: true,
      message: `Do you want to save the changes you made to “${state.title}”?`,
      detail: "Your changes will be lost if you don't save them.",
    });
    if (choice === 1) {
      closing = true;
      // Close again once this handler has returned; re-entering close() from inside it is not reliable.
      setImmediate(() => {
        if (!win.isDestroyed()) win.close();
      });
    } else if (choice === 0) {
      opts.onSaveRequested(); // the page saves (asking for a path if needed); the user closes again after
    }
  });
  win.once('ready-to-show', () => win.show());
  // The title is main's (window:state), not whatever the page's <title> says.
  win.on('page-title-updated', (event) => event.preventDefault());
  // If the page crashes, reload it once in a while: it then offers the autosaved recovery file back.
  let lastReload = 0;
  win.webContents.on('render-process-gone', (_event, details) => {
    if (details.reason === 'clean-exit' || win.isDestroyed() || Date.now() - lastReload < 10_000) return;
    lastReload = Date.now();
    state = { ...state, dirty: false }; // the recovery file holds the work; don't block a later close on it
    win.reload();
  });
  if (devUrl !== null) void win.loadURL(devUrl);
  else void win.loadFile(join(here, '../renderer/index.html'));

  return {
    win,
    pageUrl,
    setState(next) {
      state = next;
      if (win.isDestroyed()) return;
      win.setTitle(windowTitle(next));
      win.setDocumentEdited(next.dirty);
    },
  };
}
