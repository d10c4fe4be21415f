import { FRAME_START, FrameScan } from './frame-scan.ts';
import { chargerIn, chargerInPath, directionIn } from './prefix.ts';
import { findTime, isoOf, nextDay, type PrefixTime } from './time.ts';
import { LIMITS, type LineReader, type LogFormat, type ReadContext, type ReadFrame, type ReadItem } from './types.ts';

/**
 * Text logs: a line holds a prefix (a date-time or a time alone or none, a level, a logger, a charger, a direction
 * word) and then an OCPP-J array, as SteVe, evcc, Python's ocpp and websockets, MicroOcpp, proxies and chargers write
 * them. The time is read from the prefix only. A frame that does not close on its line continues on the next ones
 * (pretty-printed, or wrapped with the same prefix repeated, which is stripped). A line that repeats the frame just
 * logged (websockets' `> TEXT '[2,…]'` beside the library's own line) is an echo, skipped as such.
 */

/** A frame on a text line is echoed within this many lines at most. */
const ECHO_LINES = 4;
/** Time-only lines: a time this far before the previous one is the next day. */
const MIDNIGHT_BACKWARDS_MS = 6 * 3_600_000;
const PAYLOAD_DATE = /"(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}/;
/** A new frame at the start of a text, or anywhere in it. */
const NEW_FRAME = /^\s*\[\s*-?\d{1,3}\s*,\s*"/;
const NEW_FRAME_IN = /\[\s*-?\d{1,3}\s*,\s*"/;
/** What a line of pretty-printed JSON starts with. */
const JSON_GOES_ON = /^\s*(?:["{}[\],:]|-?\d|true\b|false\b|null\b|$)/;
/** websockets' debug line for a frame too long to quote whole: `'[2, "…", ...' [1234 bytes]`. */
const SHORTENED = /\.\.\.'?\s*(?:\[\d+ bytes\])?\s*$/;

type Held = Extract<ReadItem, { kind: 'frame' }> | (Extract<ReadItem, { kind: 'skip' }> & { shortened?: string | undefined });
interface Head { line: number; time: PrefixTime | null; chargerId: string | null; direction: ReturnType<typeof directionIn>; text: string }
/** A frame not closed yet; `pre`/`post`: the opening line's text before and after its time (all of it in `pre` without one). */
interface Open extends Head { scan: FrameScan; parts: string[]; chars: number; lines: number; pre: string; post: string | null }

export const textLog: LogFormat = {
  id: 'text-log',
  title: 'text log (a line prefix, then an OCPP-J array)',
  sniff(head) {
    let n = 0;
    let frames = 0;
    for (const l of head) {
      if (l.trim() === '') continue;
      n++;
      // JSON lines (a trace record's raw, a bare array) belong to the JSON families.
      if (FRAME_START.test(l) && !/^\s*(?:\{|\[\s*-?\d{1,3}\s*,)/.test(l)) frames++;
    }
    return { score: n === 0 ? 0 : frames / n };
  },
  read(ctx, head) {
    return new TextLogReader(ctx, head);
  },
};

export interface TextLogSummary {
  date: { value: string; from: 'parameter' | 'payload' | 'import-day' } | null;
  echoes: number;
  framesWithoutTime: number;
}

export class TextLogReader implements LineReader {
  private open: Open | null = null;
  /** A line without a frame, held one line: a frame that starts on the next line belongs to it. */
  private header: Head | null = null;
  /** The charger named by the last connection line (`path: /CP01`, a ws:// URL). */
  private context: string | null = null;
  /** Items of the last ECHO_LINES lines, not handed on yet. */
  private readonly out: Held[] = [];
  private readonly firstPayloadDate: string | null;
  private dayOf: string | null = null;
  /** The date of the first time-only line (dayOf moves on at midnight). */
  private firstDay: string | null = null;
  private dateFrom: 'parameter' | 'payload' | 'import-day' | null = null;
  private lastTimeOnly = -1;
  echoes = 0;
  framesWithoutTime = 0;

  constructor(private readonly ctx: ReadContext, head: readonly string[]) {
    let date: string | null = null;
    for (const l of head) {
      const m = PAYLOAD_DATE.exec(l);
      if (m) {
        date = m[1]!;
        break;
      }
    }
    this.firstPayloadDate = date;
  }

  summary(): TextLogSummary {
    return { date: this.firstDay && this.dateFrom ? { value: this.firstDay, from: this.dateFrom } : null, echoes: this.echoes, framesWithoutTime: this.framesWithoutTime };
  }

  line(input: string, lineNo: number): void {
    const text = input.length > LIMITS.lineChars ? input.slice(0, LIMITS.lineChars) : input;
    if (this.open && this.continueOpen(text, lineNo)) return;
    if (text.trim() === '') return;
    const start = FRAME_START.exec(text);
    // Only the prefix names a connection's charger: a URL inside a frame's payload (a firmware location) does not.
    const path = chargerInPath(start ? text.slice(0, start.index) : text);
    if (path) this.context = path;
    if (!start) {
      const held = this.header;
      this.header = null;
      // A header whose frame starts on this line: `Received:` then `[` on a line of its own.
      if (held && /^\s*\[\s*$/.test(text)) return this.begin(held, text, text.indexOf('['), lineNo, false);
      if (held) this.skipLine(held.line, held.text, this.noFrameReason(held.text));
      const h = this.headOf(text, text.length, lineNo);
      if (/\[\s*$/.test(text) && (h.time || h.direction)) return this.begin(h, text, text.lastIndexOf('['), lineNo, false);
      this.header = h;
      return;
    }
    const held = this.header;
    this.header = null;
    if (held) this.skipLine(held.line, held.text, this.noFrameReason(held.text));
    this.begin(this.headOf(text, start.index, lineNo), text, start.index, lineNo, true);
  }

  /** For a reader of mixed lines: true when the line belongs to a frame spanning lines (it was taken here). */
  continues(input: string, lineNo: number): boolean {
    return this.open !== null && this.continueOpen(input.length > LIMITS.lineChars ? input.slice(0, LIMITS.lineChars) : input, lineNo);
  }

  /** Before another family reads a line: a held line without a frame is skipped now, so the order is kept. */
  flush(): void {
    const held = this.header;
    this.header = null;
    if (held) this.skipLine(held.line, held.text, this.noFrameReason(held.text));
    this.drain();
  }

  end(): void {
    const o = this.open;
    this.open = null;
    if (o) this.closeUnfinished(o, o.parts.join(''));
    if (this.header) this.skipLine(this.header.line, this.header.text, this.noFrameReason(this.header.text));
    this.header = null;
    this.drain();
  }

  private headOf(text: string, frameAt: number, lineNo: number): Head {
    const before = text.slice(0, frameAt);
    const time = findTime(before);
    const words = time ? before.slice(0, time.index) + ' ' + before.slice(time.end) : before;
    return { line: lineNo, time, chargerId: chargerIn(words), direction: directionIn(words), text };
  }

  private begin(h: Head, text: string, at: number, lineNo: number, sameLine: boolean): void {
    const scan = new FrameScan();
    const end = scan.feed(text, at);
    if (end !== -1) return this.emitFrame(h, text.slice(at, end));
    const before = sameLine ? text.slice(0, at) : '';
    const t = sameLine ? findTime(before) : null;
    const rest = text.slice(at);
    this.open = {
      ...h, scan, parts: [rest], chars: rest.length, lines: lineNo - h.line + 1,
      pre: t ? before.slice(0, t.index) : before, post: t ? before.slice(t.end) : null,
    };
  }

  /**
   * What a line adds to the open frame: after the opening line's prefix when it repeats it (its time may differ),
   * the whole line when it has no prefix of its own; null when it is a new log entry (a time near its start or a
   * new frame), which means the open frame ended unclosed on the lines before.
   */
  private continuation(o: Open, text: string): string | null {
    let rest: string | null = null;
    if (o.post !== null) {
      const t = findTime(text.slice(0, o.pre.length + 48));
      if (t && text.slice(0, t.index) === o.pre && text.startsWith(o.post, t.end)) rest = text.slice(t.end + o.post.length);
    } else if (o.pre.trim() !== '' && text.startsWith(o.pre)) {
      rest = text.slice(o.pre.length);
    }
    // The same prefix and then a new frame: the frame before never closed.
    if (rest !== null) return NEW_FRAME.test(rest) ? null : rest;
    const t = findTime(text.slice(0, 48));
    if (t && !text.slice(0, t.index).includes('"')) return null;
    if (/^\S/.test(text) && NEW_FRAME_IN.test(text)) return null;
    // Only what can continue JSON continues a frame; any other line is an entry of its own.
    return JSON_GOES_ON.test(text) ? `\n${text}` : null;
  }

  /** A line while a frame is open: its continuation, or (a new entry) the end of a frame that never closed. */
  private continueOpen(text: string, lineNo: number): boolean {
    const o = this.open!;
    const content = this.continuation(o, text);
    if (content === null) {
      this.open = null;
      this.closeUnfinished(o, o.parts.join(''));
      return false;
    }
    o.lines++;
    o.chars += content.length;
    if (o.lines > LIMITS.frameLines || o.chars > LIMITS.frameChars) {
      this.open = null;
      this.skipLine(o.line, o.text, `a frame that does not close within ${LIMITS.frameLines} lines or ${LIMITS.frameChars / 1_048_576} M characters (lines ${o.line}-${lineNo} dropped)`);
      return true;
    }
    const end = o.scan.feed(content);
    if (end === -1) {
      o.parts.push(content);
      return true;
    }
    o.parts.push(content.slice(0, end));
    this.open = null;
    this.emitFrame(o, o.parts.join(''));
    return true;
  }

  /** An open frame that ended without its closing bracket: an echo shortened by its logger, or a broken frame. */
  private closeUnfinished(h: Head, raw: string): void {
    const trimmed = raw.trimEnd();
    if (!SHORTENED.test(trimmed)) return this.emitFrame(h, trimmed);
    const shown = trimmed.replace(SHORTENED, '');
    const echo = this.out.find((i) => i.kind === 'frame' && i.frame.raw.startsWith(shown));
    if (echo) {
      this.echoes++;
      return this.push({ kind: 'skip', line: h.line, reason: `echo of the frame on line ${echo.line} (shortened by its logger)`, text: h.text });
    }
    // The whole frame may follow (websockets logs a received frame before the library does): see emitFrame.
    this.push({ kind: 'skip', line: h.line, reason: 'a frame shortened by its logger (it ends with ...): not the whole frame', text: h.text, shortened: shown });
  }

  /**
   * A whole frame. The same frame again within ECHO_LINES lines (another logger quoting it) is an echo: skipped, and
   * what it adds (a charger, a direction, a time) completes the frame kept, which is still held.
   */
  private emitFrame(h: Head, raw: string): void {
    const f: ReadFrame = {
      raw, at: this.timeOf(h.time), unzoned: h.time !== null && h.time.zone === null, chargerId: h.chargerId ?? this.context,
      direction: h.direction?.direction ?? null, relative: h.direction?.relative ?? false, rebuilt: false,
    };
    for (const i of this.out) {
      if (i.kind === 'skip' && i.shortened !== undefined && raw.startsWith(i.shortened)) {
        this.echoes++;
        i.reason = `echo of the frame on line ${h.line} (shortened by its logger)`;
        i.shortened = undefined;
      }
    }
    const kept = this.out.find((i): i is Held & { kind: 'frame' } => i.kind === 'frame' && i.frame.raw === raw);
    if (kept) {
      this.echoes++;
      const k = kept.frame;
      if (h.chargerId !== null) k.chargerId = h.chargerId;
      if (k.direction === null || (k.relative && !f.relative && f.direction !== null)) Object.assign(k, { direction: f.direction, relative: f.relative });
      if (k.at === null && f.at !== null) Object.assign(k, { at: f.at, unzoned: f.unzoned });
      return this.push({ kind: 'skip', line: h.line, reason: `echo of the frame on line ${kept.line}`, text: h.text });
    }
    this.push({ kind: 'frame', line: h.line, frame: f });
  }

  /** Items wait ECHO_LINES lines (an echo may still complete them), then go out in the file's order. */
  private push(item: Held): void {
    this.out.push(item);
    while (this.out.length > 0 && item.line - this.out[0]!.line > ECHO_LINES) this.release(this.out.shift()!);
  }

  private release(i: Held): void {
    if (i.kind === 'frame') {
      if (i.frame.at === null) this.framesWithoutTime++;
      this.ctx.emit(i);
    } else this.ctx.emit({ kind: 'skip', line: i.line, reason: i.reason, text: i.text });
  }

  private drain(): void {
    for (const i of this.out.splice(0)) this.release(i);
  }

  private timeOf(t: PrefixTime | null): string | null {
    if (!t) return null;
    const assumed = this.ctx.tzMinutes ?? 0;
    if (t.date) return isoOf(t.date, t.ms, t.zone, assumed);
    if (this.dayOf === null) {
      const importDay = this.ctx.importedAt.slice(0, 10);
      this.dayOf = this.ctx.date ?? this.firstPayloadDate ?? importDay;
      this.dateFrom = this.ctx.date ? 'parameter' : this.firstPayloadDate ? 'payload' : 'import-day';
      this.firstDay = this.dayOf;
    } else if (t.ms < this.lastTimeOnly - MIDNIGHT_BACKWARDS_MS) {
      this.dayOf = nextDay(this.dayOf);
    }
    this.lastTimeOnly = t.ms;
    return isoOf(this.dayOf, t.ms, t.zone, assumed);
  }

  private skipLine(line: number, text: string, reason: string): void {
    this.push({ kind: 'skip', line, reason, text });
  }

  private noFrameReason(text: string): string {
    return /\[\s*\{/.test(text) || /^\s*\{/.test(text) ? 'no OCPP-J array ([2,...], [3,...] or [4,...]) on the line (a JSON object is not a frame)' : 'no OCPP-J array ([2,...], [3,...] or [4,...]) on the line';
  }
}
