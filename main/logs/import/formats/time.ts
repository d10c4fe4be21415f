/**
 * Times as logs write them, read from a line's prefix only. Dates `YYYY-MM-DD`, `YYYY/MM/DD` or `DD.MM.YYYY`, then
 * `T`, spaces or a tab, then `HH:MM:SS` with optional `.`/`,` fractions and an optional zone; or a time alone
 * (`[09:35:55,576]`), whose date comes from elsewhere.
 */

export interface PrefixTime {
  /** Where the match starts and ends in the text searched. */
  index: number;
  end: number;
  /** `YYYY-MM-DD`, or null for a time-only match. */
  date: string | null;
  /** Milliseconds since midnight. */
  ms: number;
  /** Minutes east of UTC when the text says so, else null. */
  zone: number | null;
}

const DATE = String.raw`(?:(\d{4})[-/](\d{2})[-/](\d{2})|(\d{2})\.(\d{2})\.(\d{4}))`;
const CLOCK = String.raw`(\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?`;
const ZONE = String.raw`(?:\s?(Z|z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)(?![\d:]))?`;
const DATE_TIME = new RegExp(String.raw`(?<![\d.:/-])${DATE}(?:T|[ \t]+)${CLOCK}${ZONE}`);
const TIME_ONLY = new RegExp(String.raw`(?<![\d.:/-])${CLOCK}${ZONE}(?![\d.:/])`);
/** Date-like text that none of the shapes above reads: named in a refusal. */
const OTHER_DATE = /(?<!\d)(\d{1,2}\/\d{1,2}\/\d{2,4}|\d{8}T?\d{6}|\d{1,2}-[A-Za-z]{3}-\d{4}|[A-Z][a-z]{2} +\d{1,2} \d{2}:\d{2}:\d{2})(?!\d)/;
export const CANONICAL_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** The first date-time in `text`, else the first time alone; null when there is neither. */
export function findTime(text: string): PrefixTime | null {
  const m = DATE_TIME.exec(text);
  if (m) {
    const [y, mo, d] = m[1] ? [m[1], m[2]!, m[3]!] : [m[6]!, m[5]!, m[4]!];
    const t = clock(m, 7);
    if (t === null || !validDate(y, mo, d)) return null;
    return { index: m.index, end: m.index + m[0].length, date: `${y}-${mo}-${d}`, ms: t, zone: zoneOf(m[11]) };
  }
  const o = TIME_ONLY.exec(text);
  if (!o) return null;
  const t = clock(o, 1);
  return t === null ? null : { index: o.index, end: o.index + o[0].length, date: null, ms: t, zone: zoneOf(o[5]) };
}

/** A date-like text that is not one of the shapes read (for a refusal), or null. */
export function otherDate(text: string): string | null {
  return OTHER_DATE.exec(text)?.[1] ?? null;
}

function clock(m: RegExpExecArray, at: number): number | null {
  const h = Number(m[at]);
  const mi = Number(m[at + 1]);
  const s = Number(m[at + 2]);
  if (h > 23 || mi > 59 || s > 60) return null;
  const frac = m[at + 3];
  return ((h * 60 + mi) * 60 + s) * 1000 + (frac ? Number(frac.slice(0, 3).padEnd(3, '0')) : 0);
}

function validDate(y: string, mo: string, d: string): boolean {
  const month = Number(mo);
  const day = Number(d);
  return month >= 1 && month <= 12 && day >= 1 && day <= 31 && Number(y) >= 1970;
}

/** Minutes east of UTC for `Z`, `UTC`, `+02`, `+0200`, `-02:30`; null when there is no zone. */
export function zoneOf(z: string | undefined): number | null {
  if (!z) return null;
  if (/^(z|utc|gmt)$/i.test(z)) return 0;
  const p = /^([+-])(\d{2}):?(\d{2})?$/.exec(z);
  if (!p) return null;
  return (Number(p[2]) * 60 + Number(p[3] ?? 0)) * (p[1] === '-' ? -1 : 1);
}

/** `±hh:mm` for minutes east of UTC. */
export function zoneText(minutes: number): string {
  const a = Math.abs(minutes);
  return `${minutes < 0 ? '-' : '+'}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

/** A date and a time of day (with its zone, else `assumed` minutes east of UTC) → ISO UTC with ms. */
export function isoOf(date: string, ms: number, zone: number | null, assumed: number): string | null {
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const t = Date.UTC(y, mo - 1, d) + ms - (zone ?? assumed) * 60_000;
  return Number.isFinite(t) && t >= 0 && t < 8.64e15 ? new Date(t).toISOString() : null;
}

/** ISO 8601 (zone optional: UTC assumed), or epoch seconds / milliseconds → ISO UTC with ms. */
export function toIso(v: unknown): string | null {
  if (typeof v === 'number' && Number.isFinite(v)) {
    const ms = v > 1e11 ? v : v * 1000;
    const d = new Date(ms);
    return Number.isNaN(d.getTime()) ? null : d.toISOString();
  }
  if (typeof v !== 'string' || v.length > 64) return null;
  if (v.length === 24 && CANONICAL_ISO.test(v) && !Number.isNaN(Date.parse(v))) return v;
  const t = findTime(v);
  if (t && t.index === 0 && t.date) return isoOf(t.date, t.ms, t.zone, 0);
  if (/^\d{10,13}(\.\d+)?$/.test(v)) return toIso(Number(v));
  return null;
}

/** The day after `date` (YYYY-MM-DD): a time-only log that passes midnight. */
export function nextDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}
