/**
 * Makes better-sqlite3 loadable by the runtime about to start, repairing it when it is not:
 *
 *   node --import tsx scripts/ensure-native.ts node      before `npm run serve` and `npm test`
 *   node --import tsx scripts/ensure-native.ts electron  before `electron .` in `npm start`
 *
 * Two builds, two folders. node_modules/better-sqlite3 keeps the build for Node that `npm install` made; the build
 * for Electron's ABI lives in out/native/better-sqlite3-electron-v<ABI>-<platform>-<arch>/ (main/electron/native-addon.ts),
 * made by @electron/rebuild in a copy of the module, so neither run ever breaks the other. The checks read the
 * addon file (scripts/native-addon.ts) and cost milliseconds; only a repair needs the network (a prebuilt binary
 * from better-sqlite3's releases, else Electron's or Node's headers and a C++ compiler). `npm run dist` lets
 * electron-builder rebuild node_modules for Electron in place; `postdist` runs the Node check, which puts the Node
 * build back.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ADDON_FILE, electronAddonDir, type AddonTarget } from '../main/electron/native-addon.ts';
import { checkAddon, checkElectronBuild, readAddonInfo, type AddonInfo, type ElectronBuildStamp, type Verdict } from './native-addon.ts';

export const STAMP_FILE = 'build.json';

/** The effects, so that the decisions are tested with fakes and only the real rebuilds need the network. */
export interface NativeEffects {
  /** The project root (where package.json and node_modules are). */
  root: string;
  /** `npm rebuild better-sqlite3` in the project: the module's own install script, for this Node. */
  rebuildForNode(): Promise<void>;
  /** Builds better-sqlite3 for Electron into `stagingDir` (a copy of the module), leaving the addon in its build/Release. */
  rebuildForElectron(o: { stagingDir: string; electronVersion: string; target: AddonTarget }): Promise<void>;
  log(message: string): void;
}

export function nodeAddonPath(root: string): string {
  return join(root, 'node_modules', 'better-sqlite3', 'build', 'Release', ADDON_FILE);
}

export function addonInfoAt(file: string): AddonInfo | null {
  return existsSync(file) ? readAddonInfo(readFileSync(file)) : null;
}

function fail(what: string, verdict: Verdict & { ok: false }, hint: string): Error {
  return new Error(`better-sqlite3 for ${what} is still unusable after the rebuild: ${verdict.reason}. ${hint}`);
}

/** The Node build in node_modules: checked, and rebuilt in place when it is for another runtime (after `npm run dist`, or a Node upgrade). */
export async function ensureNode(fx: NativeEffects, runtime: AddonTarget): Promise<'ok' | 'repaired'> {
  const file = nodeAddonPath(fx.root);
  const before = checkAddon(addonInfoAt(file), runtime);
  if (before.ok) return 'ok';
  fx.log(`better-sqlite3 cannot load in this Node (NODE_MODULE_VERSION ${runtime.abi}): ${before.reason}. Rebuilding it for Node (npm rebuild better-sqlite3)...`);
  await fx.rebuildForNode();
  const after = checkAddon(addonInfoAt(file), runtime);
  if (!after.ok) throw fail('Node', after, 'Run `npm rebuild better-sqlite3` and read its output (it needs the network, or Python and a C++ compiler).');
  fx.log('better-sqlite3 rebuilt for Node.');
  return 'repaired';
}

export interface ElectronWant {
  electronVersion: string;
  moduleVersion: string;
  target: AddonTarget;
}

