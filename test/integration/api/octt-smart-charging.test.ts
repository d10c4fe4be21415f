/**
 * OCTT Smart Charging cases (TC_056, TC_057, TC_059, TC_066, TC_067 in its 2024 and 2025-11 variants)
 * through the control API, and the charging profiles the CSMS knows are installed: replaced by
 * chargingProfileId and by stackLevel + purpose on one connector (OCPP 1.6 §3.13.2), cleared by id or by
 * criteria ANDed (errata 3.25/3.26), a TxProfile living as long as its transaction (§3.13.4, errata 3.41).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startApp, type TestApp } from '../../support/harness.ts';
import { accepted, booted, charging, findings, get, inSeconds, op, station, stopped, validTag } from './support.ts';

let t: TestApp;
beforeAll(async () => { t = await startApp(); });
afterAll(async () => { await t.stop(); });

const past = () => new Date(Date.now() - 60_000).toISOString();

function profile(id: number, purpose: string, stackLevel: number, extra: Record<string, unknown> = {}, schedule: Record<string, unknown> = {}) {
  return {
    chargingProfileId: id, stackLevel, chargingProfilePurpose: purpose, chargingProfileKind: 'Absolute',
    validFrom: past(), validTo: inSeconds(86_400), ...extra,
    chargingSchedule: { duration: 300, startSchedule: past(), chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 6 }], ...schedule },
  };
}

/** The installed set as [connectorId, chargingProfileId, purpose, stackLevel, transactionId], sorted by id. */
async function installed(id: string): Promise<[number, number, string, number, number | null][]> {
  const list = await get(t, id, 'charging-profiles');
  return list.map((p: any) => [p.connectorId, p.chargingProfileId, p.purpose, p.stackLevel, p.transactionId] as [number, number, string, number, number | null])
    .sort((a: any, b: any) => a[1] - b[1]);
}

