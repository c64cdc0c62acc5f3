/**
 * The application menu: File, Edit, View, Help. Every item sends a `menu:command` to the page, which
 * owns the document and its history. Accelerators are shown but not registered (registerAccelerator: false):
 * the page binds the same keys itself, because browser mode has no native menu, and one binding per key avoids
 * double undos. The Edit items also run Chromium's own editing command, so they work inside text fields.
 */
import { Menu, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';
import { basename } from 'node:path';
import type { MenuCommand } from '../../shared/api.ts';

type NativeEdit = 'undo' | 'redo' | 'cut' | 'copy' | 'paste' | 'delete' | 'selectAll';

export function buildMenu(win: BrowserWindow, recent: string[]): Menu {
  const send = (command: MenuCommand) => {
    if (!win.isDestroyed()) win.webContents.send('menu:command', command);
  };
  const item = (
    label: string,
    command: MenuCommand,
    accelerator?: string,
    native?: NativeEdit,
  ): MenuItemConstructorOptions => ({
    label,
    accelerator,
    registerAccelerator: false,
    click: () => {
      if (native && !win.isDestroyed()) win.webContents[native]();
      send(command);
    },
  });
  const isMac = process.platform === 'darwin';
  const recentItems: MenuItemConstructorOptions[] = recent.length
    ? recent.map((path) => ({
        label: basename(path),
        sublabel: path,
        toolTip: path,
        click: () => {
          if (!win.isDestroyed()) win.webContents.send('menu:openRecent', path);
        },
      }))
    : [{ label: 'No recent files', enabled: false }];

  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: '&File',
      submenu: [
        item('New', 'file:new', 'CmdOrCtrl+N'),
        item('Open…', 'file:open', 'CmdOrCtrl+O'),
        { label: 'Open Recent', submenu: recentItems },
        { type: 'separator' },
        item('Save', 'file:save', 'CmdOrCtrl+S'),
        item('Save As…', 'file:saveAs', 'CmdOrCtrl+Shift+S'),
        { type: 'separator' },
        item('Export ONNX…', 'file:exportOnnx', 'CmdOrCtrl+E'),
        item('Import ONNX…', 'file:importOnnx'),
        ...(isMac ? [] : [{ type: 'separator' as const }, { role: 'quit' as const }]),
      ],
    },
    {
      label: '&Edit',
      submenu: [
        item('Undo', 'edit:undo', 'CmdOrCtrl+Z', 'undo'),
        item('Redo', 'edit:redo', isMac ? 'Cmd+Shift+Z' : 'Ctrl+Y', 'redo'),
        { type: 'separator' },
        item('Cut', 'edit:cut', 'CmdOrCtrl+X', 'cut'),
        item('Copy', 'edit:copy', 'CmdOrCtrl+C', 'copy'),
        item('Paste', 'edit:paste', 'CmdOrCtrl+V', 'paste'),
        item('Delete', 'edit:delete', 'Delete', 'delete'),
        { type: 'separator' },
        item('Select All', 'edit:selectAll', 'CmdOrCtrl+A', 'selectAll'),
      ],
    },
    {
      label: '&View',
      submenu: [
        item('Fit', 'view:fit', 'Shift+1'),
        { type: 'separator' },
        item('Zoom In', 'view:zoomIn', 'CmdOrCtrl+='),
        item('Zoom Out', 'view:zoomOut', 'CmdOrCtrl+-'),
        { type: 'separator' },
        item('Light/Dark', 'view:theme'),
        item('Language', 'view:language'),
      ],
    },
    { label: '&Help', role: 'help', submenu: [item('About Convas', 'help:about')] },
  ];
  return Menu.buildFromTemplate(template);
}
