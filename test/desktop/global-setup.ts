/**
 * The desktop tests run what `npm start` and `npm run dist` run: the UI from `vite build` and the shell and core from
 * `tsc -p tsconfig.electron.json` (test/support/app-build.ts builds both once per run). Under plain Node the
 * "Electron" build of better-sqlite3 that the shell loads from out/native/ must have Node's ABI, so it is a copy of
 * node_modules' build, at the path the shell computes for this runtime: the test then sees that the shell and the
 * worker threads load that file and not node_modules' own.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { electronAddonPath } from '../../main/electron/native-addon.ts';
import { nodeAddonPath } from '../../scripts/ensure-native.ts';
import { buildCore, buildUi, useAppBuild } from '../support/app-build.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    appRoot: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const build = useAppBuild();
  await Promise.all([buildUi(), buildCore()]);
  const addon = electronAddonPath(build.root, { abi: process.versions.modules, platform: process.platform, arch: process.arch });
  mkdirSync(dirname(addon), { recursive: true });
  copyFileSync(nodeAddonPath(resolve(import.meta.dirname, '../..')), addon);
  project.provide('appRoot', build.root);
  return build.release;
}
