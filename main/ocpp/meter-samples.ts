import type { MeterSample } from '../../shared/api/types.ts';
import type { MeterValuesRequest } from '../../shared/ocpp/payloads.ts';

const ENERGY_REGISTER = 'Energy.Active.Import.Register';

export interface SampleKey { sessionId: number; seq: number; chargerId: string; connectorId: number; transactionId: number | null }

/**
 * The rows of one meterValue (every sampled value: measurand, unit, phase, context, location, format) and its
 * Energy.Active.Import.Register reading in Wh, if it has one. Pure: the live handler and an import store the same rows.
 */
export function meterSamples(key: SampleKey, mv: MeterValuesRequest['meterValue'][number]): { samples: (MeterSample & { sessionId: number })[]; energyWh: number | null } {
  const samples: (MeterSample & { sessionId: number })[] = [];
  let energyWh: number | null = null;
  for (const sv of mv.sampledValue) {
    const measurand = sv.measurand ?? ENERGY_REGISTER;
    samples.push({
      sessionId: key.sessionId, seq: key.seq, chargerId: key.chargerId, connectorId: key.connectorId, transactionId: key.transactionId,
      timestamp: mv.timestamp, value: sv.value, measurand, unit: sv.unit ?? null, phase: sv.phase ?? null,
      context: sv.context ?? null, location: sv.location ?? null, format: sv.format ?? null,
    });
    if ((sv.format ?? 'Raw') !== 'Raw' || measurand !== ENERGY_REGISTER || sv.phase) continue;
    const v = sv.value.trim() === '' ? NaN : Number(sv.value);
    if (Number.isFinite(v)) energyWh = sv.unit === 'kWh' ? v * 1000 : v;
  }
  return { samples, energyWh };
}
