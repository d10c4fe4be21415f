/**
 * OCTT Reservation cases (TC_046 … TC_053) through the control API, and the reservations the CSMS keeps:
 * stored on Accepted, used by the StartTransaction that carries their id, cancelled, expired.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startApp, until, type TestApp } from '../../support/harness.ts';
import { accepted, booted, charging, findings, get, inSeconds, op, station, status, stopped, validTag } from './support.ts';

let t: TestApp;
beforeAll(async () => { t = await startApp(); });
afterAll(async () => { await t.stop(); });

const reserve = (reservationId: number, idTag: string, connectorId = 1, extra: Record<string, unknown> = {}) => ({
  connectorId, expiryDate: inSeconds(3600), idTag, reservationId, ...extra,
});

describe('Reservation', () => {
  test('TC_046_CSMS Reservation of a Connector – Transaction', async () => {
    const tag = await validTag(t, 'T-tc046');
    const st = await station(t, 'tc046');
    await booted(st);
    const body = reserve(46, tag);
    const { wire, result } = await accepted(t, st, 'ReserveNow', body);
    expect(wire).toEqual(body);
    expect(result).toEqual({ status: 'Accepted' });
    await status(st, 1, 'Reserved');
    expect(await get(t, 'tc046', 'reservations')).toEqual([expect.objectContaining({
      reservationId: 46, connectorId: 1, idTag: tag, parentIdTag: null, expiryDate: body.expiryDate, state: 'active', transactionId: null,
    })]);
    const txId = await charging(st, tag, 1, { reservationId: 46 });
    expect(await get(t, 'tc046', 'reservations')).toEqual([expect.objectContaining({ reservationId: 46, state: 'used', transactionId: txId })]);
    expect((await t.api('GET', '/api/transactions?charger=tc046')).body[0]).toMatchObject({ id: txId, reservationId: 46 });
    expect(await findings(t, 'tc046')).toEqual([]);
    await st.close();
  });

  test('TC_047_CSMS Reservation of a Connector – Expire', async () => {
    const tag = await validTag(t, 'T-tc047');
    const st = await station(t, 'tc047');
    await booted(st);
    const body = reserve(47, tag, 1, { expiryDate: inSeconds(2) });
    const { wire } = await accepted(t, st, 'ReserveNow', body);
    expect(wire).toEqual(body);
    await status(st, 1, 'Reserved');
    expect((await get(t, 'tc047', 'reservations'))[0].state).toBe('active');
    // The charger ends the reservation at expiryDate and reports the connector Available.
    const expired = await until(async () => (await get(t, 'tc047', 'reservations')).find((r: any) => r.state === 'expired'), 'the reservation to expire');
    expect(expired).toMatchObject({ reservationId: 47, transactionId: null });
    await status(st, 1, 'Available');
    expect((await t.api('GET', '/api/reservations')).body.find((r: any) => r.chargerId === 'tc047').state).toBe('expired');
    await st.close();
  });

  for (const [name, answer] of [
    ['TC_048_1_CSMS Reservation of a Connector – Faulted', 'Faulted'],
    ['TC_048_4_CSMS Reservation of a Connector – Rejected', 'Rejected'],
  ] as const) {
    test(name, async () => {
      const id = `tc048-${answer}`;
      const st = await station(t, id, { ReserveNow: { status: answer } });
      await booted(st);
      const body = reserve(48, 'SOMEONE');
      const { wire, result } = await accepted(t, st, 'ReserveNow', body);
      expect(wire).toEqual(body);
      expect(result).toEqual({ status: answer });
      expect(await get(t, id, 'reservations')).toEqual([]);
      await st.close();
    });
  }

  test('TC_048_2_CSMS Reservation of a Connector – Occupied', async () => {
    const st = await station(t, 'tc048-2', { ReserveNow: { status: 'Occupied' } });
    await booted(st);
    await status(st, 1, 'Preparing');
    const body = reserve(482, 'SOMEONE', 1);
    const { wire, result } = await accepted(t, st, 'ReserveNow', body);
    expect(wire).toEqual(body);
    expect(result).toEqual({ status: 'Occupied' });
    expect(await get(t, 'tc048-2', 'reservations')).toEqual([]);
    await st.close();
  });

  test('TC_048_3_CSMS Reservation of a Connector – Unavailable', async () => {
    const st = await station(t, 'tc048-3', { ReserveNow: { status: 'Unavailable' } });
    await booted(st);
    const avail = await accepted(t, st, 'ChangeAvailability', { connectorId: 1, type: 'Inoperative' });
    expect(avail.wire).toEqual({ connectorId: 1, type: 'Inoperative' });
    expect(avail.result).toEqual({ status: 'Accepted' });
    await status(st, 1, 'Unavailable');
    const body = reserve(483, 'SOMEONE', 1);
    const { wire, result } = await accepted(t, st, 'ReserveNow', body);
    expect(wire).toEqual(body);
    expect(result).toEqual({ status: 'Unavailable' });
    expect(await get(t, 'tc048-3', 'reservations')).toEqual([]);
    await st.close();
  });

  test('TC_049_CSMS Reservation of a Charge Point – Transaction (connectorId 0)', async () => {
    const tag = await validTag(t, 'T-tc049');
    const st = await station(t, 'tc049');
    await booted(st);
    const body = reserve(49, tag, 0);
    const { wire, result } = await accepted(t, st, 'ReserveNow', body);
    expect(wire).toEqual(body);
    expect(result).toEqual({ status: 'Accepted' });
    await status(st, 0, 'Available');
    expect(await get(t, 'tc049', 'reservations')).toEqual([expect.objectContaining({ reservationId: 49, connectorId: 0, state: 'active' })]);
    const txId = await charging(st, tag, 1, { reservationId: 49 });
    expect(await get(t, 'tc049', 'reservations')).toEqual([expect.objectContaining({ state: 'used', transactionId: txId })]);
    expect(await findings(t, 'tc049', 'reservation-connector')).toEqual([]);
    await st.close();
  });

  test('TC_051_CSMS Cancel Reservation', async () => {
    const st = await station(t, 'tc051');
    await booted(st);
    await accepted(t, st, 'ReserveNow', reserve(51, 'SOMEONE', 1));
    await status(st, 1, 'Reserved');
    const { wire, result } = await accepted(t, st, 'CancelReservation', { reservationId: 51 });
    expect(wire).toEqual({ reservationId: 51 });
    expect(result).toEqual({ status: 'Accepted' });
    await status(st, 1, 'Available');
    expect(await get(t, 'tc051', 'reservations')).toEqual([expect.objectContaining({ reservationId: 51, state: 'cancelled' })]);
    await st.close();
  });

  test('TC_052_CSMS Cancel Reservation – Rejected (an unknown reservationId)', async () => {
    const st = await station(t, 'tc052', { CancelReservation: (p: any) => ({ status: p.reservationId === 52 ? 'Accepted' : 'Rejected' }) });
    await booted(st);
    await accepted(t, st, 'ReserveNow', reserve(52, 'SOMEONE', 1));
    const { wire, result } = await accepted(t, st, 'CancelReservation', { reservationId: 5200 });
    expect(wire).toEqual({ reservationId: 5200 });
    expect(wire.reservationId).not.toBe(52);
    expect(result).toEqual({ status: 'Rejected' });
    expect(await get(t, 'tc052', 'reservations')).toEqual([expect.objectContaining({ reservationId: 52, state: 'active' })]);
    await st.close();
  });

  test('TC_053_CSMS Use a reserved Connector with parentIdTag', async () => {
    await t.api('PUT', '/api/idtags/T-tc053-own', { status: 'Accepted', parentIdTag: 'T-tc053-parent' });
    await t.api('PUT', '/api/idtags/T-tc053-other', { status: 'Accepted', parentIdTag: 'T-tc053-parent' });
    const st = await station(t, 'tc053');
    await booted(st);
    const body = reserve(53, 'T-tc053-own', 1, { parentIdTag: 'T-tc053-parent' });
    const { wire, result } = await accepted(t, st, 'ReserveNow', body);
    expect(wire).toEqual(body);
    expect(result).toEqual({ status: 'Accepted' });
    expect((await get(t, 'tc053', 'reservations'))[0]).toMatchObject({ idTag: 'T-tc053-own', parentIdTag: 'T-tc053-parent' });
    await status(st, 1, 'Reserved');
    const txId = await charging(st, 'T-tc053-own', 1, { reservationId: 53 });
    const other = await st.call('Authorize', { idTag: 'T-tc053-other' });
    expect(other.idTagInfo).toEqual({ status: 'Accepted', parentIdTag: 'T-tc053-parent' });
    await stopped(st, txId, 'Local');
    expect((await get(t, 'tc053', 'reservations'))[0]).toMatchObject({ state: 'used', transactionId: txId });
    await st.close();
  });
});

describe('the reservations the CSMS keeps', () => {
  test('a ReserveNow with the id of an active reservation replaces it (OCPP 1.6 §5.13), with an info finding', async () => {
    const st = await station(t, 'res-replace');
    await accepted(t, st, 'ReserveNow', reserve(1, 'FIRST', 1));
    await accepted(t, st, 'ReserveNow', reserve(1, 'SECOND', 2));
    expect(await get(t, 'res-replace', 'reservations')).toEqual([expect.objectContaining({ reservationId: 1, idTag: 'SECOND', connectorId: 2, state: 'active' })]);
    expect(await findings(t, 'res-replace', 'reservation-replaced')).toHaveLength(1);
    await st.close();
  });

  test('expiry dates with offsets are stored as UTC with milliseconds, so that expiry compares correctly', async () => {
    const st = await station(t, 'res-offset');
    await accepted(t, st, 'ReserveNow', reserve(2, 'X', 1, { expiryDate: '2030-06-01T12:00:00+02:00' }));
    expect((await get(t, 'res-offset', 'reservations'))[0].expiryDate).toBe('2030-06-01T10:00:00.000Z');
    await st.close();
  });

  test('a ReserveNow Accepted with a past expiryDate is a finding and reads as expired', async () => {
    const st = await station(t, 'res-past');
    await accepted(t, st, 'ReserveNow', reserve(3, 'X', 1, { expiryDate: '2020-01-01T00:00:00.000Z' }));
    expect(await findings(t, 'res-past', 'reservation-already-expired')).toHaveLength(1);
    expect((await get(t, 'res-past', 'reservations'))[0].state).toBe('expired');
    await st.close();
  });

  test('a rejected CancelReservation leaves the reservation active, with a finding; a CALLERROR changes nothing', async () => {
    const st = await station(t, 'res-cancel-no', { CancelReservation: { status: 'Rejected' } });
    await accepted(t, st, 'ReserveNow', reserve(4, 'X'));
    await accepted(t, st, 'CancelReservation', { reservationId: 4 });
    expect((await get(t, 'res-cancel-no', 'reservations'))[0].state).toBe('active');
    expect(await findings(t, 'res-cancel-no', 'reservation-lost')).toHaveLength(1);
    st.answer('CancelReservation', () => { throw new Error('busy'); });
    expect((await op(t, st.id, 'CancelReservation', { reservationId: 4 })).body.callError).toBeDefined();
    expect((await get(t, 'res-cancel-no', 'reservations'))[0].state).toBe('active');
    await st.close();
  });

  test('a CancelReservation Accepted for a reservation the CSMS never saw is recorded, nothing invented', async () => {
    const st = await station(t, 'res-cancel-unknown');
    await accepted(t, st, 'CancelReservation', { reservationId: 999 });
    expect(await get(t, 'res-cancel-unknown', 'reservations')).toEqual([]);
    expect(await findings(t, 'res-cancel-unknown', 'reservation-unknown')).toHaveLength(1);
    await st.close();
  });

  test('reservations on an unknown connector may be sent (the operator decides)', async () => {
    const st = await station(t, 'res-connector', { ReserveNow: (p: any) => ({ status: p.connectorId > 1 ? 'Rejected' : 'Accepted' }) });
    const res = await op(t, st.id, 'ReserveNow', reserve(5, 'X', 42));
    expect(res.body).toEqual({ callResult: { status: 'Rejected' } });
    expect(await st.nextCall('ReserveNow')).toMatchObject({ connectorId: 42 });
    await st.close();
  });
});
