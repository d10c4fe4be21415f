import { describe, expect, it } from 'vitest';
import {
  NO_LIMIT,
  computeCompositeSchedule,
  convertLimit,
  resolveTimeline,
  type CompositeInput,
  type InstalledProfileLike,
} from '../../../../main/csms/smart-charging/composite.ts';
import type { ChargingProfile, ChargingProfilePurpose, ChargingRateUnit } from '../../../../shared/ocpp/charging-profile.ts';

/** scheduleStart of most cases; "x" of the OCTT examples is 0, so profiles start here too. */
const T0 = new Date('2024-05-10T10:00:00.000Z');
const at = (sec: number): string => new Date(T0.getTime() + sec * 1000).toISOString();

interface Options {
  stackLevel?: number;
  duration?: number;
  unit?: ChargingRateUnit;
  startSchedule?: string;
  validFrom?: string;
  validTo?: string;
  transactionId?: number;
  phases?: number;
}

/** An Absolute profile starting at T0 unless told otherwise; periods as [startPeriod, limit]. */
function absolute(id: number, purpose: ChargingProfilePurpose, periods: [number, number][], o: Options = {}): ChargingProfile {
  const profile: ChargingProfile = {
    chargingProfileId: id,
    stackLevel: o.stackLevel ?? 0,
    chargingProfilePurpose: purpose,
    chargingProfileKind: 'Absolute',
    chargingSchedule: {
      startSchedule: o.startSchedule ?? T0.toISOString(),
      chargingRateUnit: o.unit ?? 'A',
      chargingSchedulePeriod: periods.map(([startPeriod, limit]) =>
        o.phases === undefined ? { startPeriod, limit } : { startPeriod, limit, numberPhases: o.phases },
      ),
    },
  };
  if (o.duration !== undefined) profile.chargingSchedule.duration = o.duration;
  if (o.validFrom !== undefined) profile.validFrom = o.validFrom;
  if (o.validTo !== undefined) profile.validTo = o.validTo;
  if (o.transactionId !== undefined) profile.transactionId = o.transactionId;
  return profile;
}

function relative(id: number, purpose: ChargingProfilePurpose, periods: [number, number][], o: Options = {}): ChargingProfile {
  const profile = absolute(id, purpose, periods, o);
  profile.chargingProfileKind = 'Relative';
  delete profile.chargingSchedule.startSchedule;
  return profile;
}

function recurring(id: number, kind: 'Daily' | 'Weekly', startSchedule: string, periods: [number, number][], o: Options = {}): ChargingProfile {
  const profile = absolute(id, 'TxDefaultProfile', periods, { ...o, startSchedule });
  profile.chargingProfileKind = 'Recurring';
  profile.recurrencyKind = kind;
  return profile;
}

function input(profiles: InstalledProfileLike[], extra: Partial<CompositeInput> = {}): CompositeInput {
  return { profiles, connectorId: 1, start: T0, durationSec: 400, unit: 'A', ...extra };
}

/** The composite's periods as [startPeriod, limit] pairs, the way the OCTT tables write them. */
function periodsOf(i: CompositeInput): [number, number][] {
  return computeCompositeSchedule(i).chargingSchedule.chargingSchedulePeriod.map((p) => [p.startPeriod, p.limit]);
}

const tx1 = { id: 42, connectorId: 1, startedAt: new Date(T0.getTime() - 60_000) };

/** TC_066_CS (TCD-2024 Table 82): one profile of each purpose, all stackLevel 0, in Charging state. */
function tc066(scale: number, unit: ChargingRateUnit): InstalledProfileLike[] {
  const s = (pairs: [number, number][]): [number, number][] => pairs.map(([t, l]) => [t, l * scale]);
  return [
    { connectorId: 0, profile: absolute(1, 'ChargePointMaxProfile', s([[0, 10]]), { duration: 86400, unit }) },
    {
      connectorId: 1,
      profile: absolute(2, 'TxDefaultProfile', s([[0, 6], [60, 10], [120, 8], [180, 15], [260, 8]]), { duration: 300, unit }),
    },
    {
      connectorId: 1,
      profile: absolute(3, 'TxProfile', s([[0, 8], [50, 11], [140, 16], [200, 6], [240, 12]]), { duration: 260, unit, transactionId: 42 }),
    },
  ];
}

