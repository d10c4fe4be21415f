import { checkpointerOf } from './checkpointer.ts';
import type { Db } from './db.ts';

const holds = new WeakMap<Db, { count: number; previous: number }>();

/**
 * Defers WAL checkpoints while a large import writes: with the default auto-checkpoint every ~10,000-row commit
 * also copied its pages back into the database file (and index pages again and again), which doubled the wall
 * time. The release restores the setting and checkpoints once, inside the import's own time. Nested holds
 * (two imports at once) release on the last one. With a checkpointer thread (the app's), it is that thread that
 * waits, and that checkpoints once on the release, off the main thread.
 */
export function holdCheckpoints(db: Db): () => void {
  const checkpointer = checkpointerOf(db);
  if (checkpointer) return checkpointer.hold();
  let h = holds.get(db);
  if (!h) {
    h = { count: 0, previous: db.pragma('wal_autocheckpoint', { simple: true }) as number };
    holds.set(db, h);
  }
  if (h.count++ === 0) db.pragma('wal_autocheckpoint = 0');
  const hold = h;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    if (--hold.count > 0) return;
    holds.delete(db);
    if (!db.open) return;
    db.pragma(`wal_autocheckpoint = ${hold.previous}`);
    db.pragma('wal_checkpoint(PASSIVE)');
  };
}

/**
 * Runs `fn` in one write transaction whose commit does not wait for the disk (synchronous=NORMAL, restored after):
 * for the batches of an import, which nothing sees before its last transaction (the recording row, committed
 * synchronously) and which a restart removes when that never came (removePartialImports). In WAL mode NORMAL keeps
 * the database consistent, a power cut only loses such commits; every commit of the live CSMS stays FULL, and its
 * fsync of the WAL also covers the import's pages written before it. Waiting for one fsync per 2,500-line batch cost
 * the import's thread ~10 ms each (400 for a million lines) and the CPU of the writes they forced.
 */
export function commitUnsynced<T>(db: Db, fn: () => T): T {
  const run = db.transaction(fn);
  if (db.inTransaction) return run();
  const previous = db.pragma('synchronous', { simple: true }) as number;
  db.pragma('synchronous = NORMAL');
  try {
    return run();
  } finally {
    db.pragma(`synchronous = ${previous}`);
  }
}
