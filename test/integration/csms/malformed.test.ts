import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { rawCharger, startApp, until, type TestApp } from '../../support/harness.ts';

let t: TestApp;
let cp: Awaited<ReturnType<typeof rawCharger>>;
beforeAll(async () => {
  t = await startApp();
  cp = await rawCharger(t, 'raw-1');
  const boot = await cp.call('BootNotification', { chargePointVendor: 'V', chargePointModel: 'M' });
  expect(boot[2].status).toBe('Accepted');
});
afterAll(async () => {
  cp.close();
  await t.stop();
});

async function expectError(text: string, code: string, id: string): Promise<void> {
  cp.send(text);
  const reply = await cp.next();
  expect(reply[0]).toBe(4);
  expect(reply[1]).toBe(id);
  expect(reply[2]).toBe(code);
  expect(typeof reply[3]).toBe('string');
  expect(reply[4]).toEqual({});
}

describe('malformed frames get the OCPP-J 1.6 CALLERROR and the link stays open', () => {
  test('text that is not JSON → FormationViolation with id "-1"', () => expectError('[2,"a1","Heartbeat",{', 'FormationViolation', '-1'));
  test('JSON that is not an array → FormationViolation with id "-1"', () => expectError('{"hello":1}', 'FormationViolation', '-1'));
  test('a message type id that is not a number → FormationViolation with the readable id', () => expectError('["2","a2","Heartbeat",{}]', 'FormationViolation', 'a2'));
  test('a non-string message id → FormationViolation with id "-1"', () => expectError('[2,42,"Heartbeat",{}]', 'FormationViolation', '-1'));
  test('a CALL with a missing payload → FormationViolation', () => expectError('[2,"a3","Heartbeat"]', 'FormationViolation', 'a3'));
  test('an unknown action → NotImplemented', () => expectError('[2,"a4","FlyToTheMoon",{}]', 'NotImplemented', 'a4'));
  test('action names are case-sensitive → NotImplemented', () => expectError('[2,"a5","heartbeat",{}]', 'NotImplemented', 'a5'));
  test('a CSMS-only action sent by the charger → NotSupported', () => expectError('[2,"a6","Reset",{"type":"Soft"}]', 'NotSupported', 'a6'));
  test('a missing required field → OccurenceConstraintViolation (1.6 spelling)', () =>
    expectError('[2,"a7","Authorize",{}]', 'OccurenceConstraintViolation', 'a7'));
  test('a wrong type → TypeConstraintViolation', () =>
    expectError('[2,"a8","StatusNotification",{"connectorId":"1","status":"Available","errorCode":"NoError"}]', 'TypeConstraintViolation', 'a8'));
  test('a bad enum value → PropertyConstraintViolation', () =>
    expectError('[2,"a9","StatusNotification",{"connectorId":1,"status":"Busy","errorCode":"NoError"}]', 'PropertyConstraintViolation', 'a9'));
  test('an unknown property → PropertyConstraintViolation', () =>
    expectError('[2,"a10","Heartbeat",{"extra":true}]', 'PropertyConstraintViolation', 'a10'));
  test('a string over its length → FormationViolation', () =>
    expectError(`[2,"a11","Authorize",{"idTag":"${'x'.repeat(21)}"}]`, 'FormationViolation', 'a11'));
  test('a timestamp without time zone → FormationViolation', () =>
    expectError('[2,"a12","StartTransaction",{"connectorId":1,"idTag":"T","meterStart":0,"timestamp":"2025-01-01T10:00:00"}]', 'FormationViolation', 'a12'));

  test('the invalid CALL is recorded with its schema issues and a finding', async () => {
    const { frames } = (await t.api('GET', '/api/frames?charger=raw-1&limit=5000')).body;
    const bad = frames.find((f: any) => f.messageId === 'a9' && f.direction === 'in');
    expect(bad.valid).toBe(false);
    expect(bad.issues[0]).toMatchObject({ path: '/status', keyword: 'enum' });
    const findings = (await t.api('GET', '/api/findings?charger=raw-1')).body;
    expect(findings.some((f: any) => f.rule === 'schema-violation' && f.seq === bad.seq)).toBe(true);
  });

  test('an unknown message type is recorded and ignored (OCPP-J §4.1.3)', async () => {
    cp.send('[7,"a13","Heartbeat",{}]');
    expect(await cp.nothingWithin(300)).toBe(true);
    await until(async () => (await t.api('GET', '/api/findings?charger=raw-1')).body.some((f: any) => f.rule === 'unknown-message-type'), 'finding');
  });

  test('a CALLRESULT or CALLERROR that answers nothing is recorded, never answered', async () => {
    cp.send('[3,"nobody-asked",{}]');
    cp.send('[4,"nobody-asked-2","GenericError","",{}]');
    cp.send('[3,"broken"]');
    expect(await cp.nothingWithin(300)).toBe(true);
    await until(async () => (await t.api('GET', '/api/findings?charger=raw-1')).body.filter((f: any) => f.rule === 'unmatched-result').length >= 2, 'unmatched findings');
  });

  test('deeply nested and 100 KB payloads neither crash nor stall the server', async () => {
    // Over the nesting limit (64): refused before it is parsed, answered with its id (frame-guard.ts).
    await expectError(`[2,"n1","DataTransfer",{"vendorId":"v","data":${'['.repeat(50_000)}${']'.repeat(50_000)}}]`, 'FormationViolation', 'n1');
    const big = await cp.call('DataTransfer', { vendorId: 'v', data: 'x'.repeat(100_000) }, 'n2');
    expect(big).toEqual([3, 'n2', { status: 'UnknownVendorId' }]);
    const hb = await cp.call('Heartbeat', {}, 'after-big');
    expect(hb[0]).toBe(3);
  });
});

