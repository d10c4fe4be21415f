import { isObject, parseJsonLine, share } from './json-line.ts';
import { toIso } from './time.ts';
import type { LineReader, LogFormat, ReadContext, ReadFrame } from './types.ts';

/** OCPP Trace Format v1.x JSON Lines: schemaVersion, timestamp, transport, direction, messageType; raw when present. */
const TRACE_MAJOR = 1;

export const traceJsonl: LogFormat = {
  id: 'trace-jsonl',
  title: 'OCPP Trace Format JSONL',
  sniff: (head) => ({ score: share(head, isTraceRecord) }),
  claims: isTraceRecord,
  read: (ctx) => lineByLine(ctx, readTraceLine),
};

function isTraceRecord(l: string): boolean {
  return l.startsWith('{') && l.includes('"messageType"') && (l.includes('"schemaVersion"') || l.includes('"transport"'));
}

/** A reader that reads each non-blank line on its own. */
export function lineByLine(ctx: ReadContext, read: (text: string) => ReadFrame | { skip: string }): LineReader {
  return {
    line(text, lineNo) {
      const t = text.trim();
      if (t === '') return;
      const r = read(t);
      if ('skip' in r) ctx.emit({ kind: 'skip', line: lineNo, reason: r.skip, text });
      else ctx.emit({ kind: 'frame', line: lineNo, frame: r });
    },
    end() {},
  };
}

function readTraceLine(text: string): ReadFrame | { skip: string } {
  if (!text.startsWith('{')) return { skip: 'not a JSON object (an OCPP Trace Format record is one per line)' };
  const p = parseJsonLine(text);
  if ('skip' in p) return p;
  if (!isObject(p.value)) return { skip: 'a JSON value that is not an object' };
  return readTraceRecord(p.value);
}

export function readTraceRecord(o: Record<string, unknown>): ReadFrame | { skip: string } {
  const version = String(o['schemaVersion'] ?? '');
  const dot = version.indexOf('.');
  const major = Number(dot === -1 ? version : version.slice(0, dot));
  if (!Number.isInteger(major)) return { skip: `trace record without a readable schemaVersion (${JSON.stringify(o['schemaVersion'] ?? null)})` };
  if (major > TRACE_MAJOR) return { skip: `trace record of schemaVersion ${version}: this ChargeScope reads ${TRACE_MAJOR}.x` };
  if (o['transport'] !== undefined && o['transport'] !== 'json') return { skip: `trace record over transport ${JSON.stringify(o['transport'])}: only OCPP-J (json) is read` };
  const at = toIso(o['timestamp']);
  if (!at) return { skip: `trace record without a readable timestamp (${JSON.stringify(o['timestamp'] ?? null)})` };
  const direction = o['direction'] === 'cp-to-csms' ? 'in' : o['direction'] === 'csms-to-cp' ? 'out' : null;
  if (!direction) return { skip: `trace record with direction ${JSON.stringify(o['direction'])} (expected cp-to-csms or csms-to-cp)` };
  const chargerId = typeof o['chargePointId'] === 'string' ? o['chargePointId'] : null;
  // ChargeScope's own mark (export-text.ts): the timestamp only kept the order of a frame whose log gave it no time.
  const meta = o['meta'];
  const timeUnknown = isObject(meta) && meta['timeUnknown'] === true;
  const verbatim = typeof o['raw'] === 'string';
  const raw = verbatim ? o['raw'] as string : rebuildFrame(o['messageType'], o['messageId'], o['action'], o['payload'], o['error']);
  if (raw === null) return { skip: 'trace record without raw and without a messageId to rebuild the frame from' };
  // One object of one shape per record: this is the path of a million-line import.
  return { raw, at: timeUnknown ? null : at, unzoned: false, chargerId, direction, relative: false, rebuilt: !verbatim };
}

/** An OCPP-J frame's text from its fields (message type as CALL/CALLRESULT/CALLERROR or 2/3/4). */
export function rebuildFrame(type: unknown, id: unknown, action: unknown, payload: unknown, error: unknown): string | null {
  if (typeof id !== 'string' && typeof id !== 'number') return null;
  const mid = String(id);
  const body = payload ?? {};
  switch (type) {
    case 'CALL': case 2: case '2': return JSON.stringify([2, mid, action ?? null, body]);
    case 'CALLRESULT': case 3: case '3': return JSON.stringify([3, mid, body]);
    case 'CALLERROR': case 4: case '4': {
      const e = (isObject(error) ? error : {}) as Record<string, unknown>;
      return JSON.stringify([4, mid, e['code'] ?? e['errorCode'] ?? 'GenericError', e['description'] ?? e['errorDescription'] ?? '', e['details'] ?? e['errorDetails'] ?? {}]);
    }
    default: return null;
  }
}
