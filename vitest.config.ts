import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    maxWorkers: 2,
    reporters: ['default', './test/support/summary-reporter.ts'],
    // Projects so that a global setup (a build) runs only when its tests are queued.
    projects: [
      { extends: true, test: { name: 'node', include: ['test/**/*.test.ts', 'test/**/*.test.tsx'], exclude: ['test/e2e/**', 'test/desktop/**', '**/node_modules/**'] } },
      // The compiled desktop build (vite build + tsc -p tsconfig.electron.json, made once by its global setup, shared with e2e).
      { extends: true, test: { name: 'desktop', include: ['test/desktop/**/*.test.ts'], globalSetup: ['test/desktop/global-setup.ts'], testTimeout: 60_000, hookTimeout: 180_000 } },
      { extends: true, test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], globalSetup: ['test/e2e/global-setup.ts'], testTimeout: 60_000, hookTimeout: 120_000,
        // A page under a full parallel run (2 cores) can take seconds to redraw: poll longer than the 1 s default.
        expect: { poll: { timeout: 10_000, interval: 100 } } } },
    ],
  },
});
