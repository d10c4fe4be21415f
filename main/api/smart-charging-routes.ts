import type { ChargingProfile, ChargingRateUnit } from '../../shared/ocpp/charging-profile.ts';
import { computeCompositeSchedule, resolveTimeline, type CompositeInput } from '../csms/smart-charging/composite.ts';
import { badRequest, notFound } from './errors.ts';
import { reqInt } from './params.ts';
import { knownCharger, type ApiServices, type RouteRequest, type RouteTable } from './routes.ts';

/** The composite-schedule input from what the CSMS knows is installed on the charger, and its open transaction. */
function compositeInput(r: Pick<RouteRequest, 'params' | 'query'>, s: ApiServices): CompositeInput {
  const id = knownCharger(s, r.params['id']!);
  const connectorId = reqInt(r.query, 'connectorId', { min: 0 });
  const durationSec = reqInt(r.query, 'duration', { min: 1, max: 366 * 86400 });
  const unitQ = r.query['chargingRateUnit'] ?? 'A';
  if (unitQ !== 'A' && unitQ !== 'W') throw badRequest('chargingRateUnit must be A or W');
  if (connectorId !== 0 && !s.store.chargers.connector(id, connectorId)) {
    throw notFound(`connector ${connectorId} of ${id} is unknown: the charger never sent a StatusNotification for it`);
  }
  const tx = connectorId === 0 ? undefined : s.store.transactions.openOnConnector(id, connectorId, s.store.sessions.liveId)[0];
  const settings = s.store.settings.get();
  return {
    profiles: s.store.chargingProfiles.list(id).map((p) => ({ connectorId: p.connectorId, profile: p.profile as unknown as ChargingProfile })),
    connectorId, start: s.clock(), durationSec, unit: unitQ as ChargingRateUnit, nominalVoltage: settings.nominalVoltage,
    ...(tx ? { transaction: { id: tx.id, connectorId: tx.connectorId, startedAt: new Date(tx.startedAt) } } : {}),
  };
}

export const smartChargingRoutes: Pick<RouteTable, 'GET /api/chargers/:id/composite-schedule' | 'GET /api/chargers/:id/composite-timeline'> = {
  'GET /api/chargers/:id/composite-schedule': (r, s) => computeCompositeSchedule(compositeInput(r, s)),
  'GET /api/chargers/:id/composite-timeline': (r, s) => {
    const input = compositeInput(r, s);
    return { schedule: computeCompositeSchedule(input), timeline: resolveTimeline(input) };
  },
};