describe('computeCompositeSchedule: OCTT worked examples (reference §3.3, x = 0)', () => {
  it('TC_066_CS: TxProfile overrides TxDefaultProfile, capped by ChargePointMax, 0→8, 50→10, 200→6, 240→10 (A)', () => {
    expect(periodsOf(input(tc066(1, 'A'), { transaction: tx1 }))).toEqual([
      [0, 8],
      [50, 10],
      [200, 6],
      [240, 10],
    ]);
  });

  it('TC_066_CS in W: every limit ×1000, 0→8000, 50→10000, 200→6000, 240→10000', () => {
    expect(periodsOf(input(tc066(1000, 'W'), { transaction: tx1, unit: 'W' }))).toEqual([
      [0, 8000],
      [50, 10000],
      [200, 6000],
      [240, 10000],
    ]);
  });

  it('TC_072_CS: stack 1 (duration 150) over stack 0, then falls back: 0→7, 100→9, 150→8, 200→10', () => {
    const profiles: InstalledProfileLike[] = [
      { connectorId: 1, profile: absolute(1, 'TxDefaultProfile', [[0, 6], [100, 8], [200, 10]], { duration: 400 }) },
      { connectorId: 1, profile: absolute(2, 'TxDefaultProfile', [[0, 7], [100, 9]], { duration: 150, stackLevel: 1 }) },
    ];
    expect(periodsOf(input(profiles, { durationSec: 350, transaction: tx1 }))).toEqual([
      [0, 7],
      [100, 9],
      [150, 8],
      [200, 10],
    ]);
  });

  it('returns the GetCompositeSchedule.conf shape: scheduleStart, duration = requested, no startSchedule (errata 3.57)', () => {
    const composite = computeCompositeSchedule(input(tc066(1, 'A'), { transaction: tx1 }));
    expect(composite.connectorId).toBe(1);
    expect(composite.scheduleStart).toBe('2024-05-10T10:00:00.000Z');
    expect(composite.chargingSchedule.duration).toBe(400);
    expect(composite.chargingSchedule.chargingRateUnit).toBe('A');
    expect('startSchedule' in composite.chargingSchedule).toBe(false);
  });
});

describe('resolveTimeline: each purpose as its own series', () => {
  it('TC_066_CS: names the prevailing profile per purpose and which one limits', () => {
    const timeline = resolveTimeline(input(tc066(1, 'A'), { transaction: tx1 }));
    const rows = timeline.map((i) => [i.startSec, i.endSec, i.limit, i.limitedBy, i.tx?.limit ?? null, i.txDefault?.limit ?? null]);
    expect(rows).toEqual([
      [0, 50, 8, 'TxProfile', 8, 6],
      [50, 60, 10, 'ChargePointMaxProfile', 11, 6],
      [60, 120, 10, 'ChargePointMaxProfile', 11, 10],
      [120, 140, 10, 'ChargePointMaxProfile', 11, 8],
      [140, 180, 10, 'ChargePointMaxProfile', 16, 8],
      [180, 200, 10, 'ChargePointMaxProfile', 16, 15],
      [200, 240, 6, 'TxProfile', 6, 15],
      [240, 260, 10, 'ChargePointMaxProfile', 12, 15],
      [260, 300, 10, 'ChargePointMaxProfile', null, 8],
      [300, 400, 10, 'ChargePointMaxProfile', null, null],
    ]);
    expect(timeline.every((i) => i.txDefaultOverridden)).toBe(true);
    expect(timeline.every((i) => i.chargePointMax?.chargingProfileId === 1)).toBe(true);
    expect(timeline[0]!.tx).toEqual({ chargingProfileId: 3, stackLevel: 0, connectorId: 1, limit: 8 });
  });

  it('TC_072_CS: reports which stack level prevails in each interval', () => {
    const profiles: InstalledProfileLike[] = [
      { connectorId: 1, profile: absolute(1, 'TxDefaultProfile', [[0, 6], [100, 8], [200, 10]], { duration: 400 }) },
      { connectorId: 1, profile: absolute(2, 'TxDefaultProfile', [[0, 7], [100, 9]], { duration: 150, stackLevel: 1 }) },
    ];
    const rows = resolveTimeline(input(profiles, { durationSec: 350 })).map((i) => [i.startSec, i.txDefault?.stackLevel, i.limit]);
    expect(rows).toEqual([
      [0, 1, 7],
      [100, 1, 9],
      [150, 0, 8],
      [200, 0, 10],
    ]);
  });

  it('covers the whole window without holes', () => {
    const timeline = resolveTimeline(input(tc066(1, 'A'), { transaction: tx1, durationSec: 1000 }));
    expect(timeline[0]!.startSec).toBe(0);
    expect(timeline.at(-1)!.endSec).toBe(1000);
    for (let i = 1; i < timeline.length; i++) expect(timeline[i]!.startSec).toBe(timeline[i - 1]!.endSec);
  });

  it('refuses a window of zero seconds', () => {
    expect(() => resolveTimeline(input([], { durationSec: 0 }))).toThrow(RangeError);
  });
});