/** The Electron build in out/native/: made when missing or out of date, never touching node_modules. */
export async function ensureElectron(fx: NativeEffects, want: ElectronWant): Promise<'ok' | 'built'> {
  const dir = electronAddonDir(fx.root, want.target);
  const file = join(dir, ADDON_FILE);
  const stampFile = join(dir, STAMP_FILE);
  const stamp = existsSync(stampFile) ? (JSON.parse(readFileSync(stampFile, 'utf8')) as ElectronBuildStamp) : null;
  const wantStamp = { moduleVersion: want.moduleVersion, electronVersion: want.electronVersion, ...want.target };
  const before = checkElectronBuild(addonInfoAt(file), stamp, wantStamp);
  if (before.ok) return 'ok';
  fx.log(`better-sqlite3 for Electron ${want.electronVersion} (NODE_MODULE_VERSION ${want.target.abi}, ${want.target.platform}-${want.target.arch}): ${before.reason}. Building it (@electron/rebuild, needs the network once)...`);
  const stagingDir = `${dir}.staging`;
  rmSync(stagingDir, { recursive: true, force: true });
  try {
    stageModuleCopy(fx.root, stagingDir, want.moduleVersion);
    await fx.rebuildForElectron({ stagingDir, electronVersion: want.electronVersion, target: want.target });
    const built = join(stagingDir, 'node_modules', 'better-sqlite3', 'build', 'Release', ADDON_FILE);
    const check = checkAddon(addonInfoAt(built), want.target);
    if (!check.ok) throw fail(`Electron ${want.electronVersion}`, check, 'Read the rebuild output above; https://github.com/electron/rebuild lists what a source build needs.');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    cpSync(built, file);
    const newStamp: ElectronBuildStamp = { module: 'better-sqlite3', ...wantStamp };
    writeFileSync(stampFile, `${JSON.stringify(newStamp, null, 2)}\n`);
  } finally {
    rmSync(stagingDir, { recursive: true, force: true });
  }
  fx.log(`better-sqlite3 built for Electron ${want.electronVersion}: ${relative(fx.root, file)}`);
  return 'built';
}

/**
 * A private copy of node_modules/better-sqlite3 (its sources, without its build/) in a folder shaped like an app, for
 * @electron/rebuild to build in. Copied, not linked: the build writes there, never into node_modules.
 */
export function stageModuleCopy(root: string, stagingDir: string, moduleVersion: string): void {
  const from = join(root, 'node_modules', 'better-sqlite3');
  const to = join(stagingDir, 'node_modules', 'better-sqlite3');
  mkdirSync(to, { recursive: true });
  writeFileSync(join(stagingDir, 'package.json'), JSON.stringify({ name: 'chargescope-native-staging', private: true, dependencies: { 'better-sqlite3': moduleVersion } }));
  const skip = join(from, 'build');
  cpSync(from, to, { recursive: true, filter: (src) => src !== skip && !src.startsWith(skip + sep) });
}

/** The real effects: npm for Node, @electron/rebuild (prebuilt binary first, else a source build) for Electron. */
export function realEffects(root: string): NativeEffects {
  return {
    root,
    async rebuildForNode() {
      const r = spawnSync('npm', ['rebuild', 'better-sqlite3'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
      if (r.status !== 0) throw new Error(`npm rebuild better-sqlite3 failed (exit ${r.status ?? r.signal})`);
    },
    async rebuildForElectron({ stagingDir, electronVersion, target }) {
      const { rebuild } = await import('@electron/rebuild');
      await rebuild({ buildPath: stagingDir, projectRootPath: stagingDir, electronVersion, arch: target.arch, platform: target.platform, onlyModules: ['better-sqlite3'], force: true, mode: 'sequential' });
    },
    log: (m) => process.stderr.write(`chargescope: ${m}\n`),
  };
}

/** Electron's version and ABI as installed in node_modules (the binary itself may be absent: ELECTRON_SKIP_BINARY_DOWNLOAD). */
export async function installedElectron(root: string): Promise<{ electronVersion: string; abi: string }> {
  const require = createRequire(join(root, 'package.json'));
  let electronVersion: string;
  try {
    electronVersion = (require('electron/package.json') as { version: string }).version;
  } catch {
    throw new Error('electron is not installed: run `npm install` first');
  }
  const { getAbi } = await import('node-abi');
  return { electronVersion, abi: getAbi(electronVersion, 'electron') };
}

export function installedModuleVersion(root: string): string {
  return (JSON.parse(readFileSync(join(root, 'node_modules', 'better-sqlite3', 'package.json'), 'utf8')) as { version: string }).version;
}

async function main(which: string | undefined): Promise<void> {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const fx = realEffects(root);
  const host = { platform: process.platform, arch: process.arch };
  if (which === 'node') {
    await ensureNode(fx, { abi: process.versions.modules, ...host });
  } else if (which === 'electron') {
    const { electronVersion, abi } = await installedElectron(root);
    await ensureElectron(fx, { electronVersion, moduleVersion: installedModuleVersion(root), target: { abi, ...host } });
  } else {
    throw new Error('usage: node --import tsx scripts/ensure-native.ts node|electron');
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv[2]).catch((err: Error) => {
    process.stderr.write(`chargescope: ${err.message}\n`);
    process.exit(1);
  });
}
