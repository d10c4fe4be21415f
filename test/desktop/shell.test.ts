/**
 * The desktop shell as it is shipped: the compiled dist/main/electron/main.js (tsc output, no tsx) run by plain Node,
 * with a stub `electron` (./electron-stub/). Proves what the shell does with Electron's API — the core on the
 * configured ports and data dir, one locked-down window on the loopback UI with its token, navigation, new windows
 * and permissions refused, a menu, a start failure shown in a dialog with exit 2, a clean stop on quit — and that the
 * compiled core works: a charger served, a log imported through the compiled import worker thread, sessions exported.
 */
import { connect, createServer, type Server } from 'node:net';
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { RPCClient } from 'ocpp-rpc';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { electronAddonPath } from '../../main/electron/native-addon.ts';
import { SQLITE_ADDON_ENV } from '../../main/store/sqlite-addon.ts';
import { nodeAddonPath } from '../../scripts/ensure-native.ts';
import { connectCharger } from '../support/harness.ts';
import { freePort, launchShell, type Shell } from './shell-stub.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const TOKEN = 'desktop-token-0123456789';
const appRoot = inject('appRoot');
const runtime = { abi: process.versions.modules, platform: process.platform, arch: process.arch };
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

describe('the compiled shell under plain Node with a stub electron', () => {
  let shell: Shell;
  let dataDir: string;
  const ports = { ocpp: 0, ui: 0, ftp: 0 };
  let uiOrigin: string;
  let charger: RPCClient | null = null;
  const api = async (path: string, init: RequestInit = {}) => fetch(`${uiOrigin}${path}`, { ...init, headers: { Authorization: `Bearer ${TOKEN}`, ...(init.headers ?? {}) } });

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'chargescope-desktop-'));
    ports.ocpp = await freePort();
    ports.ui = await freePort();
    ports.ftp = await freePort();
    shell = launchShell(appRoot, [
      '--ocpp-port', String(ports.ocpp), '--ocpp-host', '127.0.0.1', '--ui-port', String(ports.ui), '--ftp-port', String(ports.ftp),
      '--data-dir', dataDir, '--token', TOKEN,
    ]);
    await shell.next('loadURL');
    uiOrigin = `http://127.0.0.1:${ports.ui}`;
  });

  afterAll(async () => {
    await charger?.close({ force: true }).catch(() => undefined);
    if (shell.child.exitCode === null && shell.child.signalCode === null) shell.child.kill('SIGKILL');
    await shell.exited;
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts the core on the configured ports and data dir and loads the loopback UI with the token', async () => {
    expect((await shell.next('loadURL')).data.url).toBe(`http://127.0.0.1:${ports.ui}/#token=${TOKEN}`);
    expect(shell.stdout()).toContain(`:${ports.ocpp}/ocpp/`);
    // The FTP server (diagnostics uploads) greets on its port.
    const greeting = await new Promise<string>((res, rej) => {
      const s = connect(ports.ftp, '127.0.0.1');
      s.once('data', (d) => {
        s.destroy();
        res(String(d));
      });
      s.once('error', rej);
    });
    expect(greeting).toMatch(/^220[ -]/);
    expect(existsSync(join(dataDir, 'chargescope.db'))).toBe(true);
    // The UI is the vite build at <app path>/dist/renderer; the version comes from the app's package.json.
    const page = await fetch(`${uiOrigin}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self';/);
    expect(await page.text()).toMatch(/<script[^>]+src="\.\/assets\/[^"]+\.js"/);
    expect(await (await fetch(`${uiOrigin}/api/health`)).json()).toEqual({ ok: true, version: VERSION });
    expect((await api('/api/chargers')).status).toBe(200);
    expect((await fetch(`${uiOrigin}/api/chargers`)).status).toBe(401);

    charger = await connectCharger({ ocppUrl: `ws://127.0.0.1:${ports.ocpp}/ocpp` }, 'CP-DESKTOP-1');
    const chargers = (await (await api('/api/chargers')).json()) as { id: string; connected: boolean }[];
    expect(chargers).toEqual([expect.objectContaining({ id: 'CP-DESKTOP-1', connected: true })]);
  });

  it('points the core at the Electron build of better-sqlite3 in out/native/, not the one in node_modules', async () => {
    const addon = electronAddonPath(appRoot, runtime);
    expect(await shell.command('env', { name: SQLITE_ADDON_ENV })).toEqual({ value: addon });
    if (process.platform !== 'linux') return;
    // The files the process has mapped: the copy under out/native/ is loaded, node_modules' own build is not.
    const maps = readFileSync(`/proc/${shell.child.pid}/maps`, 'utf8');
    expect(maps).toContain(realpathSync(addon));
    expect(maps).not.toContain(realpathSync(nodeAddonPath(ROOT)));
  });

  it('opens one window: sandboxed, context-isolated, without Node integration or a preload script', async () => {
    const created = shell.events.filter((e) => e.name === 'BrowserWindow');
    expect(created).toHaveLength(1);
    const prefs = created[0]!.data.options.webPreferences;
    expect(prefs).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false });
    expect(prefs.preload).toBeUndefined();
    expect(await shell.command('windowCount')).toEqual({ count: 1 });
    await shell.next('show');
  });

  it('refuses navigation and redirects off the UI origin, and webviews', async () => {
    const nav = (kind: string, url: string) => shell.command<{ prevented: boolean }>('navigate', { kind, url });
    expect(await nav('will-navigate', `${uiOrigin}/#/trace`)).toEqual({ prevented: false });
    for (const url of [`http://127.0.0.1:${ports.ocpp}/`, `http://localhost:${ports.ui}/`, 'https://example.com/', 'file:///etc/passwd', 'javascript:alert(1)', 'not a url']) {
      expect(await nav('will-navigate', url), url).toEqual({ prevented: true });
      expect(await nav('will-redirect', url), url).toEqual({ prevented: true });
    }
    expect(await shell.command('attachWebview')).toEqual({ prevented: true });
  });

  it('denies every new window; only allow-listed https links go to the system browser', async () => {
    expect(await shell.command('openWindow', { url: 'https://github.com/chargescope' })).toEqual({ action: 'deny' });
    await shell.next('shell.openExternal', (e) => e.data.url === 'https://github.com/chargescope');
    for (const url of ['http://github.com/x', 'https://evil.example/', `${uiOrigin}/#/other`, 'file:///etc/passwd']) {
      expect(await shell.command('openWindow', { url }), url).toEqual({ action: 'deny' });
    }
    expect(shell.events.filter((e) => e.name === 'shell.openExternal').map((e) => e.data.url)).toEqual(['https://github.com/chargescope']);
  });

  it('denies permissions, but clipboard writes from its own origin', async () => {
    const request = (permission: string, pageUrl: string) => shell.command<{ granted: boolean }>('permissionRequest', { permission, pageUrl });
    const check = (permission: string, origin: string) => shell.command<{ granted: boolean }>('permissionCheck', { permission, origin });
    expect(await request('clipboard-sanitized-write', `${uiOrigin}/#/trace`)).toEqual({ granted: true });
    expect(await check('clipboard-sanitized-write', uiOrigin)).toEqual({ granted: true });
    expect(await check('clipboard-sanitized-write', `${uiOrigin}/`)).toEqual({ granted: true });
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen']) {
      expect(await request(permission, `${uiOrigin}/`), permission).toEqual({ granted: false });
      expect(await check(permission, uiOrigin), permission).toEqual({ granted: false });
    }
    for (const page of ['https://example.com/', `http://127.0.0.1:${ports.ocpp}/`, '']) {
      expect(await request('clipboard-sanitized-write', page), page).toEqual({ granted: false });
    }
    expect(await check('clipboard-sanitized-write', 'https://example.com')).toEqual({ granted: false });
  });

  it('sets an application menu: File (data folder, quit), Edit, View, Window, Help', async () => {
    const { data } = await shell.next('Menu.setApplicationMenu');
    const items = data.items as { label: string | null; role: string | null; submenu: { label: string | null; role: string | null }[] | null }[];
    expect(items.map((i) => i.label ?? i.role)).toEqual(process.platform === 'darwin'
      ? ['appMenu', 'File', 'editMenu', 'View', 'windowMenu', 'help']
      : ['File', 'editMenu', 'View', 'windowMenu', 'help']);
    const file = items.find((i) => i.label === 'File')!.submenu!;
    expect(file.map((i) => i.label ?? i.role)).toContain('Open Data Folder');
    expect(file.map((i) => i.role)).toContain(process.platform === 'darwin' ? 'close' : 'quit');
  });

  it('runs the compiled core: a log imported through the compiled worker thread, sessions exported', async () => {
    const log = readFileSync(join(ROOT, 'test', 'fixtures', 'logs', 'trace.jsonl'));
    const imported = await api('/api/sessions/import?name=trace.jsonl', { method: 'POST', body: log, headers: { 'Content-Type': 'application/octet-stream' } });
    expect(imported.status).toBe(201);
    const result = (await imported.json()) as { sessionId: number; frames: number; skippedLines: number };
    // As the same file gives through the sources (test/integration/logs/import.test.ts): 13 frames, 3 bad lines.
    expect(result).toMatchObject({ frames: 13, skippedLines: 3 });
    // The lines were read by dist/main/logs/import/import-worker.js in a worker thread, not by the in-process fallback,
    // and written by dist/main/logs/import/import-writer.js in another.
    expect(shell.events.filter((e) => e.name === 'worker-thread').map((e) => e.data.role)).toEqual(expect.arrayContaining(['chargescope-line-import', 'chargescope-line-import-writer']));
    expect(shell.stderr()).not.toContain('no worker thread');
    const frames = (await (await api(`/api/frames?session=${result.sessionId}`)).json()) as { frames: { action: string }[] };
    expect(frames.frames[0]).toMatchObject({ action: 'BootNotification' });

    const sessions = (await (await api('/api/sessions')).json()) as { id: number; live: boolean }[];
    const live = sessions.find((s) => s.live)!;
    const file = await api(`/api/sessions/${live.id}/export?format=chargescope`);
    expect(file.status).toBe(200);
    expect(Buffer.from(await file.arrayBuffer()).subarray(0, 16).toString('latin1')).toBe('SQLite format 3\0');
    const trace = await api(`/api/sessions/${live.id}/export?format=trace-jsonl`);
    expect(trace.status).toBe(200);
    const records = (await trace.text()).trim().split('\n').map((l) => JSON.parse(l) as { chargePointId: string; action?: string; messageType: string });
    expect(records).toContainEqual(expect.objectContaining({ chargePointId: 'CP-DESKTOP-1', action: 'BootNotification', messageType: 'CALL' }));
  });

  it('quits when its window closes: the core stops (chargers told, database closed) and the process exits 0', async () => {
    const closed = new Promise<{ code: number }>((r) => charger!.once('close', r));
    await shell.command('closeWindow');
    await shell.next('app.quit');
    expect(await shell.exited).toEqual({ code: 0, signal: null });
    // A clean WebSocket close from the server (not 1006, a dropped TCP connection) ...
    expect((await closed).code).not.toBe(1006);
    charger = null;
    // ... and the database closed: the last connection checkpoints and removes the WAL file.
    expect(existsSync(join(dataDir, 'chargescope.db'))).toBe(true);
    expect(existsSync(join(dataDir, 'chargescope.db-wal'))).toBe(false);
    expect(shell.stderr()).not.toMatch(/stop failed/);
  });
});