describe('computeCompositeSchedule: §3.13.7 daily recurring default (11 kW 00–08, 6 kW 08–20, 11 kW 20–24)', () => {
  const daily = recurring(100, 'Daily', '2013-01-01T00:00Z', [[0, 11000], [28800, 6000], [72000, 11000]], { duration: 86400, unit: 'W' });
  const installed = [{ connectorId: 0, profile: daily }];

  it('from 06:00 for 24 h: 0→11000, 7200 (08:00)→6000, 50400 (20:00)→11000 until 06:00, 20–24 and 00–06 merged', () => {
    const start = new Date('2024-05-10T06:00:00Z');
    expect(periodsOf(input(installed, { start, durationSec: 86400, unit: 'W' }))).toEqual([
      [0, 11000],
      [7200, 6000],
      [50400, 11000],
    ]);
  });

  it('over two days from midnight: the 6 kW band recurs every 24 h from startSchedule (errata 3.79)', () => {
    const start = new Date('2024-05-10T00:00:00Z');
    expect(periodsOf(input(installed, { start, durationSec: 2 * 86400, unit: 'W' }))).toEqual([
      [0, 11000],
      [28800, 6000],
      [72000, 11000],
      [115200, 6000],
      [158400, 11000],
    ]);
  });

  it('in A: 11000 W / (230 V × 3) = 15.9 A, 6000 W → 8.6 A (rounded down to one decimal)', () => {
    const start = new Date('2024-05-10T06:00:00Z');
    expect(periodsOf(input(installed, { start, durationSec: 86400, unit: 'A' }))).toEqual([
      [0, 15.9],
      [7200, 8.6],
      [50400, 15.9],
    ]);
  });
});

describe('computeCompositeSchedule: recurrence edge cases (errata 3.43/3.44)', () => {
  it('a daily schedule shorter than the day falls back to the lower stack level after its duration', () => {
    const evening = recurring(2, 'Daily', '2024-05-01T18:00:00Z', [[0, 16]], { duration: 4 * 3600, stackLevel: 1 });
    const base = absolute(1, 'TxDefaultProfile', [[0, 32]], { startSchedule: '2024-05-01T00:00:00Z' });
    const profiles = [
      { connectorId: 0, profile: base },
      { connectorId: 0, profile: evening },
    ];
    const start = new Date('2024-05-10T16:00:00Z');
    expect(periodsOf(input(profiles, { start, durationSec: 8 * 3600 }))).toEqual([
      [0, 32],
      [7200, 16],
      [21600, 32],
    ]);
  });

  it('periods beyond the recurrence period are never executed', () => {
    const daily = recurring(1, 'Daily', '2024-05-01T00:00:00Z', [[0, 20], [90000, 5]]);
    const start = new Date('2024-05-10T00:00:00Z');
    expect(periodsOf(input([{ connectorId: 0, profile: daily }], { start, durationSec: 2 * 86400 }))).toEqual([[0, 20]]);
  });

  it('a weekly one-day schedule applies on the same weekday only, unconstrained otherwise', () => {
    const mondays = recurring(1, 'Weekly', '2024-05-06T00:00:00Z', [[0, 10]], { duration: 86400 });
    const start = new Date('2024-05-12T23:00:00Z');
    expect(periodsOf(input([{ connectorId: 0, profile: mondays }], { start, durationSec: 2 * 86400 }))).toEqual([
      [0, NO_LIMIT],
      [3600, 10],
      [90000, NO_LIMIT],
    ]);
  });

  it('a recurring schedule whose startSchedule is later than the window start waits for it', () => {
    const daily = recurring(1, 'Daily', at(100), [[0, 12]]);
    expect(periodsOf(input([{ connectorId: 0, profile: daily }], { durationSec: 300 }))).toEqual([
      [0, NO_LIMIT],
      [100, 12],
    ]);
  });
});

