// `node --import ./register.mjs dist/main/electron/main.js`: the compiled shell under plain Node, its
// `import { app, ... } from 'electron'` answered by electron.mjs. Worker threads inherit this --import: each says
// that it started (and for which role) on stderr, so a test can tell a worker import from the in-process fallback.
import { writeSync } from 'node:fs';
import { register } from 'node:module';
import { isMainThread, workerData } from 'node:worker_threads';

register('./loader.mjs', import.meta.url);
if (!isMainThread) writeSync(2, `@@stub ${JSON.stringify({ name: 'worker-thread', data: { role: workerData?.role ?? null } })}\n`);
