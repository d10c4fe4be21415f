/**
 * Smart Charging: checks a charger's GetCompositeSchedule.conf against the composite ChargeScope computes
 * from the profiles it knows are installed (OCPP 1.6 §3.13.3, §5.7; errata 3.28–3.30, 3.57). The window
 * is the charger's own (its scheduleStart, the requested duration), so both answer the same question.
 * Every difference beyond the tolerance is a finding naming the instant and both values; agreement is
 * an info finding, so the engineer (and the UI) can see the check ran.
 */
import type { CompositeSchedule } from '../../../shared/api/types.ts';
import type { ChargingProfile, ChargingRateUnit } from '../../../shared/ocpp/charging-profile.ts';
import type { CsmsEnv } from '../env.ts';
import { DEFAULT_TOLERANCE, compareSchedules, formatLimit, type ScheduleDifference } from '../smart-charging/compare.ts';
import { computeCompositeSchedule, type CompositeInput } from '../smart-charging/composite.ts';
import type { FollowerTable } from './types.ts';

/** Rules of the findings this follower records (the UI lists them under the composite chart). */
export const COMPOSITE_DIFFERS = 'composite-schedule-differs';
export const COMPOSITE_MATCHES = 'composite-schedule-matches';
/** One finding per difference up to this many, then one that counts the rest. */
const MAX_DIFFERENCE_FINDINGS = 10;

function localInput(env: CsmsEnv, chargerId: string, connectorId: number, start: Date, durationSec: number, unit: ChargingRateUnit): CompositeInput {
  const tx = connectorId === 0 ? undefined : env.store.transactions.openOnConnector(chargerId, connectorId)[0];
  return {
    profiles: env.store.chargingProfiles.list(chargerId).map((p) => ({ connectorId: p.connectorId, profile: p.profile as unknown as ChargingProfile })),
    connectorId, start, durationSec, unit, nominalVoltage: env.store.settings.get().nominalVoltage,
    ...(tx ? { transaction: { id: tx.id, connectorId: tx.connectorId, startedAt: new Date(tx.startedAt) } } : {}),
  };
}

const offset = (sec: number) => `+${Number.isInteger(sec) ? sec : sec.toFixed(1)} s`;

function describeDifference(connectorId: number, d: ScheduleDifference, tolerance: number): string {
  return `GetCompositeSchedule of connector ${connectorId} differs from ChargeScope's composite at ${d.at} (${offset(d.atSec)} to ${offset(d.endSec)}): `
    + `ChargeScope expects ${formatLimit(d.local, d.unit)}, the charger reports ${formatLimit(d.charger, d.unit)} `
    + `(tolerance ${tolerance} ${d.unit}; OCPP 1.6 §3.13.3)`;
}

export const compositeCheckFollowers = {
  GetCompositeSchedule(env, rec, { chargerId, seq, at, request, response }) {
    const answered = response.chargingSchedule;
    if (response.status !== 'Accepted' || answered === undefined) return;
    const connectorId = response.connectorId ?? request.connectorId;
    const unit = request.chargingRateUnit ?? answered.chargingRateUnit;
    if (request.chargingRateUnit !== undefined && answered.chargingRateUnit !== request.chargingRateUnit) {
      rec.finding(seq, 'composite-schedule-unit', 'warning', `GetCompositeSchedule asked for chargingRateUnit ${request.chargingRateUnit}, the charger answered in ${answered.chargingRateUnit} (OCPP 1.6 §6.26); compared after conversion`, at);
    }
    const scheduleStart = response.scheduleStart ?? answered.startSchedule ?? at;
    const start = new Date(scheduleStart);
    if (Number.isNaN(start.getTime())) {
      rec.finding(seq, 'composite-schedule-unchecked', 'info', `GetCompositeSchedule answered scheduleStart "${scheduleStart}", which is not a date: ChargeScope cannot compare it with its own composite`, at);
      return;
    }
    const voltage = env.store.settings.get().nominalVoltage;
    const local = computeCompositeSchedule(localInput(env, chargerId, connectorId, start, request.duration, unit));
    const { startSchedule: _omitted, ...schedule } = answered;
    const charger: CompositeSchedule = { connectorId, scheduleStart: start.toISOString(), chargingSchedule: schedule };
    const tolerance = DEFAULT_TOLERANCE[unit];
    const diffs = compareSchedules(local, charger, tolerance, { nominalVoltage: voltage });
    if (diffs.length === 0) {
      rec.finding(seq, COMPOSITE_MATCHES, 'info', `GetCompositeSchedule of connector ${connectorId} matches ChargeScope's composite over ${request.duration} s from ${charger.scheduleStart} (tolerance ${tolerance} ${unit})`, at);
      return;
    }
    for (const d of diffs.slice(0, MAX_DIFFERENCE_FINDINGS)) rec.finding(seq, COMPOSITE_DIFFERS, 'warning', describeDifference(connectorId, d, tolerance), at);
    if (diffs.length > MAX_DIFFERENCE_FINDINGS) {
      rec.finding(seq, COMPOSITE_DIFFERS, 'warning', `GetCompositeSchedule of connector ${connectorId}: ${diffs.length - MAX_DIFFERENCE_FINDINGS} more differences from ChargeScope's composite are not listed`, at);
    }
  },
} satisfies FollowerTable;