describe('computeCompositeSchedule: stacking', () => {
  it('a higher stack level without duration never falls back (errata 3.7)', () => {
    const profiles = [
      { connectorId: 1, profile: absolute(1, 'TxDefaultProfile', [[0, 6], [100, 8]], { duration: 400 }) },
      { connectorId: 1, profile: absolute(2, 'TxDefaultProfile', [[0, 13]], { stackLevel: 1 }) },
    ];
    expect(periodsOf(input(profiles))).toEqual([[0, 13]]);
  });

  it('an Absolute schedule not started yet leaves the lower stack level in force until it starts', () => {
    const profiles = [
      { connectorId: 1, profile: absolute(1, 'TxDefaultProfile', [[0, 20]]) },
      { connectorId: 1, profile: absolute(2, 'TxDefaultProfile', [[0, 10]], { stackLevel: 3, startSchedule: at(120) }) },
    ];
    expect(periodsOf(input(profiles))).toEqual([
      [0, 20],
      [120, 10],
    ]);
  });

  it('a duration longer than the periods keeps the last limit until the duration ends (§5.16.4)', () => {
    const profiles = [{ connectorId: 1, profile: absolute(1, 'TxDefaultProfile', [[0, 6], [50, 9]], { duration: 300 }) }];
    expect(periodsOf(input(profiles))).toEqual([
      [0, 6],
      [50, 9],
      [300, NO_LIMIT],
    ]);
  });
});

describe('computeCompositeSchedule: validFrom / validTo', () => {
  const profiles = [
    { connectorId: 1, profile: absolute(1, 'TxDefaultProfile', [[0, 20]]) },
    { connectorId: 1, profile: absolute(2, 'TxDefaultProfile', [[0, 10]], { stackLevel: 1, validFrom: at(100), validTo: at(200) }) },
  ];

  it('the higher stack applies from validFrom (inclusive) to validTo (exclusive): 0→20, 100→10, 200→20', () => {
    expect(periodsOf(input(profiles))).toEqual([
      [0, 20],
      [100, 10],
      [200, 20],
    ]);
  });

  it('the timeline switches exactly at the two instants', () => {
    const rows = resolveTimeline(input(profiles)).map((i) => [i.startSec, i.endSec, i.txDefault?.chargingProfileId]);
    expect(rows).toEqual([
      [0, 100, 1],
      [100, 200, 2],
      [200, 400, 1],
    ]);
  });

  it('a profile whose validTo has passed is ignored', () => {
    const expired = [{ connectorId: 1, profile: absolute(1, 'TxDefaultProfile', [[0, 10]], { validTo: at(0) }) }];
    expect(periodsOf(input(expired))).toEqual([[0, NO_LIMIT]]);
  });
});

