/**
 * The composite charging schedule the CSMS expects a charger to report, computed from the profiles the
 * CSMS believes are installed (OCPP 1.6 §3.13.1–3.13.3, §5.7, §5.16.4 and errata 2025-04 3.7, 3.28–3.30,
 * 3.43, 3.44, 3.57, 3.69, 3.79). Pure: no clock, no I/O; every instant comes from the input.
 *
 * Rules, in the order they apply at each instant t of [start, start + duration):
 * - A profile counts only while valid (validFrom <= t < validTo).
 * - Within one purpose the valid profile with the highest stackLevel whose schedule is active at t
 *   prevails. A schedule is inactive before its start, after its duration (per recurrence for Recurring),
 *   and in the part of a recurrence beyond its duration; then the next lower stackLevel takes over
 *   (errata 3.43/3.44). A schedule without duration never ends, so lower levels never show (errata 3.7).
 * - Absolute starts at startSchedule; Recurring restarts every 24 h / 7 days from startSchedule
 *   (errata 3.79); Relative starts at the running transaction's start, or at `start` when there is none.
 * - TxProfile applies only to the running transaction on the connector (transactionId equal or absent).
 *   While any such TxProfile is valid it replaces TxDefaultProfile entirely, even after its schedule has
 *   ended (§3.13.1 "overrule ... for the duration of the transaction"; OCTT TC_066_CS expects the
 *   default never to show). Likewise a valid TxDefaultProfile on the connector replaces the one on
 *   connectorId 0 for that connector (§3.13.1 "replaced only for that specific connector").
 * - Result = min(ChargePointMaxProfile, TxProfile-or-TxDefaultProfile), compared in the requested unit:
 *   W = A × nominal voltage × numberPhases (numberPhases absent = 3, errata 3.69). A converted limit is
 *   rounded down to one decimal (errata 3.71) so the expected limit never exceeds the profile's.
 * - connectorId 0 (the whole charger, errata 3.30): ChargePointMaxProfile and the TxDefaultProfile on
 *   connectorId 0 only; connector and transaction profiles are left out.
 *
 * Unconstrained time (no profile limits it): the timeline says so with `limit: null`, which a chart draws
 * as "no limit" instead of a made-up number. An OCPP ChargingSchedulePeriod cannot say "no limit" and
 * each period lasts until the next one, so leaving such a span out would silently stretch the previous
 * limit over it. The composite therefore emits a period there with `limit = unconstrainedLimit`: the
 * charger's physical maximum in the requested unit when the engineer knows it (chargers such as
 * EVerest fill gaps the same way), otherwise `NO_LIMIT` (-1), a value no real limit can take.
 */
import type { CompositeSchedule } from '../../../shared/api/types.ts';
import type {
  ChargingProfile,
  ChargingProfilePurpose,
  ChargingRateUnit,
  ChargingSchedulePeriod,
} from '../../../shared/ocpp/charging-profile.ts';

/** The limit of a composite period during which no profile limits charging (when no physical maximum is given). */
export const NO_LIMIT = -1;

export interface InstalledProfileLike {
  connectorId: number;
  profile: ChargingProfile;
}

export interface RunningTransaction {
  id: number;
  connectorId: number;
  startedAt: Date;
}

export interface CompositeInput {
  profiles: readonly InstalledProfileLike[];
  connectorId: number;
  /** Time X of errata 3.28: the composite covers [start, start + durationSec). */
  start: Date;
  durationSec: number;
  unit: ChargingRateUnit;
  /** Volts used for A ↔ W; default 230 (errata 3.69). */
  nominalVoltage?: number;
  /** Phases assumed where a period has no numberPhases; default 3 (errata 3.69). */
  defaultNumberPhases?: number;
  /** The transaction running on `connectorId`, if any. */
  transaction?: RunningTransaction;
  /** Limit reported for unconstrained spans, in `unit`; default NO_LIMIT. */
  unconstrainedLimit?: number;
}

