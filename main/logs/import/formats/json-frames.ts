import { directionOf } from './prefix.ts';
import { field, isObject, parseJsonLine, share } from './json-line.ts';
import { toIso } from './time.ts';
import { lineByLine } from './trace-jsonl.ts';
import type { LogFormat, ReadFrame } from './types.ts';

/**
 * JSON Lines of frames: an object with the frame (as text or as an array) under a usual key, with a time, a
 * direction and a charger when it has them; or a line that is only the OCPP-J array.
 */
export const TIME_KEYS = ['timestamp', 'at', 'time', 'ts', 'date', 'datetime', '@timestamp', 'receivedAt', 'sentAt', 'created', 'createdAt', 'logged'];
export const CHARGER_KEYS = ['chargePointId', 'chargerId', 'chargeBoxId', 'chargeboxId', 'chargePoint', 'identity', 'cpId', 'stationId', 'station', 'charger', 'cp'];
export const DIRECTION_KEYS = ['direction', 'dir', 'type'];
const FRAME_KEYS = ['raw', 'frame', 'message', 'msg', 'data', 'ocpp', 'text', 'payload'];
const FRAME_TEXT = /^\s*\[\s*-?\d{1,3}\s*,/;

export const jsonFrames: LogFormat = {
  id: 'json-frames',
  title: 'JSON Lines of OCPP-J frames',
  // Trace records carry their frame in `raw` too: they are the trace family's.
  sniff: (head) => ({ score: share(head, (l) => /^\[\s*-?\d{1,3}\s*,/.test(l)
    || (l.startsWith('{') && !l.includes('"schemaVersion"') && /"(?:raw|frame|message|msg|data|ocpp|text|payload)"\s*:\s*(?:\[|"\[)/.test(l))) }),
  /** Any JSON object (it says what it lacks), and a line that is a whole array starting with a number. */
  claims: (l) => l.startsWith('{') || (l.endsWith(']') && /^\[\s*-?\d{1,3}\s*,/.test(l)),
  read: (ctx) => lineByLine(ctx, readJsonFrameLine),
};

function readJsonFrameLine(text: string): ReadFrame | { skip: string } {
  if (!text.startsWith('{') && !text.startsWith('[')) return { skip: 'not JSON (a line of this file is a JSON object with a frame, or an OCPP-J array)' };
  const p = parseJsonLine(text);
  if ('skip' in p) return p;
  const v = p.value;
  if (Array.isArray(v)) {
    if (typeof v[0] !== 'number') return { skip: 'a JSON array that is not an OCPP-J frame (it does not start with a message type number)' };
    return { raw: text, at: null, unzoned: false, chargerId: null, direction: null, relative: false, rebuilt: false };
  }
  if (!isObject(v)) return { skip: 'a JSON value that is not an object' };
  return readFrameObject(v);
}

/** An object holding a frame under one of FRAME_KEYS. */
export function readFrameObject(o: Record<string, unknown>): ReadFrame | { skip: string } {
  const frameKey = FRAME_KEYS.find((k) => typeof o[k] === 'string' ? FRAME_TEXT.test(o[k]) : Array.isArray(o[k]));
  if (!frameKey) return { skip: `a JSON object without an OCPP-J frame (looked for ${FRAME_KEYS.join(', ')})` };
  const f = o[frameKey];
  const raw = typeof f === 'string' ? f : JSON.stringify(f);
  const meta = objectMeta(o);
  if ('skip' in meta) return meta;
  return { ...meta, raw, rebuilt: typeof f !== 'string' };
}

/** Time, charger and direction of a JSON log record, as far as it has them. */
export function objectMeta(o: Record<string, unknown>): Omit<ReadFrame, 'raw' | 'rebuilt'> | { skip: string } {
  const time = field(o, TIME_KEYS);
  const at = time ? toIso(time.value) : null;
  if (time && !at) return { skip: `unreadable time ${JSON.stringify(time.value).slice(0, 80)} in ${time.key}` };
  const charger = field(o, CHARGER_KEYS);
  const chargerId = charger && (typeof charger.value === 'string' || typeof charger.value === 'number') ? String(charger.value).slice(0, 64) : null;
  const dirValue = field(o, DIRECTION_KEYS)?.value;
  const dir = typeof dirValue === 'string' ? directionOf(dirValue) : null;
  const unzoned = typeof time?.value === 'string' && !/(?:Z|[+-]\d{2}:?\d{2})$/i.test(time.value);
  return { at, unzoned: at !== null && unzoned, chargerId, direction: dir?.direction ?? null, relative: dir?.relative ?? false };
}
