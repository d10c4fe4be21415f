import type { Db } from '../store/db.ts';

type Done<T> = (error: Error | null, value: T | undefined) => void;
interface Job { work: () => unknown; done: Done<unknown>; recover: ((error: Error) => unknown) | undefined }

const asError = (err: unknown): Error => (err instanceof Error ? err : new Error(String(err)));

/**
 * Group commit. Work queued in one event-loop turn runs in one SQLite transaction (each job in its own
 * savepoint, so one failing job does not undo the others, and may record its failure instead); only after
 * the COMMIT (an fsync, with synchronous=FULL) are the jobs' `done` callbacks run, and only they send
 * anything to a socket.
 * So nothing is acknowledged before it is on disk, and a busy site pays one fsync per turn, not per frame.
 */
export function createCommitter(db: Db, options: { onRollback?: () => void } = {}) {
  const savepoint = db.prepare('SAVEPOINT job');
  const release = db.prepare('RELEASE job');
  const rollbackTo = db.prepare('ROLLBACK TO job');
  let queue: Job[] = [];
  let scheduled = false;
  let commits = 0;
  let lazyTimer: NodeJS.Timeout | null = null;

  let rolledBack = false;
  const runAll = db.transaction((jobs: Job[], results: { error: Error | null; value: unknown }[]) => {
    for (const job of jobs) {
      savepoint.run();
      try {
        results.push({ error: null, value: job.work() });
        release.run();
        continue;
      } catch (err) {
        // Everything the job wrote is undone; its savepoint stays open for the recovery, if it has one.
        rollbackTo.run();
        rolledBack = true;
        if (!job.recover) {
          release.run();
          results.push({ error: asError(err), value: undefined });
          continue;
        }
        try {
          results.push({ error: null, value: job.recover(asError(err)) });
          release.run();
        } catch (again) {
          rollbackTo.run();
          release.run();
          results.push({ error: asError(again), value: undefined });
        }
      }
    }
  });

  function flush(): void {
    scheduled = false;
    if (lazyTimer !== null) {
      clearTimeout(lazyTimer);
      lazyTimer = null;
    }
    const jobs = queue;
    queue = [];
    if (jobs.length === 0) return;
    const results: { error: Error | null; value: unknown }[] = [];
    rolledBack = false;
    try {
      runAll(jobs, results);
      commits++;
    } catch (err) {
      options.onRollback?.();
      const error = asError(err);
      for (const job of jobs) safeDone(job, error, undefined);
      return;
    }
    if (rolledBack) options.onRollback?.();
    jobs.forEach((job, i) => safeDone(job, results[i]!.error, results[i]!.value));
  }

  function safeDone(job: Job, error: Error | null, value: unknown): void {
    try {
      job.done(error, value);
    } catch (err) {
      // A callback that throws must not keep the others from running; report it loudly.
      process.emitWarning(`ChargeScope: a post-commit callback failed: ${(err as Error).stack ?? String(err)}`);
    }
  }

  return {
    /**
     * Runs `work` inside the next group commit; `done` runs after the commit (or with the error). When `work`
     * throws, what it wrote is rolled back and `recover` (if given) runs in its place, in the same commit: one
     * savepoint per job covers both, so the hot path pays for no second one.
     */
    enqueue<T>(work: () => T, done: Done<T>, recover?: (error: Error) => T): void {
      queue.push({ work, done: done as Done<unknown>, recover });
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    },
    /**
     * Queues work without asking for a commit of its own: it rides with the next commit another job asks for, or
     * commits after `maxDelayMs`. For records that acknowledge nothing (proxy mode's relayed CALLs): the answer
     * that acknowledges one is committed after it, in the same fsync. Order with other jobs is kept.
     */
    enqueueLazy<T>(work: () => T, done: Done<T>, maxDelayMs: number): void {
      queue.push({ work, done: done as Done<unknown>, recover: undefined });
      if (scheduled || lazyTimer !== null) return;
      lazyTimer = setTimeout(() => {
        lazyTimer = null;
        if (!scheduled) {
          scheduled = true;
          setImmediate(flush);
        }
      }, maxDelayMs);
    },
    /** Promise form, for callers off the hot path. */
    run<T>(work: () => T): Promise<T> {
      return new Promise((resolve, reject) => {
        this.enqueue(work, (err, value) => (err ? reject(err) : resolve(value as T)));
      });
    },
    /** Commits whatever is queued now (used on shutdown). */
    flushNow: flush,
    get commits(): number {
      return commits;
    },
    get pending(): number {
      return queue.length;
    },
  };
}
export type Committer = ReturnType<typeof createCommitter>;
