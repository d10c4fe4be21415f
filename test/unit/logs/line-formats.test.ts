import { describe, expect, test } from 'vitest';
import { normalizeValue } from '../../../main/logs/export-text.ts';
import { readLine, toIso } from '../../../main/logs/line-formats.ts';

describe('readLine', () => {
  test('a SteVe line: time (comma millis, no zone = UTC), charger, direction, the array up to its bracket', () => {
    const e = readLine('[INFO ] 2024-03-05 10:00:00,250 de.rwth.idsg.steve.ocpp.ws.WebSocketLogger - [chargeBoxId=CP 1, sessionId=x] Sending: [3,"b1",{"a":"]"}] trailing');
    expect(e).toEqual({ format: 'text-log', at: '2024-03-05T10:00:00.250Z', chargerId: 'CP', direction: 'out', relative: true, raw: '[3,"b1",{"a":"]"}]', rebuilt: false });
  });

  test('a trace record without raw is rebuilt; one with a newer major version is skipped', () => {
    const e = readLine('{"schemaVersion":"1.0","timestamp":"2025-01-01T00:00:00Z","transport":"json","direction":"csms-to-cp","messageType":"CALLERROR","messageId":"9","error":{"code":"NotSupported"}}');
    expect(e).toMatchObject({ format: 'trace-jsonl', direction: 'out', relative: false, rebuilt: true, raw: '[4,"9","NotSupported","",{}]' });
    expect(readLine('{"schemaVersion":"3.1","timestamp":"2025-01-01T00:00:00Z","transport":"json","direction":"cp-to-csms","messageType":"CALL"}')).toEqual({ skip: expect.stringMatching(/3\.1/) });
  });

  test('blank lines are nothing; garbage is a reason', () => {
    expect(readLine('   ')).toBeNull();
    expect(readLine('garbage')).toEqual({ skip: 'no date and time on the line' });
  });
});

describe('toIso', () => {
  test('offsets, epoch seconds and milliseconds, nanoseconds', () => {
    expect(toIso('2025-02-10T14:00:00.5+01:00')).toBe('2025-02-10T13:00:00.500Z');
    expect(toIso('2025-02-10 14:00:00.123456789-0230')).toBe('2025-02-10T16:30:00.123Z');
    expect(toIso(1739192460)).toBe('2025-02-10T13:01:00.000Z');
    expect(toIso(1739192460000)).toBe('2025-02-10T13:01:00.000Z');
    expect(toIso('soon')).toBeNull();
  });
});

describe('normalizeValue', () => {
  test('kW to W, kWh to Wh, default units by measurand, signed data untouched', () => {
    expect(normalizeValue('7.4', 'Power.Active.Import', 'kW', null)).toEqual({ value: 7400, unit: 'W' });
    expect(normalizeValue('12.5', 'Energy.Active.Import.Register', 'kWh', 'Raw')).toEqual({ value: 12500, unit: 'Wh' });
    expect(normalizeValue('1500', 'Energy.Active.Import.Register', null, null)).toEqual({ value: 1500, unit: 'Wh' });
    expect(normalizeValue('80', 'SoC', null, null)).toEqual({ value: 80, unit: 'Percent' });
    expect(normalizeValue('abc', 'Power.Active.Import', 'W', 'SignedData')).toEqual({ value: null, unit: null });
  });
});
