/**
 * OCPP 1.6 charging profiles: the shape of `csChargingProfiles` in SetChargingProfile.req (and of
 * `chargingProfile` in RemoteStartTransaction.req), and the rules the 1.6 specification and its errata
 * (release 2025-04) place on them that a JSON schema cannot express.
 *
 * Shared by the server and the renderer: no imports, no `node:*`, no DOM.
 */

export type ChargingProfilePurpose = 'ChargePointMaxProfile' | 'TxDefaultProfile' | 'TxProfile';
export type ChargingProfileKind = 'Absolute' | 'Recurring' | 'Relative';
export type RecurrencyKind = 'Daily' | 'Weekly';
/** A = current per phase, W = total power (errata 3.69). */
export type ChargingRateUnit = 'A' | 'W';
/** Values of the charger key `ChargingScheduleAllowedChargingRateUnit` (errata 3.88: Current = A, Power = W). */
export type AllowedChargingRateUnit = 'Current' | 'Power';

export interface ChargingSchedulePeriod {
  /** Seconds from the start of the schedule. */
  startPeriod: number;
  /** In the schedule's chargingRateUnit, at most one decimal (errata 3.71). */
  limit: number;
  /** Absent means 3 (errata 3.69). */
  numberPhases?: number;
}

export interface ChargingSchedule {
  /** Seconds; absent means the last period holds until the profile is replaced or no longer valid. */
  duration?: number;
  /** ISO 8601; required for Absolute and Recurring, absent for Relative. */
  startSchedule?: string;
  chargingRateUnit: ChargingRateUnit;
  chargingSchedulePeriod: ChargingSchedulePeriod[];
  minChargingRate?: number;
}

export interface ChargingProfile {
  chargingProfileId: number;
  transactionId?: number;
  stackLevel: number;
  chargingProfilePurpose: ChargingProfilePurpose;
  chargingProfileKind: ChargingProfileKind;
  recurrencyKind?: RecurrencyKind;
  validFrom?: string;
  validTo?: string;
  chargingSchedule: ChargingSchedule;
}

/** ClearChargingProfile.req (OCPP 1.6 §6.13): every field optional. */
export interface ClearChargingProfileRequest {
  id?: number;
  connectorId?: number;
  chargingProfilePurpose?: ChargingProfilePurpose;
  stackLevel?: number;
}

/** What the sender knows about the target when it checks a profile. Unset fields are not checked. */
export interface ChargingProfileContext {
  /** The connectorId of the SetChargingProfile.req / RemoteStartTransaction.req. */
  connectorId: number;
  /** Whether a transaction is running on that connector; when false, a TxProfile is refused. */
  hasActiveTransaction?: boolean;
  /** The id of the running transaction; a TxProfile naming another id is refused. */
  activeTransactionId?: number;
  /** The profile travels inside RemoteStartTransaction.req (errata 3.41). */
  inRemoteStart?: boolean;
  /** Charger key ChargeProfileMaxStackLevel. */
  maxStackLevel?: number;
  /** Charger key ChargingScheduleMaxPeriods. */
  maxPeriods?: number;
  /** Charger key ChargingScheduleAllowedChargingRateUnit, parsed. */
  allowedUnits?: readonly AllowedChargingRateUnit[];
}

export interface ChargingProfileViolation {
  /** Stable id of the rule, e.g. `first-start-period-zero`. */
  rule: string;
  /** What is wrong and where the rule comes from, in words for the engineer. */
  message: string;
}

type Violations = ChargingProfileViolation[];

/** Parses the CSL value of `ChargingScheduleAllowedChargingRateUnit` ("Current,Power"); unknown items are skipped. */
export function parseAllowedChargingRateUnits(value: string): AllowedChargingRateUnit[] {
  const units: AllowedChargingRateUnit[] = [];
  for (const item of value.split(',')) {
    const trimmed = item.trim().toLowerCase();
    if (trimmed === 'current' && !units.includes('Current')) units.push('Current');
    if (trimmed === 'power' && !units.includes('Power')) units.push('Power');
  }
  return units;
}

/** True when `value` has at most one decimal, tolerant of binary floating point (8.3 is fine). */
export function hasAtMostOneDecimal(value: number): boolean {
  const tenths = value * 10;
  return Math.abs(tenths - Math.round(tenths)) < 1e-6 * Math.max(1, Math.abs(tenths));
}

/**
 * Lists every rule of OCPP 1.6 (+ errata 2025-04) that `profile` breaks for the given context; an empty
 * list means the profile may be sent. Schema-level checks (types, enums, required fields) are the
 * validator's job and are not repeated here.
 */
export function validateChargingProfile(profile: ChargingProfile, ctx: ChargingProfileContext): ChargingProfileViolation[] {
  const out: Violations = [];
  checkPurposeAndConnector(profile, ctx, out);
  checkTransaction(profile, ctx, out);
  checkKind(profile, out);
  checkPeriods(profile.chargingSchedule, out);
  checkValidity(profile, out);
  checkChargerLimits(profile, ctx, out);
  return out;
}

