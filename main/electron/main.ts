/**
 * The Electron shell: start the core (the same createApp as `npm run serve`), open one window on its
 * loopback UI URL, and nothing else. The page talks to the core over the control API exactly as in a
 * browser (DESIGN: one transport); this process holds no OCPP or UI logic.
 *
 * Security (electron/docs/tutorial/security.md): sandboxed renderer with context isolation and no Node,
 * the core's CSP, navigation locked to the UI origin, no new windows, permissions denied (clipboard writes
 * from our own origin excepted, for the Copy buttons), openExternal only for an allowlist of https hosts.
 */
import { app, BrowserWindow, dialog, Menu, session, shell, type MenuItemConstructorOptions, type WebContents } from 'electron';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, parseArgs, type Config } from '../app/config.ts';
import { createApp, type App } from '../app/create-app.ts';
import { SQLITE_ADDON_ENV } from '../store/sqlite-addon.ts';
import { coreArgs } from './args.ts';
import { electronAddonPath } from './native-addon.ts';

const EXTERNAL_HOSTS = new Set(['openchargealliance.org', 'www.openchargealliance.org', 'github.com']);

let core: App | null = null;
let uiOrigin = '';
let window: BrowserWindow | null = null;

function fail(message: string): never {
  dialog.showErrorBox('ChargeScope cannot start', message);
  app.exit(2);
  throw new Error(message);
}

/**
 * better-sqlite3 built for this Electron. From a checkout (`npm start`) it is the second build that
 * scripts/ensure-native.ts keeps under out/native/, since node_modules holds the one for Node; a packaged app's
 * node_modules were rebuilt for Electron by electron-builder, and it takes no addon path from the environment.
 */
function chooseSqliteAddon(): void {
  if (app.isPackaged) {
    delete process.env[SQLITE_ADDON_ENV];
    return;
  }
  const target = { abi: process.versions.modules, platform: process.platform, arch: process.arch };
  const file = electronAddonPath(app.getAppPath(), target);
  if (!existsSync(file)) {
    fail(`better-sqlite3 is not built for this Electron (NODE_MODULE_VERSION ${target.abi}, ${target.platform}-${target.arch}): ${file} is missing. Start ChargeScope with \`npm start\`, which builds it.`);
  }
  process.env[SQLITE_ADDON_ENV] = file;
}

/** A native module built for another Node ABI says so in its message; tell the engineer the one command that fixes it. */
function startFailure(err: unknown): string {
  const message = (err as Error).message;
  if (err instanceof ConfigError) return message;
  if (/NODE_MODULE_VERSION|compiled against a different Node\.js version/.test(message)) {
    return `cannot start: ${message}\n\nA native module is built for another runtime: run \`npm start\` again, which rebuilds better-sqlite3 for Electron.`;
  }
  return `cannot start: ${message}`;
}

function openExternal(url: string): void {
  const u = new URL(url);
  if (u.protocol === 'https:' && EXTERNAL_HOSTS.has(u.hostname)) void shell.openExternal(u.toString());
}

/** Every web contents: no navigation off the UI origin, no new windows, no webviews. */
function lockDown(contents: WebContents): void {
  const offOrigin = (url: string) => {
    try {
      return new URL(url).origin !== uiOrigin;
    } catch {
      return true;
    }
  };
  contents.on('will-navigate', (event, url) => {
    if (offOrigin(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (offOrigin(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    openExternal(url);
    return { action: 'deny' };
  });
}

function denyPermissions(): void {
  const ours = (origin: string | undefined) => origin !== undefined && origin.replace(/\/$/, '') === uiOrigin;
  const originOf = (url: string) => URL.canParse(url) ? new URL(url).origin : undefined;
  session.defaultSession.setPermissionRequestHandler((contents, permission, callback) => {
    callback(permission === 'clipboard-sanitized-write' && ours(originOf(contents.getURL())));
  });
  session.defaultSession.setPermissionCheckHandler((_contents, permission, requestingOrigin) => permission === 'clipboard-sanitized-write' && ours(requestingOrigin));
}

function buildMenu(config: Config): void {
  const isMac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'Open Data Folder', click: () => void shell.openPath(config.dataDir) },
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        { role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, { type: 'separator' },
        { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [
        { label: 'Open Charge Alliance (OCPP 1.6)', click: () => openExternal('https://openchargealliance.org/') },
        ...(isMac ? [] : [{ role: 'about' as const }]),
      ],
    },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

function openWindow(uiUrl: string): void {
  window = new BrowserWindow({
    width: 1440, height: 900, minWidth: 960, minHeight: 600, show: false, title: 'ChargeScope', backgroundColor: '#f4f6f9',
    webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, webSecurity: true, spellcheck: false },
  });
  window.once('ready-to-show', () => window?.show());
  window.on('closed', () => (window = null));
  void window.loadURL(uiUrl);
}

async function start(): Promise<void> {
  let config: Config | 'help';
  try {
    config = parseArgs(coreArgs(process.argv.slice(app.isPackaged ? 1 : 2)), process.env, join(app.getAppPath(), 'dist', 'renderer'));
  } catch (err) {
    fail((err as Error).message);
  }
  if (config === 'help') fail('ChargeScope takes the same options as `npm run serve -- --help`.');
  // The window finds the UI wherever it is; a fixed UI port is only useful headless.
  if (!process.argv.some((a) => a.startsWith('--ui-port'))) config = { ...config, uiPort: 0 };
  chooseSqliteAddon();
  try {
    core = createApp(config);
    const started = await core.start();
    uiOrigin = new URL(started.uiUrl).origin;
    for (const url of started.chargerUrls) process.stdout.write(`Charger URL (add the charge point identity): ${url}\n`);
    denyPermissions();
    buildMenu(config);
    openWindow(started.uiUrl);
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) openWindow(started.uiUrl);
    });
    app.on('second-instance', () => {
      if (!window) return;
      if (window.isMinimized()) window.restore();
      window.focus();
    });
  } catch (err) {
    fail(startFailure(err));
  }
}

if (!app.requestSingleInstanceLock()) {
  // One ChargeScope per data folder and ports: the running one gets the focus.
  app.quit();
} else {
  app.on('web-contents-created', (_event, contents) => lockDown(contents));
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  let stopped = false;
  app.on('will-quit', (event) => {
    if (stopped || !core) return;
    // Finish writes and close the database before the process ends.
    event.preventDefault();
    core.stop().catch((err: Error) => process.stderr.write(`chargescope: stop failed: ${err.message}\n`)).finally(() => {
      stopped = true;
      app.quit();
    });
  });
  void app.whenReady().then(start);
}
