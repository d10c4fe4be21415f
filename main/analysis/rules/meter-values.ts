/** Meter values: numbers, units, measurands, registers, gaps, transaction ids, limits (OCPP 1.6 §4.7, §7.31, §7.45; errata 3.15, 3.16, 3.78). */
import type { MeterValuesRequest } from '../../../shared/ocpp/payloads.ts';
import type { ChargingProfile } from '../../../shared/ocpp/charging-profile.ts';
import { computeCompositeSchedule, NO_LIMIT } from '../../csms/smart-charging/composite.ts';
import type { ChargerState, TxState } from '../state.ts';
import type { CheckContext, RuleFamily } from '../types.ts';
import { checkTimestamp, once } from './charger.ts';

const ENERGY_REGISTER = 'Energy.Active.Import.Register';
const GAP_SLACK_MS = 5_000;
const CONTINUED_MS = 60_000;
/** Above the installed limit by more than this share (and 0.5 A) is reported. */
const LIMIT_MARGIN = 0.1;

/** OCPP 1.6 §7.45 units that fit each measurand family (a missing unit means Wh). */
function unitsFor(measurand: string): readonly string[] | null {
  if (measurand.startsWith('Energy.Reactive')) return ['varh', 'kvarh'];
  if (measurand.startsWith('Energy.')) return ['Wh', 'kWh'];
  if (measurand.startsWith('Power.Reactive')) return ['var', 'kvar'];
  if (measurand.startsWith('Power.Active') || measurand === 'Power.Offered') return ['W', 'kW'];
  if (measurand.startsWith('Current.')) return ['A'];
  if (measurand === 'Voltage') return ['V'];
  if (measurand === 'Temperature') return ['Celsius', 'Celcius', 'Fahrenheit', 'K'];
  if (measurand === 'SoC') return ['Percent'];
  return null;
}

function meterValues(c: CheckContext): void {
  const { f, cs } = c;
  if (!f.valid) return;
  const req = f.payload as unknown as MeterValuesRequest;
  let tx: TxState | undefined;
  if (req.transactionId !== undefined) {
    tx = cs.open.get(req.transactionId);
    if (tx === undefined && !cs.stopped.has(req.transactionId)) {
      c.report('unknown-transaction', `MeterValues for transactionId ${req.transactionId}, which the Central System never gave to ${f.chargerId}`);
    } else if (req.connectorId === 0) {
      c.report('connector0-transaction', 'MeterValues for connectorId 0 should carry no transactionId (errata 3.16)');
    } else if (tx !== undefined && tx.connectorId !== req.connectorId) {
      c.report('meter-values-wrong-transaction', `MeterValues of connector ${req.connectorId} for transaction ${tx.id}, which runs on connector ${tx.connectorId}`);
    }
  } else if (req.connectorId > 0) {
    const running = cs.openByConnector.get(req.connectorId);
    if (running && !running.withoutIdReported) {
      running.withoutIdReported = true;
      c.report('meter-values-without-transaction', `MeterValues of connector ${req.connectorId} without transactionId while transaction ${running.id} runs there (reported once per transaction)`);
    }
    tx = running;
  }
  if (tx) transactionChecks(c, cs, tx);
  samples(c, req, tx);
}

function transactionChecks(c: CheckContext, cs: ChargerState, tx: TxState): void {
  const { f } = c;
  const interval = cs.intKey('MeterValueSampleInterval');
  if (interval !== null && interval > 0 && !tx.gapReported && f.atMs - tx.lastSampleMs > interval * 2000 + GAP_SLACK_MS) {
    tx.gapReported = true;
    c.report('meter-values-gap', `${Math.round((f.atMs - tx.lastSampleMs) / 1000)} s without MeterValues in transaction ${tx.id}; MeterValueSampleInterval is ${interval} s (reported once per transaction)`);
  }
  tx.lastSampleMs = f.atMs;
  if (tx.idTagStatus !== 'Accepted' && !tx.continuedReported && f.atMs - tx.startedMs > CONTINUED_MS) {
    tx.continuedReported = true;
    c.report('start-not-accepted-continued', `transaction ${tx.id} was answered ${tx.idTagStatus} at its start, yet meter values keep coming`);
  }
}

