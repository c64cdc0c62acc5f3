/**
 * Electron main: one hardened window, the menu, and the Api over IPC. Every channel is registered with
 * ipcMain.handle, checks its sender (our window's main frame on our page) and then goes through the same
 * validating dispatch as browser mode (src/main/ipc). Only files under src/main/electron import 'electron'.
 */
import { app, ipcMain, Menu } from 'electron';
import { existsSync, mkdirSync } from 'node:fs';
import { CHANNELS } from '../../shared/schemas.ts';
import { defaultDocumentsDir } from '../files/paths.ts';
import { createHandlers, dispatch } from '../ipc/index.ts';
import { createHostContext } from '../ipc/wiring.ts';
import { devServerUrl } from './devServer.ts';
import { nativeDialogs } from './dialogs.ts';
import { buildMenu } from './menu.ts';
import { hardenApp, hardenSession, isTrustedSender } from './security.ts';
import { createMainWindow, type MainWindow } from './window.ts';

hardenApp();
// Tests (and anyone wanting a throwaway profile) point the state folder elsewhere, as browser mode does.
if (process.env.CONVAS_HOME) app.setPath('userData', process.env.CONVAS_HOME);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let main: MainWindow | null = null;
  // ~/Convas when the user has one (browser mode's default); otherwise the OS's Documents folder.
  const documentsDir = existsSync(defaultDocumentsDir()) ? defaultDocumentsDir() : app.getPath('documents');
  const stateDir = app.getPath('userData');
  mkdirSync(stateDir, { recursive: true });

  const ctx = createHostContext({
    mode: 'electron',
    documentsDir,
    stateDir,
    dialogs: nativeDialogs(() => main?.win ?? null, documentsDir),
    locale: app.getLocale(),
    emit: (event, payload) => {
      if (main && !main.win.isDestroyed()) main.win.webContents.send(event, payload);
    },
    setWindowState: (state) => main?.setState(state),
    onRecentChange: (list) => {
      if (main) Menu.setApplicationMenu(buildMenu(main.win, list));
    },
  });
  const handlers = createHandlers(ctx);

  for (const channel of CHANNELS) {
    ipcMain.handle(channel, (event, arg: unknown) => {
      if (!isTrustedSender(event, main?.win.webContents ?? null, main?.pageUrl ?? '')) {
        throw new Error(`${channel}: refused a call from an unknown sender`);
      }
      return dispatch(handlers, channel, arg);
    });
  }

  const open = () => {
    main = createMainWindow({
      // A clean close (nothing unsaved, or the user chose not to save) leaves nothing to recover.
      onCleanClose: () => void ctx.recovery.clear(),
      onSaveRequested: () => main?.win.webContents.send('menu:command', 'file:save'),
    });
    const win = main.win;
    win.on('closed', () => {
      if (main?.win === win) main = null;
    });
    Menu.setApplicationMenu(buildMenu(win, []));
    void ctx.recent.list().then((list) => {
      if (main?.win === win && !win.isDestroyed()) Menu.setApplicationMenu(buildMenu(win, list));
    });
  };

  app.on('second-instance', () => {
    if (main) {
      if (main.win.isMinimized()) main.win.restore();
      main.win.focus();
    }
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (!main) open();
  });
  app.on('will-quit', () => {
    void ctx.services.training.dispose?.();
  });

  void app.whenReady().then(() => {
    hardenSession({ devServer: devServerUrl(process.env, app.isPackaged) !== null });
    open();
  });
}
