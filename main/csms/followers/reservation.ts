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
  ReserveNow(env, _rec, { chargerId, at, request: req, response }) {
    if (response.status !== 'Accepted') return;
    const expiryDate = utc(req.expiryDate);
    env.store.reservations.upsert({
      chargerId, reservationId: req.reservationId, connectorId: req.connectorId, idTag: req.idTag,
      parentIdTag: req.parentIdTag ?? null, expiryDate, createdAt: at,
    });
  },

  CancelReservation(env, _rec, { chargerId, at, request, response }) {
    const { reservationId } = request;
    env.store.reservations.expire(at);
    const known = env.store.reservations.get(chargerId, reservationId);
    if (response.status === 'Accepted' && known !== undefined) env.store.reservations.setState(chargerId, reservationId, 'cancelled', known.transactionId);
  },
} satisfies FollowerTable;
