import type { JobProgress } from '../../../shared/api/types.ts';

/**
 * What a long copy reports to and asks of the job that runs it (main/logs/jobs.ts's Job is one): counters, and
 * `check()`, which throws once the job was cancelled.
 */
export interface CopyProgress {
  update(p: Partial<Pick<JobProgress, 'phase' | 'done' | 'total' | 'unit' | 'frames' | 'sessionId'>>): void;
  check(): void;
}

/** Replaces idTags, serials, keys and passwords in the rows an anonymized export writes (main/logs/export/anonymize.ts). */
export interface RowAnonymizer {
  row(table: string, r: Record<string, unknown>): void;
  raw(text: string): string;
  json(text: string): string;
}

/** Lets the event loop breathe between chunks, so chargers are answered while a long copy runs. */
export const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