describe('computeCompositeSchedule: units (errata 3.69)', () => {
  it('converts A to W as A × 230 V × 3 phases: 16 A → 11040 W', () => {
    const profiles = [{ connectorId: 1, profile: absolute(1, 'TxDefaultProfile', [[0, 16]]) }];
    expect(periodsOf(input(profiles, { unit: 'W' }))).toEqual([[0, 11040]]);
  });

  it('converts W to A with the period numberPhases: 7400 W on 1 phase → 32.1 A, on 3 phases → 10.7 A', () => {
    const one = [{ connectorId: 1, profile: absolute(1, 'TxDefaultProfile', [[0, 7400]], { unit: 'W', phases: 1 }) }];
    const three = [{ connectorId: 1, profile: absolute(1, 'TxDefaultProfile', [[0, 7400]], { unit: 'W' }) }];
    expect(computeCompositeSchedule(input(one)).chargingSchedule.chargingSchedulePeriod).toEqual([{ startPeriod: 0, limit: 32.1, numberPhases: 1 }]);
    expect(periodsOf(input(three))).toEqual([[0, 10.7]]);
  });

  it('uses the given nominal voltage and default phases: 10 A at 120 V × 2 phases → 2400 W', () => {
    const profiles = [{ connectorId: 1, profile: absolute(1, 'TxDefaultProfile', [[0, 10]]) }];
    expect(periodsOf(input(profiles, { unit: 'W', nominalVoltage: 120, defaultNumberPhases: 2 }))).toEqual([[0, 2400]]);
  });

  it('takes the minimum after converting: 16 A TxDefault vs 11000 W ChargePointMax → 11000 W, or 15.9 A', () => {
    const profiles = [
      { connectorId: 1, profile: absolute(1, 'TxDefaultProfile', [[0, 16]]) },
      { connectorId: 0, profile: absolute(2, 'ChargePointMaxProfile', [[0, 11000]], { unit: 'W' }) },
    ];
    expect(periodsOf(input(profiles, { unit: 'W' }))).toEqual([[0, 11000]]);
    expect(periodsOf(input(profiles, { unit: 'A' }))).toEqual([[0, 15.9]]);
  });

  it('convertLimit leaves a same-unit limit untouched and rounds a converted one down', () => {
    expect(convertLimit(8.3, 'A', 'A')).toBe(8.3);
    expect(convertLimit(6000, 'W', 'A')).toBe(8.6);
    expect(convertLimit(32, 'A', 'W', 1)).toBe(7360);
  });
});

describe('computeCompositeSchedule: transactions', () => {
  it('a Relative TxProfile starts at the transaction start: started 300 s ago, 600 s at 6 A then 16 A until 1200 s', () => {
    const tx = { id: 7, connectorId: 1, startedAt: new Date(T0.getTime() - 300_000) };
    const profiles = [{ connectorId: 1, profile: relative(1, 'TxProfile', [[0, 6], [600, 16]], { duration: 1200 }) }];
    expect(periodsOf(input(profiles, { transaction: tx, durationSec: 1800 }))).toEqual([
      [0, 6],
      [300, 16],
      [900, NO_LIMIT],
    ]);
  });

  it('a Relative TxDefaultProfile without a transaction starts at the window start', () => {
    const profiles = [{ connectorId: 1, profile: relative(1, 'TxDefaultProfile', [[0, 6], [600, 16]]) }];
    expect(periodsOf(input(profiles, { durationSec: 900 }))).toEqual([
      [0, 6],
      [600, 16],
    ]);
  });

  it('ignores a TxProfile for another transaction and falls back to the TxDefaultProfile', () => {
    const profiles = [
      { connectorId: 1, profile: absolute(1, 'TxDefaultProfile', [[0, 20]]) },
      { connectorId: 1, profile: absolute(2, 'TxProfile', [[0, 10]], { transactionId: 99 }) },
    ];
    expect(periodsOf(input(profiles, { transaction: tx1 }))).toEqual([[0, 20]]);
  });

  it('ignores TxProfiles when no transaction runs on the connector', () => {
    const profiles = [
      { connectorId: 1, profile: absolute(1, 'TxDefaultProfile', [[0, 20]]) },
      { connectorId: 1, profile: absolute(2, 'TxProfile', [[0, 10]]) },
    ];
    expect(periodsOf(input(profiles))).toEqual([[0, 20]]);
    expect(periodsOf(input(profiles, { transaction: { ...tx1, connectorId: 2 } }))).toEqual([[0, 20]]);
  });

  it('applies a TxProfile without transactionId (from RemoteStartTransaction) to the running transaction', () => {
    const profiles = [
      { connectorId: 1, profile: absolute(1, 'TxDefaultProfile', [[0, 20]]) },
      { connectorId: 1, profile: relative(2, 'TxProfile', [[0, 10]]) },
    ];
    expect(periodsOf(input(profiles, { transaction: tx1 }))).toEqual([[0, 10]]);
  });

  it('the TxDefaultProfile applies again once the TxProfile is no longer valid', () => {
    const profiles = [
      { connectorId: 1, profile: absolute(1, 'TxDefaultProfile', [[0, 20]]) },
      { connectorId: 1, profile: absolute(2, 'TxProfile', [[0, 10]], { validTo: at(100) }) },
    ];
    expect(periodsOf(input(profiles, { transaction: tx1 }))).toEqual([
      [0, 10],
      [100, 20],
    ]);
  });
});

