/**
 * Where `npm start` keeps better-sqlite3 built for Electron's ABI: beside the Node build in node_modules, never over
 * it, so `npm start`, `npm run serve` and `npm test` all work in one checkout at the same time. One folder per ABI,
 * platform and CPU, so a newer Electron (another NODE_MODULE_VERSION) gets a build of its own rather than a crash.
 * scripts/ensure-native.ts builds it; the shell hands its path to the core (main/store/sqlite-addon.ts).
 * No electron import here: the build script and the tests use this under plain Node.
 */
import { join } from 'node:path';

export const ADDON_FILE = 'better_sqlite3.node';

export interface AddonTarget {
  /** NODE_MODULE_VERSION: `process.versions.modules` of the runtime that loads it. */
  abi: string;
  platform: NodeJS.Platform;
  arch: string;
}

export function electronAddonDir(appRoot: string, target: AddonTarget): string {
  return join(appRoot, 'out', 'native', `better-sqlite3-electron-v${target.abi}-${target.platform}-${target.arch}`);
}

export function electronAddonPath(appRoot: string, target: AddonTarget): string {
  return join(electronAddonDir(appRoot, target), ADDON_FILE);
}