describe('Smart Charging', () => {
  test('TC_056_CSMS Central Smart Charging – TxDefaultProfile', async () => {
    const st = await station(t, 'tc056');
    await booted(st);
    const cs = profile(56, 'TxDefaultProfile', 0, {}, { duration: 304 });
    const body = { connectorId: 1, csChargingProfiles: cs };
    const { wire, result } = await accepted(t, st, 'SetChargingProfile', body);
    expect(wire).toEqual(body);
    expect(wire.csChargingProfiles).toMatchObject({ chargingProfilePurpose: 'TxDefaultProfile', chargingProfileKind: 'Absolute' });
    expect(wire.csChargingProfiles.validFrom).toBeDefined();
    expect(wire.csChargingProfiles.validTo).toBeDefined();
    expect(wire.csChargingProfiles.chargingSchedule.startSchedule).toBeDefined();
    expect(wire.csChargingProfiles.chargingSchedule.chargingSchedulePeriod[0]).toEqual({ startPeriod: 0, limit: 6 });
    expect(wire.csChargingProfiles.transactionId).toBeUndefined();
    expect(wire.csChargingProfiles.recurrencyKind).toBeUndefined();
    expect(result).toEqual({ status: 'Accepted' });
    const [p] = await get(t, 'tc056', 'charging-profiles');
    expect(p).toMatchObject({ chargerId: 'tc056', connectorId: 1, chargingProfileId: 56, stackLevel: 0, purpose: 'TxDefaultProfile', transactionId: null, profile: wire.csChargingProfiles });
    // The composite the CSMS expects the charger to report follows the installed profile.
    const composite = (await t.api('GET', '/api/chargers/tc056/composite-schedule?connectorId=1&duration=60')).body;
    expect(composite.chargingSchedule.chargingSchedulePeriod[0]).toMatchObject({ startPeriod: 0, limit: 6 });
    await st.close();
  });

  test('TC_057_CSMS Central Smart Charging – TxProfile', async () => {
    const tag = await validTag(t, 'T-tc057');
    const st = await station(t, 'tc057');
    await booted(st);
    const txId = await charging(st, tag);
    const body = { connectorId: 1, csChargingProfiles: profile(57, 'TxProfile', 1, { transactionId: txId }, { chargingSchedulePeriod: [{ startPeriod: 0, limit: 10 }] }) };
    const { wire, result } = await accepted(t, st, 'SetChargingProfile', body);
    expect(wire).toEqual(body);
    expect(wire.csChargingProfiles).toMatchObject({ chargingProfilePurpose: 'TxProfile', transactionId: txId, chargingProfileKind: 'Absolute' });
    for (const k of ['validFrom', 'validTo']) expect(wire.csChargingProfiles[k]).toBeDefined();
    expect(wire.csChargingProfiles.chargingSchedule).toMatchObject({ startSchedule: expect.any(String), duration: 300 });
    expect(wire.csChargingProfiles.recurrencyKind).toBeUndefined();
    expect(result).toEqual({ status: 'Accepted' });
    expect(await installed('tc057')).toEqual([[1, 57, 'TxProfile', 1, txId]]);
    await stopped(st, txId, 'Local');
    expect(await installed('tc057')).toEqual([]);
    await st.close();
  });

  test('TC_059_CSMS Remote Start Transaction with Charging Profile', async () => {
    const tag = await validTag(t, 'T-tc059');
    const st = await station(t, 'tc059');
    await booted(st);
    const chargingProfile = {
      chargingProfileId: 59, stackLevel: 0, chargingProfilePurpose: 'TxProfile', chargingProfileKind: 'Relative',
      chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 8 }] },
    };
    const body = { idTag: tag, connectorId: 1, chargingProfile };
    const { wire, result } = await accepted(t, st, 'RemoteStartTransaction', body);
    expect(wire).toEqual(body);
    expect(wire.chargingProfile.transactionId).toBeUndefined();
    expect(wire.chargingProfile.chargingSchedule.startSchedule).toBeUndefined();
    expect(wire.chargingProfile.chargingSchedule.chargingSchedulePeriod[0].startPeriod).toBe(0);
    expect(result).toEqual({ status: 'Accepted' });
    // Accepted: the charger holds the profile for the transaction it is about to start.
    expect(await installed('tc059')).toEqual([[1, 59, 'TxProfile', 0, null]]);
    const txId = await charging(st, tag);
    expect(await installed('tc059')).toEqual([[1, 59, 'TxProfile', 0, txId]]);
    const composite = (await t.api('GET', '/api/chargers/tc059/composite-schedule?connectorId=1&duration=60')).body;
    expect(composite.chargingSchedule.chargingSchedulePeriod).toEqual([{ startPeriod: 0, limit: 8 }]);
    expect(await findings(t, 'tc059')).toEqual([]);
    await stopped(st, txId, 'Local');
    expect(await installed('tc059')).toEqual([]);
    await st.close();
  });

  test('TC_066_CSMS Get Composite Schedule', async () => {
    const hardCoded = {
      status: 'Accepted', connectorId: 1, scheduleStart: '2026-01-01T00:00:00.000Z',
      chargingSchedule: { duration: 400, chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 8 }, { startPeriod: 50, limit: 10 }] },
    };
    const st = await station(t, 'tc066', { GetCompositeSchedule: hardCoded });
    await booted(st);
    const body = { connectorId: 1, duration: 400, chargingRateUnit: 'A' };
    const { wire, result } = await accepted(t, st, 'GetCompositeSchedule', body);
    expect(wire).toEqual(body);
    expect(result).toEqual(hardCoded);
    expect(await installed('tc066')).toEqual([]);
    await st.close();
  });

  test('TC_067_CSMS Clear Charging Profile (2024-04: three TxDefaultProfiles at stackLevel s, s+1, s+2)', async () => {
    const st = await station(t, 'tc067a');
    await booted(st);
    const s = 2;
    for (const [id, level] of [[1, s], [2, s + 1], [3, s + 2]] as const) {
      await accepted(t, st, 'SetChargingProfile', { connectorId: 1, csChargingProfiles: profile(id, 'TxDefaultProfile', level) });
    }
    expect(await installed('tc067a')).toEqual([[1, 1, 'TxDefaultProfile', s, null], [1, 2, 'TxDefaultProfile', s + 1, null], [1, 3, 'TxDefaultProfile', s + 2, null]]);

    const byId = await accepted(t, st, 'ClearChargingProfile', { id: 1 });
    expect(byId.wire).toEqual({ id: 1 });
    expect(byId.result).toEqual({ status: 'Accepted' });
    expect((await installed('tc067a')).map((p) => p[1])).toEqual([2, 3]);

    const criteria = { connectorId: 1, chargingProfilePurpose: 'TxDefaultProfile', stackLevel: s + 1 };
    const byCriteria = await accepted(t, st, 'ClearChargingProfile', criteria);
    expect(byCriteria.wire).toEqual(criteria);
    expect(byCriteria.wire.id).toBeUndefined();
    expect((await installed('tc067a')).map((p) => p[1])).toEqual([3]);

    const all = await accepted(t, st, 'ClearChargingProfile', {});
    expect(all.wire).toEqual({});
    expect(await installed('tc067a')).toEqual([]);
    await st.close();
  });

  test('TC_067_CSMS Clear Charging Profile (2025-11: ChargePointMaxProfile@0, TxDefaultProfile, TxProfile of the running transaction)', async () => {
    const tag = await validTag(t, 'T-tc067b');
    const st = await station(t, 'tc067b');
    await booted(st);
    const txId = await charging(st, tag);
    const s = 0;
    await accepted(t, st, 'SetChargingProfile', { connectorId: 0, csChargingProfiles: profile(671, 'ChargePointMaxProfile', s) });
    await accepted(t, st, 'SetChargingProfile', { connectorId: 1, csChargingProfiles: profile(672, 'TxDefaultProfile', s) });
    const { wire } = await accepted(t, st, 'SetChargingProfile', { connectorId: 1, csChargingProfiles: profile(673, 'TxProfile', s, { transactionId: txId }) });
    expect(wire.csChargingProfiles.transactionId).toBe(txId);
    expect(st.received.filter((r) => r.action === 'SetChargingProfile').map((r) => r.params.csChargingProfiles.transactionId)).toEqual([undefined, undefined, txId]);
    expect(await installed('tc067b')).toEqual([[0, 671, 'ChargePointMaxProfile', s, null], [1, 672, 'TxDefaultProfile', s, null], [1, 673, 'TxProfile', s, txId]]);

    await accepted(t, st, 'ClearChargingProfile', { id: 671 });
    expect((await installed('tc067b')).map((p) => p[1])).toEqual([672, 673]);
    await accepted(t, st, 'ClearChargingProfile', { connectorId: 1, chargingProfilePurpose: 'TxDefaultProfile', stackLevel: s });
    expect((await installed('tc067b')).map((p) => p[1])).toEqual([673]);
    await accepted(t, st, 'ClearChargingProfile', {});
    expect(await installed('tc067b')).toEqual([]);
    await stopped(st, txId, 'Local');
    await st.close();
  });
});