function checkPurposeAndConnector(profile: ChargingProfile, ctx: ChargingProfileContext, out: Violations): void {
  const purpose = profile.chargingProfilePurpose;
  if (ctx.connectorId < 0) {
    out.push({ rule: 'connector-id-range', message: `connectorId must be 0 or a connector number, got ${ctx.connectorId} (OCPP 1.6 §6.43).` });
  }
  if (purpose === 'ChargePointMaxProfile' && ctx.connectorId !== 0) {
    out.push({
      rule: 'charge-point-max-on-connector-0',
      message: `ChargePointMaxProfile is only allowed on connectorId 0, got ${ctx.connectorId} (OCPP 1.6 §3.13.1, errata 3.53).`,
    });
  }
  if (purpose === 'TxProfile' && ctx.connectorId <= 0) {
    out.push({
      rule: 'tx-profile-on-connector',
      message: `TxProfile is only allowed on a connector (connectorId > 0), got ${ctx.connectorId} (OCPP 1.6 §3.13.1).`,
    });
  }
  if (!Number.isInteger(profile.stackLevel) || profile.stackLevel < 0) {
    out.push({ rule: 'stack-level-range', message: `stackLevel must be an integer ≥ 0, got ${profile.stackLevel} (OCPP 1.6 §7.8).` });
  }
}

function checkTransaction(profile: ChargingProfile, ctx: ChargingProfileContext, out: Violations): void {
  const isTx = profile.chargingProfilePurpose === 'TxProfile';
  if (profile.transactionId !== undefined && !isTx) {
    out.push({
      rule: 'transaction-id-only-tx-profile',
      message: `transactionId is only valid on a TxProfile, not on a ${profile.chargingProfilePurpose} (OCPP 1.6 §7.8).`,
    });
  }
  if (ctx.inRemoteStart) {
    if (!isTx) {
      out.push({
        rule: 'remote-start-tx-profile',
        message: `A profile in RemoteStartTransaction.req must be a TxProfile, got ${profile.chargingProfilePurpose} (OCPP 1.6 §5.11, §5.16.2, errata 3.41).`,
      });
    }
    if (profile.transactionId !== undefined) {
      out.push({
        rule: 'remote-start-no-transaction-id',
        message: `A TxProfile in RemoteStartTransaction.req must not carry a transactionId, got ${profile.transactionId} (errata 3.41).`,
      });
    }
    return;
  }
  if (!isTx) return;
  if (ctx.hasActiveTransaction === false) {
    out.push({
      rule: 'tx-profile-needs-transaction',
      message: `A TxProfile needs an active transaction on connector ${ctx.connectorId}; there is none, the charger would refuse it (OCPP 1.6 §3.13.1).`,
    });
  }
  const active = ctx.activeTransactionId;
  if (active !== undefined && profile.transactionId !== undefined && profile.transactionId !== active) {
    out.push({
      rule: 'tx-profile-transaction-id',
      message: `TxProfile transactionId ${profile.transactionId} is not the transaction running on connector ${ctx.connectorId} (${active}) (OCPP 1.6 §5.16.3).`,
    });
  }
}

function checkKind(profile: ChargingProfile, out: Violations): void {
  const kind = profile.chargingProfileKind;
  const hasStart = profile.chargingSchedule.startSchedule !== undefined;
  if (kind === 'Recurring' && profile.recurrencyKind === undefined) {
    out.push({ rule: 'recurrency-kind-with-recurring', message: 'A Recurring profile needs recurrencyKind (Daily or Weekly) (OCPP 1.6 §7.8, errata 3.56).' });
  }
  if (kind !== 'Recurring' && profile.recurrencyKind !== undefined) {
    out.push({
      rule: 'recurrency-kind-with-recurring',
      message: `recurrencyKind may only be used with chargingProfileKind Recurring, not ${kind} (errata 3.56).`,
    });
  }
  if ((kind === 'Absolute' || kind === 'Recurring') && !hasStart) {
    out.push({ rule: 'start-schedule-required', message: `An ${kind} profile needs chargingSchedule.startSchedule (OCPP 1.6 §7.8, §7.13).` });
  }
  if (kind === 'Relative' && hasStart) {
    out.push({
      rule: 'relative-without-start-schedule',
      message: 'A Relative profile must not have chargingSchedule.startSchedule: it starts with the transaction (OCPP 1.6 §7.9, §7.13).',
    });
  }
  const duration = profile.chargingSchedule.duration;
  if (duration !== undefined && (!Number.isInteger(duration) || duration <= 0)) {
    out.push({ rule: 'duration-positive', message: `chargingSchedule.duration must be a positive number of seconds, got ${duration} (OCPP 1.6 §7.13).` });
  }
}