/** One purpose's prevailing profile during an interval, its limit converted to the requested unit. */
export type { ProfileContribution, TimelineInterval } from '../../../shared/ocpp/charging-profile.ts';
import type { ProfileContribution, TimelineInterval } from '../../../shared/ocpp/charging-profile.ts';

const DAY_MS = 86_400_000;

interface Candidate {
  connectorId: number;
  profile: ChargingProfile;
  periods: ChargingSchedulePeriod[];
  /** Position in the installed list: later means installed later. */
  order: number;
}

interface Layers {
  chargePointMax: Candidate[];
  tx: Candidate[];
  connectorDefault: Candidate[];
  stationDefault: Candidate[];
}

interface Resolved {
  voltage: number;
  phases: number;
  unit: ChargingRateUnit;
  /** Where Relative schedules start (ms). */
  relativeBase: number;
}

interface Hit {
  candidate: Candidate;
  period: ChargingSchedulePeriod;
}

type IntervalValue = Omit<TimelineInterval, 'startSec' | 'endSec'>;

/** The composite schedule for one connector, shaped like GetCompositeSchedule.conf (errata 3.57: no startSchedule). */
export function computeCompositeSchedule(input: CompositeInput): CompositeSchedule {
  const fill = input.unconstrainedLimit ?? NO_LIMIT;
  const periods: CompositeSchedule['chargingSchedule']['chargingSchedulePeriod'] = [];
  for (const interval of resolveTimeline(input)) {
    const limit = interval.limit ?? fill;
    const numberPhases = interval.limit === null ? undefined : interval.numberPhases;
    const last = periods.at(-1);
    if (last !== undefined && last.limit === limit && last.numberPhases === numberPhases) continue;
    periods.push(numberPhases === undefined ? { startPeriod: interval.startSec, limit } : { startPeriod: interval.startSec, limit, numberPhases });
  }
  return {
    connectorId: input.connectorId,
    scheduleStart: input.start.toISOString(),
    chargingSchedule: { duration: input.durationSec, chargingRateUnit: input.unit, chargingSchedulePeriod: periods },
  };
}

/**
 * The window cut at every instant where anything changes, each piece telling which profile prevails per
 * purpose and the resulting limit. Adjacent pieces that say the same are merged; offsets are whole seconds.
 */
export function resolveTimeline(input: CompositeInput): TimelineInterval[] {
  const startMs = input.start.getTime();
  if (!Number.isFinite(startMs)) throw new RangeError('resolveTimeline: start is not a valid date');
  if (!(input.durationSec > 0) || !Number.isFinite(input.durationSec)) {
    throw new RangeError(`resolveTimeline: durationSec must be a positive number, got ${input.durationSec}`);
  }
  const endMs = startMs + input.durationSec * 1000;
  const layers = selectLayers(input);
  const resolved: Resolved = {
    voltage: input.nominalVoltage ?? 230,
    phases: input.defaultNumberPhases ?? 3,
    unit: input.unit,
    relativeBase: relativeBase(input),
  };
  const all = [...layers.chargePointMax, ...layers.tx, ...layers.connectorDefault, ...layers.stationDefault];
  const cuts = breakpoints(all, startMs, endMs, resolved.relativeBase);
  const out: TimelineInterval[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const startSec = Math.round((cuts[i]! - startMs) / 1000);
    const endSec = Math.round((cuts[i + 1]! - startMs) / 1000);
    if (endSec <= startSec) continue;
    const value = resolveAt(layers, cuts[i]!, resolved);
    const last = out.at(-1);
    if (last !== undefined && sameValue(last, value)) last.endSec = endSec;
    else out.push({ startSec, endSec, ...value });
  }
  return out;
}

