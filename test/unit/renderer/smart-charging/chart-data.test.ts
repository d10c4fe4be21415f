import { describe, expect, it } from 'vitest';
import type { Finding, MeterSample } from '../../../../shared/api/types.ts';
import type { TimelineInterval } from '../../../../shared/ocpp/charging-profile.ts';
import { alignSeries, hasValue, noLimitSpans, scheduleSteps, timelineSteps } from '../../../../renderer/smart-charging/chart-data.ts';
import { latestCompositeCheck } from '../../../../renderer/smart-charging/composite-check.ts';
import { meterLines } from '../../../../renderer/smart-charging/meter-series.ts';

const T0 = '2024-05-10T10:00:00.000Z';
const S0 = Date.parse(T0) / 1000;

function interval(startSec: number, endSec: number, limit: number | null, tx: number | null = null): TimelineInterval {
  return {
    startSec, endSec, limit, limitedBy: limit === null ? null : 'TxDefaultProfile', chargePointMax: null, txDefault: null, txDefaultOverridden: false,
    tx: tx === null ? null : { chargingProfileId: 3, stackLevel: 0, connectorId: 1, limit: tx },
  };
}

describe('step functions', () => {
  const timeline = [interval(0, 60, 6, 6), interval(60, 300, 16), interval(300, 600, null), interval(600, 900, null)];

  it('turn the timeline into absolute steps closed at the window end, "no limit" as null', () => {
    expect(timelineSteps(T0, timeline, (i) => i.limit)).toEqual([
      { t: S0, v: 6 }, { t: S0 + 60, v: 16 }, { t: S0 + 300, v: null }, { t: S0 + 600, v: null }, { t: S0 + 900, v: null },
    ]);
    expect(hasValue(timelineSteps(T0, timeline, (i) => i.tx?.limit ?? null))).toBe(true);
    expect(hasValue(timelineSteps(T0, timeline, (i) => i.chargePointMax?.limit ?? null))).toBe(false);
  });

  it('merge adjacent "no limit" intervals into one band', () => {
    expect(noLimitSpans(T0, timeline)).toEqual([[S0 + 300, S0 + 900]]);
  });

  it('place a charger answer on its own scheduleStart, stop at its duration and read a negative limit as no limit', () => {
    const answer = { scheduleStart: '2024-05-10T10:00:03.000Z', chargingSchedule: { duration: 100, chargingRateUnit: 'A' as const, chargingSchedulePeriod: [{ startPeriod: 50, limit: -1 }, { startPeriod: 0, limit: 8 }, { startPeriod: 120, limit: 9 }] } };
    expect(scheduleSteps(answer)).toEqual([{ t: S0 + 3, v: 8 }, { t: S0 + 53, v: null }, { t: S0 + 103, v: null }]);
    const open = { ...answer, chargingSchedule: { chargingRateUnit: 'A' as const, chargingSchedulePeriod: [{ startPeriod: 0, limit: 8 }] } };
    expect(scheduleSteps(open)).toEqual([{ t: S0 + 3, v: 8 }]);
    expect(scheduleSteps(open, S0 + 30)).toEqual([{ t: S0 + 3, v: 8 }, { t: S0 + 30, v: 8 }]);
    expect(scheduleSteps({ ...answer, scheduleStart: '' })).toEqual([]);
  });

  it('align on one x axis: steps filled wherever they reach, lines only at their samples', () => {
    const aligned = alignSeries([
      { key: 'composite', label: 'c', kind: 'step', points: [{ t: 10, v: 6 }, { t: 20, v: null }, { t: 30, v: null }] },
      { key: 'meter:x', label: 'm', kind: 'line', points: [{ t: 5, v: 1 }, { t: 15, v: 2 }] },
    ]);
    expect(aligned).toEqual({ xs: [5, 10, 15, 20, 30], ys: [[null, 6, 6, null, null], [1, null, 2, null, null]] });
  });
});

function sample(seconds: number, measurand: string, value: string, unit: string | null, phase: string | null = null, format: string | null = null): MeterSample {
  return {
    seq: 1, chargerId: 'CP', connectorId: 1, transactionId: 1, timestamp: new Date((S0 + seconds) * 1000).toISOString(), value, measurand, unit, phase,
    context: 'Sample.Periodic', location: null, format,
  };
}

