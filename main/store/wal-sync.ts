import { closeSync, fdatasync, fdatasyncSync, fstatSync, openSync } from 'node:fs';
import type { Db } from './db.ts';

type Acknowledge = (error: Error | null) => void;
type SyncFile = (fd: number, done: (error: NodeJS.ErrnoException | null) => void) => void;

/**
 * Durable commits that do not stop the event loop. With `synchronous=FULL`, SQLite writes a commit's pages to the
 * WAL and then fsyncs the WAL inside COMMIT, on the thread that commits: every charger on the site waits while the
 * disk syncs (0.1–0.5 ms on a quiet SSD, tens of ms on a busy one), and in proxy mode every relayed answer waits
 * for it twice over. The live committer instead commits at NORMAL (the pages are written to the WAL, nothing is
 * acknowledged yet) and asks here for the same fsync (fdatasync of the WAL file, as SQLite does it), run on libuv's
 * thread pool; the acknowledgements are sent from its callback, once the WAL up to and including that commit is on
 * disk. That is the fsync FULL would have done, moved off the event loop: in WAL mode NORMAL and FULL differ only
 * by it (NORMAL still syncs the WAL before each checkpoint, the database after it, and the WAL header when the WAL
 * restarts), so a power cut loses only commits not acknowledged yet, and a kill -9 loses nothing committed.
 *
 * One fdatasync runs at a time; commits made while it runs share the next one (group commit across event-loop turns,
 * in order). Every other write on the connection keeps the connection's own setting, FULL.
 */
export function createWalSync(db: Db, file: string, syncFile: SyncFile = fdatasync) {
  let fd: number | null = null;
  /** Acknowledgements waiting for the fdatasync in flight, and for the next one. */
  let syncing: Acknowledge[] | null = null;
  let waiting: Acknowledge[] = [];
  /** An fdatasync on the thread pool holds the fd: it is closed after it returns. */
  let inFlight = false;
  let closed = false;

  /** The WAL file, opened once (SQLite keeps it while the connection is open; reopened should it be replaced). */
  function walFd(): number {
    if (fd !== null && fstatSync(fd).nlink > 0) return fd;
    if (fd !== null) closeSync(fd);
    fd = null;
    // Read-write: Windows syncs only a handle opened for writing. Nothing is ever written through it.
    fd = openSync(`${file}-wal`, 'r+');
    return fd;
  }

  function closeFd(): void {
    if (!closed || inFlight || fd === null) return;
    closeSync(fd);
    fd = null;
  }

  function acknowledge(batch: Acknowledge[], error: Error | null): void {
    for (const ack of batch) {
      try {
        ack(error);
      } catch (err) {
        process.emitWarning(`ChargeScope: an acknowledgement after the WAL sync failed: ${(err as Error).stack ?? String(err)}`);
      }
    }
  }

  function next(): void {
    if (syncing !== null || waiting.length === 0 || closed) return;
    const batch = waiting;
    waiting = [];
    syncing = batch;
    let target: number;
    try {
      target = walFd();
    } catch (err) {
      syncing = null;
      acknowledge(batch, new Error(`the WAL could not be opened to sync it: ${(err as Error).message}`));
      return next();
    }
    inFlight = true;
    syncFile(target, (err) => {
      inFlight = false;
      // close() may have synced and acknowledged this batch already.
      if (syncing !== batch) return closeFd();
      syncing = null;
      acknowledge(batch, err ? new Error(`the WAL could not be synced to disk: ${err.message}`) : null);
      next();
    });
  }

  return {
    /**
     * Runs `write` (a whole write transaction, opened and committed by it) at NORMAL: its commit is in the WAL,
     * not yet on disk. Acknowledge it only from `afterSync`.
     */
    unsynced<T>(write: () => T): T {
      if (db.inTransaction) return write();
      db.pragma('synchronous = NORMAL');
      try {
        return write();
      } finally {
        db.pragma('synchronous = FULL');
      }
    },
    /** Calls `ack` once every commit made before this call is on disk (or with the error that kept it from it). */
    afterSync(ack: Acknowledge): void {
      if (closed) {
        acknowledge([ack], new Error('the store is closed'));
        return;
      }
      waiting.push(ack);
      next();
    },
    /** Acknowledgements not sent yet (waiting for a sync). */
    get pending(): number {
      return waiting.length + (syncing?.length ?? 0);
    },
    /** Syncs now, on this thread, and sends every acknowledgement still waiting (shutdown). */
    close(): void {
      if (closed) return;
      const batch = [...(syncing ?? []), ...waiting];
      syncing = null;
      waiting = [];
      closed = true;
      let error: Error | null = null;
      if (batch.length > 0) {
        try {
          fdatasyncSync(walFd());
        } catch (err) {
          error = new Error(`the WAL could not be synced to disk: ${(err as Error).message}`);
        }
      }
      closeFd();
      acknowledge(batch, error);
    },
  };
}
export type WalSync = ReturnType<typeof createWalSync>;
