import { describe, expect, test } from 'vitest';
import { clampBigIntegers } from '../../../main/ocpp/big-numbers.ts';
import { headOf, jsonDepthOver, MAX_JSON_DEPTH, truncateText } from '../../../main/ocpp/frame-guard.ts';
import { parseFrame } from '../../../main/ocpp/frame.ts';

describe('frame guard', () => {
  test('depth: 64 levels pass, 65 do not; brackets inside strings do not count', () => {
    expect(jsonDepthOver(`${'['.repeat(MAX_JSON_DEPTH)}${']'.repeat(MAX_JSON_DEPTH)}`)).toBe(false);
    expect(jsonDepthOver(`${'['.repeat(MAX_JSON_DEPTH + 1)}${']'.repeat(MAX_JSON_DEPTH + 1)}`)).toBe(true);
    expect(jsonDepthOver(JSON.stringify(['['.repeat(500), '{'.repeat(500), '\\"['.repeat(100)]))).toBe(false);
    expect(jsonDepthOver(`[${'[]'.repeat(1000)}]`)).toBe(false);
  });
  test('a too-deep CALL is refused FormationViolation with the id read from its head', () => {
    try {
      parseFrame(`[2,"deep-1","DataTransfer",{"vendorId":"v","data":${'['.repeat(10_000)}${']'.repeat(10_000)}}]`);
      expect.unreachable();
    } catch (e) {
      expect(e).toMatchObject({ code: 'FormationViolation', messageId: 'deep-1', messageType: 'CALL' });
    }
    expect(headOf('[2, "a\\"b", ...')).toEqual({ type: 2, id: 'a"b' });
    expect(headOf('{"x":1}')).toBeNull();
  });
  test('truncated text keeps its head and says how long it was', () => {
    expect(truncateText('abc', 10)).toBe('abc');
    expect(truncateText('x'.repeat(20), 10)).toBe(`${'x'.repeat(10)}… [truncated by ChargeScope: 20 characters in all]`);
  });
  test('integers past 2^53 are clamped with their text; safe ones and floats are left alone', () => {
    const raw = '[2,"m","StartTransaction",{"connectorId":1,"meterStart":18446744073709551616,"x":[1.5e20,-1e308],"y":0.5}]';
    const payload = (JSON.parse(raw) as unknown[])[3] as Record<string, unknown>;
    const r = clampBigIntegers(payload, raw)!;
    expect(r.clamped.map((c) => [c.path, c.text])).toEqual([['meterStart', '18446744073709551616'], ['x[0]', '1.5e20'], ['x[1]', '-1e308']]);
    expect(r.payload).toEqual({ connectorId: 1, meterStart: Number.MAX_SAFE_INTEGER, x: [Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER], y: 0.5 });
    expect(clampBigIntegers({ connectorId: 1, v: 2 ** 53 - 1 }, '[2,"m","A",{"connectorId":1,"v":9007199254740991}]')).toBeNull();
  });
});