describe('meter lines', () => {
  const samples = [
    ...['L1', 'L2', 'L3'].map((p) => sample(0, 'Current.Import', '9.6', 'A', p)),
    sample(0, 'Current.Import', '0.2', 'A', 'N'),
    sample(0, 'Power.Active.Import', '6.6', 'kW'),
    sample(60, 'Current.Import', '5.9', 'A', 'L1'),
    sample(60, 'Power.Active.Import', '4100', 'W'),
    sample(60, 'Current.Offered', '6', 'A'),
    sample(90, 'Power.Active.Import', 'opaque', null, null, 'SignedData'),
  ];

  it('in A: Current.Import per phase (neutral left out) and Current.Offered', () => {
    const lines = meterLines(samples, 'A', { voltage: 230 });
    expect(lines.map((l) => l.label)).toEqual(['Current.Import L1', 'Current.Import L2', 'Current.Import L3', 'Current.Offered']);
    expect(lines[0]!.points).toEqual([{ t: S0, v: 9.6 }, { t: S0 + 60, v: 5.9 }]);
  });

  it('in W: Power.Active.Import with kW turned into W', () => {
    const lines = meterLines(samples, 'W', { voltage: 230 });
    expect(lines).toEqual([{ key: 'meter:Power.Active.Import', label: 'Power.Active.Import', points: [{ t: S0, v: 6600 }, { t: S0 + 60, v: 4100 }] }]);
  });

  it('falls back to the other measurand, converted with the nominal voltage', () => {
    const power = samples.filter((s) => s.measurand === 'Power.Active.Import');
    expect(meterLines(power, 'A', { voltage: 230 })[0]).toMatchObject({ label: 'Power.Active.Import ÷ (230 V × 3)', points: [{ v: 9.6 }, { v: 5.9 }] });
    const perPhase = ['L1', 'L2', 'L3'].map((p) => sample(0, 'Power.Active.Import', '2.3', 'kW', `${p}-N`));
    expect(meterLines(perPhase, 'W', { voltage: 230 })[0]!.points).toEqual([{ t: S0, v: 6900 }]);
    const current = samples.filter((s) => s.measurand === 'Current.Import' && s.timestamp === samples[0]!.timestamp);
    expect(meterLines(current, 'W', { voltage: 230 })[0]).toMatchObject({ label: 'Current.Import × 230 V', points: [{ t: S0, v: 6624 }] });
  });

  it('drops samples older than the window', () => {
    expect(meterLines(samples, 'A', { voltage: 230, sinceSec: S0 + 30 })[0]!.points).toEqual([{ t: S0 + 60, v: 5.9 }]);
  });
});

describe('latestCompositeCheck', () => {
  const f = (id: number, seq: number | null, rule: Finding['rule']): Finding => ({ id, sessionId: 1, chargerId: 'CP', seq, severity: 'warning', rule, message: `m${id}`, at: `2024-05-10T10:00:0${id}.000Z` });

  it('is null until the charger was asked', () => {
    expect(latestCompositeCheck([f(1, 5, 'charging-profile-replaced')])).toBeNull();
  });

  it('takes the findings of the latest answer only, a match included', () => {
    const check = latestCompositeCheck([f(1, 10, 'composite-schedule-differs'), f(2, 10, 'composite-schedule-differs'), f(3, 20, 'composite-schedule-matches'), f(4, 20, 'charging-profile-replaced')]);
    expect(check).toMatchObject({ seq: 20, matches: true });
    expect(check!.findings.map((x) => x.id)).toEqual([3]);
    const differs = latestCompositeCheck([f(2, 30, 'composite-schedule-differs'), f(1, 30, 'composite-schedule-unit'), f(3, 20, 'composite-schedule-matches')]);
    expect(differs).toMatchObject({ seq: 30, matches: false, at: '2024-05-10T10:00:01.000Z' });
    expect(differs!.findings.map((x) => x.id)).toEqual([1, 2]);
  });
});
