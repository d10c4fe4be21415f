import type { ImportFormat, ImportReader, ImportReading, SkippedLine } from '../../../shared/api/types.ts';
import { isCsmsAction, isIncomingAction } from '../../../shared/ocpp/actions.ts';
import type { OcppValidator } from '../../ocpp/validation.ts';
import { FrameReplay } from './frame-replay.ts';
import { chargerFromFileName } from './formats/prefix.ts';
import { chooseFormat, createReader, explainRefusal, SNIFF_CHARS, SNIFF_LINES, type Choice } from './formats/registry.ts';
import type { TextLogReader } from './formats/text-log.ts';
import { zoneText } from './formats/time.ts';
import type { LineReader, ReadFrame, ReadItem } from './formats/types.ts';
import { TzDetector } from './formats/tz-offer.ts';
import type { Snapshot } from '../../store/recordings.ts';
import { OpRecorder, type OpBatch } from '../../store/replay-ops.ts';

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
  /** The charger of frames whose line names none (`?charger=`; else the file's name when it looks like an id, else `unknown`). */
  fallbackCharger: string | null;
  fileName?: string;
  /** `?date=`: the date of time-only lines. */
  date?: string | null;
  /** `?tz=` in minutes east of UTC: the zone of times written without one. */
  tzMinutes?: number | null;
}

/** The rows of one batch of lines, and the counts so far. */
export interface ReplayBatch {
  /** Null once written (a writer thread tells the store's thread what it wrote without the rows). */
  ops: OpBatch | null;
  /** Lines read so far, blank ones included. */
  lines: number;
  frames: number;
  skippedLines: number;
  /** Skipped lines of this batch, while fewer than 1,000 were listed. */
  skipped: SkippedLine[];
  /** The input has ended: no batch follows. */
  last: boolean;
  /** On the last batch when no frame was read: what was expected, what was found, the first lines. */
  refusal?: string;
}

/** What the end of the replay writes, and what the recording says of the file. */
export interface ReplayEnd {
  /** Null once written, as a batch's. */
  ops: OpBatch | null;
  snapshot: Snapshot;
  format: LineFormat | null;
  perspective: Perspective | null;
  minAt: string | null;
  maxAt: string | null;
  reading: ImportReading | null;
}

/** The coarse format of the result (ImportFormat) for each reader. */
const FORMAT_OF: Record<ImportReader, LineFormat> = { 'trace-jsonl': 'trace-jsonl', 'json-frames': 'jsonl', 'json-object-log': 'jsonl', 'text-log': 'text-log' };

/**
 * The lines of a foreign log replayed as frames (FrameReplay), in order. The head of the file (SNIFF_LINES lines)
 * chooses the format family that reads it (formats/registry.ts); that family's reader turns lines into frames and
 * skipped lines. A skipped line is counted with its number and becomes a finding; a frame without a time is marked
 * time_unknown and stored with the time of the frame before it (or the import's time) only to keep its place; Sending/Received flip when the CALLs of
 * a window of PERSPECTIVE_LINES items show a charger's log (items from the first such word in a window wait until the
 * window is decided). The rows come out batch by batch (`emit`), BATCH_LINES items each, so this runs away from the
 * store, in the import worker.
 */
