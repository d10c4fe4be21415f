/**
 * Builds the UI once for the e2e run, into a temp folder of its own (test/support/app-build.ts, shared with the
 * desktop tests): `npm run serve` (run by anyone in this checkout) empties dist/renderer when it rebuilds, which must
 * not pull the page from under a test.
 */
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildUi, useAppBuild } from '../support/app-build.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    uiDir: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const build = useAppBuild();
  await buildUi();
  project.provide('uiDir', join(build.root, 'dist', 'renderer'));
  return build.release;
}
