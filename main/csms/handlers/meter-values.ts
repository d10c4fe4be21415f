import type { MeterValuesRequest } from '../../../shared/ocpp/payloads.ts';
import { meterSamples, type SampleKey } from '../../ocpp/meter-samples.ts';
import type { HandlerContext } from '../context.ts';

/** Stores every sampled value of MeterValues or transactionData (the checks of the values are the analysis engine's). */
export function recordMeterValues(
  ctx: HandlerContext, connectorId: number, transactionId: number | null, meterValue: MeterValuesRequest['meterValue'],
  txConnectorId?: number,
): void {
  let lastEnergyWh: number | null = null;
  const key: SampleKey = { sessionId: ctx.sessionId, seq: ctx.seq, chargerId: ctx.chargerId, connectorId: txConnectorId ?? connectorId, transactionId };
  for (const mv of meterValue) {
    // One INSERT for the sampled values of one meterValue (a typical charger sends 4-10 at a time).
    const { samples, energyWh } = meterSamples(key, mv);
    if (energyWh !== null) lastEnergyWh = energyWh;
    ctx.store.transactions.addSamples(samples);
  }
  if (transactionId !== null && lastEnergyWh !== null) ctx.store.transactions.setLastEnergy(transactionId, lastEnergyWh);
}
