import { existsSync, readFileSync } from 'node:fs';

/**
 * The app version from package.json (read once): two folders up from the sources, three from the
 * Electron build (dist/main/app/version.js, or inside app.asar).
 */
function readVersion(): string {
  const candidates = ['../../package.json', '../../../package.json'].map((rel) => new URL(rel, import.meta.url));
  const file = candidates.find((u) => existsSync(u)) ?? candidates[0]!;
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
}

export const VERSION: string = readVersion();
