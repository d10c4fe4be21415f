/**
 * Builds the UI once for the e2e run, into a temp folder of its own: `npm run serve` (run by anyone in this
 * checkout) empties dist/renderer when it rebuilds, which must not pull the page from under a test.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'vite';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    uiDir: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const outDir = mkdtempSync(join(tmpdir(), 'chargescope-e2e-ui-'));
  await build({ configFile: resolve('vite.config.ts'), logLevel: 'warn', build: { outDir, emptyOutDir: true, sourcemap: false } });
  project.provide('uiDir', outDir);
  return () => rmSync(outDir, { recursive: true, force: true });
}
