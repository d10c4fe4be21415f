/**
 * The Core cases of the OCA's test tool for a Central System that need no operator command
 * (../shared/reference/octt16-csms.md §1.2), driven by an independent strict charger.
 */
import type { RPCClient } from 'ocpp-rpc';
import WebSocket from 'ws';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { connectCharger, startApp, type TestApp } from '../../support/harness.ts';

let t: TestApp;
const VALID = 'OCTT-VALID';
beforeAll(async () => {
  t = await startApp();
  await t.api('PUT', `/api/idtags/${VALID}`, { status: 'Accepted' });
  await t.api('PUT', '/api/idtags/OCTT-EXPIRED', { status: 'Expired' });
  await t.api('PUT', '/api/idtags/OCTT-BLOCKED', { status: 'Blocked' });
  await t.api('PATCH', '/api/settings', { unknownIdTags: 'reject' });
});
afterAll(async () => { await t.stop(); });

const now = () => new Date().toISOString();
const status = (cp: RPCClient, connectorId: number, s: string, errorCode = 'NoError') =>
  cp.call('StatusNotification', { connectorId, status: s, errorCode, timestamp: now() });

async function booted(id: string): Promise<RPCClient> {
  const cp = await connectCharger(t, id);
  expect(await status(cp, 0, 'Available')).toEqual({});
  expect(await status(cp, 1, 'Available')).toEqual({});
  return cp;
}

async function charging(cp: RPCClient): Promise<number> {
  expect(((await cp.call('Authorize', { idTag: VALID })) as any).idTagInfo.status).toBe('Accepted');
  await status(cp, 1, 'Preparing');
  const st: any = await cp.call('StartTransaction', { connectorId: 1, idTag: VALID, meterStart: 0, timestamp: now() });
  expect(st.idTagInfo.status).toBe('Accepted');
  expect(Number.isInteger(st.transactionId)).toBe(true);
  await status(cp, 1, 'Charging');
  return st.transactionId;
}

test('TC_001_CSMS Cold Boot Charge Point', async () => {
  const cp = await connectCharger(t, 'tc001', { boot: false });
  const boot: any = await cp.call('BootNotification', { chargePointVendor: 'OCTT', chargePointModel: 'Model' });
  expect(boot.status).toBe('Accepted');
  expect(Number.isInteger(boot.interval)).toBe(true);
  expect(Date.parse(boot.currentTime)).not.toBeNaN();
  expect(await status(cp, 0, 'Available')).toEqual({});
  expect(await status(cp, 1, 'Available')).toEqual({});
  expect(((await cp.call('Heartbeat', {})) as any).currentTime).toBeTruthy();
  await cp.close();
});

test('TC_003_CSMS Regular Charging Session – Plugin First', async () => {
  const cp = await booted('tc003');
  await status(cp, 1, 'Preparing');
  expect(((await cp.call('Authorize', { idTag: VALID })) as any).idTagInfo.status).toBe('Accepted');
  const st: any = await cp.call('StartTransaction', { connectorId: 1, idTag: VALID, meterStart: 0, timestamp: now() });
  expect(st.idTagInfo.status).toBe('Accepted');
  await status(cp, 1, 'Charging');
  await cp.call('StopTransaction', { transactionId: st.transactionId, meterStop: 10, timestamp: now(), reason: 'Local' });
  await cp.close();
});

test('TC_004_1_CSMS Regular Charging Session – Identification First', async () => {
  const cp = await booted('tc004-1');
  const tx = await charging(cp);
  await cp.call('StopTransaction', { transactionId: tx, meterStop: 10, timestamp: now() });
  await cp.close();
});

test('TC_004_2_CSMS Regular Charging Session – Identification First – ConnectionTimeOut', async () => {
  const cp = await booted('tc004-2');
  expect(((await cp.call('Authorize', { idTag: VALID })) as any).idTagInfo.status).toBe('Accepted');
  expect(await status(cp, 1, 'Preparing')).toEqual({});
  expect(await status(cp, 1, 'Available')).toEqual({});
  await cp.close();
});

test('TC_005_1_CSMS EV Side Disconnected', async () => {
  const cp = await booted('tc005-1');
  const tx = await charging(cp);
  await status(cp, 1, 'SuspendedEV');
  expect(await cp.call('StopTransaction', { transactionId: tx, meterStop: 500, timestamp: now(), reason: 'EVDisconnected' })).toEqual({});
  await status(cp, 1, 'Finishing');
  await status(cp, 1, 'Available');
  const txs = (await t.api('GET', '/api/transactions?charger=tc005-1')).body;
  expect(txs[0]).toMatchObject({ id: tx, reason: 'EVDisconnected', meterStop: 500 });
  await cp.close();
});

test('TC_007_CSMS Regular Start Charging Session – Cached Id', async () => {
  const cp = await booted('tc007');
  await status(cp, 1, 'Preparing');
  const st: any = await cp.call('StartTransaction', { connectorId: 1, idTag: VALID, meterStart: 0, timestamp: now() });
  expect(st.idTagInfo.status).toBe('Accepted');
  await status(cp, 1, 'Charging');
  await cp.call('StopTransaction', { transactionId: st.transactionId, meterStop: 1, timestamp: now() });
  await cp.close();
});

