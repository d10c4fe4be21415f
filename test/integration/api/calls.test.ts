/**
 * POST /api/chargers/:id/calls/:action for all 26 CSMS-initiated actions (19 of the six 1.6 profiles, 7 of
 * the security whitepaper): the request goes on the wire unchanged, and the charger's positive, negative
 * and CALLERROR replies reach the API caller. Then the API's failure answers (400, 404, 409, 504) and the
 * one-call-at-a-time rule of OCPP-J §4.1.1.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ALL_CSMS_ACTIONS } from '../../../shared/ocpp/actions.ts';
import { rawCharger, startApp, until, type TestApp } from '../../support/harness.ts';
import { callError, findings, frames, get, HASH, inSeconds, now, op, PEM, station, type Answer } from './support.ts';

let t: TestApp;
beforeAll(async () => { t = await startApp(); });
afterAll(async () => { await t.stop(); });

const profile = {
  chargingProfileId: 1, stackLevel: 0, chargingProfilePurpose: 'ChargePointMaxProfile', chargingProfileKind: 'Absolute',
  chargingSchedule: { startSchedule: '2026-01-01T00:00:00.000Z', chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 32 }] },
};

/** For each action: a schema-valid request, the charger's positive answer and its negative one. */
const CASES: Record<string, { body: Record<string, unknown>; yes: Answer; no: Answer }> = {
  CancelReservation: { body: { reservationId: 7 }, yes: { status: 'Accepted' }, no: { status: 'Rejected' } },
  ChangeAvailability: { body: { connectorId: 1, type: 'Inoperative' }, yes: { status: 'Accepted' }, no: { status: 'Rejected' } },
  ChangeConfiguration: { body: { key: 'HeartbeatInterval', value: '120' }, yes: { status: 'Accepted' }, no: { status: 'Rejected' } },
  ClearCache: { body: {}, yes: { status: 'Accepted' }, no: { status: 'Rejected' } },
  ClearChargingProfile: { body: { id: 1 }, yes: { status: 'Accepted' }, no: { status: 'Unknown' } },
  DataTransfer: { body: { vendorId: 'com.example', messageId: 'ping', data: 'x' }, yes: { status: 'Accepted', data: 'pong' }, no: { status: 'UnknownVendorId' } },
  GetCompositeSchedule: {
    body: { connectorId: 1, duration: 3600, chargingRateUnit: 'A' },
    yes: { status: 'Accepted', connectorId: 1, scheduleStart: '2026-01-01T00:00:00.000Z', chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }] } },
    no: { status: 'Rejected' },
  },
  GetConfiguration: { body: { key: ['HeartbeatInterval'] }, yes: { configurationKey: [{ key: 'HeartbeatInterval', readonly: false, value: '60' }] }, no: { unknownKey: ['HeartbeatInterval'] } },
  GetDiagnostics: { body: { location: 'ftp://user:pw@192.0.2.1/diag/' }, yes: { fileName: 'diag.zip' }, no: {} },
  GetLocalListVersion: { body: {}, yes: { listVersion: 3 }, no: { listVersion: -1 } },
  RemoteStartTransaction: { body: { idTag: 'TAG1', connectorId: 1 }, yes: { status: 'Accepted' }, no: { status: 'Rejected' } },
  RemoteStopTransaction: { body: { transactionId: 99 }, yes: { status: 'Accepted' }, no: { status: 'Rejected' } },
  ReserveNow: { body: { connectorId: 1, expiryDate: '2030-01-01T00:00:00.000Z', idTag: 'TAG1', reservationId: 7 }, yes: { status: 'Accepted' }, no: { status: 'Occupied' } },
  Reset: { body: { type: 'Soft' }, yes: { status: 'Accepted' }, no: { status: 'Rejected' } },
  SendLocalList: {
    body: { listVersion: 1, updateType: 'Full', localAuthorizationList: [{ idTag: 'TAG1', idTagInfo: { status: 'Accepted' } }] },
    yes: { status: 'Accepted' }, no: { status: 'Failed' },
  },
  SetChargingProfile: { body: { connectorId: 0, csChargingProfiles: profile }, yes: { status: 'Accepted' }, no: { status: 'Rejected' } },
  TriggerMessage: { body: { requestedMessage: 'Heartbeat' }, yes: { status: 'Accepted' }, no: { status: 'Rejected' } },
  UnlockConnector: { body: { connectorId: 1 }, yes: { status: 'Unlocked' }, no: { status: 'UnlockFailed' } },
  // UpdateFirmware.conf has no status: "negative" is the same empty payload.
  UpdateFirmware: { body: { location: 'http://192.0.2.1/fw.bin', retrieveDate: '2026-01-01T00:00:00.000Z', retries: 2 }, yes: {}, no: {} },
  CertificateSigned: { body: { certificateChain: PEM }, yes: { status: 'Accepted' }, no: { status: 'Rejected' } },
  DeleteCertificate: { body: { certificateHashData: HASH }, yes: { status: 'Accepted' }, no: { status: 'NotFound' } },
  ExtendedTriggerMessage: { body: { requestedMessage: 'SignChargePointCertificate' }, yes: { status: 'Accepted' }, no: { status: 'Rejected' } },
  GetInstalledCertificateIds: { body: { certificateType: 'CentralSystemRootCertificate' }, yes: { status: 'Accepted', certificateHashData: [HASH] }, no: { status: 'NotFound' } },
  GetLog: { body: { logType: 'SecurityLog', requestId: 1, log: { remoteLocation: 'https://192.0.2.1/logs/' } }, yes: { status: 'Accepted', filename: 'sec.log' }, no: { status: 'Rejected' } },
  InstallCertificate: { body: { certificateType: 'ManufacturerRootCertificate', certificate: PEM }, yes: { status: 'Accepted' }, no: { status: 'Rejected' } },
  SignedUpdateFirmware: {
    body: { requestId: 1, firmware: { location: 'https://192.0.2.1/fw.bin', retrieveDateTime: '2026-01-01T00:00:00.000Z', signingCertificate: PEM, signature: 'c2lnbmF0dXJl' } },
    yes: { status: 'Accepted' }, no: { status: 'InvalidCertificate' },
  },
};

