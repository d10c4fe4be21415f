import type { MessageTypeName } from '../../shared/ocpp/actions.ts';
import { OcppError, to16ErrorCode } from './errors.ts';

export const MESSAGE_TYPE = { CALL: 2, CALLRESULT: 3, CALLERROR: 4 } as const;
const TYPE_NAMES: Record<number, MessageTypeName> = { 2: 'CALL', 3: 'CALLRESULT', 4: 'CALLERROR' };

/** OCPP-J §4.1.4: a message id is a string of at most 36 characters. */
export const MAX_MESSAGE_ID_LENGTH = 36;

export type Payload = Record<string, unknown>;

export type ParsedFrame =
  | { type: 'CALL'; messageId: string; action: string; payload: Payload }
  | { type: 'CALLRESULT'; messageId: string; payload: Payload }
  | { type: 'CALLERROR'; messageId: string; errorCode: string; errorDescription: string; errorDetails: Payload };

function isPlainObject(value: unknown): value is Payload {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads a message id from anything array-shaped, for answering a broken frame. */
function readableId(arr: unknown[]): string | undefined {
  const id = arr[1];
  return typeof id === 'string' && id.length > 0 && id.length <= MAX_MESSAGE_ID_LENGTH ? id : undefined;
}

/**
 * Parses one OCPP-J text frame, in the order: JSON, array, numeric type, known type, string message id,
 * then the fields of that type. Every failure is one OcppError carrying the message id when readable.
 * Unknown message types are reported with code GenericError and `details.ignore = true` (OCPP-J §4.1.3:
 * the receiver ignores them).
 */
export function parseFrame(text: string): ParsedFrame {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new OcppError('FormationViolation', 'Frame is not valid JSON', {}, { cause: err });
  }
  if (!Array.isArray(value)) {
    throw new OcppError('FormationViolation', 'Frame is not a JSON array [type, id, ...]');
  }
  const messageId = readableId(value);
  const idOpt: { messageId?: string; messageType?: MessageTypeName } = messageId === undefined ? {} : { messageId };
  const type = value[0];
  if (typeof type !== 'number' || !Number.isInteger(type)) {
    throw new OcppError('FormationViolation', 'Message type id must be the number 2, 3 or 4', {}, idOpt);
  }
  const typeName = TYPE_NAMES[type];
  if (typeName === undefined) {
    throw new OcppError('GenericError', `Unknown message type id ${type}; ignored (OCPP-J §4.1.3)`, { ignore: true }, idOpt);
  }
  const typed = { messageType: typeName };
  const rawId = value[1];
  if (typeof rawId !== 'string') {
    throw new OcppError('FormationViolation', 'Message id must be a string', {}, typed);
  }
  if (rawId.length === 0 || rawId.length > MAX_MESSAGE_ID_LENGTH) {
    throw new OcppError('FormationViolation', `Message id must be 1 to ${MAX_MESSAGE_ID_LENGTH} characters`, {}, typed);
  }
  Object.assign(idOpt, typed);
  switch (typeName) {
    case 'CALL': {
      if (value.length !== 4) {
        throw new OcppError('FormationViolation', `A CALL has 4 elements, this one has ${value.length}`, {}, idOpt);
      }
      const action = value[2];
      if (typeof action !== 'string' || action.length === 0) {
        throw new OcppError('FormationViolation', 'Action must be a non-empty string', {}, idOpt);
      }
      if (!isPlainObject(value[3])) {
        throw new OcppError('FormationViolation', 'CALL payload must be a JSON object', {}, idOpt);
      }
      return { type: 'CALL', messageId: rawId, action, payload: value[3] };
    }
    case 'CALLRESULT': {
      if (value.length !== 3) {
        throw new OcppError('FormationViolation', `A CALLRESULT has 3 elements, this one has ${value.length}`, {}, idOpt);
      }
      if (!isPlainObject(value[2])) {
        throw new OcppError('FormationViolation', 'CALLRESULT payload must be a JSON object', {}, idOpt);
      }
      return { type: 'CALLRESULT', messageId: rawId, payload: value[2] };
    }
    case 'CALLERROR': {
      if (value.length !== 5) {
        throw new OcppError('FormationViolation', `A CALLERROR has 5 elements, this one has ${value.length}`, {}, idOpt);
      }
      const [, , errorCode, errorDescription, errorDetails] = value;
      if (typeof errorCode !== 'string' || typeof errorDescription !== 'string' || !isPlainObject(errorDetails)) {
        throw new OcppError('FormationViolation', 'CALLERROR needs a string code, a string description and an object of details', {}, idOpt);
      }
      return { type: 'CALLERROR', messageId: rawId, errorCode, errorDescription, errorDetails };
    }
  }
}

export function serializeCall(messageId: string, action: string, payload: Payload): string {
  return JSON.stringify([MESSAGE_TYPE.CALL, messageId, action, payload]);
}

export function serializeResult(messageId: string, payload: Payload): string {
  return JSON.stringify([MESSAGE_TYPE.CALLRESULT, messageId, payload]);
}

/** Every CALLERROR leaves through here: the code in its OCPP-J 1.6 wire spelling (ocpp/errors.ts, the one place). */
export function serializeError(messageId: string, code: string, description: string, details: Payload = {}): string {
  return JSON.stringify([MESSAGE_TYPE.CALLERROR, messageId, to16ErrorCode(code), description, details]);
}

/**
 * A stored frame's payload, read back from its raw text (the store keeps the text once, not a second copy of the
 * payload): a CALL's or CALLRESULT's payload object, a CALLERROR's code, description and details; null for a
 * frame whose text is not such an array.
 */
export function payloadOf(raw: string, messageType: MessageTypeName | null): unknown {
  if (messageType === null) return null;
  let a: unknown;
  try {
    a = JSON.parse(raw);
  } catch {
    return null;
  }
  if (!Array.isArray(a)) return null;
  if (messageType === 'CALLERROR') return { errorCode: a[2], errorDescription: a[3], errorDetails: a[4] };
  const p: unknown = a[messageType === 'CALL' ? 3 : 2];
  return isPlainObject(p) ? p : null;
}

/**
 * The payload object's text exactly as a CALL (`commas` 3) or CALLRESULT (`commas` 2) carries it, found without
 * parsing: the text after that top-level comma up to the array's closing bracket. Null when it is not an object.
 * For writing the payload out again (trace export) without a JSON.parse and JSON.stringify per frame.
 */
export function payloadTextOf(raw: string, messageType: MessageTypeName | null): string | null {
  if (messageType !== 'CALL' && messageType !== 'CALLRESULT') return null;
  const commas = messageType === 'CALL' ? 3 : 2;
  let seen = 0;
  for (let i = raw.indexOf('[') + 1; i > 0 && i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === 0x22) {
      for (i++; i < raw.length && raw.charCodeAt(i) !== 0x22; i++) if (raw.charCodeAt(i) === 0x5c) i++;
    } else if (c === 0x2c && ++seen === commas) {
      const end = raw.lastIndexOf(']');
      const text = end > i ? raw.slice(i + 1, end).trim() : '';
      return text.startsWith('{') && text.endsWith('}') ? text : null;
    } else if (c === 0x7b || c === 0x5b) {
      return null;
    }
  }
  return null;
}
