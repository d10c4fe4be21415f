/**
 * Meter values of the running transaction as lines in the chart's unit, to see whether the charger obeys
 * its composite schedule. In A: Current.Import per phase (and Current.Offered); when the charger reports no
 * current, Power.Active.Import per phase = W / (voltage × 3). In W: Power.Active.Import (kW × 1000; a
 * per-phase report is summed per instant) and Power.Offered; when the charger reports no power,
 * Σ Current.Import × voltage (× 3 when the current has no phase). OCPP 1.6 §7.31 defaults: Current in A,
 * Power in W.
 */
import type { MeterSample } from '../../shared/api/types.ts';
import type { ChargingRateUnit } from '../../shared/ocpp/charging-profile.ts';
import type { Point } from './chart-data.ts';

export interface MeterLine {
  key: `meter:${string}`;
  label: string;
  points: Point[];
}

interface Reading {
  t: number;
  value: number;
  phase: string | null;
}

/** Readings of one measurand in its base unit (A or W), skipping signed data and what does not parse. */
function readings(samples: readonly MeterSample[], measurand: string, sinceSec: number): Reading[] {
  const out: Reading[] = [];
  for (const s of samples) {
    if (s.measurand !== measurand || s.format === 'SignedData') continue;
    const t = Date.parse(s.timestamp) / 1000;
    const raw = Number(s.value);
    if (!Number.isFinite(t) || !Number.isFinite(raw) || t < sinceSec) continue;
    const unit = (s.unit ?? '').toLowerCase();
    const value = unit === 'kw' ? raw * 1000 : raw;
    out.push({ t, value, phase: s.phase });
  }
  return out.sort((a, b) => a.t - b.t);
}

const round1 = (v: number) => Math.round(v * 10) / 10;

/** One line per phase (L1, L2, L3; N left out), or one line when the charger gives no phase. */
function perPhase(list: readonly Reading[], name: string, scale: (v: number) => number, suffix = ''): MeterLine[] {
  const phases = [...new Set(list.map((r) => r.phase ?? ''))].filter((p) => p !== 'N').sort();
  return phases.map((phase) => ({
    key: `meter:${name}:${phase}` as const,
    label: `${name}${phase ? ` ${phase}` : ''}${suffix}`,
    points: list.filter((r) => (r.phase ?? '') === phase).map((r) => ({ t: r.t, v: round1(scale(r.value)) })),
  }));
}

/** Total per instant: the phase-less reading when there is one, else the sum of the phases. */
function totals(list: readonly Reading[], scale: (r: Reading) => number): Point[] {
  const byT = new Map<number, { total?: number; sum: number }>();
  for (const r of list) {
    const e = byT.get(r.t) ?? { sum: 0 };
    if (r.phase === null) e.total = scale(r);
    else if (r.phase !== 'N') e.sum += scale(r);
    byT.set(r.t, e);
  }
  return [...byT].sort((a, b) => a[0] - b[0]).map(([t, e]) => ({ t, v: round1(e.total ?? e.sum) }));
}

export function meterLines(samples: readonly MeterSample[], unit: ChargingRateUnit, opts: { voltage: number; sinceSec?: number }): MeterLine[] {
  const since = opts.sinceSec ?? Number.NEGATIVE_INFINITY;
  const v = opts.voltage;
  const current = readings(samples, 'Current.Import', since);
  const power = readings(samples, 'Power.Active.Import', since);
  const out: MeterLine[] = [];
  if (unit === 'A') {
    if (current.length > 0) out.push(...perPhase(current, 'Current.Import', (x) => x));
    else if (power.length > 0) {
      const phased = power.some((r) => r.phase !== null);
      out.push(...perPhase(power, 'Power.Active.Import', (x) => x / (v * (phased ? 1 : 3)), phased ? ` ÷ ${v} V` : ` ÷ (${v} V × 3)`));
    }
    const offered = readings(samples, 'Current.Offered', since);
    if (offered.length > 0) out.push({ key: 'meter:Current.Offered', label: 'Current.Offered', points: offered.map((r) => ({ t: r.t, v: round1(r.value) })) });
    return out;
  }
  if (power.length > 0) out.push({ key: 'meter:Power.Active.Import', label: 'Power.Active.Import', points: totals(power, (r) => r.value) });
  else if (current.length > 0) {
    out.push({ key: 'meter:Current.Import×V', label: `Current.Import × ${v} V`, points: totals(current, (r) => r.value * v * (r.phase === null ? 3 : 1)) });
  }
  const offered = readings(samples, 'Power.Offered', since);
  if (offered.length > 0) out.push({ key: 'meter:Power.Offered', label: 'Power.Offered', points: totals(offered, (r) => r.value) });
  return out;
}