test('the table covers exactly the 26 CSMS-initiated actions', () => {
  expect(Object.keys(CASES).sort()).toEqual([...ALL_CSMS_ACTIONS].sort());
  expect(ALL_CSMS_ACTIONS).toHaveLength(26);
});

describe.each(Object.entries(CASES))('%s', (action, c) => {
  test('the request reaches the charger unchanged; its positive answer reaches the API caller', async () => {
    const st = await station(t, `yes-${action}`, { [action]: c.yes });
    const res = await op(t, st.id, action, c.body);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ callResult: c.yes });
    expect(await st.nextCall(action)).toEqual(c.body);
    const out = (await frames(t, st.id)).filter((f) => f.action === action);
    expect(out.map((f) => [f.direction, f.messageType, f.valid])).toEqual([['out', 'CALL', true], ['in', 'CALLRESULT', true]]);
    expect(out[1].callSeq).toBe(out[0].seq);
    await st.close();
  });

  test('its negative answer reaches the API caller', async () => {
    const st = await station(t, `no-${action}`, { [action]: c.no });
    const res = await op(t, st.id, action, c.body);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ callResult: c.no });
    await st.close();
  });

  test('its CALLERROR reaches the API caller as callError, with a finding', async () => {
    const st = await station(t, `err-${action}`, { [action]: () => { throw callError('NotSupported', `${action} is not supported here`, { hint: 'x' }); } });
    const res = await op(t, st.id, action, c.body);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ callError: { errorCode: 'NotSupported', errorDescription: `${action} is not supported here`, errorDetails: { hint: 'x' } } });
    const cmd = (await get(t, st.id, 'commands'))[0];
    expect(cmd).toMatchObject({ action, state: 'error', error: { errorCode: 'NotSupported' } });
    expect(await findings(t, st.id, 'call-error')).toHaveLength(1);
    await st.close();
  });
});

