import type { Worker } from 'node:worker_threads';
import { startWorkerAt } from '../platform/start-worker.ts';
import type { Db } from './db.ts';

export interface CheckpointerSetup {
  file: string;
  intervalMs: number;
  /** From this many WAL frames (4 KB pages) on, a WAL that never empties is caught up by the main thread. */
  restartFrames: number;
  catchUpEveryMs: number;
}
export type CheckpointerMessage = { type: 'hold' } | { type: 'release' } | { type: 'stop' };
export type CheckpointerReport =
  | { type: 'ready' }
  | { type: 'catch-up'; log: number; checkpointed: number }
  | { type: 'error'; message: string };

export interface Checkpointer {
  /** Defers checkpoints (a large import writing); the returned function releases, once. */
  hold(): () => void;
  /** Resolves once the thread has opened its connection (a few hundred ms under tsx); true, or false if it failed. */
  readonly ready: Promise<boolean>;
  /** Stops the thread (its connection closed) before the main connection closes. */
  close(): Promise<void>;
}

const running = new WeakMap<Db, Checkpointer>();

/** The checkpointer of a connection, when it has one (holdCheckpoints asks). */
export function checkpointerOf(db: Db): Checkpointer | undefined {
  return running.get(db);
}

/**
 * WAL checkpoints off the event loop. SQLite's automatic checkpoint runs inside the COMMIT that crosses 1,000 WAL
 * pages, on the thread that commits: at site load (~20 MB of WAL a second) the main thread stopped for 5–30 ms
 * every fraction of a second to copy pages and sync the database file, and every charger's answer waited. Here the
 * main connection never checkpoints (wal_autocheckpoint = 0); a worker thread with its own connection runs PASSIVE
 * checkpoints every `intervalMs` (half a second: a page rewritten by many commits is copied once). When the main thread writes without pause the WAL is never fully copied, so it
 * would never restart and would grow: past `restartFrames` the worker asks the main thread to copy the short tail
 * between two commits (a checkpoint of a few pages), and the next commit restarts the WAL from its start.
 * Should the thread fail, the main connection goes back to SQLite's automatic checkpoints.
 */
export function startCheckpointer(db: Db, file: string, options: Partial<Omit<CheckpointerSetup, 'file'>> & { log?: (m: string) => void } = {}): Checkpointer {
  const setup: CheckpointerSetup = { file, intervalMs: options.intervalMs ?? 500, restartFrames: options.restartFrames ?? 8192, catchUpEveryMs: options.catchUpEveryMs ?? 1000 };
  const log = options.log ?? ((m: string) => process.stderr.write(`${m}\n`));
  const automatic = db.pragma('wal_autocheckpoint', { simple: true }) as number;
  db.pragma('wal_autocheckpoint = 0');
  const worker: Worker = startWorkerAt(import.meta.url, 'checkpoint-worker', setup, { maxOldGenerationSizeMb: 64 });
  worker.unref();
  let alive = true;
  let catchUp: NodeJS.Immediate | null = null;
  let started: (ok: boolean) => void = () => undefined;
  const ready = new Promise<boolean>((resolve) => (started = resolve));
  const fallBack = (why: string) => {
    if (!alive) return;
    alive = false;
    started(false);
    log(`WAL checkpointer stopped (${why}); SQLite's automatic checkpoints take over`);
    if (db.open) db.pragma(`wal_autocheckpoint = ${automatic}`);
  };
  worker.on('message', (m: CheckpointerReport) => {
    if (m.type === 'ready') started(true);
    if (m.type === 'error') log(`WAL checkpoint failed: ${m.message}`);
    if (m.type === 'catch-up' && catchUp === null) catchUpSoon(3);
  });
  /** Between two commits (never inside one: better-sqlite3's transactions are synchronous); again if the thread was in a pass. */
  const catchUpSoon = (tries: number) => {
    catchUp = setImmediate(() => {
      catchUp = null;
      if (!db.open || db.inTransaction || !alive) return;
      const row = (db.pragma('wal_checkpoint(PASSIVE)') as { busy: number }[])[0];
      if (row?.busy && tries > 1) setTimeout(() => alive && catchUp === null && catchUpSoon(tries - 1), 5).unref();
    });
  };
  worker.on('error', (err) => fallBack(err.message));
  worker.on('exit', (code) => fallBack(`exit ${code}`));
  const send = (m: CheckpointerMessage) => {
    if (alive) worker.postMessage(m);
  };
  const cp: Checkpointer = {
    ready,
    hold() {
      send({ type: 'hold' });
      let released = false;
      return () => {
        if (released) return;
        released = true;
        send({ type: 'release' });
      };
    },
    async close() {
      running.delete(db);
      if (catchUp !== null) clearImmediate(catchUp);
      if (!alive) return;
      alive = false;
      started(false);
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      worker.postMessage({ type: 'stop' } satisfies CheckpointerMessage);
      const timer = setTimeout(() => void worker.terminate(), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
  running.set(db, cp);
  return cp;
}
