import type { MeterSample } from '../../../shared/api/types.ts';
import type { MeterValuesRequest } from '../../../shared/ocpp/payloads.ts';
import type { HandlerContext } from '../context.ts';

const ENERGY_REGISTER = 'Energy.Active.Import.Register';

/** Stores every sampled value (measurand, unit, phase, context, location, format) of MeterValues or transactionData. */
export function recordMeterValues(
  ctx: HandlerContext, connectorId: number, transactionId: number | null, meterValue: MeterValuesRequest['meterValue'],
  txConnectorId?: number,
): void {
  let lastEnergyWh: number | null = null;
  for (const mv of meterValue) {
    // One INSERT for the sampled values of one meterValue (a typical charger sends 4-10 at a time).
    const samples: (MeterSample & { sessionId: number })[] = [];
    for (const sv of mv.sampledValue) {
      const measurand = sv.measurand ?? ENERGY_REGISTER;
      samples.push({
        sessionId: ctx.sessionId, seq: ctx.seq, chargerId: ctx.chargerId, connectorId: txConnectorId ?? connectorId,
        transactionId, timestamp: mv.timestamp, value: sv.value, measurand, unit: sv.unit ?? null, phase: sv.phase ?? null,
        context: sv.context ?? null, location: sv.location ?? null, format: sv.format ?? null,
      });
      if ((sv.format ?? 'Raw') !== 'Raw') continue;
      const v = sv.value.trim() === '' ? NaN : Number(sv.value);
      if (!Number.isFinite(v)) {
        ctx.finding('meter-value-not-numeric', 'warning', `${measurand} value ${JSON.stringify(sv.value)} is not a number (format Raw)`);
      } else if (measurand === ENERGY_REGISTER && !sv.phase) {
        lastEnergyWh = sv.unit === 'kWh' ? v * 1000 : v;
      }
    }
    ctx.store.transactions.addSamples(samples);
  }
  if (transactionId !== null && lastEnergyWh !== null) ctx.store.transactions.setLastEnergy(transactionId, lastEnergyWh);
}
