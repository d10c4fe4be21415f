import type { Readable } from 'node:stream';
import type { ImportFormat, ImportReading, SkippedLine } from '../../../shared/api/types.ts';
import type { OcppValidator } from '../../ocpp/validation.ts';
import type { Store } from '../../store/store.ts';
import { refused } from '../errors.ts';
import { startImport, type ImportThreadOptions } from './import-thread.ts';
import type { Job } from '../jobs.ts';
import type { RecordingsRepo } from '../../store/recordings.ts';
import { OpApplier } from '../../store/replay-ops.ts';
import { commitUnsynced, holdCheckpoints } from '../../store/wal.ts';
import { LINE_TOO_LONG } from './line-splitter.ts';

export interface LineImportContext {
  store: Store;
  validator: OcppValidator;
  recordings: RecordingsRepo;
  clock(): Date;
  /** Where the lines are read and replayed (default: a worker thread); tests run both. */
  parse?: Pick<ImportThreadOptions, 'mode' | 'onStart'>;
}

export interface LineImportResult {
  sessionId: number;
  format: Exclude<ImportFormat, 'chargescope'>;
  frames: number;
  skippedLines: number;
  skipped: SkippedLine[];
  reading: ImportReading | null;
}

/**
 * Imports a text file of frames (trace JSONL, plain JSONL, a text log) line by line from a stream, as a new
 * read-only session. The lines are read, their frames parsed, validated and paired (line-replay.ts) in a worker
 * thread, while a writer thread writes the rows of the batch before over its own connection, 2,500 lines per
 * transaction (import-thread.ts; on this thread when no worker starts). This thread writes the recording row last,
 * synchronously: until then a restart removes the session. A line that holds no frame is counted with its line number
 * and recorded as a finding. Nothing readable at all: the session is removed and a 400 says why. The WAL checkpoint
 * the import owes runs in the writer thread after the import has answered.
 */
export async function importLines(ctx: LineImportContext, input: Readable, o: {
  fileName: string; fallbackCharger: string | null; date?: string | null; tzMinutes?: number | null; job: Job; sha256: () => string | null;
}): Promise<LineImportResult> {
  const { store } = ctx;
  const { job } = o;
  const importedAt = ctx.clock().toISOString();
  const sid = store.sessions.addReadOnly(o.fileName, o.fileName, importedAt, null);
  job.update({ sessionId: sid, phase: 'reading' });
  const applier = new OpApplier(store, sid);
  const skipped: SkippedLine[] = [];
  let frames = 0;
  let skippedLines = 0;
  let lineNo = 0;
  let refusal: string | undefined;

  const release = holdCheckpoints(store.db);
  const lines = startImport(input, { onStart: reportFallback, ...ctx.parse, validator: ctx.validator, job, importedAt, fallbackCharger: o.fallbackCharger,
    fileName: o.fileName, date: o.date ?? null, tzMinutes: o.tzMinutes ?? null, writeTo: { file: store.file, sessionId: sid } });
  let ok = false;
  try {
    for await (const batch of lines.batches()) {
      job.check();
      if (batch.ops) commitUnsynced(store.db, () => applier.apply(batch.ops!));
      ({ lines: lineNo, frames, skippedLines } = batch);
      skipped.push(...batch.skipped);
      refusal = batch.refusal ?? refusal;
      job.update({ frames, skippedLines });
    }
    job.check();
    if (frames === 0) {
      throw refused('unreadable', lineNo === 0 || skippedLines === 0 || !refusal ? `${o.fileName} is empty: nothing to import` : refusal, { skipped: skipped.slice(0, 20) });
    }
    const now = ctx.clock().toISOString();
    const end = await lines.finish(now);
    store.db.transaction(() => {
      if (end.ops) applier.apply(end.ops);
      ctx.recordings.setSpan(sid, end.minAt ?? importedAt, end.maxAt);
      ctx.recordings.insert({
        sessionId: sid, format: end.format!, fileName: o.fileName, sha256: o.sha256(), importedAt, frames, skippedLines,
        meta: { perspective: end.perspective ?? 'csms', timesWithoutZone: end.reading?.timeZone ?? 'UTC', reading: end.reading }, snapshot: end.snapshot,
      });
    })();
    ok = true;
    return { sessionId: sid, format: end.format!, frames, skippedLines, skipped, reading: end.reading };
  } catch (err) {
    lines.close();
    // The writer's connection is closed (a batch it was writing rolled back) before the session's rows are deleted.
    await lines.stopWriter(false);
    job.update({ phase: 'cleaning' });
    await ctx.recordings.deleteSession(sid, job);
    const message = (err as Error | undefined)?.message ?? '';
    if (message.startsWith(LINE_TOO_LONG)) throw refused('line-too-long', `${o.fileName}: ${message.slice(LINE_TOO_LONG.length).trim()}`);
    throw err;
  } finally {
    lines.close();
    // The checkpoint the import owes (when no other holds them back) runs in its writer thread: not on this one.
    release(ok && lines.writesElsewhere ? (checkpoint) => lines.stopWriter(checkpoint) : undefined);
  }
}

/** A worker that cannot start costs speed, not the import: said on stderr, where the core's log goes by default. */
function reportFallback(where: string, why?: unknown): void {
  if (where === 'in-process' && why !== undefined) process.stderr.write(`line import: no worker thread (${(why as Error).message ?? String(why)}), reading lines on the main thread\n`);
}
