import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import type { ImportFormat, SkippedLine } from '../../shared/api/types.ts';
import { isCsmsAction, isIncomingAction } from '../../shared/ocpp/actions.ts';
import type { OcppValidator } from '../ocpp/validation.ts';
import type { Store } from '../store/store.ts';
import { badRequest } from '../api/errors.ts';
import { FrameReplay } from './frame-replay.ts';
import type { Job } from './jobs.ts';
import { readLine, type LineEntry } from './line-formats.ts';
import type { RecordingsRepo } from './recordings.ts';
import { holdCheckpoints } from './wal.ts';

/** Lines per write transaction. */
const BATCH_LINES = 10_000;
const LISTED_SKIPS = 1_000;

export interface LineImportContext {
  store: Store;
  validator: OcppValidator;
  recordings: RecordingsRepo;
  clock(): Date;
}

export interface LineImportResult {
  sessionId: number;
  format: Exclude<ImportFormat, 'chargescope'>;
  frames: number;
  skippedLines: number;
  skipped: SkippedLine[];
}

/** Whose log it is decides what "Sending"/"Received" mean; CALLs whose action has one direction tell. */
type Perspective = 'csms' | 'charger';
const CALL_ACTION = /^\s*\[\s*2\s*,\s*"(?:[^"\\]|\\.)*"\s*,\s*"([A-Za-z0-9]+)"/;

/**
 * Imports a text file of frames (trace JSONL, plain JSONL, a text log) line by line from a stream, as a new
 * read-only session. Lines are written ~10,000 per transaction; a line that holds no frame is counted with its
 * line number and recorded as a finding. Nothing readable at all: the session is removed and a 400 says why.
 */
export async function importLines(ctx: LineImportContext, input: Readable, o: { fileName: string; fallbackCharger: string | null; job: Job; sha256: () => string | null }): Promise<LineImportResult> {
  const { store } = ctx;
  const { job } = o;
  const importedAt = ctx.clock().toISOString();
  const sid = store.sessions.addReadOnly(o.fileName, o.fileName, importedAt, null);
  job.update({ sessionId: sid, phase: 'reading' });
  const replay = new FrameReplay(store, ctx.validator, sid);
  const skipped: SkippedLine[] = [];
  let skippedLines = 0;
  let format: LineImportResult['format'] | null = null;
  let perspective: Perspective | null = null;
  let lastAt: string | null = null;
  let synthetic = 0;
  let rebuilt = 0;
  let batch: { line: number; entry: LineEntry | { skip: string }; text: string }[] = [];

  const writeBatch = () => {
    perspective ??= decidePerspective(batch);
    const items = batch;
    batch = [];
    store.db.transaction(() => {
      for (const { line, entry, text } of items) {
        if ('skip' in entry) {
          skippedLines++;
          const item = { line, reason: entry.skip, text: text.length > 200 ? `${text.slice(0, 200)}…` : text };
          if (skipped.length < LISTED_SKIPS) skipped.push(item);
          replay.finding('', null, 'import-skipped-line', 'warning', `line ${line}: ${entry.skip}: ${item.text}`, importedAt);
          continue;
        }
        format ??= entry.format;
        let at = entry.at;
        if (at === null) {
          synthetic++;
          at = lastAt ?? importedAt;
        }
        lastAt = at;
        if (entry.rebuilt) rebuilt++;
        const direction = entry.direction && entry.relative && perspective === 'charger' ? (entry.direction === 'in' ? 'out' : 'in') : entry.direction;
        replay.frame(entry.chargerId ?? o.fallbackCharger ?? 'unknown', direction, entry.raw, at, line);
      }
      replay.flush();
    })();
    job.update({ frames: replay.frames, skippedLines });
  };

  const release = holdCheckpoints(store.db);
  try {
    const rl = createInterface({ input, crlfDelay: Infinity });
    let lineNo = 0;
    for await (const raw of rl) {
      lineNo++;
      const text = lineNo === 1 && raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
      const entry = readLine(text);
      if (entry === null) continue;
      batch.push({ line: lineNo, entry, text });
      if (batch.length >= BATCH_LINES) {
        job.check();
        writeBatch();
      }
    }
    job.check();
    if (batch.length) writeBatch();
    if (replay.frames === 0) {
      const first = skipped.slice(0, 3).map((s) => `line ${s.line}: ${s.reason}`).join('; ');
      throw badRequest(lineNo === 0 || skippedLines === 0
        ? `${o.fileName} is empty: nothing to import`
        : `nothing readable in ${o.fileName}: none of its ${skippedLines} lines held an OCPP-J frame with a time (${first}). ChargeScope reads its own exports, OCPP Trace Format JSONL, JSONL of frames and text logs with a date-time, Sending/Received and an OCPP-J array per line`,
      { reason: 'unreadable', skipped: skipped.slice(0, 20) });
    }
    const now = ctx.clock().toISOString();
    store.db.transaction(() => {
      const snapshot = replay.finish(now);
      if (synthetic) replay.finding('', null, 'import-no-time', 'info', `${synthetic} frames carried no time: each was given the time of the frame before it`, now);
      if (rebuilt) replay.finding('', null, 'import-raw-rebuilt', 'info', `${rebuilt} frames carried no raw text: it was rebuilt from their fields, so raw is not verbatim for them`, now);
      ctx.recordings.setSpan(sid, replay.minAt ?? importedAt, replay.maxAt);
      ctx.recordings.insert({
        sessionId: sid, format: format!, fileName: o.fileName, sha256: o.sha256(), importedAt, frames: replay.frames, skippedLines,
        meta: { perspective: perspective ?? 'csms', timesWithoutZone: 'UTC' }, snapshot,
      });
    })();
    return { sessionId: sid, format: format!, frames: replay.frames, skippedLines, skipped };
  } catch (err) {
    job.update({ phase: 'cleaning' });
    await ctx.recordings.deleteSession(sid, job);
    throw err;
  } finally {
    release();
  }
}

function decidePerspective(batch: { entry: LineEntry | { skip: string } }[]): Perspective | null {
  let csms = 0;
  let charger = 0;
  for (const { entry } of batch) {
    if ('skip' in entry || !entry.relative || !entry.direction) continue;
    const m = CALL_ACTION.exec(entry.raw);
    if (!m) continue;
    const action = m[1]!;
    const truth = isIncomingAction(action) && !isCsmsAction(action) ? 'in' : isCsmsAction(action) && !isIncomingAction(action) ? 'out' : null;
    if (truth === null) continue;
    if (truth === entry.direction) csms++;
    else charger++;
  }
  if (csms + charger === 0) return null;
  return charger > csms ? 'charger' : 'csms';
}
