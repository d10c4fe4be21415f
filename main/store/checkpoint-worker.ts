import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { sqliteAddon } from './sqlite-addon.ts';
import type { CheckpointerMessage, CheckpointerReport, CheckpointerSetup } from './checkpointer.ts';

/**
 * The checkpointer's thread (checkpointer.ts): its own connection to the live database copies the WAL's pages back
 * into the database file with PASSIVE checkpoints, which never wait for nor block the main thread's writes.
 */
const setup = workerData as CheckpointerSetup;
const port = parentPort!;
const db = new Database(setup.file, { ...sqliteAddon(), fileMustExist: true });
// The checkpoint syncs the WAL before copying and the database after, whichever level; FULL as everywhere else.
db.pragma('synchronous = FULL');
db.pragma('busy_timeout = 0');
let holds = 0;
let lastCatchUp = 0;

function pass(): void {
  if (holds > 0 || !db.open) return;
  let row: { busy: number; log: number; checkpointed: number } | undefined;
  try {
    row = (db.pragma('wal_checkpoint(PASSIVE)') as { busy: number; log: number; checkpointed: number }[])[0];
  } catch (err) {
    report({ type: 'error', message: (err as Error).message });
    return;
  }
  if (!row || row.log < 0) return;
  // `log` is the WAL as this pass saw it: the main thread may have written more while the pages were copied, and
  // then the WAL never empties and never restarts. Past `restartFrames` the main thread copies the short tail
  // itself, between two of its commits, and its next commit starts the WAL from the top.
  const now = Date.now();
  if (row.log >= setup.restartFrames && now - lastCatchUp >= setup.catchUpEveryMs) {
    lastCatchUp = now;
    report({ type: 'catch-up', log: row.log, checkpointed: row.checkpointed });
  }
}

function report(m: CheckpointerReport): void {
  port.postMessage(m);
}

const timer = setInterval(pass, setup.intervalMs);
port.on('message', (m: CheckpointerMessage) => {
  if (m.type === 'hold') holds++;
  else if (m.type === 'release') {
    holds = Math.max(0, holds - 1);
    // An import's pages go back into the database now, here, not on the thread that answers chargers.
    if (holds === 0) pass();
  } else if (m.type === 'stop') {
    clearInterval(timer);
    if (db.open) db.close();
    port.close();
  }
});
report({ type: 'ready' });
