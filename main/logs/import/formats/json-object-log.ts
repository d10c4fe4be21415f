import { field, isObject, parseJsonLine, share } from './json-line.ts';
import { objectMeta } from './json-frames.ts';
import { lineByLine, rebuildFrame } from './trace-jsonl.ts';
import { LIMITS, type LogFormat, type ReadFrame } from './types.ts';

/**
 * JSON-object logs: one message per line as an object of its fields, not as the OCPP-J array
 * (`{"CallType":2,"UUID":"…","Action":"BootNotification","Payload":{…}}`, with a time, a direction and a charger when
 * it has them). The frame is rebuilt from the fields, so its raw text is not verbatim.
 */
const TYPE_KEYS = ['CallType', 'MessageTypeId', 'MessageType', 'messageTypeId', 'msgType', 'typeId'];
const ID_KEYS = ['UUID', 'UniqueId', 'MessageId', 'messageId', 'uniqueId', 'id'];
const ACTION_KEYS = ['Action', 'action', 'Operation'];
const PAYLOAD_KEYS = ['Payload', 'payload', 'Body', 'body', 'Data'];
const ERROR_KEYS = ['Error', 'error'];

export const jsonObjectLog: LogFormat = {
  id: 'json-object-log',
  title: 'JSON-object log (one message per line as its fields)',
  sniff: (head) => ({ score: share(head, isMessageObject) }),
  claims: isMessageObject,
  read: (ctx) => lineByLine(ctx, readObjectLine),
};

function isMessageObject(l: string): boolean {
  return l.startsWith('{') && /"(?:CallType|MessageTypeId|msgType|typeId)"\s*:/i.test(l);
}

function readObjectLine(text: string): ReadFrame | { skip: string } {
  if (!text.startsWith('{')) return { skip: 'not a JSON object (this log has one message object per line)' };
  const p = parseJsonLine(text);
  if ('skip' in p) return p;
  if (!isObject(p.value)) return { skip: 'a JSON value that is not an object' };
  const o = p.value;
  const type = field(o, TYPE_KEYS)?.value;
  const id = field(o, ID_KEYS)?.value;
  const payload = field(o, PAYLOAD_KEYS)?.value;
  const t = typeof type === 'string' ? ({ call: 2, callresult: 3, callerror: 4 } as Record<string, number>)[type.toLowerCase()] ?? type : type;
  const err = t === 4 || t === '4' ? { code: o['ErrorCode'] ?? o['errorCode'], description: o['ErrorDescription'] ?? o['errorDescription'] ?? '', details: o['ErrorDetails'] ?? o['errorDetails'] ?? payload ?? {}, ...(isObject(field(o, ERROR_KEYS)?.value) ? field(o, ERROR_KEYS)!.value as object : {}) } : null;
  const raw = rebuildFrame(t, id, field(o, ACTION_KEYS)?.value, typeof payload === 'string' ? parsePayload(payload) : payload, err);
  if (!raw) return { skip: `a message object without a readable message type (2, 3, 4) or message id (looked for ${TYPE_KEYS.join('/')} and ${ID_KEYS.join('/')})` };
  const meta = objectMeta(o);
  if ('skip' in meta) return meta;
  return { ...meta, raw, rebuilt: true };
}

/** A payload logged as JSON text rather than as an object. */
function parsePayload(s: string): unknown {
  if (s.length > LIMITS.lineChars) return s;
  try {
    return JSON.parse(s) as unknown;
  } catch {
    return s;
  }
}