export function createLineReplay(o: LineReplayOptions, emit: (b: ReplayBatch) => void) {
  const recorder = new OpRecorder();
  const replay = new FrameReplay(recorder, o.validator);
  const fileCharger = o.fallbackCharger ? null : chargerFromFileName(o.fileName ?? '');
  const tz = new TzDetector();
  let lineNo = 0;
  /** The head of the file, held until it chooses the reader. */
  let head: string[] | null = [];
  let headChars = 0;
  let choice: Choice | null = null;
  let reader: LineReader | null = null;
  let textReader: TextLogReader | null = null;
  /** Items of the current window, and those of them held until the window decides the perspective. */
  let windowItems = 0;
  let held: ReadItem[] = [];
  let sinceEmit = 0;
  let skippedLines = 0;
  let listed = 0;
  let skipped: SkippedLine[] = [];
  const firstReasons: string[] = [];
  let refusalHead: string[] = [];
  let perspective: Perspective | null = null;
  let lastAt: string | null = null;
  let synthetic = 0;
  let rebuilt = 0;
  let fromFileName = 0;

  function replayItem(item: ReadItem): void {
    sinceEmit++;
    if (item.kind === 'skip') {
      skippedLines++;
      const text = item.text.length > SKIPPED_TEXT ? `${item.text.slice(0, SKIPPED_TEXT)}…` : item.text;
      if (firstReasons.length < 3) firstReasons.push(`line ${item.line}: ${item.reason}`);
      if (listed < LISTED_SKIPS) {
        listed++;
        skipped.push({ line: item.line, reason: item.reason, text });
      }
      replay.finding('', null, 'import-skipped-line', `line ${item.line}: ${item.reason}: ${text}`, o.importedAt);
      return;
    }
    const f = item.frame;
    let at = f.at;
    if (at === null) {
      synthetic++;
      at = lastAt ?? o.importedAt;
    } else {
      tz.observe(f);
    }
    lastAt = at;
    if (f.rebuilt) rebuilt++;
    const direction = f.direction && f.relative && perspective === 'charger' ? (f.direction === 'in' ? 'out' : 'in') : f.direction;
    let chargerId = f.chargerId ?? o.fallbackCharger;
    if (chargerId === null && fileCharger !== null) {
      chargerId = fileCharger;
      fromFileName++;
    }
    replay.frame(chargerId ?? 'unknown', direction, f.raw, at, item.line, f.at !== null);
  }

  function onItem(item: ReadItem): void {
    // Only relative words depend on the perspective: every item before the first of them is replayed at once.
    if (perspective === null && (held.length > 0 || (item.kind === 'frame' && item.frame.relative && item.frame.direction !== null))) held.push(item);
    else replayItem(item);
    if (++windowItems === PERSPECTIVE_LINES) closeWindow();
  }

  function closeWindow(): void {
    perspective ??= decidePerspective(held);
    for (const item of held) replayItem(item);
    held = [];
    windowItems = 0;
  }

  /** The head has been read: its reader is chosen, and reads it. */
  function start(): void {
    const h = head!;
    head = null;
    choice = chooseFormat(h);
    refusalHead = h.filter((l) => l.trim() !== '').slice(0, 40);
    ({ reader, text: textReader } = createReader(choice, { emit: onItem, date: o.date ?? null, tzMinutes: o.tzMinutes ?? null, importedAt: o.importedAt }, h));
    for (let i = 0; i < h.length; i++) reader.line(h[i]!, i + 1);
  }

  function send(last: boolean, refusal?: string): void {
    replay.flush();
    emit({ ops: recorder.take(), lines: lineNo, frames: replay.frames, skippedLines, skipped, last, ...(refusal ? { refusal } : {}) });
    skipped = [];
    sinceEmit = 0;
  }

  return {
    /** One line of the file, in order (line numbers count every line, blank ones too). */
    line(raw: string): void {
      lineNo++;
      const text = lineNo === 1 && raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
      if (head) {
        // Bounded by SNIFF_CHARS plus one line (itself bounded by the line splitter).
        head.push(text);
        headChars += text.length;
        if (head.length >= SNIFF_LINES || headChars >= SNIFF_CHARS) start();
      } else {
        reader!.line(text, lineNo);
      }
      if (sinceEmit >= BATCH_LINES) send(false);
    },
    /** The input has ended: the last batch (possibly without rows). */
    end(): void {
      if (head) start();
      reader!.end();
      closeWindow();
      const refusal = replay.frames === 0 && lineNo > 0 && skippedLines > 0 ? explainRefusal(o.fileName ?? 'the file', refusalHead, choice!, firstReasons) : undefined;
      send(true, refusal);
    },
    /** Unanswered CALLs, capped findings and missing times or raw texts stated; `now` is the time of the end. */
    finish(now: string): ReplayEnd {
      const snapshot = replay.finish(now);
      if (synthetic) replay.finding('', null, 'import-no-time', `${synthetic} frames carried no time: they are kept in the file's order, their times are unknown (each frame is marked so in the trace) and no latency is claimed for them, nor any finding that measures time`, now);
      if (rebuilt) replay.finding('', null, 'import-raw-rebuilt', `${rebuilt} frames carried no raw text: it was rebuilt from their fields, so raw is not verbatim for them`, now);
      const offer = tz.offer(o.tzMinutes ?? null);
      if (offer) replay.finding('', null, 'import-time-zone-offered', offer.message, now);
      const id = choice?.format.id;
      const textSummary = textReader?.summary() ?? null;
      const reading: ImportReading | null = !id || id === 'message-table' ? null : {
        reader: id, title: choice!.format.title, timeZone: o.tzMinutes == null ? 'UTC' : zoneText(o.tzMinutes), framesWithoutTime: synthetic,
        date: textSummary?.date ?? null, tzOffer: offer ? { tz: offer.tz, samples: offer.samples, agreeing: offer.agreeing, message: offer.message } : null,
        chargerFromFileName: fromFileName > 0 ? fileCharger : null, echoes: textSummary?.echoes ?? 0,
      };
      const format = id && id !== 'message-table' ? FORMAT_OF[id] : null;
      return { ops: recorder.take(), snapshot, format, perspective, minAt: replay.minAt, maxAt: replay.maxAt, reading };
    },
  };
}

function decidePerspective(batch: ReadItem[]): Perspective | null {
  let csms = 0;
  let charger = 0;
  for (const item of batch) {
    if (item.kind !== 'frame') continue;
    const entry: ReadFrame = item.frame;
    if (!entry.relative || !entry.direction) continue;
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
