/**
 * The ABI step of `npm start` / `npm run serve` / `npm test` (scripts/ensure-native.ts): what it reads from an addon
 * file, what it decides, and what it does with real files in a temp project — with the two rebuilds faked, since
 * they need the network (a prebuilt binary or Electron's headers) and node_modules here is shared with other
 * checkouts. Also the core's side of it: every SQLite handle the core opens honours the shell's choice of addon.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { electronAddonDir, electronAddonPath, type AddonTarget } from '../../../main/electron/native-addon.ts';
import { SQLITE_ADDON_ENV, sqliteAddon } from '../../../main/store/sqlite-addon.ts';
import { ensureElectron, ensureNode, nodeAddonPath, STAMP_FILE, type NativeEffects } from '../../../scripts/ensure-native.ts';
import { checkAddon, checkElectronBuild, readAddonInfo } from '../../../scripts/native-addon.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const NODE: AddonTarget = { abi: '115', platform: 'linux', arch: 'x64' };
const ELECTRON: AddonTarget = { abi: '136', platform: 'linux', arch: 'x64' };

/** The first bytes of an addon of each format, then its register symbol(s) further on, as in the real files. */
function addon(format: 'elf-x64' | 'elf-arm64' | 'pe-x64' | 'macho-arm64' | 'text', ...abis: string[]): Buffer {
  const head = Buffer.alloc(0x100);
  if (format.startsWith('elf')) {
    head.writeUInt32BE(0x7f454c46, 0);
    head[4] = 2;
    head[5] = 1;
    head.writeUInt16LE(format === 'elf-x64' ? 0x3e : 0xb7, 18);
  } else if (format === 'pe-x64') {
    head.write('MZ', 0, 'latin1');
    head.writeUInt32LE(0x80, 0x3c);
    head.write('PE\0\0', 0x80, 'latin1');
    head.writeUInt16LE(0x8664, 0x84);
  } else if (format === 'macho-arm64') {
    head.writeUInt32LE(0xfeedfacf, 0);
    head.writeUInt32LE(0x0100000c, 4);
  }
  return Buffer.concat([head, ...abis.map((a) => Buffer.from(`\0\0node_register_module_v${a}\0`, 'latin1')), Buffer.alloc(64)]);
}

describe('reading an addon file', () => {
  it('reads the real better-sqlite3 build in node_modules as this Node\'s', () => {
    const info = readAddonInfo(readFileSync(nodeAddonPath(ROOT)));
    expect(info).toEqual({ abi: process.versions.modules, platform: process.platform, arch: process.arch });
  });

  it('tells ELF, PE and Mach-O apart, with their CPU, and finds the NODE_MODULE_VERSION', () => {
    expect(readAddonInfo(addon('elf-x64', '136'))).toEqual({ abi: '136', platform: 'linux', arch: 'x64' });
    expect(readAddonInfo(addon('elf-arm64', '115'))).toEqual({ abi: '115', platform: 'linux', arch: 'arm64' });
    expect(readAddonInfo(addon('pe-x64', '136'))).toEqual({ abi: '136', platform: 'win32', arch: 'x64' });
    expect(readAddonInfo(addon('macho-arm64', '136'))).toEqual({ abi: '136', platform: 'darwin', arch: 'arm64' });
  });

  it('gives no ABI for a file without the symbol, or with two different ones', () => {
    expect(readAddonInfo(addon('elf-x64')).abi).toBeNull();
    expect(readAddonInfo(addon('elf-x64', '115', '136')).abi).toBeNull();
    expect(readAddonInfo(addon('elf-x64', '136', '136')).abi).toBe('136');
    expect(readAddonInfo(Buffer.from('not an addon'))).toEqual({ abi: null, platform: null, arch: null });
  });
});

