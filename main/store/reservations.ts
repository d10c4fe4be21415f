import type { Reservation } from '../../shared/api/types.ts';
import type { Db } from './db.ts';

interface ReservationRow {
  charger_id: string; reservation_id: number; connector_id: number; id_tag: string; parent_id_tag: string | null;
  expiry_date: string; state: string; transaction_id: number | null; created_at: string;
}
const toReservation = (r: ReservationRow): Reservation => ({
  chargerId: r.charger_id, reservationId: r.reservation_id, connectorId: r.connector_id, idTag: r.id_tag,
  parentIdTag: r.parent_id_tag, expiryDate: r.expiry_date, state: r.state as Reservation['state'],
  transactionId: r.transaction_id, createdAt: r.created_at,
});

/** Reservations the CSMS knows are held by chargers (after an Accepted ReserveNow). */
export function createReservationRepo(db: Db) {
  const upsert = db.prepare(
    `INSERT INTO reservations (charger_id, reservation_id, connector_id, id_tag, parent_id_tag, expiry_date, state, created_at)
     VALUES (@chargerId, @reservationId, @connectorId, @idTag, @parentIdTag, @expiryDate, 'active', @createdAt)
     ON CONFLICT (charger_id, reservation_id) DO UPDATE SET connector_id = excluded.connector_id, id_tag = excluded.id_tag,
       parent_id_tag = excluded.parent_id_tag, expiry_date = excluded.expiry_date, state = 'active',
       transaction_id = NULL, created_at = excluded.created_at`,
  );
  const setState = db.prepare<[string, number | null, string, number]>(
    'UPDATE reservations SET state = ?, transaction_id = ? WHERE charger_id = ? AND reservation_id = ?',
  );
  const one = db.prepare<[string, number], ReservationRow>('SELECT * FROM reservations WHERE charger_id = ? AND reservation_id = ?');
  const ofCharger = db.prepare<[string], ReservationRow>('SELECT * FROM reservations WHERE charger_id = ? ORDER BY created_at DESC');
  const all = db.prepare<[], ReservationRow>('SELECT * FROM reservations ORDER BY created_at DESC');
  const expire = db.prepare<[string]>("UPDATE reservations SET state = 'expired' WHERE state = 'active' AND expiry_date <= ?");

  return {
    upsert(r: Omit<Reservation, 'state' | 'transactionId'>): void {
      upsert.run(r);
    },
    get(chargerId: string, reservationId: number): Reservation | undefined {
      const r = one.get(chargerId, reservationId);
      return r ? toReservation(r) : undefined;
    },
    setState(chargerId: string, reservationId: number, state: Reservation['state'], transactionId: number | null = null): boolean {
      return setState.run(state, transactionId, chargerId, reservationId).changes > 0;
    },
    list(chargerId?: string): Reservation[] {
      return (chargerId === undefined ? all.all() : ofCharger.all(chargerId)).map(toReservation);
    },
    /** Marks active reservations whose expiry passed as expired; returns how many. */
    expire(nowIso: string): number {
      return expire.run(nowIso).changes;
    },
  };
}
export type ReservationRepo = ReturnType<typeof createReservationRepo>;
