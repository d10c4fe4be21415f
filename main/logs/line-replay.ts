import type { ImportFormat, SkippedLine } from '../../shared/api/types.ts';
import { isCsmsAction, isIncomingAction } from '../../shared/ocpp/actions.ts';
import type { OcppValidator } from '../ocpp/validation.ts';
import { FrameReplay } from './frame-replay.ts';
import { readLine, type LineEntry } from './line-formats.ts';
import type { Snapshot } from './recordings.ts';
import { OpRecorder, type OpBatch } from './replay-ops.ts';

/**
 * Lines (blank ones not counted) whose CALLs decide whose log it is, as the import always did: the first such window
 * of 10,000 lines that tells decides it for itself and every line after it.
 */
export const PERSPECTIVE_LINES = 10_000;
/** Lines per batch of rows, and so per write transaction: short enough that the store's thread stays responsive. */
export const BATCH_LINES = 2_500;
const LISTED_SKIPS = 1_000;
const SKIPPED_TEXT = 200;

export type LineFormat = Exclude<ImportFormat, 'chargescope'>;
/** Whose log it is decides what "Sending"/"Received" mean; CALLs whose action has one direction tell. */
export type Perspective = 'csms' | 'charger';
const CALL_ACTION = /^\s*\[\s*2\s*,\s*"(?:[^"\\]|\\.)*"\s*,\s*"([A-Za-z0-9]+)"/;

export interface LineReplayOptions {
  validator: OcppValidator;
  /** The import's time: skipped lines' findings, and the time of frames before the first one with a time. */
  importedAt: string;
  /** The charger of frames whose line names none (`unknown` without it). */
  fallbackCharger: string | null;
}

/** The rows of one batch of lines, and the counts so far. */
export interface ReplayBatch {
  ops: OpBatch;
  /** Lines read so far, blank ones included. */
  lines: number;
  frames: number;
  skippedLines: number;
  /** Skipped lines of this batch, while fewer than 1,000 were listed. */
  skipped: SkippedLine[];
  /** The input has ended: no batch follows. */
  last: boolean;
}

/** What the end of the replay writes, and what the recording says of the file. */
export interface ReplayEnd {
  ops: OpBatch;
  snapshot: Snapshot;
  format: LineFormat | null;
  perspective: Perspective | null;
  minAt: string | null;
  maxAt: string | null;
}

type Item = { line: number; entry: LineEntry | { skip: string }; text: string };

/**
 * The lines of a foreign log replayed as frames (FrameReplay), in order: a line that holds no frame is counted with
 * its number and becomes a finding; a frame without a time gets the time of the frame before it; Sending/Received
 * flip when the CALLs of a window of PERSPECTIVE_LINES lines show a charger's log (lines from the first such word in
 * a window wait until the window is decided). The rows come out batch by batch (`emit`), BATCH_LINES lines each, so
 * this runs away from the store, in the import worker.
 */
export function createLineReplay(o: LineReplayOptions, emit: (b: ReplayBatch) => void) {
  const recorder = new OpRecorder();
  const replay = new FrameReplay(recorder, o.validator);
  let lineNo = 0;
  /** Lines of the current window, and those of them held until the window decides the perspective. */
  let windowLines = 0;
  let held: Item[] = [];
  let sinceEmit = 0;
  let skippedLines = 0;
  let listed = 0;
  let skipped: SkippedLine[] = [];
  let format: LineFormat | null = null;
  let perspective: Perspective | null = null;
  let lastAt: string | null = null;
  let synthetic = 0;
  let rebuilt = 0;

  function replayLine({ line, entry, text }: Item): void {
    sinceEmit++;
    if ('skip' in entry) {
      skippedLines++;
      const item = { line, reason: entry.skip, text: text.length > SKIPPED_TEXT ? `${text.slice(0, SKIPPED_TEXT)}…` : text };
      if (listed < LISTED_SKIPS) {
        listed++;
        skipped.push(item);
      }
      replay.finding('', null, 'import-skipped-line', `line ${line}: ${entry.skip}: ${item.text}`, o.importedAt);
      return;
    }
    format ??= entry.format;
    let at = entry.at;
    if (at === null) {
      synthetic++;
      at = lastAt ?? o.importedAt;
    }
    lastAt = at;
    if (entry.rebuilt) rebuilt++;
    const direction = entry.direction && entry.relative && perspective === 'charger' ? (entry.direction === 'in' ? 'out' : 'in') : entry.direction;
    replay.frame(entry.chargerId ?? o.fallbackCharger ?? 'unknown', direction, entry.raw, at, line);
  }

  function closeWindow(): void {
    perspective ??= decidePerspective(held);
    for (const item of held) replayLine(item);
    held = [];
    windowLines = 0;
  }

  function send(last: boolean): void {
    replay.flush();
    emit({ ops: recorder.take(), lines: lineNo, frames: replay.frames, skippedLines, skipped, last });
    skipped = [];
    sinceEmit = 0;
  }

  return {
    /** One line of the file, in order (line numbers count every line, blank ones too). */
    line(raw: string): void {
      lineNo++;
      const text = lineNo === 1 && raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
      const entry = readLine(text);
      if (entry === null) return;
      // Only Sending/Received depend on the perspective: every line before the first of them is replayed at once.
      const item = { line: lineNo, entry, text: 'skip' in entry ? text : '' };
      if (perspective === null && (held.length > 0 || (!('skip' in entry) && entry.relative && entry.direction !== null))) held.push(item);
      else replayLine(item);
      if (++windowLines === PERSPECTIVE_LINES) closeWindow();
      if (sinceEmit >= BATCH_LINES) send(false);
    },
    /** The input has ended: the last batch (possibly without rows). */
    end(): void {
      closeWindow();
      send(true);
    },
    /** Unanswered CALLs, capped findings and missing times or raw texts stated; `now` is the time of the end. */
    finish(now: string): ReplayEnd {
      const snapshot = replay.finish(now);
      if (synthetic) replay.finding('', null, 'import-no-time', `${synthetic} frames carried no time: each was given the time of the frame before it`, now);
      if (rebuilt) replay.finding('', null, 'import-raw-rebuilt', `${rebuilt} frames carried no raw text: it was rebuilt from their fields, so raw is not verbatim for them`, now);
      return { ops: recorder.take(), snapshot, format, perspective, minAt: replay.minAt, maxAt: replay.maxAt };
    },
  };
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