test('TC_023_1_CSMS Start Charging Session – Authorize invalid', async () => {
  const cp = await booted('tc023-1');
  expect(((await cp.call('Authorize', { idTag: 'OCTT-UNKNOWN' })) as any).idTagInfo.status).toBe('Invalid');
  await cp.close();
});

test('TC_023_2_CSMS Start Charging Session – Authorize expired', async () => {
  const cp = await booted('tc023-2');
  expect(((await cp.call('Authorize', { idTag: 'OCTT-EXPIRED' })) as any).idTagInfo.status).toBe('Expired');
  await cp.close();
});

test('TC_023_3_CSMS Start Charging Session – Authorize blocked', async () => {
  const cp = await booted('tc023-3');
  expect(((await cp.call('Authorize', { idTag: 'OCTT-BLOCKED' })) as any).idTagInfo.status).toBe('Blocked');
  await cp.close();
});

test('TC_024_CSMS Start Charging Session Lock Failure', async () => {
  const cp = await booted('tc024');
  expect(((await cp.call('Authorize', { idTag: VALID })) as any).idTagInfo.status).toBe('Accepted');
  await status(cp, 1, 'Preparing');
  expect(await status(cp, 1, 'Faulted', 'ConnectorLockFailure')).toEqual({});
  const c = (await t.api('GET', '/api/chargers/tc024')).body;
  expect(c.connectors.find((x: any) => x.connectorId === 1)).toMatchObject({ status: 'Faulted', errorCode: 'ConnectorLockFailure' });
  await cp.close();
});

test('TC_032_1_CSMS Power failure boot – configured to stop transaction(s)', async () => {
  const cp = await booted('tc032-1');
  const tx = await charging(cp);
  await cp.close();
  const again = await connectCharger(t, 'tc032-1');
  await status(again, 1, 'Finishing');
  await status(again, 0, 'Available');
  expect(await again.call('StopTransaction', { transactionId: tx, meterStop: 100, timestamp: now(), reason: 'PowerLoss' })).toEqual({});
  const txs = (await t.api('GET', '/api/transactions?charger=tc032-1')).body;
  expect(txs[0]).toMatchObject({ id: tx, reason: 'PowerLoss' });
  await again.close();
});

test('TC_037_1_CSMS Offline Start Transaction – Valid IdTag', async () => {
  const cp = await booted('tc037-1');
  const queued = new Date(Date.now() - 3_600_000).toISOString();
  const st: any = await cp.call('StartTransaction', { connectorId: 1, idTag: VALID, meterStart: 0, timestamp: queued });
  expect(st.idTagInfo.status).toBe('Accepted');
  await status(cp, 1, 'Charging');
  await cp.call('StopTransaction', { transactionId: st.transactionId, meterStop: 10, timestamp: now() });
  await cp.close();
});

test('TC_037_3_CSMS Offline Start Transaction – Invalid IdTag – StopTransactionOnInvalidId=true', async () => {
  const cp = await booted('tc037-3');
  const queued = new Date(Date.now() - 3_600_000).toISOString();
  const st: any = await cp.call('StartTransaction', { connectorId: 1, idTag: 'OCTT-UNKNOWN', meterStart: 0, timestamp: queued });
  expect(st.idTagInfo.status).toBe('Invalid');
  expect(Number.isInteger(st.transactionId)).toBe(true);
  expect(await cp.call('StopTransaction', { transactionId: st.transactionId, meterStop: 0, timestamp: now(), reason: 'DeAuthorized' })).toEqual({});
  await status(cp, 1, 'Finishing');
  await cp.close();
});

test('TC_039_CSMS Offline Transaction', async () => {
  const cp = await booted('tc039');
  const t0 = Date.now() - 7_200_000;
  const st: any = await cp.call('StartTransaction', { connectorId: 1, idTag: VALID, meterStart: 0, timestamp: new Date(t0).toISOString() });
  expect(st.idTagInfo.status).toBe('Accepted');
  const stop: any = await cp.call('StopTransaction', {
    transactionId: st.transactionId, meterStop: 7000, timestamp: new Date(t0 + 3_600_000).toISOString(), reason: 'Local', idTag: VALID,
  });
  expect(stop.idTagInfo.status).toBe('Accepted');
  await cp.close();
});

test('TC_064_CSMS Data Transfer to a Central System', async () => {
  const cp = await booted('tc064');
  const res: any = await cp.call('DataTransfer', { vendorId: 'com.octt.unsupported', messageId: 'x', data: 'y' });
  expect(['Rejected', 'UnknownVendorId', 'UnknownMessageId']).toContain(res.status);
  await cp.close();
});

test('TC_088_CSMS WebSocket Subprotocol negotiation', async () => {
  const only01 = new WebSocket(`${t.ocppUrl}/tc088`, ['ocpp0.1']);
  const refused = await new Promise<boolean>((resolve) => {
    only01.once('open', () => resolve(false));
    only01.once('unexpected-response', () => resolve(true));
  });
  expect(refused).toBe(true);
  const both = new WebSocket(`${t.ocppUrl}/tc088`, ['ocpp0.1', 'ocpp1.6']);
  const header = await new Promise<unknown>((resolve) => both.once('upgrade', (res) => resolve(res.headers['sec-websocket-protocol'])));
  expect(header).toBe('ocpp1.6');
  both.close();
});
