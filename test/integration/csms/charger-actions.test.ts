import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { connectCharger, rawCharger, startApp, until, type TestApp } from '../../support/harness.ts';

let t: TestApp;
beforeAll(async () => { t = await startApp(); });
afterAll(async () => { await t.stop(); });

const now = () => new Date().toISOString();
const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe('BootNotification and Heartbeat', () => {
  test('Accepted with the heartbeat interval of the settings and the current UTC time with ms', async () => {
    await t.api('PATCH', '/api/settings', { heartbeatInterval: 300 });
    const cp = await connectCharger(t, 'boot-1', { boot: false });
    const res: any = await cp.call('BootNotification', { chargePointVendor: 'V', chargePointModel: 'M' });
    expect(res.status).toBe('Accepted');
    expect(res.interval).toBe(300);
    expect(res.currentTime).toMatch(ISO_MS);
    const hb: any = await cp.call('Heartbeat', {});
    expect(hb.currentTime).toMatch(ISO_MS);
    await cp.close();
    await t.api('PATCH', '/api/settings', { heartbeatInterval: 60 });
  });

  test('unknown chargers answered Pending may send only BootNotification (SecurityError otherwise)', async () => {
    await t.api('PATCH', '/api/settings', { unknownChargers: 'pending' });
    const raw = await rawCharger(t, 'pending-1');
    const boot = await raw.call('BootNotification', { chargePointVendor: 'V', chargePointModel: 'M' });
    expect(boot[2].status).toBe('Pending');
    const hb = await raw.call('Heartbeat', {});
    expect(hb[0]).toBe(4);
    expect(hb[2]).toBe('SecurityError');
    raw.close();
    await t.api('PATCH', '/api/settings', { unknownChargers: 'accept' });
  });

  test('unknown chargers can be Rejected by setting', async () => {
    await t.api('PATCH', '/api/settings', { unknownChargers: 'reject' });
    const cp = await connectCharger(t, 'reject-1', { boot: false });
    const res: any = await cp.call('BootNotification', { chargePointVendor: 'V', chargePointModel: 'M' });
    expect(res.status).toBe('Rejected');
    await cp.close();
    await t.api('PATCH', '/api/settings', { unknownChargers: 'accept' });
  });

  test('a charger once Accepted stays known: reconnecting needs no new BootNotification (OCPP-J §5.4)', async () => {
    const cp = await connectCharger(t, 'remember-1');
    await cp.close();
    await t.api('PATCH', '/api/settings', { unknownChargers: 'reject' });
    const again = await connectCharger(t, 'remember-1', { boot: false });
    const hb: any = await again.call('Heartbeat', {});
    expect(hb.currentTime).toMatch(ISO_MS);
    const boot: any = await again.call('BootNotification', { chargePointVendor: 'V', chargePointModel: 'M' });
    expect(boot.status).toBe('Accepted');
    await again.close();
    await t.api('PATCH', '/api/settings', { unknownChargers: 'accept' });
  });

  test('a CALL before any BootNotification gets SecurityError and a finding', async () => {
    const raw = await rawCharger(t, 'noboot-1');
    const res = await raw.call('StatusNotification', { connectorId: 1, status: 'Available', errorCode: 'NoError' });
    expect(res[2]).toBe('SecurityError');
    raw.close();
    const findings = (await t.api('GET', '/api/findings?charger=noboot-1')).body;
    expect(findings.some((f: any) => f.rule === 'not-accepted')).toBe(true);
  });
});

describe('Authorize and idTags', () => {
  test('stored idTags are answered with their status, expiry and parent; unknown ones by setting', async () => {
    const future = new Date(Date.now() + 86_400_000).toISOString();
    await t.api('PUT', '/api/idtags/OK1', { status: 'Accepted', expiryDate: future, parentIdTag: 'PARENT' });
    await t.api('PUT', '/api/idtags/BLK', { status: 'Blocked' });
    await t.api('PUT', '/api/idtags/EXP', { status: 'Expired' });
    await t.api('PUT', '/api/idtags/INV', { status: 'Invalid' });
    await t.api('PUT', '/api/idtags/OLD', { status: 'Accepted', expiryDate: '2020-01-01T00:00:00.000Z' });
    const cp = await connectCharger(t, 'auth-1');
    const ok: any = await cp.call('Authorize', { idTag: 'OK1' });
    expect(ok.idTagInfo).toEqual({ status: 'Accepted', expiryDate: future, parentIdTag: 'PARENT' });
    expect(((await cp.call('Authorize', { idTag: 'BLK' })) as any).idTagInfo.status).toBe('Blocked');
    expect(((await cp.call('Authorize', { idTag: 'EXP' })) as any).idTagInfo.status).toBe('Expired');
    expect(((await cp.call('Authorize', { idTag: 'INV' })) as any).idTagInfo.status).toBe('Invalid');
    expect(((await cp.call('Authorize', { idTag: 'OLD' })) as any).idTagInfo.status).toBe('Expired');
    expect(((await cp.call('Authorize', { idTag: 'NEW' })) as any).idTagInfo.status).toBe('Accepted');
    await t.api('PATCH', '/api/settings', { unknownIdTags: 'reject' });
    expect(((await cp.call('Authorize', { idTag: 'NEW' })) as any).idTagInfo.status).toBe('Invalid');
    await t.api('PATCH', '/api/settings', { unknownIdTags: 'accept' });
    await cp.close();
  });
});