function selectLayers(input: CompositeInput): Layers {
  const layers: Layers = { chargePointMax: [], tx: [], connectorDefault: [], stationDefault: [] };
  const connector = input.connectorId;
  const tx = input.transaction !== undefined && input.transaction.connectorId === connector ? input.transaction : undefined;
  input.profiles.forEach(({ connectorId, profile }, order) => {
    const candidate: Candidate = { connectorId, profile, periods: sortedPeriods(profile), order };
    const purpose = profile.chargingProfilePurpose;
    if (purpose === 'ChargePointMaxProfile' && connectorId === 0) layers.chargePointMax.push(candidate);
    if (purpose === 'TxDefaultProfile' && connectorId === 0) layers.stationDefault.push(candidate);
    if (connector === 0 || connectorId !== connector) return;
    if (purpose === 'TxDefaultProfile') layers.connectorDefault.push(candidate);
    const forThisTx = tx !== undefined && (profile.transactionId === undefined || profile.transactionId === tx.id);
    if (purpose === 'TxProfile' && forThisTx) layers.tx.push(candidate);
  });
  for (const list of Object.values(layers)) list.sort(byPrecedence);
  return layers;
}

/** Highest stackLevel first; on a tie (the spec forbids it, §3.13.2) the later-installed profile first. */
function byPrecedence(a: Candidate, b: Candidate): number {
  return b.profile.stackLevel - a.profile.stackLevel || b.order - a.order;
}

function sortedPeriods(profile: ChargingProfile): ChargingSchedulePeriod[] {
  return [...profile.chargingSchedule.chargingSchedulePeriod].sort((a, b) => a.startPeriod - b.startPeriod);
}

function relativeBase(input: CompositeInput): number {
  const tx = input.transaction;
  return tx !== undefined && tx.connectorId === input.connectorId ? tx.startedAt.getTime() : input.start.getTime();
}

function resolveAt(layers: Layers, t: number, r: Resolved): IntervalValue {
  const chargePointMax = contribution(prevailing(layers.chargePointMax, t, r), r);
  const txDefaultOverridden = layers.tx.some((c) => isValidAt(c.profile, t));
  const connectorDefaultValid = layers.connectorDefault.some((c) => isValidAt(c.profile, t));
  const defaults = connectorDefaultValid ? layers.connectorDefault : layers.stationDefault;
  const txDefault = contribution(prevailing(defaults, t, r), r);
  const tx = contribution(prevailing(layers.tx, t, r), r);
  const txSide = txDefaultOverridden ? tx : txDefault;
  const txPurpose: ChargingProfilePurpose = txDefaultOverridden ? 'TxProfile' : 'TxDefaultProfile';
  let limiting: ProfileContribution | null = txSide;
  let limitedBy: ChargingProfilePurpose | null = txSide === null ? null : txPurpose;
  if (chargePointMax !== null && (limiting === null || chargePointMax.limit < limiting.limit)) {
    limiting = chargePointMax;
    limitedBy = 'ChargePointMaxProfile';
  }
  const value: IntervalValue = { limit: limiting?.limit ?? null, limitedBy, chargePointMax, txDefault, tx, txDefaultOverridden };
  if (limiting?.numberPhases !== undefined) value.numberPhases = limiting.numberPhases;
  return value;
}

function prevailing(candidates: readonly Candidate[], t: number, r: Resolved): Hit | null {
  for (const candidate of candidates) {
    const period = periodAt(candidate, t, r.relativeBase);
    if (period !== undefined) return { candidate, period };
  }
  return null;
}

function contribution(hit: Hit | null, r: Resolved): ProfileContribution | null {
  if (hit === null) return null;
  const { profile, connectorId } = hit.candidate;
  const phases = hit.period.numberPhases ?? r.phases;
  const limit = convertLimit(hit.period.limit, profile.chargingSchedule.chargingRateUnit, r.unit, phases, r.voltage);
  const out: ProfileContribution = { chargingProfileId: profile.chargingProfileId, stackLevel: profile.stackLevel, connectorId, limit };
  if (hit.period.numberPhases !== undefined) out.numberPhases = hit.period.numberPhases;
  return out;
}

