/**
 * Smart Charging: the profiles the charger accepted (OCPP 1.6 §3.13, §5.5, §5.16; errata 3.25, 3.26, 3.41, 3.42) and its
 * GetCompositeSchedule.conf against the composite computed from them (§3.13.3, §5.7; errata 3.28–3.30, 3.57). The list
 * arithmetic is the pure model of csms/smart-charging/profiles-model.ts, the composite that of composite.ts.
 */
import type { CompositeSchedule } from '../../../shared/api/types.ts';
import type { ChargingProfile, ChargingRateUnit, ClearChargingProfileRequest } from '../../../shared/ocpp/charging-profile.ts';
import type { GetCompositeScheduleRequest, GetCompositeScheduleResponse, RemoteStartTransactionRequest, SetChargingProfileRequest } from '../../../shared/ocpp/payloads.ts';
import { DEFAULT_TOLERANCE, compareSchedules, formatLimit, type ScheduleDifference } from '../../csms/smart-charging/compare.ts';
import { computeCompositeSchedule } from '../../csms/smart-charging/composite.ts';
import { applyClearChargingProfile, applySetChargingProfile, type InstalledProfile, type SetChargingProfileContext } from '../../csms/smart-charging/profiles-model.ts';
import type { CheckContext, RuleFamily } from '../types.ts';

/** One finding per difference up to this many, then one that counts the rest. */
const MAX_DIFFERENCE_FINDINGS = 10;

const describe = (e: InstalledProfile) => `${e.profile.chargingProfilePurpose} ${e.profile.chargingProfileId} (stackLevel ${e.profile.stackLevel}, connector ${e.connectorId})`;

function setChargingProfile(c: CheckContext): void {
  const { f, pair, cs } = c;
  if (pair === null || !f.valid || !pair.valid || f.payload!['status'] !== 'Accepted') return;
  const { connectorId, csChargingProfiles } = pair.payload as unknown as SetChargingProfileRequest;
  let profile = csChargingProfiles as ChargingProfile;
  const ctx: SetChargingProfileContext = {};
  if (profile.chargingProfilePurpose === 'TxProfile') {
    const open = connectorId > 0 ? cs.openByConnector.get(connectorId) : undefined;
    if (open === undefined) {
      c.report('tx-profile-without-transaction', `the charger accepted TxProfile ${profile.chargingProfileId} on connector ${connectorId}, where no transaction runs (OCPP 1.6 §3.13.1: it should have been refused)`);
    } else if (profile.transactionId !== undefined && profile.transactionId !== open.id) {
      c.report('tx-profile-other-transaction', `the charger accepted TxProfile ${profile.chargingProfileId} for transaction ${profile.transactionId}, but transaction ${open.id} runs on connector ${connectorId}`);
    } else {
      ctx.activeTransactionId = open.id;
      profile = { ...profile, transactionId: open.id };
    }
  }
  const before = cs.profiles;
  cs.profiles = applySetChargingProfile(before, connectorId, profile, ctx);
  const replaced = before.filter((e) => !cs.profiles.includes(e));
  if (replaced.length > 0) c.report('charging-profile-replaced', `${describe({ connectorId, profile })} replaced ${replaced.map(describe).join(', ')} (OCPP 1.6 §3.13.2)`);
}

function clearChargingProfile(c: CheckContext): void {
  const { f, pair, cs } = c;
  if (pair === null || !f.valid || !pair.valid) return;
  const { remaining, removed } = applyClearChargingProfile(cs.profiles, pair.payload as unknown as ClearChargingProfileRequest);
  if (f.payload!['status'] !== 'Accepted') {
    if (removed.length > 0) c.report('charging-profile-unknown', `the charger answered Unknown, but it accepted ${removed.map(describe).join(', ')}, which match the request`);
    return;
  }
  if (removed.length === 0) c.report('charging-profile-none-known', 'the charger cleared profiles it was never seen to accept (none known match the request)');
  cs.profiles = remaining;
}

/** A TxProfile in RemoteStartTransaction.req waits for its transaction (errata 3.41); bound at StartTransaction. */
function remoteStart(c: CheckContext): void {
  const { f, pair, cs } = c;
  if (pair === null || !f.valid || !pair.valid || f.payload!['status'] !== 'Accepted') return;
  const req = pair.payload as unknown as RemoteStartTransactionRequest;
  if (req.chargingProfile === undefined) return;
  const profile = req.chargingProfile as ChargingProfile;
  if (profile.chargingProfilePurpose !== 'TxProfile') {
    c.report('remote-start-profile-purpose', `RemoteStartTransaction carried a ${profile.chargingProfilePurpose}; it SHALL be a TxProfile (OCPP 1.6 §5.11)`);
    return;
  }
  if (profile.transactionId !== undefined) c.report('remote-start-profile-transaction', 'RemoteStartTransaction carried a TxProfile with a transactionId; it SHALL NOT (errata 3.41)');
  const { transactionId: _none, ...waiting } = profile;
  cs.profiles = applySetChargingProfile(cs.profiles, req.connectorId ?? 0, waiting as ChargingProfile, {});
}

