/** Reservations the charger accepted, cancelled or lost (OCPP 1.6 §3.11, §5.1, §5.13). */
import type { CancelReservationRequest, ReserveNowRequest } from '../../../shared/ocpp/payloads.ts';
import type { CheckContext, RuleFamily } from '../types.ts';

function reserveNow(c: CheckContext): void {
  const { f, pair, cs } = c;
  if (pair === null || !f.valid || !pair.valid || f.payload!['status'] !== 'Accepted') return;
  const req = pair.payload as unknown as ReserveNowRequest;
  const expiryMs = Date.parse(req.expiryDate);
  if (Number.isFinite(expiryMs) && expiryMs <= f.atMs) {
    c.report('reservation-already-expired', `ReserveNow ${req.reservationId} was Accepted with expiryDate ${req.expiryDate}, which has already passed`);
  }
  const previous = cs.reservations.get(req.reservationId);
  if (previous?.state === 'active' && previous.expiryMs > f.atMs) {
    c.report('reservation-replaced', `reservation ${req.reservationId} replaced the active reservation with the same id (OCPP 1.6 §5.13)`);
  }
  cs.reservations.delete(req.reservationId);
  cs.reservations.set(req.reservationId, { connectorId: req.connectorId, idTag: req.idTag, expiryMs: Number.isFinite(expiryMs) ? expiryMs : Infinity, state: 'active' });
  if (cs.reservations.size > 256) cs.reservations.delete(cs.reservations.keys().next().value!);
}

function cancelReservation(c: CheckContext): void {
  const { f, pair, cs } = c;
  if (pair === null || !f.valid || !pair.valid) return;
  const { reservationId } = pair.payload as unknown as CancelReservationRequest;
  const known = cs.reservations.get(reservationId);
  const state = known === undefined ? undefined : known.state === 'active' && known.expiryMs <= f.atMs ? 'expired' : known.state;
  if (f.payload!['status'] === 'Accepted') {
    if (known === undefined) c.report('reservation-unknown', `the charger cancelled reservation ${reservationId}, which the Central System never saw accepted`);
    else {
      if (state !== 'active') c.report('reservation-not-active', `the charger cancelled reservation ${reservationId}, which was ${state}`);
      known.state = 'cancelled';
    }
  } else if (state === 'active') {
    c.report('reservation-lost', `the charger rejected cancelling reservation ${reservationId}, which is still active${Number.isFinite(known!.expiryMs) ? ` until ${new Date(known!.expiryMs).toISOString()}` : ''}: the charger no longer holds it`);
  }
}

export const reservationRules: RuleFamily = {
  name: 'reservations',
  rules: ['reservation-already-expired', 'reservation-replaced', 'reservation-unknown', 'reservation-not-active', 'reservation-lost'],
  checks: {},
  follow: {
    'in:CALLRESULT:ReserveNow': reserveNow,
    'in:CALLRESULT:CancelReservation': cancelReservation,
  },
};
