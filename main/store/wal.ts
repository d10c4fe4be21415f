import type { Db } from './db.ts';

const holds = new WeakMap<Db, { count: number; previous: number; elsewhere: boolean; owed: boolean }>();

/**
 * Defers WAL checkpoints while a large import writes: with the default auto-checkpoint every ~10,000-row commit
 * also copied its pages back into the database file (and index pages again and again), which doubled the wall
 * time. The last release restores the setting and checkpoints once (PASSIVE). Nested holds (two imports at once)
 * release on the last one. `elsewhere`, when given, is called once with whether this release owes the checkpoint,
 * and runs it on another connection and thread (an import's writer): checkpointing a big import's WAL here stalled
 * the live CSMS ~1 s. Checkpoints stay deferred on this connection until it settles; a hold released meanwhile is
 * then checkpointed here.
 */
export function holdCheckpoints(db: Db): (elsewhere?: (checkpoint: boolean) => Promise<unknown>) => void {
  let h = holds.get(db);
  if (!h) {
    h = { count: 0, previous: db.pragma('wal_autocheckpoint', { simple: true }) as number, elsewhere: false, owed: false };
    holds.set(db, h);
  }
  if (h.count++ === 0) db.pragma('wal_autocheckpoint = 0');
  const hold = h;
  let released = false;
  const end = (checkpointHere: boolean) => {
    if (--hold.count > 0) return;
    holds.delete(db);
    if (!db.open) return;
    db.pragma(`wal_autocheckpoint = ${hold.previous}`);
    if (checkpointHere || hold.owed) db.pragma('wal_checkpoint(PASSIVE)');
  };
  return (elsewhere) => {
    if (released) return;
    released = true;
    const last = hold.count === 1;
    if (hold.elsewhere) hold.owed = true;
    if (!elsewhere) return end(true);
    if (!last) {
      void elsewhere(false).catch(() => undefined);
      return end(false);
    }
    hold.elsewhere = true;
    void elsewhere(true).catch(() => undefined).finally(() => {
      hold.elsewhere = false;
      end(false);
    });
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
