import { describe, expect, it } from 'vitest';
import type { CompositeSchedule } from '../../../../shared/api/types.ts';
import type { ChargingProfile, ChargingRateUnit } from '../../../../shared/ocpp/charging-profile.ts';
import { DEFAULT_TOLERANCE, compareSchedules, formatLimit } from '../../../../main/csms/smart-charging/compare.ts';
import { NO_LIMIT, computeCompositeSchedule } from '../../../../main/csms/smart-charging/composite.ts';

const T0 = new Date('2024-05-10T10:00:00.000Z');
const iso = (sec: number) => new Date(T0.getTime() + sec * 1000).toISOString();

/** A composite schedule starting `startSec` after T0; periods as [startPeriod, limit] or [startPeriod, limit, numberPhases]. */
function schedule(periods: [number, number, number?][], o: { startSec?: number; duration?: number; unit?: ChargingRateUnit } = {}): CompositeSchedule {
  return {
    connectorId: 1,
    scheduleStart: iso(o.startSec ?? 0),
    chargingSchedule: {
      ...(o.duration === undefined ? {} : { duration: o.duration }),
      chargingRateUnit: o.unit ?? 'A',
      chargingSchedulePeriod: periods.map(([startPeriod, limit, numberPhases]) => (numberPhases === undefined ? { startPeriod, limit } : { startPeriod, limit, numberPhases })),
    },
  };
}

