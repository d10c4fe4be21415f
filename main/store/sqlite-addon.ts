import type { Options } from 'better-sqlite3';

/**
 * better-sqlite3's compiled addon is built for one Node ABI. `npm install` builds it for Node (`npm run serve`, the
 * tests); Electron's Node has another ABI, so `npm start` keeps a second build of it for Electron and the desktop
 * shell names that file here before the core opens anything (README "Desktop app"). An environment variable rather
 * than an argument because the import worker threads open SQLite too and inherit the environment. A packaged app
 * clears it: its node_modules were rebuilt for Electron by electron-builder and it loads no code named by the
 * environment (the Electron fuses in electron-builder.yml turn NODE_OPTIONS off for the same reason).
 */
export const SQLITE_ADDON_ENV = 'CHARGESCOPE_SQLITE_ADDON';

/** The options that make better-sqlite3 load the addon named by the environment, or its own build when none is. */
export function sqliteAddon(env: NodeJS.ProcessEnv = process.env): Pick<Options, 'nativeBinding'> {
  const file = env[SQLITE_ADDON_ENV];
  return file ? { nativeBinding: file } : {};
}
