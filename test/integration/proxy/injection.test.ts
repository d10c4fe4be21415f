/**
 * Proxy mode, injection: the engineer's calls reach the relayed charger with ChargeScope's own message ids, their
 * answers never reach the back-end, and back-end and engineer calls never overlap on the charger.
 */
import { afterEach, beforeEach, expect, test } from 'vitest';
import { connectCharger, rawCharger, startApp, until, type TestApp } from '../../support/harness.ts';
import { rawBackend } from './support.ts';

let t: TestApp;
let backend: Awaited<ReturnType<typeof rawBackend>>;
const BOOT_OK = (id: string) => `[3,"${id}",{"status":"Accepted","currentTime":"2026-01-01T00:00:00.000Z","interval":300}]`;

beforeEach(async () => {
  t = await startApp();
  backend = await rawBackend((text, ws) => {
    const [type, id, action] = JSON.parse(text);
    if (type === 2 && action === 'BootNotification') ws.send(BOOT_OK(id));
    if (type === 2 && action === 'Heartbeat') ws.send(`[3,"${id}",{"currentTime":"2026-01-01T00:00:00.000Z"}]`);
  });
});
afterEach(async () => {
  await backend.close();
  await t.stop();
});

test('an injected call is answered to the engineer, marked injected, and never reaches the back-end', async () => {
  await t.api('PUT', '/api/chargers/CP-I/upstream', { url: backend.url });
  const charger = await connectCharger(t, 'CP-I');
  charger.handle('GetConfiguration', async () => ({ configurationKey: [], unknownKey: ['Nope'] }));
  const res = await t.api('POST', '/api/chargers/CP-I/calls/GetConfiguration', { key: ['Nope'] });
  expect(res.status).toBe(200);
  expect(res.body.callResult.unknownKey).toEqual(['Nope']);
  expect(await charger.call('Heartbeat', {})).toEqual({ currentTime: '2026-01-01T00:00:00.000Z' });
  await backend.frameCount(2);
  expect(backend.frames.map((f) => JSON.parse(f)[2] ?? 'result')).toEqual(['BootNotification', 'Heartbeat']);
  const frames = (await t.api('GET', '/api/frames?charger=CP-I')).body.frames as any[];
  const injected = frames.filter((f) => f.relay === 'injected');
  expect(injected.map((f) => `${f.direction} ${f.messageType} ${f.action}`)).toEqual(['out CALL GetConfiguration', 'in CALLRESULT GetConfiguration']);
  await charger.close({ force: true });
}, 20_000);

test('a back-end CALL waits while an injected call is outstanding, and the other way round', async () => {
  await t.api('PUT', '/api/chargers/RAW-O/upstream', { url: backend.url });
  const charger = await rawCharger(t, 'RAW-O');
  charger.send('[2,"boot-1","BootNotification",{"chargePointVendor":"V","chargePointModel":"M"}]');
  expect((await charger.next())[1]).toBe('boot-1');
  const toBackend = () => backend.sockets[0]!;

  // 1. engineer first: the back-end's CALL waits until the charger answered the engineer's.
  const injected = t.api('POST', '/api/chargers/RAW-O/calls/ClearCache', {});
  const call1 = await charger.next();
  expect(call1[2]).toBe('ClearCache');
  toBackend().send('[2,"be-1","Reset",{"type":"Soft"}]');
  expect(await charger.nothingWithin(300)).toBe(true);
  charger.send(JSON.stringify([3, call1[1], { status: 'Accepted' }]));
  expect((await injected).body.callResult.status).toBe('Accepted');
  const reset = await charger.next();
  expect(reset).toEqual([2, 'be-1', 'Reset', { type: 'Soft' }]);

  // 2. back-end first: the engineer's call waits until the charger answered the back-end's.
  const injected2 = t.api('POST', '/api/chargers/RAW-O/calls/ClearCache', {});
  expect(await charger.nothingWithin(300)).toBe(true);
  charger.send('[3,"be-1",{"status":"Accepted"}]');
  const call2 = await charger.next();
  expect(call2[2]).toBe('ClearCache');
  charger.send(JSON.stringify([3, call2[1], { status: 'Rejected' }]));
  expect((await injected2).body.callResult.status).toBe('Rejected');

  await backend.frameCount(2);
  expect(backend.frames[1]).toBe('[3,"be-1",{"status":"Accepted"}]');
  await until(async () => {
    const f = (await t.api('GET', '/api/frames?charger=RAW-O')).body.frames as any[];
    return f.length === 8 ? f : null;
  }, 'eight frames');
  expect(backend.frames).toHaveLength(2);
  charger.close();
}, 20_000);