const offset = (sec: number) => `+${Number.isInteger(sec) ? sec : sec.toFixed(1)} s`;

function describeDifference(connectorId: number, d: ScheduleDifference, tolerance: number): string {
  return `GetCompositeSchedule of connector ${connectorId} differs from ChargeScope's composite at ${d.at} (${offset(d.atSec)} to ${offset(d.endSec)}): `
    + `ChargeScope expects ${formatLimit(d.local, d.unit)}, the charger reports ${formatLimit(d.charger, d.unit)} `
    + `(tolerance ${tolerance} ${d.unit}; OCPP 1.6 §3.13.3)`;
}

function compositeSchedule(c: CheckContext): void {
  const { f, pair, cs } = c;
  if (pair === null || !f.valid || !pair.valid) return;
  const request = pair.payload as unknown as GetCompositeScheduleRequest;
  const response = f.payload as unknown as GetCompositeScheduleResponse;
  const answered = response.chargingSchedule;
  if (response.status !== 'Accepted' || answered === undefined) return;
  const connectorId = response.connectorId ?? request.connectorId;
  const unit = (request.chargingRateUnit ?? answered.chargingRateUnit) as ChargingRateUnit;
  if (request.chargingRateUnit !== undefined && answered.chargingRateUnit !== request.chargingRateUnit) {
    c.report('composite-schedule-unit', `GetCompositeSchedule asked for chargingRateUnit ${request.chargingRateUnit}, the charger answered in ${answered.chargingRateUnit} (OCPP 1.6 §6.26); compared after conversion`);
  }
  // Schema-valid: a date-time (or absent, then the answer's own time; not compared when that is unknown).
  if (response.scheduleStart === undefined && answered.startSchedule === undefined && Number.isNaN(f.atMs)) return;
  const start = new Date(response.scheduleStart ?? answered.startSchedule ?? f.at);
  const tx = connectorId === 0 ? undefined : cs.openByConnector.get(connectorId);
  const local = computeCompositeSchedule({
    profiles: cs.profiles, connectorId, start, durationSec: request.duration, unit, nominalVoltage: c.options.nominalVoltage,
    ...(tx && Number.isFinite(tx.startedMs) ? { transaction: { id: tx.id, connectorId: tx.connectorId, startedAt: new Date(tx.startedMs) } } : {}),
  });
  const { startSchedule: _omitted, ...schedule } = answered;
  const charger = { connectorId, scheduleStart: start.toISOString(), chargingSchedule: schedule } as CompositeSchedule;
  const tolerance = DEFAULT_TOLERANCE[unit];
  const diffs = compareSchedules(local, charger, tolerance, { nominalVoltage: c.options.nominalVoltage });
  if (diffs.length === 0) {
    c.report('composite-schedule-matches', `GetCompositeSchedule of connector ${connectorId} matches ChargeScope's composite over ${request.duration} s from ${charger.scheduleStart} (tolerance ${tolerance} ${unit})`);
    return;
  }
  for (const d of diffs.slice(0, MAX_DIFFERENCE_FINDINGS)) c.report('composite-schedule-differs', describeDifference(connectorId, d, tolerance));
  if (diffs.length > MAX_DIFFERENCE_FINDINGS) {
    c.report('composite-schedule-differs', `GetCompositeSchedule of connector ${connectorId}: ${diffs.length - MAX_DIFFERENCE_FINDINGS} more differences from ChargeScope's composite are not listed`);
  }
}

export const smartChargingRules: RuleFamily = {
  name: 'smart-charging',
  rules: ['tx-profile-without-transaction', 'tx-profile-other-transaction', 'charging-profile-replaced', 'charging-profile-unknown', 'charging-profile-none-known',
    'remote-start-profile-purpose', 'remote-start-profile-transaction', 'composite-schedule-unit', 'composite-schedule-matches',
    'composite-schedule-differs'],
  checks: { 'in:CALLRESULT:GetCompositeSchedule': compositeSchedule },
  follow: {
    'in:CALLRESULT:SetChargingProfile': setChargingProfile,
    'in:CALLRESULT:ClearChargingProfile': clearChargingProfile,
    'in:CALLRESULT:RemoteStartTransaction': remoteStart,
  },
};