describe('connections', () => {
  test('a frame over maxFrameBytes closes the link with 1009 and leaves a finding', async () => {
    await t.api('PATCH', '/api/settings', { maxFrameBytes: 2048 });
    const big = await rawCharger(t, 'big-1');
    const closed = new Promise<number>((resolve) => big.ws.once('close', (code) => resolve(code)));
    big.send(`[2,"b1","DataTransfer",{"vendorId":"v","data":"${'x'.repeat(4096)}"}]`);
    expect(await closed).toBe(1009);
    await until(async () => (await t.api('GET', '/api/findings?charger=big-1')).body.some((f: any) => /maxFrameBytes/.test(f.message)), 'finding');
    await t.api('PATCH', '/api/settings', { maxFrameBytes: 1024 * 1024 });
  });

  test('ocpp1.6 is selected when offered among others, with the header exactly ocpp1.6 (TC_088)', async () => {
    const ws = new WebSocket(`${t.ocppUrl}/proto-1`, ['ocpp0.1', 'ocpp1.6']);
    const header = await new Promise<string | undefined>((resolve, reject) => {
      ws.once('upgrade', (res) => resolve(res.headers['sec-websocket-protocol'] as string | undefined));
      ws.once('error', reject);
    });
    expect(header).toBe('ocpp1.6');
    ws.close();
  });

  test('a connection offering only other subprotocols is refused and recorded (TC_088)', async () => {
    const ws = new WebSocket(`${t.ocppUrl}/proto-2`, ['ocpp0.1']);
    const status = await new Promise<number>((resolve) => ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)));
    expect(status).toBe(400);
    const events = (await t.api('GET', '/api/connections?charger=proto-2')).body;
    expect(events[0]).toMatchObject({ kind: 'refused', reason: expect.stringContaining('ocpp0.1') });
  });

  test('a connection offering no subprotocol is accepted with a finding, and refused in strict mode', async () => {
    const ws = new WebSocket(`${t.ocppUrl}/proto-3`);
    await new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject); });
    ws.close();
    await until(async () => (await t.api('GET', '/api/findings?charger=proto-3')).body.some((f: any) => /Sec-WebSocket-Protocol/.test(f.message)), 'finding');
    await t.api('PATCH', '/api/settings', { strict: true });
    const strict = new WebSocket(`${t.ocppUrl}/proto-4`);
    const status = await new Promise<number>((resolve) => strict.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)));
    expect(status).toBe(400);
    await t.api('PATCH', '/api/settings', { strict: false });
  });

  test('a path without an identity is refused with 404 and the reason is recorded', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${t.ocppPort}/ocpp/`, ['ocpp1.6']);
    const status = await new Promise<number>((resolve) => ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)));
    expect(status).toBe(404);
    const events = (await t.api('GET', '/api/connections')).body;
    expect(events.some((e: any) => e.kind === 'refused' && /no charge point identity/.test(e.reason))).toBe(true);
  });

  test('identities are URL-decoded and may hold any character', async () => {
    const c = await rawCharger(t, 'RDAM 123/ü');
    const boot = await c.call('BootNotification', { chargePointVendor: 'V', chargePointModel: 'M' });
    expect(boot[2].status).toBe('Accepted');
    const res = await t.api('GET', `/api/chargers/${encodeURIComponent('RDAM 123/ü')}`);
    expect(res.body.id).toBe('RDAM 123/ü');
    c.close();
  });

  test('a second connection with the same identity replaces the first', async () => {
    const first = await rawCharger(t, 'dup-1');
    const closed = new Promise<number>((resolve) => first.ws.once('close', (code) => resolve(code)));
    const second = await rawCharger(t, 'dup-1');
    expect(await closed).toBe(4000);
    const boot = await second.call('BootNotification', { chargePointVendor: 'V', chargePointModel: 'M' });
    expect(boot[2].status).toBe('Accepted');
    expect((await t.api('GET', '/api/chargers/dup-1')).body.connected).toBe(true);
    second.close();
  });

  test('Basic Auth: a set password is required, checked as text and as hex-decoded bytes; failures are recorded', async () => {
    const key = '0102030405060708090a0b0c0d0e0f1011121314';
    await t.api('PUT', '/api/chargers/auth-cp/auth', { password: key });
    const attempt = (password: Buffer | null) => new Promise<number>((resolve) => {
      const headers: Record<string, string> = {};
      if (password) headers['Authorization'] = `Basic ${Buffer.concat([Buffer.from('auth-cp:'), password]).toString('base64')}`;
      const ws = new WebSocket(`${t.ocppUrl}/auth-cp`, ['ocpp1.6'], { headers });
      ws.once('open', () => { ws.close(); resolve(101); });
      ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    });
    expect(await attempt(null)).toBe(401);
    expect(await attempt(Buffer.from('wrong-password-123'))).toBe(401);
    expect(await attempt(Buffer.from(key))).toBe(101);
    expect(await attempt(Buffer.from(key, 'hex'))).toBe(101);
    const events = (await t.api('GET', '/api/connections?charger=auth-cp')).body;
    expect(events.filter((e: any) => e.kind === 'refused').map((e: any) => e.reason)).toEqual([
      expect.stringContaining('no Basic Auth'), expect.stringContaining('wrong Basic Auth password'),
    ]);
  });
});

describe('a handler that fails', () => {
  test('leaves nothing behind, records the CALL and an internal-error finding, answers InternalError and keeps the link', async () => {
    const raw = await rawCharger(t, 'handler-fails');
    const boot = await raw.call('BootNotification', { chargePointVendor: 'V', chargePointModel: 'M' });
    expect(boot[2].status).toBe('Accepted');
    // The store refuses the new transaction row half-way through StartTransaction's handler.
    t.app.store.db.exec(`CREATE TEMP TRIGGER refuse_tx BEFORE INSERT ON transactions WHEN NEW.charger_id = 'handler-fails'
      BEGIN SELECT RAISE(ABORT, 'disk says no'); END`);
    try {
      const before = (t.app.store.db.prepare('SELECT COUNT(*) AS n FROM transactions').get() as { n: number }).n;
      const res = await raw.call('StartTransaction', { connectorId: 1, idTag: 'TAG-1', meterStart: 0, timestamp: new Date().toISOString() });
      expect(res[0]).toBe(4);
      expect(res[2]).toBe('InternalError');
      expect(res[3]).toMatch(/failed to process StartTransaction: disk says no/);
      expect((t.app.store.db.prepare('SELECT COUNT(*) AS n FROM transactions').get() as { n: number }).n).toBe(before);
      const frames = t.app.store.db.prepare("SELECT direction, message_type AS type, action FROM frames WHERE charger_id = 'handler-fails' AND action = 'StartTransaction' ORDER BY seq").all();
      expect(frames).toEqual([{ direction: 'in', type: 'CALL', action: 'StartTransaction' }, { direction: 'out', type: 'CALLERROR', action: 'StartTransaction' }]);
      const rules = (t.app.store.db.prepare("SELECT rule FROM findings WHERE charger_id = 'handler-fails'").all() as { rule: string }[]).map((r) => r.rule);
      expect(rules).toContain('internal-error');
    } finally {
      t.app.store.db.exec('DROP TRIGGER temp.refuse_tx');
    }
    const hb = await raw.call('Heartbeat', {});
    expect(hb[0]).toBe(3);
    raw.close();
  });
});