function checkPeriods(schedule: ChargingSchedule, out: Violations): void {
  const periods = schedule.chargingSchedulePeriod;
  if (periods.length === 0) {
    out.push({ rule: 'periods-present', message: 'chargingSchedulePeriod must hold at least one period (OCPP 1.6 §7.13).' });
    return;
  }
  const first = periods[0]!.startPeriod;
  if (first !== 0) {
    out.push({ rule: 'first-start-period-zero', message: `The first period must have startPeriod 0, got ${first} (errata 3.45, 3.70).` });
  }
  periods.forEach((period, index) => {
    const previous = index > 0 ? periods[index - 1]!.startPeriod : undefined;
    if (previous !== undefined && !(period.startPeriod > previous)) {
      out.push({
        rule: 'start-periods-increasing',
        message: `startPeriod must increase strictly: period ${index} starts at ${period.startPeriod} after ${previous} (OCPP 1.6 §7.13).`,
      });
    }
    if (!hasAtMostOneDecimal(period.limit)) {
      out.push({ rule: 'limit-one-decimal', message: `Period ${index} limit ${period.limit} has more than one decimal (errata 3.71).` });
    }
  });
  if (schedule.minChargingRate !== undefined && !hasAtMostOneDecimal(schedule.minChargingRate)) {
    out.push({ rule: 'limit-one-decimal', message: `minChargingRate ${schedule.minChargingRate} has more than one decimal (OCPP 1.6 §7.13, errata 3.71).` });
  }
}

function checkValidity(profile: ChargingProfile, out: Violations): void {
  const dates: [string, string | undefined][] = [
    ['validFrom', profile.validFrom],
    ['validTo', profile.validTo],
    ['chargingSchedule.startSchedule', profile.chargingSchedule.startSchedule],
  ];
  for (const [field, value] of dates) {
    if (value !== undefined && Number.isNaN(Date.parse(value))) {
      out.push({ rule: 'date-time', message: `${field} "${value}" is not an ISO 8601 date-time (errata 3.10).` });
    }
  }
  const from = profile.validFrom === undefined ? NaN : Date.parse(profile.validFrom);
  const to = profile.validTo === undefined ? NaN : Date.parse(profile.validTo);
  if (!Number.isNaN(from) && !Number.isNaN(to) && to <= from) {
    out.push({
      rule: 'valid-to-after-valid-from',
      message: `validTo (${profile.validTo}) must be after validFrom (${profile.validFrom}), or the profile is never valid (OCPP 1.6 §7.8).`,
    });
  }
}

function checkChargerLimits(profile: ChargingProfile, ctx: ChargingProfileContext, out: Violations): void {
  if (ctx.maxStackLevel !== undefined && profile.stackLevel > ctx.maxStackLevel) {
    out.push({
      rule: 'max-stack-level',
      message: `stackLevel ${profile.stackLevel} is above the charger's ChargeProfileMaxStackLevel ${ctx.maxStackLevel} (OCPP 1.6 §9.4.1).`,
    });
  }
  const count = profile.chargingSchedule.chargingSchedulePeriod.length;
  if (ctx.maxPeriods !== undefined && count > ctx.maxPeriods) {
    out.push({
      rule: 'max-periods',
      message: `${count} periods are more than the charger's ChargingScheduleMaxPeriods ${ctx.maxPeriods} (OCPP 1.6 §9.4.3).`,
    });
  }
  const unit = profile.chargingSchedule.chargingRateUnit;
  const needed: AllowedChargingRateUnit = unit === 'A' ? 'Current' : 'Power';
  if (ctx.allowedUnits !== undefined && !ctx.allowedUnits.includes(needed)) {
    out.push({
      rule: 'charging-rate-unit-allowed',
      message: `chargingRateUnit ${unit} (${needed}) is not in the charger's ChargingScheduleAllowedChargingRateUnit "${ctx.allowedUnits.join(',')}" (OCPP 1.6 §9.4.2, errata 3.88).`,
    });
  }
}

/** One interval of a locally computed composite schedule, with what each purpose contributes (for plotting). */
export interface ProfileContribution {
  chargingProfileId: number;
  stackLevel: number;
  connectorId: number;
  limit: number;
  numberPhases?: number;
}

export interface TimelineInterval {
  /** Seconds from `start`. */
  startSec: number;
  endSec: number;
  /** min over the applicable purposes, in the requested unit; null = nothing limits charging. */
  limit: number | null;
  /** numberPhases of the limiting period, when that period states it. */
  numberPhases?: number;
  /** The purpose that sets `limit` (the transaction side on a tie); null when unconstrained. */
  limitedBy: ChargingProfilePurpose | null;
  chargePointMax: ProfileContribution | null;
  /** The prevailing TxDefaultProfile, reported even when a TxProfile overrides it. */
  txDefault: ProfileContribution | null;
  tx: ProfileContribution | null;
  /** A valid TxProfile replaces the TxDefaultProfile during this interval. */
  txDefaultOverridden: boolean;
}