function samples(c: CheckContext, req: MeterValuesRequest, tx: TxState | undefined): void {
  const { cs } = c;
  const configured = cs.configuration.get('MeterValuesSampledData');
  let current: number | null = null;
  for (const mv of req.meterValue) {
    checkTimestamp(c, mv.timestamp, 'MeterValues timestamp');
    for (const sv of mv.sampledValue) {
      const measurand = sv.measurand ?? ENERGY_REGISTER;
      const units = unitsFor(measurand);
      const unit = sv.unit ?? 'Wh';
      if (units !== null && !units.includes(unit) && once(cs, `unit:${measurand}:${unit}`)) {
        c.report('meter-unit-unexpected', `${measurand} in ${unit}${sv.unit === undefined ? ' (no unit given: Wh is the default)' : ''}; expected ${units.join(' or ')} (reported once per charger)`);
      }
      if (configured && (sv.context ?? 'Sample.Periodic') === 'Sample.Periodic' && !configured.split(',').map((s) => s.trim()).includes(measurand) && once(cs, `measurand:${measurand}`)) {
        c.report('measurand-not-configured', `${measurand} is sent, but MeterValuesSampledData is "${configured}" (reported once per charger)`);
      }
      if ((sv.format ?? 'Raw') !== 'Raw') continue;
      const v = sv.value.trim() === '' ? NaN : Number(sv.value);
      if (!Number.isFinite(v)) {
        c.report('meter-value-not-numeric', `${measurand} value ${JSON.stringify(sv.value)} is not a number (format Raw)`);
        continue;
      }
      if (measurand === ENERGY_REGISTER && !sv.phase && tx) {
        const wh = unit === 'kWh' ? v * 1000 : v;
        if (tx.lastEnergyWh !== null && wh < tx.lastEnergyWh && !tx.energyDecreaseReported) {
          tx.energyDecreaseReported = true;
          c.report('energy-register-decreased', `${ENERGY_REGISTER} went from ${tx.lastEnergyWh} Wh to ${wh} Wh in transaction ${tx.id}`);
        }
        tx.lastEnergyWh = wh;
      } else if (measurand === 'Current.Import' && unit === 'A') {
        current = Math.max(current ?? v, v);
      }
    }
  }
  if (current !== null && tx && !tx.aboveLimitReported && cs.profiles.length > 0) checkLimit(c, tx, current, req.meterValue[0]?.timestamp);
}

/** Current.Import against the composite schedule of the installed profiles at the sample's time. */
function checkLimit(c: CheckContext, tx: TxState, amps: number, timestamp: string | undefined): void {
  const t = timestamp === undefined ? NaN : Date.parse(timestamp);
  const start = new Date(Number.isFinite(t) ? t : c.f.atMs);
  // A sample without a timestamp on a frame whose time is unknown: no time to read the schedule at.
  if (!Number.isFinite(start.getTime()) || !Number.isFinite(tx.startedMs)) return;
  const schedule = computeCompositeSchedule({
    profiles: c.cs.profiles.map((p) => ({ connectorId: p.connectorId, profile: p.profile as ChargingProfile })), connectorId: tx.connectorId, start, durationSec: 1,
    unit: 'A', nominalVoltage: c.options.nominalVoltage, transaction: { id: tx.id, connectorId: tx.connectorId, startedAt: new Date(tx.startedMs) },
  });
  const limit = schedule.chargingSchedule.chargingSchedulePeriod[0]?.limit;
  if (limit === undefined || limit === NO_LIMIT) return;
  if (amps > limit * (1 + LIMIT_MARGIN) + 0.5) {
    tx.aboveLimitReported = true;
    c.report('power-above-limit', `Current.Import ${amps} A in transaction ${tx.id}, above the installed limit of ${limit} A at ${start.toISOString()} (reported once per transaction)`);
  }
}

export const meterValueRules: RuleFamily = {
  name: 'meter-values',
  rules: ['unknown-transaction', 'connector0-transaction', 'meter-values-wrong-transaction', 'meter-values-without-transaction', 'meter-values-gap',
    'start-not-accepted-continued', 'meter-unit-unexpected', 'measurand-not-configured', 'meter-value-not-numeric', 'energy-register-decreased', 'power-above-limit'],
  checks: { 'in:CALL:MeterValues': meterValues },
};
