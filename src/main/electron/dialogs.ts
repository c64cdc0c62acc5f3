/** Native open/save dialogs for dialog:open / dialog:save. */
import { dialog, type BrowserWindow } from 'electron';
import { join } from 'node:path';
import type { NativeDialogs } from '../ipc/index.ts';

export function nativeDialogs(getWindow: () => BrowserWindow | null, documentsDir: string): NativeDialogs {
  return {
    async open(req) {
      const win = getWindow();
      const options: Electron.OpenDialogOptions = {
        title: req.title,
        defaultPath: documentsDir,
        filters: req.filters,
        properties: req.directory ? ['openDirectory'] : ['openFile'],
      };
      const r = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
      return r.canceled || r.filePaths.length === 0 ? null : r.filePaths[0];
    },
    async save(req) {
      const win = getWindow();
      const options: Electron.SaveDialogOptions = {
        title: req.title,
        defaultPath: join(documentsDir, req.defaultName ?? ''),
        filters: req.filters,
        properties: ['createDirectory', 'showOverwriteConfirmation'],
      };
      const r = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
      return r.canceled || !r.filePath ? null : r.filePath;
    },
  };
}
