import { describe, expect, test } from 'vitest';
import { OcppError } from '../../../main/ocpp/errors.ts';
import { parseFrame, payloadOf, payloadTextOf, serializeCall, serializeError, serializeResult } from '../../../main/ocpp/frame.ts';

function fails(text: string): OcppError {
  try {
    parseFrame(text);
  } catch (err) {
    if (err instanceof OcppError) return err;
    throw err;
  }
  throw new Error(`expected ${text} to fail`);
}

describe('parseFrame checks in the order of STYLE.md', () => {
  test('text that is not JSON is a FormationViolation without a message id', () => {
    const e = fails('[2, "a", "Heartbeat", {');
    expect(e.code).toBe('FormationViolation');
    expect(e.messageId).toBeUndefined();
  });
  test('JSON that is not an array is a FormationViolation', () => {
    expect(fails('{"a":1}').code).toBe('FormationViolation');
  });
  test('a non-numeric message type is a FormationViolation that keeps a readable id', () => {
    const e = fails('["2", "id-1", "Heartbeat", {}]');
    expect(e.code).toBe('FormationViolation');
    expect(e.messageId).toBe('id-1');
  });
  test('an unknown message type is marked to be ignored (OCPP-J §4.1.3)', () => {
    const e = fails('[5, "id-1", "Heartbeat", {}]');
    expect(e.details['ignore']).toBe(true);
  });
  test('a non-string message id is a FormationViolation with no id to answer', () => {
    const e = fails('[2, 17, "Heartbeat", {}]');
    expect(e.code).toBe('FormationViolation');
    expect(e.messageId).toBeUndefined();
    expect(e.messageType).toBe('CALL');
  });
  test('a message id over 36 characters is refused', () => {
    expect(fails(`[2, "${'x'.repeat(37)}", "Heartbeat", {}]`).code).toBe('FormationViolation');
  });
  test('a CALL needs 4 elements and an object payload', () => {
    expect(fails('[2, "a", "Heartbeat"]').code).toBe('FormationViolation');
    expect(fails('[2, "a", "Heartbeat", []]').code).toBe('FormationViolation');
    expect(fails('[2, "a", "Heartbeat", null]').code).toBe('FormationViolation');
  });
  test('a malformed CALLRESULT carries its type, so it is recorded but never answered', () => {
    const e = fails('[3, "a"]');
    expect(e.messageType).toBe('CALLRESULT');
  });
  test('well-formed frames of each type parse', () => {
    expect(parseFrame('[2,"a","Heartbeat",{}]')).toEqual({ type: 'CALL', messageId: 'a', action: 'Heartbeat', payload: {} });
    expect(parseFrame('[3,"a",{"x":1}]')).toEqual({ type: 'CALLRESULT', messageId: 'a', payload: { x: 1 } });
    expect(parseFrame('[4,"a","NotSupported","no",{}]')).toMatchObject({ type: 'CALLERROR', errorCode: 'NotSupported' });
  });
  test('deeply nested input fails cleanly instead of crashing', () => {
    const deep = `[2,"a","DataTransfer",{"vendorId":"v","data":${'['.repeat(100_000)}${']'.repeat(100_000)}}]`;
    expect(() => parseFrame(deep)).not.toThrow(RangeError);
  });
});

describe('serialization', () => {
  test('frames serialize as OCPP-J arrays', () => {
    expect(serializeCall('1', 'Reset', { type: 'Soft' })).toBe('[2,"1","Reset",{"type":"Soft"}]');
    expect(serializeResult('1', {})).toBe('[3,"1",{}]');
    expect(serializeError('1', 'NotImplemented', 'x')).toBe('[4,"1","NotImplemented","x",{}]');
  });
});

describe('a stored frame\'s payload, read back from its raw text', () => {
  const call = '[2, "id,\\"1\\"", "Authorize", {"idTag": "A,B]"} ]';
  test('payloadOf parses the CALL, CALLRESULT and CALLERROR parts', () => {
    expect(payloadOf(call, 'CALL')).toEqual({ idTag: 'A,B]' });
    expect(payloadOf('[3,"x",{"status":"Accepted"}]', 'CALLRESULT')).toEqual({ status: 'Accepted' });
    expect(payloadOf('[4,"x","NotImplemented","no",{}]', 'CALLERROR')).toEqual({ errorCode: 'NotImplemented', errorDescription: 'no', errorDetails: {} });
    expect(payloadOf('[2,"x","Heartbeat",[]]', 'CALL')).toBeNull();
    expect(payloadOf('not json', 'CALL')).toBeNull();
    expect(payloadOf('[2,"x","Heartbeat",{}]', null)).toBeNull();
  });
  test('payloadTextOf cuts the payload text out without parsing, quotes and escapes included', () => {
    expect(payloadTextOf(call, 'CALL')).toBe('{"idTag": "A,B]"}');
    expect(payloadTextOf('[3,"x",{"a":[1,2]}]', 'CALLRESULT')).toBe('{"a":[1,2]}');
    expect(payloadTextOf('[3,"x","nope"]', 'CALLRESULT')).toBeNull();
    expect(payloadTextOf('[4,"x","E","d",{}]', 'CALLERROR')).toBeNull();
    expect(payloadTextOf('[2,"x"]', 'CALL')).toBeNull();
    expect(payloadTextOf('{"a":1}', 'CALL')).toBeNull();
  });
});