describe('computeCompositeSchedule: ChargePointMaxProfile and connectors', () => {
  it('caps the connector at the ChargePointMaxProfile limit: TxDefault 32 A, ChargePointMax 16 A → 16', () => {
    const profiles = [
      { connectorId: 1, profile: absolute(1, 'TxDefaultProfile', [[0, 32]]) },
      { connectorId: 0, profile: absolute(2, 'ChargePointMaxProfile', [[0, 16], [200, 40]]) },
    ];
    expect(periodsOf(input(profiles))).toEqual([
      [0, 16],
      [200, 32],
    ]);
    expect(resolveTimeline(input(profiles)).map((i) => i.limitedBy)).toEqual(['ChargePointMaxProfile', 'TxDefaultProfile']);
  });

  it('ignores a ChargePointMaxProfile recorded on a connector other than 0', () => {
    const profiles = [
      { connectorId: 1, profile: absolute(1, 'TxDefaultProfile', [[0, 32]]) },
      { connectorId: 1, profile: absolute(2, 'ChargePointMaxProfile', [[0, 16]]) },
    ];
    expect(periodsOf(input(profiles))).toEqual([[0, 32]]);
  });

  it('a TxDefaultProfile on the connector replaces the one on connectorId 0 for that connector only, whatever the stack levels', () => {
    const profiles = [
      { connectorId: 0, profile: absolute(1, 'TxDefaultProfile', [[0, 10]], { stackLevel: 5 }) },
      { connectorId: 1, profile: absolute(2, 'TxDefaultProfile', [[0, 20]]) },
    ];
    expect(periodsOf(input(profiles, { connectorId: 1 }))).toEqual([[0, 20]]);
    expect(periodsOf(input(profiles, { connectorId: 2 }))).toEqual([[0, 10]]);
  });

  it('the connectorId 0 TxDefaultProfile applies until the connector one becomes valid', () => {
    const profiles = [
      { connectorId: 0, profile: absolute(1, 'TxDefaultProfile', [[0, 10]]) },
      { connectorId: 1, profile: absolute(2, 'TxDefaultProfile', [[0, 20]], { validFrom: at(150) }) },
    ];
    expect(periodsOf(input(profiles))).toEqual([
      [0, 10],
      [150, 20],
    ]);
  });

  it('a connector TxDefaultProfile whose schedule ended leaves the connector unconstrained (no revival of connectorId 0)', () => {
    const profiles = [
      { connectorId: 0, profile: absolute(1, 'TxDefaultProfile', [[0, 10]]) },
      { connectorId: 1, profile: absolute(2, 'TxDefaultProfile', [[0, 20]], { duration: 100 }) },
    ];
    expect(periodsOf(input(profiles))).toEqual([
      [0, 20],
      [100, NO_LIMIT],
    ]);
  });

  it('connectorId 0 composite: ChargePointMax and the connectorId 0 TxDefault only, connector profiles left out', () => {
    const profiles = [
      { connectorId: 0, profile: absolute(1, 'ChargePointMaxProfile', [[0, 30], [100, 12]]) },
      { connectorId: 0, profile: absolute(2, 'TxDefaultProfile', [[0, 20]]) },
      { connectorId: 1, profile: absolute(3, 'TxDefaultProfile', [[0, 6]]) },
      { connectorId: 1, profile: absolute(4, 'TxProfile', [[0, 5]]) },
    ];
    const composite = computeCompositeSchedule(input(profiles, { connectorId: 0, transaction: tx1 }));
    expect(composite.connectorId).toBe(0);
    expect(composite.chargingSchedule.chargingSchedulePeriod.map((p) => [p.startPeriod, p.limit])).toEqual([
      [0, 20],
      [100, 12],
    ]);
  });
});