describe('transactions and meter values', () => {
  test('StartTransaction gives unique ids, with concurrentTransactions "refuse" a second live transaction of the idTag is ConcurrentTx, StopTransaction closes it', async () => {
    await t.api('PATCH', '/api/settings', { concurrentTransactions: 'refuse' });
    const cp = await connectCharger(t, 'tx-1');
    const a: any = await cp.call('StartTransaction', { connectorId: 1, idTag: 'CONC', meterStart: 1000, timestamp: now() });
    expect(a.idTagInfo.status).toBe('Accepted');
    const b: any = await cp.call('StartTransaction', { connectorId: 2, idTag: 'CONC', meterStart: 0, timestamp: now() });
    expect(b.idTagInfo.status).toBe('ConcurrentTx');
    expect(b.transactionId).not.toBe(a.transactionId);
    await t.api('PATCH', '/api/settings', { concurrentTransactions: 'allow' });
    await cp.call('MeterValues', {
      connectorId: 1, transactionId: a.transactionId,
      meterValue: [{ timestamp: now(), sampledValue: [
        { value: '1500', measurand: 'Energy.Active.Import.Register', unit: 'Wh', context: 'Sample.Periodic', location: 'Outlet' },
        { value: '16.1', measurand: 'Current.Import', unit: 'A', phase: 'L1' },
        { value: '21', measurand: 'Temperature', unit: 'Celcius' },
      ] }],
    });
    const stop: any = await cp.call('StopTransaction', { transactionId: a.transactionId, meterStop: 2500, timestamp: now(), idTag: 'CONC' });
    expect(stop.idTagInfo.status).toBe('Accepted');
    await cp.close();
    const txs = (await t.api('GET', '/api/transactions?charger=tx-1')).body;
    const first = txs.find((x: any) => x.id === a.transactionId);
    expect(first).toMatchObject({ connectorId: 1, idTag: 'CONC', meterStart: 1000, meterStop: 2500, reason: 'Local', energyWh: 1500 });
    const samples = (await t.api('GET', `/api/meter-values?transaction=${a.transactionId}`)).body;
    expect(samples.map((s: any) => [s.measurand, s.unit, s.phase])).toEqual([
      ['Energy.Active.Import.Register', 'Wh', null], ['Current.Import', 'A', 'L1'], ['Temperature', 'Celcius', null],
    ]);
    expect(samples[0]).toMatchObject({ context: 'Sample.Periodic', location: 'Outlet' });
  });

  test('StopTransaction for a transaction id the CSMS never gave is answered as if valid, with a finding (errata 3.18)', async () => {
    const cp = await connectCharger(t, 'tx-2');
    const res: any = await cp.call('StopTransaction', { transactionId: -1, meterStop: 10, timestamp: now() });
    expect(res).toEqual({});
    await cp.close();
    const findings = (await t.api('GET', '/api/findings?charger=tx-2')).body;
    expect(findings.some((f: any) => f.rule === 'unknown-transaction')).toBe(true);
  });
});

