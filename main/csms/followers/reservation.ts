/**
 * Reservation: the reservations the CSMS knows a charger holds (OCPP 1.6 §3.11, §5.2, §5.13). A
 * StartTransaction carrying a reservationId marks it used (handlers/core.ts); a reservation past its
 * expiryDate is reported expired when read.
 */
import type { FollowerTable } from './types.ts';

/** ISO UTC with milliseconds, so that stored expiry dates compare correctly as text. */
function utc(iso: string): string {
  const t = Date.parse(iso);
  return Number.isFinite(t) ? new Date(t).toISOString() : iso;
}

export const reservationFollowers = {
  ReserveNow(env, rec, { chargerId, seq, at, request: req, response }) {
    const { status } = response;
    if (status !== 'Accepted') return;
    const expiryDate = utc(req.expiryDate);
    if (expiryDate <= at) {
      rec.finding(seq, 'reservation-already-expired', 'warning', `ReserveNow ${req.reservationId} was Accepted with expiryDate ${req.expiryDate}, which has already passed`, at);
    }
    const previous = env.store.reservations.get(chargerId, req.reservationId);
    if (previous?.state === 'active') {
      rec.finding(seq, 'reservation-replaced', 'info', `reservation ${req.reservationId} replaced the active reservation with the same id (OCPP 1.6 §5.13)`, at);
    }
    env.store.reservations.upsert({
      chargerId, reservationId: req.reservationId, connectorId: req.connectorId, idTag: req.idTag,
      parentIdTag: req.parentIdTag ?? null, expiryDate, createdAt: at,
    });
  },

  CancelReservation(env, rec, { chargerId, seq, at, request, response }) {
    const { reservationId } = request;
    const { status } = response;
    env.store.reservations.expire(at);
    const known = env.store.reservations.get(chargerId, reservationId);
    if (status === 'Accepted') {
      if (known === undefined) {
        rec.finding(seq, 'reservation-unknown', 'info', `the charger cancelled reservation ${reservationId}, which this CSMS never saw accepted`, at);
        return;
      }
      if (known.state !== 'active') {
        rec.finding(seq, 'reservation-not-active', 'warning', `the charger cancelled reservation ${reservationId}, which this CSMS had as ${known.state}`, at);
      }
      env.store.reservations.setState(chargerId, reservationId, 'cancelled', known.transactionId);
    } else if (known?.state === 'active') {
      rec.finding(seq, 'reservation-lost', 'warning', `the charger rejected cancelling reservation ${reservationId}, which this CSMS has as active until ${known.expiryDate}: the charger no longer holds it`, at);
    }
  },
} satisfies FollowerTable;
