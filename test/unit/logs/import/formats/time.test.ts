import { describe, expect, test } from 'vitest';
import { findTime, isoOf, otherDate, toIso } from '../../../../../main/logs/import/formats/time.ts';

const iso = (text: string, assumed = 0) => {
  const t = findTime(text);
  return t?.date ? isoOf(t.date, t.ms, t.zone, assumed) : null;
};

describe('times in a line prefix', () => {
  test.each([
    ['2024-03-05 10:00:00,250 INFO', '2024-03-05T10:00:00.250Z'],
    ['2024-03-05T10:00:00.25Z', '2024-03-05T10:00:00.250Z'],
    ['[ocpp  ] TRACE 2024/07/11 20:38:40 recv', '2024-07-11T20:38:40.000Z'],
    ['02.10.2023 06:56:00 INF [sendTXT]', '2023-10-02T06:56:00.000Z'],
    ['[INFO ]\t2024-03-05\t10:00:00,250\tde.rwth', '2024-03-05T10:00:00.250Z'],
    ['2024-03-05 10:00:00.123456789+02:00 x', '2024-03-05T08:00:00.123Z'],
    ['2024-03-05 10:00:00 -0230 x', '2024-03-05T12:30:00.000Z'],
    ['2024-03-05 10:00:00 UTC x', '2024-03-05T10:00:00.000Z'],
  ])('%s', (text, want) => {
    expect(iso(text)).toBe(want);
  });

  test('a time written without a zone is read in the zone asked for', () => {
    expect(iso('2024-07-11 20:38:40 recv', 120)).toBe('2024-07-11T18:38:40.000Z');
    expect(iso('2024-07-11 20:38:40Z recv', 120)).toBe('2024-07-11T20:38:40.000Z');
  });

  test('a time alone, with comma or dot milliseconds; impossible times and dates are not times', () => {
    expect(findTime('[09:35:55,576] [client->target]')).toMatchObject({ date: null, ms: ((9 * 60 + 35) * 60 + 55) * 1000 + 576, zone: null });
    expect(findTime('12:00:01.1 ->')).toMatchObject({ date: null, ms: 43_201_100 });
    expect(findTime('25:61:00 x')).toBeNull();
    expect(findTime('2024-13-40 10:00:00 x')).toBeNull();
    expect(findTime('version 1.11.0 build 7')).toBeNull();
  });

  test('date formats that are not read are named for a refusal', () => {
    expect(otherDate('12/03/2024 10:00:00 Received')).toBe('12/03/2024');
    expect(otherDate('Mar  5 10:00:00 host ocpp')).toBe('Mar  5 10:00:00');
    expect(otherDate('2024-03-05 10:00:00')).toBeNull();
  });
});

describe('toIso (JSON record times)', () => {
  test('offsets, epoch seconds and milliseconds, nanoseconds, garbage', () => {
    expect(toIso('2025-02-10T14:00:00.5+01:00')).toBe('2025-02-10T13:00:00.500Z');
    expect(toIso('2025-02-10 14:00:00.123456789-0230')).toBe('2025-02-10T16:30:00.123Z');
    expect(toIso(1739192460)).toBe('2025-02-10T13:01:00.000Z');
    expect(toIso(1739192460000)).toBe('2025-02-10T13:01:00.000Z');
    expect(toIso('soon')).toBeNull();
    expect(toIso('x'.repeat(10_000))).toBeNull();
  });
});
