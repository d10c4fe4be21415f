import { FRAME_START } from './frame-scan.ts';
import { jsonFrames } from './json-frames.ts';
import { jsonObjectLog } from './json-object-log.ts';
import { messageTable } from './message-table.ts';
import { textLog, TextLogReader } from './text-log.ts';
import { findTime, otherDate } from './time.ts';
import { traceJsonl } from './trace-jsonl.ts';
import type { LineReader, LogFormat, ReadContext, Sniff } from './types.ts';

/**
 * Every format family an import knows, most specific first (a tie goes to the earlier one). A new shape is one
 * module with `sniff` and `read`, listed here, and one test.
 */
export const FORMATS: readonly LogFormat[] = [traceJsonl, jsonObjectLog, jsonFrames, textLog, messageTable];

/** Lines and characters of the head of a file that the families are shown to choose. */
export const SNIFF_LINES = 1_000;
export const SNIFF_CHARS = 4 << 20;

export interface Choice { format: LogFormat; sniff: Sniff }

/** The family that reads the most of the head; the text-log family when none reads anything (it explains best). */
export function chooseFormat(head: readonly string[]): Choice {
  let best: Choice | null = null;
  for (const format of FORMATS) {
    const sniff = format.sniff(head);
    if (sniff.score > 0 && (!best || sniff.score > best.sniff.score)) best = { format, sniff };
  }
  return best ?? { format: FORMATS.find((f) => f.id === 'text-log')!, sniff: { score: 0 } };
}

/**
 * The reader of a file: the family it was recognised as, with lines that another family claims read by that one
 * (logs mix shapes), and everything else, and every line of a frame spanning lines, read by the text-log family.
 * A file recognised as a message table is read by that family alone.
 */
export function createReader(choice: Choice, ctx: ReadContext, head: readonly string[]): { reader: LineReader; text: TextLogReader | null } {
  if (!choice.format.claims && choice.format.id !== 'text-log') return { reader: choice.format.read(ctx, head), text: null };
  const text = new TextLogReader(ctx, head);
  const claiming = FORMATS.filter((f) => f.claims);
  const readers = new Map<LogFormat, LineReader>();
  return {
    text,
    reader: {
      line(line, lineNo) {
        if (text.continues(line, lineNo)) return;
        const t = line.trim();
        const family = t === '' ? undefined : claiming.find((f) => f.claims!(t));
        if (!family) return text.line(line, lineNo);
        text.flush();
        let r = readers.get(family);
        if (!r) readers.set(family, (r = family.read(ctx, head)));
        r.line(line, lineNo);
      },
      end() {
        for (const r of readers.values()) r.end();
        text.end();
      },
    },
  };
}

const QUOTED = 120;

/**
 * Why nothing of a file could be read: what was expected and what was found, from its head, with its first lines.
 * `choice` recognised it but reads nothing (a message table), or read no frame from it.
 */
export function explainRefusal(fileName: string, head: readonly string[], choice: Choice, firstReasons: string[]): string {
  const lines = head.filter((l) => l.trim() !== '');
  const quoted = lines.slice(0, 3).map((l) => `«${l.length > QUOTED ? `${l.slice(0, QUOTED)}…` : l}»`).join(', ');
  const first = quoted ? ` First lines: ${quoted}.` : '';
  if (choice.sniff.refusal) return `${fileName}: ${choice.sniff.refusal}${first}`;
  const found: string[] = [];
  const withFrame = lines.filter((l) => FRAME_START.test(l)).length;
  if (/^\s*<\?xml|<(?:soap|s|env):Envelope/i.test(lines.slice(0, 5).join('\n'))) found.push('XML (OCPP over SOAP?): only OCPP-J, the JSON arrays over websockets, is read');
  else if (withFrame === 0) {
    const objects = lines.filter((l) => l.trimStart().startsWith('{')).length;
    found.push(objects > 0 ? `${objects} JSON object line(s) without an OCPP-J frame in them` : 'no OCPP-J array ([2,"id","Action",{…}], [3,"id",{…}] or [4,…]) on any line');
  } else found.push(`${withFrame} line(s) with something like an OCPP-J array that could not be read`);
  const dated = lines.filter((l) => findTime(l)?.date).length;
  const other = lines.map(otherDate).find((d) => d !== null);
  if (other && dated === 0) found.push(`dates such as "${other}", a date format that is not read (read: YYYY-MM-DD, YYYY/MM/DD, DD.MM.YYYY, or a time alone)`);
  if (firstReasons.length) found.push(`the first lines skipped: ${firstReasons.join('; ')}`);
  return `nothing readable in ${fileName}: expected OCPP-J frames, one per line or spread over lines, `
    + 'optionally after a time and a direction (a text log), or JSON lines of frames or of OCPP Trace Format records. '
    + `Found: ${found.join('; ')}.${first}`;
}
