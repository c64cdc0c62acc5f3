// A stand-in for the 'electron' module, just enough to run the real out/main/index.js under plain Node on
// machines without Electron's binary. It records what main asks for; e2e/electron-main.spec.ts inspects it.
import { EventEmitter } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const state = {
  handlers: new Map(),
  windows: [],
  menu: null,
  sandbox: false,
  choice: 2,
  paths: {},
  headers: null,
  permissions: null,
};
globalThis.__electronStub = state;

class Frame {
  url = 'about:blank';
}

class WebContents extends EventEmitter {
  static next = 1;
  id = WebContents.next++;
  mainFrame = new Frame();
  sent = [];
  edits = [];
  send(channel, payload) {
    this.sent.push([channel, payload]);
  }
  setWindowOpenHandler(handler) {
    this.openHandler = handler;
  }
  isDestroyed() {
    return false;
  }
}
for (const edit of ['undo', 'redo', 'cut', 'copy', 'paste', 'delete', 'selectAll']) {
  WebContents.prototype[edit] = function () {
    this.edits.push(edit);
  };
}

export const app = Object.assign(new EventEmitter(), {
  enableSandbox() {
    state.sandbox = true;
  },
  requestSingleInstanceLock: () => true,
  getPath: (name) => state.paths[name] ?? join(process.env.STUB_ROOT ?? tmpdir(), name),
  setPath(name, path) {
    state.paths[name] = path;
  },
  getLocale: () => 'en-GB',
  whenReady: () => Promise.resolve(),
  quit() {
    state.quit = true;
  },
  // drive.mjs runs main as a packaged app when asked, to check what a packaged app ignores.
  isPackaged: process.env.STUB_PACKAGED === '1',
});

export class BrowserWindow extends EventEmitter {
  static all = [];
  static getAllWindows() {
    return BrowserWindow.all;
  }
  constructor(options) {
    super();
    this.options = options;
    this.webContents = new WebContents();
    this.title = options.title ?? '';
    this.destroyed = false;
    BrowserWindow.all.push(this);
    state.windows.push(this);
    app.emit('web-contents-created', {}, this.webContents);
  }
  async loadFile(file) {
    this.loaded = file;
    this.webContents.mainFrame.url = pathToFileURL(file).href;
  }
  async loadURL(url) {
    this.loaded = url;
    this.webContents.mainFrame.url = url;
  }
  setTitle(t) {
    this.title = t;
  }
  getTitle() {
    return this.title;
  }
  setDocumentEdited(v) {
    this.edited = v;
  }
  isDestroyed() {
    return this.destroyed;
  }
  isMinimized() {
    return false;
  }
  show() {}
  focus() {}
  restore() {}
  close() {
    let prevented = false;
    this.emit('close', { preventDefault: () => (prevented = true) });
    if (!prevented) {
      this.destroyed = true;
      this.emit('closed');
    }
    return !prevented;
  }
}

export const ipcMain = {
  handle(channel, fn) {
    state.handlers.set(channel, fn);
  },
};

export const Menu = {
  buildFromTemplate: (template) => ({ template }),
  setApplicationMenu(menu) {
    state.menu = menu;
  },
};

export const dialog = {
  showMessageBoxSync(_win, options) {
    state.lastMessage = options;
    return state.choice;
  },
  async showOpenDialog() {
    return { canceled: false, filePaths: ['/picked/file.json'] };
  },
  async showSaveDialog() {
    return state.savePick ? { canceled: false, filePath: state.savePick } : { canceled: true };
  },
};

export const session = {
  defaultSession: {
    setPermissionRequestHandler(fn) {
      state.permissions = fn;
    },
    setPermissionCheckHandler() {},
    webRequest: {
      onHeadersReceived(fn) {
        state.headers = fn;
      },
    },
  },
};

export default { app, BrowserWindow, ipcMain, Menu, dialog, session };