describe('status, data transfer and file-transfer notifications', () => {
  test('StatusNotification updates the connector and its history', async () => {
    const cp = await connectCharger(t, 'st-1');
    await cp.call('StatusNotification', { connectorId: 0, status: 'Available', errorCode: 'NoError' });
    await cp.call('StatusNotification', { connectorId: 1, status: 'Faulted', errorCode: 'ConnectorLockFailure', info: 'lock', vendorErrorCode: 'E12' });
    const c = (await t.api('GET', '/api/chargers/st-1')).body;
    expect(c.connectors).toEqual([
      expect.objectContaining({ connectorId: 0, status: 'Available', errorCode: 'NoError' }),
      expect.objectContaining({ connectorId: 1, status: 'Faulted', errorCode: 'ConnectorLockFailure', info: 'lock', vendorErrorCode: 'E12' }),
    ]);
    await cp.close();
  });

  test('DataTransfer is answered UnknownVendorId unless the vendor is configured', async () => {
    const cp = await connectCharger(t, 'dt-1');
    expect(((await cp.call('DataTransfer', { vendorId: 'com.unknown' })) as any).status).toBe('UnknownVendorId');
    await t.api('PATCH', '/api/settings', { dataTransferVendors: { 'com.acme': 'Accepted', 'com.nope': 'Rejected' } });
    expect(((await cp.call('DataTransfer', { vendorId: 'com.acme', messageId: 'x', data: 'y' })) as any).status).toBe('Accepted');
    expect(((await cp.call('DataTransfer', { vendorId: 'com.nope' })) as any).status).toBe('Rejected');
    await cp.close();
  });

  test('FirmwareStatusNotification and DiagnosticsStatusNotification are answered with empty payloads', async () => {
    const cp = await connectCharger(t, 'fw-1');
    expect(await cp.call('FirmwareStatusNotification', { status: 'Downloading' })).toEqual({});
    expect(await cp.call('DiagnosticsStatusNotification', { status: 'Uploading' })).toEqual({});
    await cp.close();
  });
});

describe('trace records', () => {
  test('every frame in and out is stored with direction, action, message id, raw text, validity and the result latency', async () => {
    const cp = await connectCharger(t, 'trace-1');
    await cp.call('Heartbeat', {});
    await cp.close();
    const { frames } = (await t.api('GET', '/api/frames?charger=trace-1')).body;
    const hb = frames.filter((f: any) => f.action === 'Heartbeat');
    expect(hb.map((f: any) => [f.direction, f.messageType])).toEqual([['in', 'CALL'], ['out', 'CALLRESULT']]);
    expect(hb[1].messageId).toBe(hb[0].messageId);
    expect(hb[1].callSeq).toBe(hb[0].seq);
    expect(hb[1].latencyMs).toBeGreaterThanOrEqual(0);
    expect(JSON.parse(hb[0].raw)[2]).toBe('Heartbeat');
    expect(hb.every((f: any) => f.valid)).toBe(true);
  });

  test('frames page by seq: after is exclusive and next is the last seq returned', async () => {
    const all = (await t.api('GET', '/api/frames?limit=5000')).body.frames;
    const page = (await t.api('GET', `/api/frames?after=${all[1].seq}&limit=2`)).body;
    expect(page.frames.map((f: any) => f.seq)).toEqual([all[2].seq, all[3].seq]);
    expect(page.next).toBe(all[3].seq);
    const empty = (await t.api('GET', `/api/frames?after=${all[all.length - 1].seq + 100}`)).body;
    expect(empty).toEqual({ frames: [], next: all[all.length - 1].seq + 100 });
    expect((await t.api('GET', '/api/frames?limit=5001')).status).toBe(400);
  });

  test('live frames reach the event socket in batches', async () => {
    const { default: WebSocket } = await import('ws');
    const ws = new WebSocket(`ws://127.0.0.1:${t.uiPort}/api/events?token=test-token-0123456789`);
    const got: any[] = [];
    ws.on('message', (d) => got.push(...JSON.parse(d.toString())));
    await new Promise((r) => ws.once('open', r));
    const cp = await connectCharger(t, 'events-1');
    await until(() => got.some((e) => e.type === 'frame' && e.frame.chargerId === 'events-1' && e.frame.direction === 'out'), 'frame event');
    expect(got.some((e) => e.type === 'charger' && e.charger.id === 'events-1')).toBe(true);
    await cp.close();
    ws.close();
  });
});

test('a sampled value that is not a number is stored and reported as a finding, the energy register too', async () => {
  const cp = await connectCharger(t, 'mv-nan');
  await cp.call('MeterValues', {
    connectorId: 1, meterValue: [{ timestamp: new Date().toISOString(), sampledValue: [
      { value: 'n/a', measurand: 'Energy.Active.Import.Register', unit: 'Wh' },
      { value: '', measurand: 'Voltage', unit: 'V' },
    ] }],
  });
  await cp.close();
  const findings = (await t.api('GET', '/api/findings?charger=mv-nan')).body.filter((f: any) => f.rule === 'meter-value-not-numeric');
  expect(findings.map((f: any) => f.message)).toEqual([
    expect.stringContaining('Energy.Active.Import.Register value "n/a"'), expect.stringContaining('Voltage value ""'),
  ]);
});
