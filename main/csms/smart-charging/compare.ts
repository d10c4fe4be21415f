/**
 * Compares the composite schedule ChargeScope expects (composite.ts) with the one a charger reports in
 * GetCompositeSchedule.conf. Pure: no clock, no I/O.
 *
 * Both schedules are step functions of absolute time: a period's limit holds from scheduleStart +
 * startPeriod until the next period starts or the schedule's duration ends (OCPP 1.6 §7.13; in the conf
 * the periods are relative to scheduleStart, errata 3.57). They are compared on absolute time, so a
 * charger that computed its answer a few seconds after ChargeScope did still lines up; only the part of
 * the window both cover is compared. Offsets in the result are seconds from the local scheduleStart.
 *
 * "No limit": the local schedule marks unconstrained spans with a negative limit (NO_LIMIT, -1). A charger
 * has no way to say "no limit" in a period, and many report their physical maximum there, so such a span
 * is only compared when the caller knows that maximum (`physicalMax`). A span the charger leaves without a
 * period (a first startPeriod above 0, or a negative limit) reads as "no limit" on its side.
 *
 * Tolerance: 0.1 A or 100 W by default, absolute, in the local schedule's unit. 0.1 A is the resolution of
 * a limit (errata 3.71: one decimal); 100 W covers chargers converting A ↔ W with a slightly different
 * voltage (100 W ≈ 0.15 A per phase at 230 V × 3).
 */
import type { CompositeSchedule } from '../../../shared/api/types.ts';
import type { ChargingRateUnit } from '../../../shared/ocpp/charging-profile.ts';
import { convertLimit } from './composite.ts';

/** A difference at or under this is agreement: the resolution of a limit in A, and 100 W for W. */
export const DEFAULT_TOLERANCE: Readonly<Record<ChargingRateUnit, number>> = { A: 0.1, W: 100 };

export interface CompareOptions {
  /** Shorter differences are ignored: whole-second offsets on both sides shift breakpoints by < 1 s. Default 1. */
  minSpanSec?: number;
  /** Volts for converting the charger's answer when it is in the other unit; default 230 (errata 3.69). */
  nominalVoltage?: number;
  /** The charger's maximum in the local unit; when given, spans the CSMS sees unconstrained are compared to it. */
  physicalMax?: number;
}

export interface ScheduleDifference {
  /** Seconds from the local scheduleStart where the difference begins. */
  atSec: number;
  /** Seconds from the local scheduleStart where it ends. */
  endSec: number;
  /** The instant it begins, ISO 8601 UTC. */
  at: string;
  /** The limit ChargeScope expects, in `unit`; null = no limit. */
  local: number | null;
  /** The limit the charger reports, in `unit` (converted when it answered in the other one); null = no limit / no period. */
  charger: number | null;
  unit: ChargingRateUnit;
}

interface Step {
  startMs: number;
  limit: number | null;
}

interface Steps {
  steps: Step[];
  startMs: number;
  endMs: number;
}

/** The differences beyond `tolerance` between the local and the charger's composite schedule, in time order. */
export function compareSchedules(
  local: CompositeSchedule, charger: CompositeSchedule, tolerance?: number, options: CompareOptions = {},
): ScheduleDifference[] {
  const unit = local.chargingSchedule.chargingRateUnit;
  const tol = tolerance ?? DEFAULT_TOLERANCE[unit];
  const minSpanMs = (options.minSpanSec ?? 1) * 1000;
  const l = toSteps(local, unit, options.nominalVoltage);
  const c = toSteps(charger, unit, options.nominalVoltage);
  const from = Math.max(l.startMs, c.startMs);
  const to = Math.min(l.endMs, c.endMs);
  if (!(to > from)) return [];
  const cuts = [...new Set([from, to, ...[...l.steps, ...c.steps].map((s) => s.startMs).filter((t) => t > from && t < to)])].sort((a, b) => a - b);
  const out: { startMs: number; endMs: number; local: number | null; charger: number | null }[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const a = cuts[i]!;
    const b = cuts[i + 1]!;
    const lv = valueAt(l.steps, a);
    const cv = valueAt(c.steps, a);
    if (!differs(lv, cv, tol, options.physicalMax)) continue;
    const last = out.at(-1);
    if (last !== undefined && last.endMs === a && last.local === lv && last.charger === cv) last.endMs = b;
    else out.push({ startMs: a, endMs: b, local: lv, charger: cv });
  }
  const origin = Date.parse(local.scheduleStart);
  return out
    .filter((d) => d.endMs - d.startMs >= minSpanMs)
    .map((d) => ({
      atSec: seconds(d.startMs - origin), endSec: seconds(d.endMs - origin), at: new Date(d.startMs).toISOString(),
      local: d.local, charger: d.charger, unit,
    }));
}

/** "7 A", "11040 W", "no limit". */
export function formatLimit(limit: number | null, unit: ChargingRateUnit): string {
  return limit === null ? 'no limit' : `${limit} ${unit}`;
}

function toSteps(schedule: CompositeSchedule, unit: ChargingRateUnit, voltage: number | undefined): Steps {
  const startMs = Date.parse(schedule.scheduleStart);
  if (!Number.isFinite(startMs)) throw new RangeError(`compareSchedules: scheduleStart "${schedule.scheduleStart}" is not a date`);
  const { duration, chargingRateUnit, chargingSchedulePeriod } = schedule.chargingSchedule;
  const endMs = duration === undefined ? Number.POSITIVE_INFINITY : startMs + duration * 1000;
  const steps = [...chargingSchedulePeriod]
    .sort((a, b) => a.startPeriod - b.startPeriod)
    .map((p): Step => ({
      startMs: startMs + p.startPeriod * 1000,
      limit: p.limit < 0 ? null : convertLimit(p.limit, chargingRateUnit, unit, p.numberPhases ?? 3, voltage ?? 230),
    }));
  return { steps, startMs, endMs };
}

function valueAt(steps: readonly Step[], t: number): number | null {
  let found: number | null = null;
  for (const s of steps) {
    if (s.startMs > t) break;
    found = s.limit;
  }
  return found;
}

function differs(local: number | null, charger: number | null, tol: number, physicalMax: number | undefined): boolean {
  if (local === null && charger === null) return false;
  if (local === null) return physicalMax !== undefined && charger! < physicalMax - tol - 1e-9;
  if (charger === null) return true;
  return Math.abs(local - charger) > tol + 1e-9;
}

const seconds = (ms: number) => Math.round(ms) / 1000;
