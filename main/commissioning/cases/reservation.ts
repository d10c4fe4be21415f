import type { CaseContext, CaseDef } from '../types.ts';
import { connectorOf, expectStatus, reactionMs, requireNoTransaction, statusOf, waitStatus } from './helpers.ts';
import { fail, skipped } from '../verdicts.ts';

const nextReservationId = (ctx: CaseContext): number => 900_000 + (Math.floor(ctx.now() / 1000) % 99_999);

async function reserve(ctx: CaseContext, c: number, id: number, expiresInMs: number): Promise<number> {
  requireNoTransaction(ctx, c);
  const status = ctx.csmsState.connectorStatus(c);
  if (status !== undefined && status !== 'Available') throw skipped(`connector ${c} is ${status}; a reservation needs it Available`);
  const from = ctx.mark();
  expectStatus(await ctx.call('ReserveNow', { connectorId: c, expiryDate: ctx.iso(expiresInMs), idTag: ctx.params.idTag, reservationId: id }), 'ReserveNow', ['Accepted']);
  ctx.onRestore(`reservation ${id} cancelled`, async () => {
    const r = await ctx.call('CancelReservation', { reservationId: id });
    const s = statusOf(r, 'CancelReservation');
    if (s !== 'Accepted' && s !== 'Rejected') throw new Error(`CancelReservation was answered ${s}`);
  });
  const f = await waitStatus(ctx, c, ['Reserved'], from);
  if (!f) throw fail(`ReserveNow was Accepted but connector ${c} did not report Reserved within ${ctx.params.reactionSec} s`);
  return f.seq;
}

export const reservationCases: CaseDef[] = [
  {
    id: 'reservation.reserve-cancel', title: 'Reserve a connector, then cancel', profile: 'Reservation', manual: false, needs: ['idTag'],
    tc: 'TC_051_CS', spec: 'OCPP 1.6 §5.13, §5.5, §4.9',
    description: 'ReserveNow (§5.13) is Accepted and the connector reports Reserved (§4.9); CancelReservation (§5.5) of that reservation is Accepted and the connector is Available again.',
    async run(ctx) {
      const c = connectorOf(ctx);
      const id = nextReservationId(ctx);
      await reserve(ctx, c, id, 10 * 60_000);
      const from = ctx.mark();
      expectStatus(await ctx.call('CancelReservation', { reservationId: id }), 'CancelReservation', ['Accepted']);
      const f = await waitStatus(ctx, c, ['Available'], from);
      if (!f) throw fail(`CancelReservation was Accepted but connector ${c} did not report Available within ${ctx.params.reactionSec} s`);
      return `reservation ${id}: Reserved, cancelled, Available (#${f.seq})`;
    },
  },
  {
    id: 'reservation.cancel-unknown', title: 'Cancelling an unknown reservation is Rejected', profile: 'Reservation', manual: false, needs: [],
    tc: 'TC_052_CS', spec: 'OCPP 1.6 §5.5',
    description: 'CancelReservation with a reservationId the charger does not hold must be Rejected (§5.5).',
    async run(ctx) {
      expectStatus(await ctx.call('CancelReservation', { reservationId: 1_999_999_999 }), 'CancelReservation', ['Rejected']);
    },
  },
  {
    id: 'reservation.expiry', title: 'A reservation ends at its expiryDate', profile: 'Reservation', manual: false, needs: ['idTag', 'reservationSec'],
    tc: 'TC_047_CS', spec: 'OCPP 1.6 §5.13, §3.11',
    description: 'ReserveNow with an expiryDate a few seconds ahead (§5.13) makes the connector Reserved; when the expiry passes the charger ends the reservation and reports Available (§3.11).',
    async run(ctx) {
      const c = connectorOf(ctx);
      const id = nextReservationId(ctx) + 1;
      const ms = ctx.params.reservationSec * 1000;
      const expiresAt = ctx.now() + ms;
      await reserve(ctx, c, id, ms);
      const from = ctx.mark();
      const f = await waitStatus(ctx, c, ['Available'], from, ms + reactionMs(ctx));
      if (!f) throw fail(`reservation ${id} expired at ${new Date(expiresAt).toISOString()} but connector ${c} did not report Available within ${ctx.params.reactionSec} s after`);
      if (ctx.now() < expiresAt - 1000) throw fail(`connector ${c} went Available ${((expiresAt - ctx.now()) / 1000).toFixed(1)} s before the reservation expired`);
      return `reservation ${id} expired; connector ${c} Available (#${f.seq})`;
    },
  },
];