describe('the charging profiles the CSMS keeps', () => {
  test('a profile with the same chargingProfileId replaces the installed one, wherever it was', async () => {
    const st = await station(t, 'sc-id');
    await accepted(t, st, 'SetChargingProfile', { connectorId: 1, csChargingProfiles: profile(5, 'TxDefaultProfile', 1) });
    await accepted(t, st, 'SetChargingProfile', { connectorId: 2, csChargingProfiles: profile(5, 'TxDefaultProfile', 4) });
    expect(await installed('sc-id')).toEqual([[2, 5, 'TxDefaultProfile', 4, null]]);
    expect((await findings(t, 'sc-id', 'charging-profile-replaced'))[0].message).toContain('replaced TxDefaultProfile 5');
    await st.close();
  });

  test('same stackLevel and purpose on the same connector replaces; on another connector or another level both stay', async () => {
    const st = await station(t, 'sc-level');
    await accepted(t, st, 'SetChargingProfile', { connectorId: 1, csChargingProfiles: profile(1, 'TxDefaultProfile', 0) });
    await accepted(t, st, 'SetChargingProfile', { connectorId: 2, csChargingProfiles: profile(2, 'TxDefaultProfile', 0) });
    await accepted(t, st, 'SetChargingProfile', { connectorId: 1, csChargingProfiles: profile(3, 'TxDefaultProfile', 1) });
    await accepted(t, st, 'SetChargingProfile', { connectorId: 0, csChargingProfiles: profile(4, 'ChargePointMaxProfile', 0) });
    expect((await installed('sc-level')).map((p) => p[1])).toEqual([1, 2, 3, 4]);
    await accepted(t, st, 'SetChargingProfile', { connectorId: 1, csChargingProfiles: profile(9, 'TxDefaultProfile', 0, {}, { chargingSchedulePeriod: [{ startPeriod: 0, limit: 12 }] }) });
    expect((await installed('sc-level')).map((p) => p[1])).toEqual([2, 3, 4, 9]);
    const nine = (await get(t, 'sc-level', 'charging-profiles')).find((p: any) => p.chargingProfileId === 9);
    expect(nine.profile.chargingSchedule.chargingSchedulePeriod).toEqual([{ startPeriod: 0, limit: 12 }]);
    await st.close();
  });

  test('a rejected SetChargingProfile or a CALLERROR installs nothing', async () => {
    const st = await station(t, 'sc-rejected', { SetChargingProfile: { status: 'Rejected' } });
    await accepted(t, st, 'SetChargingProfile', { connectorId: 1, csChargingProfiles: profile(1, 'TxDefaultProfile', 0) });
    st.answer('SetChargingProfile', { status: 'NotSupported' });
    await accepted(t, st, 'SetChargingProfile', { connectorId: 1, csChargingProfiles: profile(2, 'TxDefaultProfile', 0) });
    st.answer('SetChargingProfile', () => { throw new Error('no'); });
    expect((await op(t, st.id, 'SetChargingProfile', { connectorId: 1, csChargingProfiles: profile(3, 'TxDefaultProfile', 0) })).body.callError).toBeDefined();
    expect(await installed('sc-rejected')).toEqual([]);
    await st.close();
  });

  test('ClearChargingProfile with an id ignores the other fields (errata 3.25)', async () => {
    const st = await station(t, 'sc-clear-id');
    await accepted(t, st, 'SetChargingProfile', { connectorId: 1, csChargingProfiles: profile(1, 'TxDefaultProfile', 0) });
    await accepted(t, st, 'SetChargingProfile', { connectorId: 1, csChargingProfiles: profile(2, 'TxDefaultProfile', 1) });
    await accepted(t, st, 'ClearChargingProfile', { id: 2, connectorId: 7, chargingProfilePurpose: 'ChargePointMaxProfile', stackLevel: 0 });
    expect((await installed('sc-clear-id')).map((p) => p[1])).toEqual([1]);
    await st.close();
  });

  test('ClearChargingProfile criteria are ANDed; connectorId 0 matches only profiles on connector 0 (errata 3.26)', async () => {
    const st = await station(t, 'sc-clear-and');
    await accepted(t, st, 'SetChargingProfile', { connectorId: 0, csChargingProfiles: profile(1, 'TxDefaultProfile', 0) });
    await accepted(t, st, 'SetChargingProfile', { connectorId: 1, csChargingProfiles: profile(2, 'TxDefaultProfile', 0) });
    await accepted(t, st, 'SetChargingProfile', { connectorId: 1, csChargingProfiles: profile(3, 'TxDefaultProfile', 1) });
    await accepted(t, st, 'SetChargingProfile', { connectorId: 0, csChargingProfiles: profile(4, 'ChargePointMaxProfile', 0) });
    await accepted(t, st, 'ClearChargingProfile', { chargingProfilePurpose: 'TxDefaultProfile', stackLevel: 0 });
    expect((await installed('sc-clear-and')).map((p) => p[1])).toEqual([3, 4]);
    await accepted(t, st, 'ClearChargingProfile', { connectorId: 0 });
    expect((await installed('sc-clear-and')).map((p) => p[1])).toEqual([3]);
    await st.close();
  });

  test('ClearChargingProfile Unknown changes nothing; a mismatch with what the CSMS knows is a finding', async () => {
    const st = await station(t, 'sc-clear-unknown', { ClearChargingProfile: { status: 'Unknown' } });
    await accepted(t, st, 'SetChargingProfile', { connectorId: 1, csChargingProfiles: profile(1, 'TxDefaultProfile', 0) });
    await accepted(t, st, 'ClearChargingProfile', { id: 1 });
    expect((await installed('sc-clear-unknown')).map((p) => p[1])).toEqual([1]);
    expect(await findings(t, 'sc-clear-unknown', 'charging-profile-unknown')).toHaveLength(1);
    await accepted(t, st, 'ClearChargingProfile', { id: 12345 });
    expect(await findings(t, 'sc-clear-unknown', 'charging-profile-unknown')).toHaveLength(1);
    await st.close();
  });

  test('a TxProfile Accepted while the CSMS knows no transaction on the connector is a finding, and is still shown', async () => {
    const st = await station(t, 'sc-tx-none');
    await accepted(t, st, 'SetChargingProfile', { connectorId: 1, csChargingProfiles: profile(1, 'TxProfile', 0, { transactionId: 424242 }) });
    expect(await installed('sc-tx-none')).toEqual([[1, 1, 'TxProfile', 0, 424242]]);
    expect(await findings(t, 'sc-tx-none', 'tx-profile-without-transaction')).toHaveLength(1);
    await st.close();
  });

  test('a TxProfile of the running transaction replaces the RemoteStart one at the same stackLevel (errata 3.42)', async () => {
    const tag = await validTag(t, 'T-sc-remote');
    const st = await station(t, 'sc-remote');
    const relative = {
      chargingProfileId: 10, stackLevel: 1, chargingProfilePurpose: 'TxProfile', chargingProfileKind: 'Relative',
      chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 8 }] },
    };
    await accepted(t, st, 'RemoteStartTransaction', { idTag: tag, connectorId: 1, chargingProfile: relative });
    const txId = await charging(st, tag);
    await accepted(t, st, 'SetChargingProfile', { connectorId: 1, csChargingProfiles: profile(11, 'TxProfile', 1, { transactionId: txId }) });
    expect(await installed('sc-remote')).toEqual([[1, 11, 'TxProfile', 1, txId]]);
    await stopped(st, txId, 'Local');
    expect(await installed('sc-remote')).toEqual([]);
    await st.close();
  });

  test('a RemoteStart profile without connectorId is bound to the connector the charger starts on', async () => {
    const tag = await validTag(t, 'T-sc-anywhere');
    const st = await station(t, 'sc-anywhere');
    const relative = {
      chargingProfileId: 20, stackLevel: 0, chargingProfilePurpose: 'TxProfile', chargingProfileKind: 'Relative',
      chargingSchedule: { chargingRateUnit: 'W', chargingSchedulePeriod: [{ startPeriod: 0, limit: 7400 }] },
    };
    await accepted(t, st, 'RemoteStartTransaction', { idTag: tag, chargingProfile: relative });
    const txId = await charging(st, tag, 2);
    expect(await installed('sc-anywhere')).toEqual([[2, 20, 'TxProfile', 0, txId]]);
    await st.close();
  });

  test('a RemoteStart profile that is not a TxProfile, or that names a transaction, is a finding', async () => {
    const st = await station(t, 'sc-remote-bad');
    const wrong = {
      chargingProfileId: 30, stackLevel: 0, chargingProfilePurpose: 'TxDefaultProfile', chargingProfileKind: 'Relative',
      chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 8 }] },
    };
    await accepted(t, st, 'RemoteStartTransaction', { idTag: 'X1', connectorId: 1, chargingProfile: wrong });
    await accepted(t, st, 'RemoteStartTransaction', { idTag: 'X2', connectorId: 1, chargingProfile: { ...wrong, chargingProfilePurpose: 'TxProfile', transactionId: 5 } });
    expect(await findings(t, 'sc-remote-bad', 'remote-start-profile-purpose')).toHaveLength(1);
    expect(await findings(t, 'sc-remote-bad', 'remote-start-profile-transaction')).toHaveLength(1);
    await st.close();
  });
});