describe('failures the API reports', () => {
  test('400 for an action that is not a CSMS-initiated 1.6 action (wrong direction, wrong case, unknown)', async () => {
    const st = await station(t, 'bad-action');
    for (const action of ['Heartbeat', 'reset', 'Frobnicate', 'BootNotification']) {
      const res = await op(t, st.id, action, {});
      expect(res.status).toBe(400);
      expect(res.body.error).toContain(action);
    }
    expect(st.received).toEqual([]);
    await st.close();
  });

  test('400 with the schema issues for a body that breaks the request schema; nothing is sent', async () => {
    const st = await station(t, 'bad-body');
    const missing = await op(t, st.id, 'Reset', {});
    expect(missing.status).toBe(400);
    expect(missing.body.issues).toEqual(expect.arrayContaining([expect.objectContaining({ keyword: 'required' })]));
    const badEnum = await op(t, st.id, 'Reset', { type: 'Warm' });
    expect(badEnum.status).toBe(400);
    expect(badEnum.body.issues.length).toBeGreaterThan(0);
    const extra = await op(t, st.id, 'ClearCache', { force: true });
    expect(extra.status).toBe(400);
    const noBody = await op(t, st.id, 'ClearCache', undefined);
    expect(noBody.status).toBe(400);
    const wrongType = await op(t, st.id, 'UnlockConnector', { connectorId: '1' });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.issues).toEqual(expect.arrayContaining([expect.objectContaining({ keyword: 'type' })]));
    expect(st.received).toEqual([]);
    await st.close();
  });

  test('404 for a charger that never connected (identity URL-encoded)', async () => {
    const res = await op(t, 'no such/charger', 'ClearCache', {});
    expect(res.status).toBe(404);
    expect(res.body.error).toContain('no such/charger');
  });

  test('409 for a known charger that is not connected', async () => {
    const st = await station(t, 'gone-1');
    await st.close();
    await until(async () => !(await t.api('GET', '/api/chargers/gone-1')).body.connected, 'the link to close');
    const res = await op(t, 'gone-1', 'ClearCache', {});
    expect(res.status).toBe(409);
    expect(res.body.error).toContain('not connected');
  });

  test('409 when the link drops while the call waits for its answer, and for the call queued behind it', async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => { release = r; });
    const st = await station(t, 'drop-1', { Reset: () => held.then(() => ({ status: 'Accepted' })) });
    const first = op(t, st.id, 'Reset', { type: 'Hard' });
    await st.nextCall('Reset');
    const second = op(t, st.id, 'ClearCache', {});
    await until(async () => (await get(t, st.id, 'commands')).length === 2, 'the second command to be queued');
    await st.close();
    const [a, b] = await Promise.all([first, second]);
    release();
    expect(a.status).toBe(409);
    expect(b.status).toBe(409);
    expect(st.received.map((r) => r.action)).toEqual(['Reset']);
    const states = (await get(t, st.id, 'commands')).map((c: any) => [c.action, c.state]);
    expect(states).toEqual([['ClearCache', 'failed'], ['Reset', 'failed']]);
  });

  test('504 with ?timeoutMs when the charger does not answer in time; the late answer is recorded as a finding', async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => { release = r; });
    const st = await station(t, 'slow-1', { TriggerMessage: () => held.then(() => ({ status: 'Accepted' })) });
    const res = await op(t, st.id, 'TriggerMessage', { requestedMessage: 'Heartbeat' }, '?timeoutMs=200');
    expect(res.status).toBe(504);
    expect(res.body.error).toContain('200 ms');
    expect((await get(t, st.id, 'commands'))[0]).toMatchObject({ action: 'TriggerMessage', state: 'timeout' });
    release();
    const late = await until(async () => (await findings(t, st.id, 'late-answer'))[0], 'the late-answer finding');
    expect(late.message).toContain('TriggerMessage');
    // The slot was freed: the next call goes out and is answered.
    expect((await op(t, st.id, 'ClearCache', {})).body).toEqual({ callResult: { status: 'Accepted' } });
    await st.close();
  });

  test('a late Accepted still moves the CSMS view: the charger did what it was asked', async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => { release = r; });
    const st = await station(t, 'slow-2', { SendLocalList: () => held.then(() => ({ status: 'Accepted' })) });
    const body = { listVersion: 4, updateType: 'Full', localAuthorizationList: [{ idTag: 'LATE', idTagInfo: { status: 'Accepted' } }] };
    expect((await op(t, st.id, 'SendLocalList', body, '?timeoutMs=150')).status).toBe(504);
    expect((await get(t, st.id, 'local-list')).version).toBe(0);
    release();
    await until(async () => (await findings(t, st.id, 'late-answer')).length === 1, 'the late-answer finding');
    expect(await get(t, st.id, 'local-list')).toMatchObject({ version: 4, entries: [{ idTag: 'LATE' }] });
    await st.close();
  });

  test('400 for a timeoutMs that is not a positive integer', async () => {
    const st = await station(t, 'tmo-bad');
    expect((await op(t, st.id, 'ClearCache', {}, '?timeoutMs=soon')).status).toBe(400);
    expect((await op(t, st.id, 'ClearCache', {}, '?timeoutMs=0')).status).toBe(400);
    await st.close();
  });

  test('an answer that breaks the response schema is still returned, with a finding on its frame', async () => {
    // ocpp-rpc in strictMode refuses to send an invalid reply, so a raw charger answers instead.
    const raw = await rawCharger(t, 'invalid-reply-raw');
    await raw.call('BootNotification', { chargePointVendor: 'V', chargePointModel: 'M' });
    const pending = op(t, 'invalid-reply-raw', 'Reset', { type: 'Soft' });
    const call = await raw.next();
    expect(call.slice(0, 4)).toEqual([2, call[1], 'Reset', { type: 'Soft' }]);
    raw.send(JSON.stringify([3, call[1], { status: 'Maybe' }]));
    expect((await pending).body).toEqual({ callResult: { status: 'Maybe' } });
    const f = (await findings(t, 'invalid-reply-raw', 'invalid-reply'))[0];
    const replyFrame = (await frames(t, 'invalid-reply-raw')).find((x) => x.messageType === 'CALLRESULT' && x.action === 'Reset');
    expect(f.seq).toBe(replyFrame.seq);
    expect(replyFrame.valid).toBe(false);
    raw.close();
  });
});

