/**
 * One build of the app per vitest run, shared by the projects that need it: the e2e tests take its UI, the desktop
 * tests its UI and its compiled core. The build goes to a temp folder shaped like the packaged app (dist/renderer from
 * `vite build`, dist/main and dist/shared from `tsc -p tsconfig.electron.json`, package.json, and node_modules linked
 * to the checkout's), never to this checkout's dist/, which `npm run serve` empties when it rebuilds.
 * Global setups run in vitest's main process, so the build is kept on globalThis: each project's setup awaits the
 * same one, and the last teardown removes it.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'vite';

const ROOT = resolve(import.meta.dirname, '../..');
const KEY = Symbol.for('chargescope.test.app-build');

interface AppBuild {
  root: string;
  ui: Promise<void> | null;
  core: Promise<void> | null;
  users: number;
}

function current(): AppBuild {
  const g = globalThis as unknown as Record<symbol, AppBuild | undefined>;
  let b = g[KEY];
  if (!b) {
    const root = mkdtempSync(join(tmpdir(), 'chargescope-app-'));
    copyFileSync(join(ROOT, 'package.json'), join(root, 'package.json'));
    symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'), 'junction');
    b = g[KEY] = { root, ui: null, core: null, users: 0 };
  }
  return b;
}

/** Takes a share of the build; `release` gives it back (the last one removes the folder). Returns the app root. */
export function useAppBuild(): { root: string; release: () => void } {
  const b = current();
  b.users++;
  return {
    root: b.root,
    release() {
      if (--b.users > 0) return;
      delete (globalThis as unknown as Record<symbol, AppBuild | undefined>)[KEY];
      rmSync(b.root, { recursive: true, force: true });
    },
  };
}

/** `vite build` into <root>/dist/renderer (once per run). */
export function buildUi(): Promise<void> {
  const b = current();
  return (b.ui ??= build({
    configFile: join(ROOT, 'vite.config.ts'), logLevel: 'warn',
    build: { outDir: join(b.root, 'dist', 'renderer'), emptyOutDir: true, sourcemap: false },
  }).then(() => undefined));
}

/**
 * `tsc -p tsconfig.electron.json` into <root>/dist (once per run): the shell and the core as the desktop app runs
 * them. `--noCheck`: `npm test` type-checks the same sources in its first step; this only emits.
 */
export function buildCore(): Promise<void> {
  const b = current();
  const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  return (b.core ??= promisify(execFile)(process.execPath, [tsc, '-p', 'tsconfig.electron.json', '--outDir', join(b.root, 'dist'), '--noCheck', '--sourceMap', 'false'], { cwd: ROOT })
    .then(() => undefined, (err: Error & { stdout?: string }) => {
      throw new Error(`tsc -p tsconfig.electron.json failed: ${err.stdout ?? ''}${err.message}`);
    }));
}
