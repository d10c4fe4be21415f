// A stand-in for the parts of Electron's main-process API that main/electron/main.ts uses. It records what the
// shell does as `@@stub {json}` lines on stderr (written synchronously, so a line written just before app.exit is
// not lost) and takes commands from the test over the IPC channel of `fork` ({ id, cmd, ... } → a `reply` line).
// Environment: STUB_APP_PATH (app.getAppPath()), STUB_PACKAGED=1 (app.isPackaged), STUB_LOCKED=1 (another
// instance holds the single-instance lock).
import { EventEmitter } from 'node:events';
import { writeSync } from 'node:fs';

function report(name, data = {}) {
  writeSync(2, `@@stub ${JSON.stringify({ name, data })}\n`);
}

function event() {
  return { defaultPrevented: false, preventDefault() { this.defaultPrevented = true; } };
}

class App extends EventEmitter {
  isPackaged = process.env.STUB_PACKAGED === '1';
  getAppPath() { return process.env.STUB_APP_PATH ?? process.cwd(); }
  requestSingleInstanceLock() { return process.env.STUB_LOCKED !== '1'; }
  whenReady() { return Promise.resolve(); }
  quit() {
    report('app.quit');
    const before = event();
    this.emit('before-quit', before);
    if (before.defaultPrevented) return;
    const will = event();
    this.emit('will-quit', will);
    if (will.defaultPrevented) return;
    this.emit('quit', event(), 0);
    process.exit(0);
  }
  exit(code = 0) {
    report('app.exit', { code });
    process.exit(code);
  }
}
export const app = new App();

class WebContents extends EventEmitter {
  url = '';
  openHandler = null;
  setWindowOpenHandler(handler) { this.openHandler = handler; }
  getURL() { return this.url; }
}

const windows = [];
export class BrowserWindow extends EventEmitter {
  static getAllWindows() { return [...windows]; }
  constructor(options = {}) {
    super();
    this.options = options;
    this.webContents = new WebContents();
    windows.push(this);
    report('BrowserWindow', { options, count: windows.length });
    app.emit('web-contents-created', event(), this.webContents);
  }
  async loadURL(url) {
    this.webContents.url = url;
    report('loadURL', { url });
    setImmediate(() => this.emit('ready-to-show'));
  }
  show() { report('show'); }
  isMinimized() { return false; }
  restore() {}
  focus() {}
  close() {
    windows.splice(windows.indexOf(this), 1);
    this.emit('closed');
    if (windows.length === 0) app.emit('window-all-closed');
  }
}

export const dialog = {
  showErrorBox(title, content) { report('dialog.showErrorBox', { title, content }); },
};

function describe(items) {
  return items.map((i) => ({ label: i.label ?? null, role: i.role ?? null, type: i.type ?? null, submenu: Array.isArray(i.submenu) ? describe(i.submenu) : null }));
}
export const Menu = {
  buildFromTemplate(template) { return { template }; },
  setApplicationMenu(menu) { report('Menu.setApplicationMenu', { items: menu ? describe(menu.template) : null }); },
};

const handlers = { request: null, check: null };
export const session = {
  defaultSession: {
    setPermissionRequestHandler(h) { handlers.request = h; },
    setPermissionCheckHandler(h) { handlers.check = h; },
  },
};

export const shell = {
  async openExternal(url) { report('shell.openExternal', { url }); },
  async openPath(path) { report('shell.openPath', { path }); return ''; },
};

// Commands from the test: act as Chromium would, and answer what the shell decided.
const commands = {
  navigate({ kind, url }) {
    const ev = event();
    windows[0].webContents.emit(kind, ev, url);
    return { prevented: ev.defaultPrevented };
  },
  attachWebview() {
    const ev = event();
    windows[0].webContents.emit('will-attach-webview', ev, {}, {});
    return { prevented: ev.defaultPrevented };
  },
  openWindow({ url }) {
    const handler = windows[0].webContents.openHandler;
    return handler ? handler({ url, frameName: '', features: '', disposition: 'new-window', referrer: { url: '', policy: 'default' } }) : { action: 'no handler' };
  },
  permissionRequest({ permission, pageUrl }) {
    return new Promise((resolve) => handlers.request({ getURL: () => pageUrl }, permission, (granted) => resolve({ granted }), {}));
  },
  permissionCheck({ permission, origin }) {
    return { granted: handlers.check(null, permission, origin, {}) };
  },
  env({ name }) { return { value: process.env[name] ?? null }; },
  windowCount() { return { count: windows.length }; },
  closeWindow() { windows[0].close(); return {}; },
};

process.on('message', async (m) => {
  const result = await commands[m.cmd](m);
  report('reply', { id: m.id, result });
});
