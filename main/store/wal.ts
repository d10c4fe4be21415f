import type { Db } from './db.ts';

const holds = new WeakMap<Db, { count: number; previous: number }>();

/**
 * Defers WAL checkpoints while a large import writes: with the default auto-checkpoint every ~10,000-row commit
 * also copied its pages back into the database file (and index pages again and again), which doubled the wall
 * time. The release restores the setting and checkpoints once, inside the import's own time. Nested holds
 * (two imports at once) release on the last one.
 */
export function holdCheckpoints(db: Db): () => void {
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