describe('deciding', () => {
  it('accepts an addon only for the runtime, OS and CPU it was built for', () => {
    expect(checkAddon(readAddonInfo(addon('elf-x64', '115')), NODE)).toEqual({ ok: true });
    expect(checkAddon(null, NODE)).toEqual({ ok: false, reason: 'it is not built' });
    expect(checkAddon(readAddonInfo(addon('elf-x64', '136')), NODE)).toEqual({ ok: false, reason: 'it is built for NODE_MODULE_VERSION 136, this runtime needs 115' });
    expect(checkAddon(readAddonInfo(addon('pe-x64', '115')), NODE)).toEqual({ ok: false, reason: 'it is built for win32, this is linux' });
    expect(checkAddon(readAddonInfo(addon('elf-arm64', '115')), NODE)).toEqual({ ok: false, reason: 'it is built for arm64 CPUs, this is x64' });
    expect(checkAddon(readAddonInfo(addon('elf-x64')), NODE).ok).toBe(false);
  });

  it('rebuilds the Electron copy when better-sqlite3 or Electron changed, even at the same ABI', () => {
    const info = readAddonInfo(addon('elf-x64', '136'));
    const want = { moduleVersion: '12.11.1', electronVersion: '37.10.3', ...ELECTRON };
    const stamp = { module: 'better-sqlite3' as const, ...want };
    expect(checkElectronBuild(info, stamp, want)).toEqual({ ok: true });
    expect(checkElectronBuild(info, null, want).ok).toBe(false);
    expect(checkElectronBuild(info, { ...stamp, moduleVersion: '12.10.0' }, want)).toEqual({ ok: false, reason: 'it is better-sqlite3 12.10.0, node_modules has 12.11.1' });
    expect(checkElectronBuild(info, { ...stamp, electronVersion: '37.2.0' }, want)).toEqual({ ok: false, reason: 'it was built for Electron 37.2.0, node_modules has 37.10.3' });
    expect(checkElectronBuild(readAddonInfo(addon('elf-x64', '115')), stamp, want).ok).toBe(false);
  });
});

