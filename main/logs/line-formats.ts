import type { Direction, ImportFormat } from '../../shared/api/types.ts';

/**
 * One line of a foreign log, read into what a frame needs. Direction is relative to the CSMS (`in` = from the
 * charger). `relative` marks words such as Sending/Received, whose meaning depends on whose log it is.
 */
export interface LineEntry {
  format: Exclude<ImportFormat, 'chargescope'>;
  at: string | null;
  chargerId: string | null;
  direction: Direction | null;
  relative: boolean;
  /** The frame's text as it was on the wire (or rebuilt from a trace record without `raw`). */
  raw: string;
  rebuilt: boolean;
}

export type LineResult = LineEntry | { skip: string } | null;

const TRACE_MAJOR = 1;
const ABSOLUTE_DIRECTIONS: Record<string, Direction> = {
  'cp-to-csms': 'in', 'csms-to-cp': 'out', 'cp->csms': 'in', 'csms->cp': 'out', fromchargepoint: 'in', tochargepoint: 'out',
  fromcp: 'in', tocp: 'out', 'from-cp': 'in', 'to-cp': 'out', upstream: 'in', downstream: 'out',
};
/**
 * Words as a CSMS's log means them (ChargeScope's own in/out included); in a charger's log they mean the
 * opposite. The importer tells the two apart by the actions (a charger does not receive a BootNotification).
 */
const RELATIVE_DIRECTIONS: Record<string, Direction> = {
  in: 'in', received: 'in', receive: 'in', receiving: 'in', recv: 'in', rx: 'in', incoming: 'in', inbound: 'in', '<<': 'in', '<-': 'in',
  out: 'out', sending: 'out', sent: 'out', send: 'out', tx: 'out', outgoing: 'out', outbound: 'out', '>>': 'out', '->': 'out',
};
const TIME_KEYS = ['timestamp', 'at', 'time', 'ts', 'date', 'datetime', '@timestamp', 'receivedAt', 'sentAt'];
const CHARGER_KEYS = ['chargePointId', 'chargerId', 'chargeBoxId', 'chargeboxId', 'chargePoint', 'identity', 'cpId', 'stationId', 'station', 'charger', 'cp'];
const FRAME_KEYS = ['raw', 'frame', 'message', 'msg', 'data', 'ocpp', 'text', 'payload'];

/** Already ISO UTC with milliseconds (our own exports, most JSON producers): taken as it is. */
const CANONICAL_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const TS_RE = /(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?\s?(Z|z|[+-]\d{2}(?::?\d{2})?(?![\d:]))?/;
const FRAME_START = /\[\s*-?\d+\s*,/;
const CHARGER_IN_TEXT = /\b(?:chargeBoxId|chargePointId|chargerId|charge_point_id|identity|cpId|stationId)\s*[=:]\s*"?([^\s,\]"}]+)/i;
const WORD_RE = /<<|<-|>>|->|[A-Za-z]+/g;

/** Reads one line; null for a blank line (blank lines carry nothing and are not counted). */
export function readLine(line: string): LineResult {
  const text = line.trim();
  if (text === '') return null;
  if (text.startsWith('{')) return readObjectLine(text);
  if (text.startsWith('[')) {
    const bare = readBareFrame(text);
    if (bare) return bare;
  }
  return readTextLine(text);
}

function readObjectLine(text: string): LineResult {
  let o: Record<string, unknown>;
  try {
    const v = JSON.parse(text) as unknown;
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return { skip: 'a JSON value that is not an object' };
    o = v as Record<string, unknown>;
  } catch {
    return { skip: 'a line that starts like JSON but is not valid JSON' };
  }
  if (typeof o['messageType'] === 'string' && typeof o['direction'] === 'string' && ('schemaVersion' in o || 'transport' in o)) return readTraceRecord(o);
  return readPlainObject(o);
}

/** OCPP Trace Format v1.x: required schemaVersion, timestamp, transport, direction, messageType; raw when present. */
function readTraceRecord(o: Record<string, unknown>): LineResult {
  const version = String(o['schemaVersion'] ?? '');
  const major = Number(version.split('.')[0]);
  if (!Number.isInteger(major)) return { skip: `trace record without a readable schemaVersion (${JSON.stringify(o['schemaVersion'] ?? null)})` };
  if (major > TRACE_MAJOR) return { skip: `trace record of schemaVersion ${version}: this ChargeScope reads ${TRACE_MAJOR}.x` };
  if (o['transport'] !== undefined && o['transport'] !== 'json') return { skip: `trace record over transport ${JSON.stringify(o['transport'])}: only OCPP-J (json) is read` };
  const at = toIso(o['timestamp']);
  if (!at) return { skip: `trace record without a readable timestamp (${JSON.stringify(o['timestamp'] ?? null)})` };
  const direction = o['direction'] === 'cp-to-csms' ? 'in' : o['direction'] === 'csms-to-cp' ? 'out' : null;
  if (!direction) return { skip: `trace record with direction ${JSON.stringify(o['direction'])} (expected cp-to-csms or csms-to-cp)` };
  const chargerId = typeof o['chargePointId'] === 'string' ? o['chargePointId'] : null;
  if (typeof o['raw'] === 'string') return { format: 'trace-jsonl', at, chargerId, direction, relative: false, raw: o['raw'], rebuilt: false };
  const raw = rebuildFrame(o);
  if (!raw) return { skip: `trace record without raw and without a messageId to rebuild the frame from` };
  return { format: 'trace-jsonl', at, chargerId, direction, relative: false, raw, rebuilt: true };
}