describe('compareSchedules', () => {
  it('finds nothing when the charger reports the same steps', () => {
    const local = schedule([[0, 8], [50, 10], [200, 6]], { duration: 400 });
    expect(compareSchedules(local, structuredClone(local))).toEqual([]);
  });

  it('lines the schedules up on absolute time: OCTT TC_066_CS answered 3 s after the local computation agrees', () => {
    // TC_066_CS [TCD-2024 Table 82]: ChargePointMax 10 for a day; TxDefault 6/10/8/15/8 (duration 300);
    // TxProfile 8/11/16/6/12 at 0/50/140/200/240 (duration 260). Expected 0→8, 50→10, 200→6, 240→10.
    const abs = (id: number, purpose: ChargingProfile['chargingProfilePurpose'], periods: [number, number][], duration: number): ChargingProfile => ({
      chargingProfileId: id, stackLevel: 0, chargingProfilePurpose: purpose, chargingProfileKind: 'Absolute',
      chargingSchedule: { startSchedule: T0.toISOString(), duration, chargingRateUnit: 'A', chargingSchedulePeriod: periods.map(([startPeriod, limit]) => ({ startPeriod, limit })) },
    });
    const local = computeCompositeSchedule({
      profiles: [
        { connectorId: 0, profile: abs(1, 'ChargePointMaxProfile', [[0, 10]], 86_400) },
        { connectorId: 1, profile: abs(2, 'TxDefaultProfile', [[0, 6], [60, 10], [120, 8], [180, 15], [260, 8]], 300) },
        { connectorId: 1, profile: abs(3, 'TxProfile', [[0, 8], [50, 11], [140, 16], [200, 6], [240, 12]], 260) },
      ],
      connectorId: 1, start: T0, durationSec: 400, unit: 'A',
      transaction: { id: 7, connectorId: 1, startedAt: new Date(T0.getTime() - 60_000) },
    });
    expect(local.chargingSchedule.chargingSchedulePeriod).toEqual([
      { startPeriod: 0, limit: 8 }, { startPeriod: 50, limit: 10 }, { startPeriod: 200, limit: 6 }, { startPeriod: 240, limit: 10 },
    ]);
    const charger = schedule([[0, 8], [47, 10], [197, 6], [237, 10]], { startSec: 3, duration: 400 });
    expect(compareSchedules(local, charger)).toEqual([]);
  });

  it('names the instant and both values of a limit the charger reports differently', () => {
    const local = schedule([[0, 8], [50, 10], [200, 6]], { duration: 400 });
    const charger = schedule([[0, 8], [50, 16], [200, 6]], { duration: 400 });
    expect(compareSchedules(local, charger)).toEqual([
      { atSec: 50, endSec: 200, at: '2024-05-10T10:00:50.000Z', local: 10, charger: 16, unit: 'A' },
    ]);
  });

  it('reports each differing span once, merged while both values stay the same', () => {
    const local = schedule([[0, 6], [100, 6.5], [200, 8]], { duration: 300 });
    const charger = schedule([[0, 10], [150, 10], [250, 8]], { duration: 300 });
    // 0–100: 6 vs 10; 100–200: 6.5 vs 10; 200–250: 8 vs 10; 250–300: equal.
    expect(compareSchedules(local, charger).map((d) => [d.atSec, d.endSec, d.local, d.charger])).toEqual([
      [0, 100, 6, 10], [100, 200, 6.5, 10], [200, 250, 8, 10],
    ]);
  });

  it('uses 0.1 A and 100 W as the default tolerance, absolute', () => {
    expect(DEFAULT_TOLERANCE).toEqual({ A: 0.1, W: 100 });
    const a = schedule([[0, 16]], { duration: 60 });
    expect(compareSchedules(a, schedule([[0, 16.1]], { duration: 60 }))).toEqual([]);
    expect(compareSchedules(a, schedule([[0, 15.9]], { duration: 60 }))).toEqual([]);
    expect(compareSchedules(a, schedule([[0, 16.2]], { duration: 60 }))).toHaveLength(1);
    const w = schedule([[0, 11_040]], { duration: 60, unit: 'W' });
    expect(compareSchedules(w, schedule([[0, 11_140]], { duration: 60, unit: 'W' }))).toEqual([]);
    expect(compareSchedules(w, schedule([[0, 11_141]], { duration: 60, unit: 'W' }))).toHaveLength(1);
  });

  it('takes an explicit tolerance in the local unit', () => {
    const local = schedule([[0, 16]], { duration: 60 });
    const charger = schedule([[0, 16.4]], { duration: 60 });
    expect(compareSchedules(local, charger, 0.5)).toEqual([]);
    expect(compareSchedules(local, charger, 0.3)).toHaveLength(1);
  });

  it('does not compare spans ChargeScope sees unconstrained unless the physical maximum is known', () => {
    const local = schedule([[0, 6], [300, NO_LIMIT]], { duration: 600 });
    const charger = schedule([[0, 6], [300, 32]], { duration: 600 });
    expect(compareSchedules(local, charger)).toEqual([]);
    expect(compareSchedules(local, charger, undefined, { physicalMax: 32 })).toEqual([]);
    const limited = schedule([[0, 6], [300, 16]], { duration: 600 });
    expect(compareSchedules(local, limited, undefined, { physicalMax: 32 })).toEqual([
      { atSec: 300, endSec: 600, at: iso(300), local: null, charger: 16, unit: 'A' },
    ]);
  });

  it('reports "no limit" on the charger side where a profile limits charging', () => {
    const local = schedule([[0, 6]], { duration: 120 });
    const late = schedule([[30, 6]], { duration: 120 });
    expect(compareSchedules(local, late)).toEqual([{ atSec: 0, endSec: 30, at: iso(0), local: 6, charger: null, unit: 'A' }]);
    const negative = schedule([[0, -1]], { duration: 120 });
    expect(compareSchedules(local, negative)[0]).toMatchObject({ local: 6, charger: null });
  });

  it('converts a charger answer in W to the local unit with its numberPhases (errata 3.69)', () => {
    const local = schedule([[0, 16], [60, 10]], { duration: 120 });
    // 16 A × 230 V × 3 = 11 040 W; 10 A on one phase = 2 300 W.
    const charger = schedule([[0, 11_040], [60, 2_300, 1]], { duration: 120, unit: 'W' });
    expect(compareSchedules(local, charger)).toEqual([]);
    const wrong = schedule([[0, 11_040], [60, 2_300]], { duration: 120, unit: 'W' });
    expect(compareSchedules(local, wrong)).toEqual([{ atSec: 60, endSec: 120, at: iso(60), local: 10, charger: 3.3, unit: 'A' }]);
  });

  it('ignores sub-second slivers from whole-second offsets unless told otherwise', () => {
    const local = schedule([[0, 8], [50, 10]], { duration: 100 });
    const charger = schedule([[0, 8], [50, 10]], { startSec: 0.4, duration: 100 });
    expect(compareSchedules(local, charger)).toEqual([]);
    expect(compareSchedules(local, charger, undefined, { minSpanSec: 0 })).toEqual([
      { atSec: 50, endSec: 50.4, at: iso(50), local: 10, charger: 8, unit: 'A' },
    ]);
  });

  it('compares only the part of the window both schedules cover', () => {
    const local = schedule([[0, 8], [100, 10]], { duration: 200 });
    const shorter = schedule([[0, 8], [100, 16]], { duration: 100 });
    expect(compareSchedules(local, shorter)).toEqual([]);
    const open = schedule([[0, 8], [100, 16]]);
    expect(compareSchedules(local, open)).toEqual([{ atSec: 100, endSec: 200, at: iso(100), local: 10, charger: 16, unit: 'A' }]);
    const disjoint = schedule([[0, 1]], { startSec: 500, duration: 100 });
    expect(compareSchedules(local, disjoint)).toEqual([]);
  });

  it('accepts periods out of order and refuses a scheduleStart that is not a date', () => {
    const local = schedule([[0, 8], [100, 10]], { duration: 200 });
    const shuffled = schedule([[100, 10], [0, 8]], { duration: 200 });
    expect(compareSchedules(local, shuffled)).toEqual([]);
    expect(() => compareSchedules(local, { ...shuffled, scheduleStart: 'soon' })).toThrow(/not a date/);
  });

  it('formats a limit as the engineer reads it', () => {
    expect(formatLimit(7, 'A')).toBe('7 A');
    expect(formatLimit(null, 'W')).toBe('no limit');
  });
});