describe('the compiled shell when it cannot start', () => {
  let busy: Server;
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'chargescope-desktop-fail-'));
  });
  afterAll(() => {
    busy?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('shows an error dialog and exits 2 when the OCPP port is taken', async () => {
    busy = createServer();
    const port = await new Promise<number>((r) => busy.listen(0, '127.0.0.1', () => r((busy.address() as { port: number }).port)));
    const shell = launchShell(appRoot, ['--ocpp-port', String(port), '--ocpp-host', '127.0.0.1', '--ftp-port', '0', '--data-dir', dataDir]);
    expect(await shell.exited).toEqual({ code: 2, signal: null });
    const dialog = shell.events.find((e) => e.name === 'dialog.showErrorBox');
    expect(dialog?.data).toEqual({ title: 'ChargeScope cannot start', content: `OCPP port ${port} is already in use: stop the other program or choose another port (0 picks a free one)` });
    expect(shell.events.some((e) => e.name === 'BrowserWindow')).toBe(false);
  });

  it('shows an error dialog naming `npm start` and exits 2 when better-sqlite3 has no Electron build', async () => {
    const bare = mkdtempSync(join(tmpdir(), 'chargescope-desktop-bare-'));
    try {
      const shell = launchShell(appRoot, ['--ocpp-port', '0', '--ftp-port', '0', '--data-dir', dataDir], { STUB_APP_PATH: bare });
      expect(await shell.exited).toEqual({ code: 2, signal: null });
      const dialog = shell.events.find((e) => e.name === 'dialog.showErrorBox');
      expect(dialog?.data.content).toContain(electronAddonPath(bare, runtime));
      expect(dialog?.data.content).toContain('`npm start`');
    } finally {
      rmSync(bare, { recursive: true, force: true });
    }
  });

  it('leaves it to the running instance when another holds the single-instance lock', async () => {
    const shell = launchShell(appRoot, ['--ocpp-port', '0', '--ftp-port', '0', '--data-dir', dataDir], { STUB_LOCKED: '1' });
    expect(await shell.exited).toEqual({ code: 0, signal: null });
    expect(shell.events.map((e) => e.name)).toEqual(['app.quit']);
  });
});

describe('the compiled shell packaged', () => {
  it('takes no better-sqlite3 path from the environment and loads node_modules\' own build', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'chargescope-desktop-packaged-'));
    try {
      const shell = launchShell(appRoot, ['--ocpp-port', '0', '--ocpp-host', '127.0.0.1', '--ftp-port', '0', '--data-dir', dataDir], {
        STUB_PACKAGED: '1', [SQLITE_ADDON_ENV]: join(dataDir, 'planted.node'),
      });
      await shell.next('loadURL');
      expect(await shell.command('env', { name: SQLITE_ADDON_ENV })).toEqual({ value: null });
      if (process.platform === 'linux') expect(readFileSync(`/proc/${shell.child.pid}/maps`, 'utf8')).toContain(realpathSync(nodeAddonPath(ROOT)));
      await shell.command('closeWindow');
      expect(await shell.exited).toEqual({ code: 0, signal: null });
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
