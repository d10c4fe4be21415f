import { randomUUID } from 'node:crypto';
import type { JobProgress, LiveEvent } from '../../shared/api/types.ts';
import { LogError } from './errors.ts';

/** Thrown inside a job when it was cancelled (by DELETE /api/jobs/:id, a dropped client or shutdown). */
export class JobCancelled extends Error {
  readonly code = 'CANCELLED';
  constructor(what: string) {
    super(`${what} was cancelled; nothing of it was kept`);
    this.name = 'JobCancelled';
  }
}

const PUBLISH_EVERY_MS = 200;
const KEEP_FINISHED = 20;
const JOB_ID = /^[A-Za-z0-9_-]{1,64}$/;

export interface Job {
  readonly id: string;
  readonly signal: AbortSignal;
  readonly progress: Readonly<JobProgress>;
  /** Updates the counters; published at most every 200 ms. */
  update(p: Partial<Pick<JobProgress, 'phase' | 'done' | 'total' | 'unit' | 'frames' | 'skippedLines' | 'sessionId' | 'format'>>): void;
  /** Throws JobCancelled once the job was cancelled: call it between batches. */
  check(): void;
  succeed(): void;
  fail(err: unknown): void;
  /** Resolves when the job has ended (after its clean-up). */
  readonly ended: Promise<void>;
}

/**
 * Long exports and imports: each is a job with an id the client may choose, counters published as `progress`
 * live events (throttled), and an AbortController that the cancel route, a dropped client or shutdown trips.
 */
export function createJobs(publish: (e: LiveEvent) => void, clock: () => Date) {
  const running = new Map<string, { job: Job; controller: AbortController }>();
  const finished: JobProgress[] = [];

  function start(init: Pick<JobProgress, 'kind' | 'format' | 'sessionId' | 'fileName' | 'unit'> & { id?: string | undefined; total?: number | null }): Job {
    const id = init.id ?? randomUUID();
    if (!JOB_ID.test(id)) throw new LogError('BAD_INPUT', 'job must be 1 to 64 characters of A-Z a-z 0-9 _ -');
    if (running.has(id)) throw new LogError('CONFLICT', `job ${id} is already running: choose another id`);
    const controller = new AbortController();
    const progress: JobProgress = {
      id, kind: init.kind, format: init.format, sessionId: init.sessionId, fileName: init.fileName, state: 'running', phase: 'reading',
      done: 0, total: init.total ?? null, unit: init.unit, frames: 0, skippedLines: 0, startedAt: clock().toISOString(), error: null,
    };
    let last = 0;
    let resolveEnded!: () => void;
    const ended = new Promise<void>((r) => (resolveEnded = r));
    const emit = () => {
      last = Date.now();
      publish({ type: 'progress', progress: { ...progress } });
    };
    const end = (state: JobProgress['state'], error: string | null) => {
      if (progress.state !== 'running') return;
      progress.state = state;
      progress.error = error;
      running.delete(id);
      finished.push({ ...progress });
      if (finished.length > KEEP_FINISHED) finished.shift();
      emit();
      resolveEnded();
    };
    const job: Job = {
      id,
      signal: controller.signal,
      progress,
      update(p) {
        Object.assign(progress, p);
        if (Date.now() - last >= PUBLISH_EVERY_MS) emit();
      },
      check() {
        if (controller.signal.aborted) throw new JobCancelled(`${progress.kind} ${id}`);
      },
      succeed: () => end('done', null),
      fail: (err) => (err instanceof JobCancelled || controller.signal.aborted ? end('cancelled', null) : end('failed', (err as Error).message ?? String(err))),
      ended,
    };
    running.set(id, { job, controller });
    emit();
    return job;
  }

  return {
    start,
    list(): JobProgress[] {
      return [...[...running.values()].map((r) => ({ ...r.job.progress })), ...finished.slice().reverse()];
    },
    /** Trips the job's abort signal; false when no such job is running. */
    cancel(id: string): boolean {
      const r = running.get(id);
      if (!r) return false;
      r.controller.abort();
      return true;
    },
    /** Cancels every running job and waits (bounded) for their clean-up: on shutdown. */
    async cancelAll(timeoutMs = 10_000): Promise<void> {
      const all = [...running.values()];
      for (const r of all) r.controller.abort();
      await Promise.race([Promise.all(all.map((r) => r.job.ended)), new Promise((r) => setTimeout(r, timeoutMs).unref())]);
    },
  };
}
export type Jobs = ReturnType<typeof createJobs>;

/** Lets the event loop breathe between batches, so chargers are answered while a long job runs. */
export { yieldToLoop } from '../store/session-files/progress.ts';