describe('repairing, in a temp project with the rebuilds faked', () => {
  let root: string;
  let calls: string[];
  let logs: string[];
  let stagedVersions: string[];
  const moduleDir = () => join(root, 'node_modules', 'better-sqlite3');
  const fx = (o: { node?: Buffer; electron?: Buffer }): NativeEffects => ({
    root,
    async rebuildForNode() {
      calls.push('node');
      if (o.node) writeFileSync(nodeAddonPath(root), o.node);
    },
    async rebuildForElectron({ stagingDir, electronVersion, target }) {
      calls.push(`electron ${electronVersion} v${target.abi}`);
      // What @electron/rebuild sees: a copy of the module's sources and no build of Node's.
      const staged = join(stagingDir, 'node_modules', 'better-sqlite3');
      expect(readFileSync(join(staged, 'lib', 'index.js'), 'utf8')).toBe('module.exports = 1;\n');
      expect(existsSync(join(staged, 'build'))).toBe(false);
      stagedVersions.push(JSON.parse(readFileSync(join(stagingDir, 'package.json'), 'utf8')).dependencies['better-sqlite3']);
      if (o.electron) {
        mkdirSync(join(staged, 'build', 'Release'), { recursive: true });
        writeFileSync(join(staged, 'build', 'Release', 'better_sqlite3.node'), o.electron);
      }
    },
    log: (m) => logs.push(m),
  });
  const want = { electronVersion: '37.10.3', moduleVersion: '12.11.1', target: ELECTRON };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'chargescope-native-'));
    calls = [];
    logs = [];
    stagedVersions = [];
    mkdirSync(join(moduleDir(), 'lib'), { recursive: true });
    mkdirSync(join(moduleDir(), 'build', 'Release'), { recursive: true });
    writeFileSync(join(moduleDir(), 'package.json'), JSON.stringify({ name: 'better-sqlite3', version: '12.11.1' }));
    writeFileSync(join(moduleDir(), 'lib', 'index.js'), 'module.exports = 1;\n');
    writeFileSync(nodeAddonPath(root), addon('elf-x64', NODE.abi));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('leaves a good Node build alone, without a rebuild', async () => {
    expect(await ensureNode(fx({}), NODE)).toBe('ok');
    expect(calls).toEqual([]);
  });

  it('rebuilds the Node build when it holds Electron\'s (after npm run dist), and says why', async () => {
    writeFileSync(nodeAddonPath(root), addon('elf-x64', ELECTRON.abi));
    expect(await ensureNode(fx({ node: addon('elf-x64', NODE.abi) }), NODE)).toBe('repaired');
    expect(calls).toEqual(['node']);
    expect(logs[0]).toContain('it is built for NODE_MODULE_VERSION 136, this runtime needs 115');
  });

  it('fails with what to do when the Node rebuild did not help', async () => {
    rmSync(nodeAddonPath(root));
    await expect(ensureNode(fx({}), NODE)).rejects.toThrow(/still unusable after the rebuild: it is not built\. Run `npm rebuild better-sqlite3`/);
  });

  it('builds the Electron copy in out/native/ from a staged copy, and never touches node_modules', async () => {
    const nodeBuild = readFileSync(nodeAddonPath(root));
    expect(await ensureElectron(fx({ electron: addon('elf-x64', ELECTRON.abi) }), want)).toBe('built');
    expect(calls).toEqual(['electron 37.10.3 v136']);
    expect(readAddonInfo(readFileSync(electronAddonPath(root, ELECTRON))).abi).toBe('136');
    expect(JSON.parse(readFileSync(join(electronAddonDir(root, ELECTRON), STAMP_FILE), 'utf8'))).toEqual({ module: 'better-sqlite3', moduleVersion: '12.11.1', electronVersion: '37.10.3', ...ELECTRON });
    expect(readFileSync(nodeAddonPath(root)).equals(nodeBuild)).toBe(true);
    expect(readdirSync(join(root, 'out', 'native'))).toEqual(['better-sqlite3-electron-v136-linux-x64']);

    // Up to date: nothing to do. A new better-sqlite3 in node_modules: built again.
    expect(await ensureElectron(fx({}), want)).toBe('ok');
    expect(calls).toHaveLength(1);
    expect(await ensureElectron(fx({ electron: addon('elf-x64', ELECTRON.abi) }), { ...want, moduleVersion: '12.12.0' })).toBe('built');
    expect(stagedVersions).toEqual(['12.11.1', '12.12.0']);
    expect(JSON.parse(readFileSync(join(electronAddonDir(root, ELECTRON), STAMP_FILE), 'utf8'))).toMatchObject({ moduleVersion: '12.12.0' });
  });

  it('keeps no Electron copy when the build made one for the wrong ABI, and says so', async () => {
    await expect(ensureElectron(fx({ electron: addon('elf-x64', NODE.abi) }), want)).rejects.toThrow(/NODE_MODULE_VERSION 115, this runtime needs 136/);
    expect(existsSync(electronAddonPath(root, ELECTRON))).toBe(false);
    expect(readdirSync(join(root, 'out', 'native'))).toEqual([]);
  });
});

describe('the core\'s side', () => {
  it('opens SQLite with the addon the shell names, else better-sqlite3\'s own', () => {
    expect(sqliteAddon({})).toEqual({});
    expect(sqliteAddon({ [SQLITE_ADDON_ENV]: '/x/better_sqlite3.node' })).toEqual({ nativeBinding: '/x/better_sqlite3.node' });
  });

  it('passes that choice to every `new Database(` in main/', () => {
    const sources = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
    const opens = sources(join(ROOT, 'main')).flatMap((f) => readFileSync(f, 'utf8').split('\n').filter((l) => /new Database\(/.test(l)).map((l) => `${f}: ${l.trim()}`));
    expect(opens.length).toBeGreaterThanOrEqual(3);
    expect(opens.filter((l) => !l.includes('sqliteAddon()'))).toEqual([]);
  });
});
