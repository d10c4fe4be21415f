import type { Direction } from '../../../../shared/api/types.ts';

/**
 * The parsing layer of a line import: a format family reads the lines of a foreign log into frames, and nothing else.
 * What becomes of a frame (validation, pairing, findings, rows) is the replay's business, which takes ReadFrames and
 * never asks which format they came from.
 */

/** One OCPP-J frame as a log shows it. Direction is relative to the CSMS (`in` = from the charger). */
export interface ReadFrame {
  /** The frame's text as it was on the wire (reassembled when it spanned lines, or rebuilt from fields). */
  raw: string;
  /** ISO UTC from the line's prefix (never from inside the frame), or null when the line has no time. */
  at: string | null;
  /** The time had no zone of its own (so the import's assumed zone applied): a candidate for the zone offer. */
  unzoned: boolean;
  chargerId: string | null;
  direction: Direction | null;
  /** A word whose meaning depends on whose log it is (Sending/Received, send/recv, >/<): flipped for a charger's log. */
  relative: boolean;
  /** Rebuilt from fields (no verbatim text in the file). */
  rebuilt: boolean;
}

/** What a format reader hands on, line by line, in the file's order. */
export type ReadItem =
  | { kind: 'frame'; line: number; frame: ReadFrame }
  | { kind: 'skip'; line: number; reason: string; text: string };

/** What the import asks of the readers (all optional but the emitter). */
export interface ReadContext {
  emit(item: ReadItem): void;
  /** `?date=YYYY-MM-DD`: the date of lines that carry a time only. */
  date: string | null;
  /** `?tz=±hh:mm` in minutes east of UTC: the zone of times written without one (UTC when null). */
  tzMinutes: number | null;
  /** ISO: its day is the date of time-only lines when nothing else gives one. */
  importedAt: string;
}

/** A reader of one file: every line once, in order (1-based numbers, blank ones included), then `end`. */
export interface LineReader {
  line(text: string, lineNo: number): void;
  end(): void;
}

/** How well a family knows the head of a file: the share of its non-blank lines it reads, 0 to 1. */
export interface Sniff {
  score: number;
  /** Said in a refusal when this family recognised the file but reads nothing from it. */
  refusal?: string;
}

/** One format family (one module each, listed in registry.ts). */
export interface LogFormat {
  /** Stable id: stored with the recording and shown on the import result. */
  id: ImportReaderId;
  /** For people: "SteVe-style text log", "OCPP Trace Format JSONL", ... */
  title: string;
  sniff(head: readonly string[]): Sniff;
  /**
   * A cheap test of one trimmed line: this family reads it, whichever family the file was recognised as (logs mix
   * shapes: a JSON line in a text log). Families without it read only files recognised as theirs.
   */
  claims?(line: string): boolean;
  read(ctx: ReadContext, head: readonly string[]): LineReader;
}

export type ImportReaderId = 'trace-jsonl' | 'json-frames' | 'json-object-log' | 'text-log' | 'message-table';

/** Bounds for a hostile file. */
export const LIMITS = {
  /** A longer line is cut to this many characters before it is read (a frame on it is then broken). */
  lineChars: 1 << 22,
  /** A frame spanning lines: at most this many lines and characters, else it is reported cut. */
  frameLines: 500,
  frameChars: 1 << 22,
} as const;