describe('computeCompositeSchedule: merging and unconstrained time', () => {
  it('merges adjacent periods with the same limit: 0→10, 100→10, 200→12 gives 0→10, 200→12', () => {
    const profiles = [
      { connectorId: 1, profile: absolute(1, 'TxDefaultProfile', [[0, 10], [100, 10], [200, 12]]) },
      { connectorId: 0, profile: absolute(2, 'ChargePointMaxProfile', [[0, 40], [150, 30]]) },
    ];
    expect(periodsOf(input(profiles))).toEqual([
      [0, 10],
      [200, 12],
    ]);
  });

  it('keeps periods apart when only numberPhases differs', () => {
    const profiles = [
      { connectorId: 1, profile: absolute(1, 'TxDefaultProfile', [[0, 10]], { duration: 100, phases: 1 }) },
      { connectorId: 1, profile: absolute(2, 'TxDefaultProfile', [[0, 10]], { stackLevel: 0, phases: 3, startSchedule: at(-1000) }) },
    ];
    // Same stackLevel: the later-installed profile (id 2) prevails throughout.
    expect(computeCompositeSchedule(input(profiles)).chargingSchedule.chargingSchedulePeriod).toEqual([
      { startPeriod: 0, limit: 10, numberPhases: 3 },
    ]);
    const stacked = [profiles[1]!, { connectorId: 1, profile: { ...profiles[0]!.profile, stackLevel: 1 } }];
    expect(computeCompositeSchedule(input(stacked)).chargingSchedule.chargingSchedulePeriod).toEqual([
      { startPeriod: 0, limit: 10, numberPhases: 1 },
      { startPeriod: 100, limit: 10, numberPhases: 3 },
    ]);
  });

  it('with no profile at all: one period with NO_LIMIT (-1) over the whole window', () => {
    const composite = computeCompositeSchedule(input([]));
    expect(composite.chargingSchedule.chargingSchedulePeriod).toEqual([{ startPeriod: 0, limit: NO_LIMIT }]);
    expect(composite.chargingSchedule.duration).toBe(400);
  });

  it('a gap in the middle becomes a NO_LIMIT period so the previous limit is not stretched over it', () => {
    const profiles = [
      { connectorId: 1, profile: absolute(1, 'TxDefaultProfile', [[0, 10]], { duration: 100 }) },
      { connectorId: 1, profile: absolute(2, 'TxDefaultProfile', [[0, 16]], { stackLevel: 1, startSchedule: at(250) }) },
    ];
    expect(periodsOf(input(profiles))).toEqual([
      [0, 10],
      [100, NO_LIMIT],
      [250, 16],
    ]);
    expect(resolveTimeline(input(profiles)).map((i) => i.limit)).toEqual([10, null, 16]);
  });

  it('fills unconstrained time with the charger maximum when the engineer gives it: 0→10, 100→32', () => {
    const profiles = [{ connectorId: 1, profile: absolute(1, 'TxDefaultProfile', [[0, 10]], { duration: 100 }) }];
    expect(periodsOf(input(profiles, { unconstrainedLimit: 32 }))).toEqual([
      [0, 10],
      [100, 32],
    ]);
  });

  it('rounds sub-second boundaries to whole seconds relative to scheduleStart', () => {
    const start = new Date(T0.getTime() + 400);
    const profiles = [{ connectorId: 1, profile: absolute(1, 'TxDefaultProfile', [[0, 10], [60, 12]]) }];
    const composite = computeCompositeSchedule(input(profiles, { start }));
    expect(composite.scheduleStart).toBe('2024-05-10T10:00:00.400Z');
    expect(composite.chargingSchedule.chargingSchedulePeriod.map((p) => [p.startPeriod, p.limit])).toEqual([
      [0, 10],
      [60, 12],
    ]);
  });
});