test('a reply the CSMS view cannot follow (schema-breaking) is still recorded and returned; the view stays as it was', async () => {
  const raw = await rawCharger(t, 'unfollowable');
  await raw.call('BootNotification', { chargePointVendor: 'V', chargePointModel: 'M' });
  const pending = op(t, 'unfollowable', 'GetConfiguration', {});
  const call = await raw.next();
  raw.send(JSON.stringify([3, call[1], { configurationKey: 'HeartbeatInterval=60' }]));
  expect((await pending).body).toEqual({ callResult: { configurationKey: 'HeartbeatInterval=60' } });
  expect(await get(t, 'unfollowable', 'configuration')).toEqual([]);
  const rules = (await findings(t, 'unfollowable')).map((f) => f.rule);
  expect(rules).toEqual(expect.arrayContaining(['invalid-reply', 'state-not-followed']));
  expect(rules).not.toContain('internal-error');
  // A reply that breaks the schema only in a detail is still followed (lenient with the charger).
  const next = op(t, 'unfollowable', 'ReserveNow', { connectorId: 1, expiryDate: inSeconds(600), idTag: 'L', reservationId: 3 });
  const call2 = await raw.next();
  raw.send(JSON.stringify([3, call2[1], { status: 'Accepted', note: 'extra field' }]));
  expect((await next).status).toBe(200);
  expect(await get(t, 'unfollowable', 'reservations')).toEqual([expect.objectContaining({ reservationId: 3, state: 'active' })]);
  raw.close();
});

describe('one outstanding call per charger (OCPP-J §4.1.1)', () => {
  test('two concurrent API calls leave the wire one after the other: the second CALL only after the first CALLRESULT', async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => { release = r; });
    const st = await station(t, 'serial-1', { GetConfiguration: () => held.then(() => ({ configurationKey: [] })) });
    const first = op(t, st.id, 'GetConfiguration', {});
    await st.nextCall('GetConfiguration');
    const second = op(t, st.id, 'ClearCache', {});
    // The second command is stored and waits in the queue while the first is unanswered.
    await until(async () => {
      const cmds = await get(t, st.id, 'commands');
      return cmds.length === 2 && cmds[0].action === 'ClearCache' && cmds[0].state === 'queued' && cmds[1].state === 'sent';
    }, 'the second command to wait in the queue');
    expect(st.received.map((r) => r.action)).toEqual(['GetConfiguration']);
    release();
    expect((await first).body).toEqual({ callResult: { configurationKey: [] } });
    expect((await second).body).toEqual({ callResult: { status: 'Accepted' } });
    expect(st.received.map((r) => r.action)).toEqual(['GetConfiguration', 'ClearCache']);
    const wire = (await frames(t, st.id)).filter((f) => f.action === 'GetConfiguration' || f.action === 'ClearCache');
    expect(wire.map((f) => `${f.direction} ${f.messageType} ${f.action}`)).toEqual([
      'out CALL GetConfiguration', 'in CALLRESULT GetConfiguration', 'out CALL ClearCache', 'in CALLRESULT ClearCache',
    ]);
    await st.close();
  });

  test('calls to different chargers do not wait for each other', async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => { release = r; });
    const a = await station(t, 'parallel-a', { Reset: () => held.then(() => ({ status: 'Accepted' })) });
    const b = await station(t, 'parallel-b');
    const slow = op(t, a.id, 'Reset', { type: 'Soft' });
    await a.nextCall('Reset');
    expect((await op(t, b.id, 'ClearCache', {})).body).toEqual({ callResult: { status: 'Accepted' } });
    release();
    expect((await slow).status).toBe(200);
    await a.close();
    await b.close();
  });

  test('queued calls keep their order', async () => {
    const st = await station(t, 'order-1');
    const keys = ['A', 'B', 'C', 'D', 'E'];
    const results = await Promise.all(keys.map((k) => op(t, st.id, 'ChangeConfiguration', { key: k, value: k })));
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(st.received.map((r) => r.params.key)).toEqual(keys);
    await st.close();
  });
});

test('every operator call is in the command history with its request, answer and latency', async () => {
  const st = await station(t, 'history-1');
  await op(t, st.id, 'ReserveNow', { connectorId: 1, expiryDate: inSeconds(600), idTag: 'H', reservationId: 5 });
  const [cmd] = await get(t, st.id, 'commands');
  expect(cmd).toMatchObject({ action: 'ReserveNow', state: 'answered', request: { reservationId: 5 }, response: { status: 'Accepted' } });
  expect(cmd.latencyMs).toBeGreaterThanOrEqual(0);
  expect(Date.parse(cmd.answeredAt)).toBeLessThanOrEqual(Date.parse(now()));
  await st.close();
});