function rebuildFrame(o: Record<string, unknown>): string | null {
  const id = o['messageId'];
  if (typeof id !== 'string') return null;
  const payload = o['payload'] ?? {};
  switch (o['messageType']) {
    case 'CALL': return JSON.stringify([2, id, o['action'] ?? null, payload]);
    case 'CALLRESULT': return JSON.stringify([3, id, payload]);
    case 'CALLERROR': {
      const e = (o['error'] ?? {}) as Record<string, unknown>;
      return JSON.stringify([4, id, e['code'] ?? 'GenericError', e['description'] ?? '', e['details'] ?? {}]);
    }
    default: return null;
  }
}

/** Plain JSONL: an object with a time, a direction, a charger and the frame (as text or as an array). */
function readPlainObject(o: Record<string, unknown>): LineResult {
  const frameKey = FRAME_KEYS.find((k) => typeof o[k] === 'string' ? FRAME_START.test(o[k]) : Array.isArray(o[k]));
  if (!frameKey) return { skip: `a JSON object without an OCPP-J frame (looked for ${FRAME_KEYS.join(', ')})` };
  const f = o[frameKey];
  const raw = typeof f === 'string' ? f : JSON.stringify(f);
  const timeKey = TIME_KEYS.find((k) => o[k] !== undefined);
  const at = timeKey ? toIso(o[timeKey]) : null;
  if (timeKey && !at) return { skip: `unreadable time ${JSON.stringify(o[timeKey])}` };
  if (!timeKey) return { skip: `a frame without a time (looked for ${TIME_KEYS.join(', ')})` };
  const chargerKey = CHARGER_KEYS.find((k) => typeof o[k] === 'string' || typeof o[k] === 'number');
  const dirValue = o['direction'] ?? o['dir'] ?? o['type'];
  const dir = typeof dirValue === 'string' ? directionOf(dirValue) : null;
  return {
    format: 'jsonl', at, chargerId: chargerKey ? String(o[chargerKey]) : null, direction: dir?.direction ?? null, relative: dir?.relative ?? false,
    raw, rebuilt: typeof f !== 'string',
  };
}

/** A line that is only an OCPP-J array: no time, no direction (the importer infers them). */
function readBareFrame(text: string): LineEntry | null {
  try {
    const v = JSON.parse(text) as unknown;
    if (Array.isArray(v) && typeof v[0] === 'number') return { format: 'jsonl', at: null, chargerId: null, direction: null, relative: false, raw: text, rebuilt: false };
  } catch {
    return null;
  }
  return null;
}

/** A text log line: a date-time, then somewhere a direction word and an OCPP-J array (SteVe's Sending:/Received:). */
function readTextLine(text: string): LineResult {
  const ts = TS_RE.exec(text);
  if (!ts) return { skip: 'no date and time on the line' };
  const rest = text.slice(ts.index + ts[0].length);
  const start = FRAME_START.exec(rest);
  if (!start) return { skip: 'no OCPP-J array ([2,...], [3,...] or [4,...]) on the line' };
  const before = rest.slice(0, start.index);
  const raw = frameText(rest.slice(start.index));
  const at = tsToIso(ts);
  if (!at) return { skip: `unreadable date and time ${ts[0]}` };
  let direction: { direction: Direction; relative: boolean } | null = null;
  for (const w of before.match(WORD_RE) ?? []) {
    const d = directionOf(w);
    if (d) direction = d;
  }
  const charger = CHARGER_IN_TEXT.exec(before);
  return { format: 'text-log', at, chargerId: charger ? charger[1]! : null, direction: direction?.direction ?? null, relative: direction?.relative ?? false, raw, rebuilt: false };
}

/** The array at the start of `s`: up to its closing bracket (strings respected), or everything when it never closes. */
function frameText(s: string): string {
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '"') {
      for (i++; i < s.length && s[i] !== '"'; i++) if (s[i] === '\\') i++;
    } else if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') {
      depth--;
      if (depth === 0) return s.slice(0, i + 1);
    }
  }
  return s.trimEnd();
}

function directionOf(word: string): { direction: Direction; relative: boolean } | null {
  const w = word.toLowerCase().replace(/[\s_]/g, '');
  if (ABSOLUTE_DIRECTIONS[w]) return { direction: ABSOLUTE_DIRECTIONS[w], relative: false };
  if (RELATIVE_DIRECTIONS[w]) return { direction: RELATIVE_DIRECTIONS[w], relative: true };
  return null;
}

/** ISO 8601 (zone optional: UTC assumed), or epoch seconds / milliseconds → ISO UTC with ms. */
export function toIso(v: unknown): string | null {
  if (typeof v === 'number' && Number.isFinite(v)) {
    const ms = v > 1e11 ? v : v * 1000;
    const d = new Date(ms);
    return Number.isNaN(d.getTime()) ? null : d.toISOString();
  }
  if (typeof v !== 'string') return null;
  if (v.length === 24 && CANONICAL_ISO.test(v) && !Number.isNaN(Date.parse(v))) return v;
  const m = TS_RE.exec(v);
  if (m && m.index === 0) return tsToIso(m);
  if (/^\d{10,13}(\.\d+)?$/.test(v)) return toIso(Number(v));
  return null;
}

function tsToIso(m: RegExpExecArray): string | null {
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const ms = frac ? Number(frac.slice(0, 3).padEnd(3, '0')) : 0;
  let t = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms);
  if (zone && zone.toUpperCase() !== 'Z') {
    const z = /([+-])(\d{2}):?(\d{2})?/.exec(zone)!;
    const off = (Number(z[2]) * 60 + Number(z[3] ?? 0)) * (z[1] === '-' ? -1 : 1);
    t -= off * 60_000;
  }
  const date = new Date(t);
  return Number.isNaN(t) ? null : date.toISOString();
}
