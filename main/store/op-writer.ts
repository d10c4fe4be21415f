import { openDatabase } from './db.ts';
import { createFindingRepo } from './findings.ts';
import { OpApplier, type OpBatch } from './replay-ops.ts';
import { createTransactionRepo } from './transactions.ts';
import { commitUnsynced } from './wal.ts';

/**
 * Batches committed without waiting for the disk between two that do: the WAL written meanwhile (~40 MB for a trace)
 * reaches the disk here, off the store's thread, instead of all at once in the fsync of the import's last commit
 * (~0.6 s for a million lines, on the store's thread).
 */
const SYNC_EVERY = 20;

/**
 * A connection of its own to the store's database that writes one import's rows (in the import's writer thread,
 * main/logs/import/import-writer.ts): the live CSMS's thread never waits for them. Each batch is one write transaction,
 * most of them not waiting for the disk (commitUnsynced; the recording row the store's thread writes last is
 * synchronous and its fsync covers them); WAL checkpoints are off on this connection while it writes, and
 * `checkpoint` runs the one that the import's end owes (PASSIVE: it never blocks the live connection's commits).
 */
export function openOpWriter(file: string, sessionId: number) {
  const db = openDatabase(file);
  db.pragma('wal_autocheckpoint = 0');
  const applier = new OpApplier({ db, findings: createFindingRepo(db), transactions: createTransactionRepo(db) }, sessionId);
  let batches = 0;
  return {
    /** One batch in one transaction; every SYNC_EVERY-th waits for the disk. */
    apply(b: OpBatch): void {
      if (++batches % SYNC_EVERY === 0) db.transaction(() => applier.apply(b))();
      else commitUnsynced(db, () => applier.apply(b));
    },
    checkpoint(): void {
      db.pragma('wal_checkpoint(PASSIVE)');
    },
    close(): void {
      if (db.open) db.close();
    },
  };
}
export type OpWriter = ReturnType<typeof openOpWriter>;