/** A per phase ↔ W total (errata 3.69); a converted value is rounded down to one decimal (errata 3.71). */
export function convertLimit(limit: number, from: ChargingRateUnit, to: ChargingRateUnit, numberPhases = 3, voltage = 230): number {
  if (from === to) return limit;
  const converted = from === 'A' ? limit * voltage * numberPhases : limit / (voltage * numberPhases);
  return Math.floor(converted * 10 + 1e-6) / 10;
}

function isValidAt(profile: ChargingProfile, t: number): boolean {
  const from = parseTime(profile.validFrom);
  const to = parseTime(profile.validTo);
  return (from === undefined || t >= from) && (to === undefined || t < to);
}

/** The period of `candidate` in force at t, or undefined when its schedule is not active (or it is not valid). */
function periodAt(candidate: Candidate, t: number, relative: number): ChargingSchedulePeriod | undefined {
  const profile = candidate.profile;
  if (!isValidAt(profile, t)) return undefined;
  const anchor = scheduleAnchor(profile, relative);
  const cycle = recurrenceMs(profile);
  let base = anchor;
  if (cycle !== undefined && t >= anchor) base = anchor + Math.floor((t - anchor) / cycle) * cycle;
  const offset = t - base;
  const duration = profile.chargingSchedule.duration;
  if (offset < 0 || (duration !== undefined && offset >= duration * 1000)) return undefined;
  let found: ChargingSchedulePeriod | undefined;
  for (const period of candidate.periods) {
    if (period.startPeriod * 1000 > offset) break;
    found = period;
  }
  return found;
}

/** Where the schedule (or its first recurrence) starts. A missing startSchedule is treated like Relative. */
function scheduleAnchor(profile: ChargingProfile, relative: number): number {
  if (profile.chargingProfileKind === 'Relative') return relative;
  return parseTime(profile.chargingSchedule.startSchedule) ?? relative;
}

function recurrenceMs(profile: ChargingProfile): number | undefined {
  if (profile.chargingProfileKind !== 'Recurring') return undefined;
  return profile.recurrencyKind === 'Weekly' ? 7 * DAY_MS : DAY_MS;
}

/** Every instant in [start, end] where some candidate may change: validity bounds, period starts, ends, recurrences. */
function breakpoints(candidates: readonly Candidate[], start: number, end: number, relative: number): number[] {
  const points = new Set<number>([start, end]);
  const add = (t: number | undefined): void => {
    if (t !== undefined && t > start && t < end) points.add(t);
  };
  for (const candidate of candidates) {
    const profile = candidate.profile;
    add(parseTime(profile.validFrom));
    add(parseTime(profile.validTo));
    const duration = profile.chargingSchedule.duration;
    for (const base of scheduleStarts(profile, start, end, relative)) {
      add(base);
      for (const period of candidate.periods) add(base + period.startPeriod * 1000);
      if (duration !== undefined) add(base + duration * 1000);
    }
  }
  return [...points].sort((a, b) => a - b);
}

function scheduleStarts(profile: ChargingProfile, start: number, end: number, relative: number): number[] {
  const anchor = scheduleAnchor(profile, relative);
  const cycle = recurrenceMs(profile);
  if (cycle === undefined) return [anchor];
  const starts: number[] = [];
  const first = anchor + Math.max(0, Math.floor((start - anchor) / cycle)) * cycle;
  for (let base = first; base < end; base += cycle) starts.push(base);
  return starts;
}

function parseTime(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

function sameValue(a: IntervalValue, b: IntervalValue): boolean {
  return (
    a.limit === b.limit &&
    a.numberPhases === b.numberPhases &&
    a.limitedBy === b.limitedBy &&
    a.txDefaultOverridden === b.txDefaultOverridden &&
    sameContribution(a.chargePointMax, b.chargePointMax) &&
    sameContribution(a.txDefault, b.txDefault) &&
    sameContribution(a.tx, b.tx)
  );
}

function sameContribution(a: ProfileContribution | null, b: ProfileContribution | null): boolean {
  if (a === null || b === null) return a === b;
  return a.chargingProfileId === b.chargingProfileId && a.limit === b.limit && a.numberPhases === b.numberPhases;
}
