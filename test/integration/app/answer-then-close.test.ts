/**
 * A charger that answers and closes at once (a Reset, a reboot after an update): the answer counts. The answer is
 * relayed or settled only after its commit, so the close can be seen while it is still being committed; the answer
 * must win, both for ChargeScope's own call and for a back-end's call relayed in proxy mode. And a relay keeps each
 * direction's order: a CALL never overtakes an answer from the same side that is still committing.
 */
import { afterEach, beforeEach, expect, test } from 'vitest';
import { rawCharger, startApp, until, type TestApp } from '../../support/harness.ts';
import { rawBackend } from '../proxy/support.ts';

let t: TestApp;
beforeEach(async () => {
  t = await startApp();
});
afterEach(async () => {
  await t.stop();
});

test("the engineer's Reset answered Accepted just before the charger closes is answered, not 'disconnected'", async () => {
  const charger = await rawCharger(t, 'RST-1');
  charger.send('[2,"b1","BootNotification",{"chargePointVendor":"V","chargePointModel":"M"}]');
  expect((await charger.next())[0]).toBe(3);
  const reset = t.api('POST', '/api/chargers/RST-1/calls/Reset', { type: 'Soft' });
  const call = await charger.next();
  expect(call[2]).toBe('Reset');
  // The answer and the close leave in one write of the charger's socket buffer: ChargeScope reads both at once.
  charger.ws.send(JSON.stringify([3, call[1], { status: 'Accepted' }]));
  charger.ws.close(1000, 'rebooting');
  const res = await reset;
  expect(res.status).toBe(200);
  expect(res.body).toEqual({ callResult: { status: 'Accepted' } });
  const commands = await until(async () => {
    const list = (await t.api('GET', '/api/chargers/RST-1/commands')).body as any[];
    return list.find((c) => c.action === 'Reset' && c.state !== 'pending' && c.state !== 'sent') ?? null;
  }, 'the Reset command settled');
  expect(commands.state).toBe('answered');
});

test("a charger's answer to the back-end's Reset reaches the back-end even when the charger closes right after it", async () => {
  let resetId = '';
  const backend = await rawBackend((text, ws) => {
    const f = JSON.parse(text);
    if (f[2] === 'BootNotification') {
      ws.send(JSON.stringify([3, f[1], { status: 'Accepted', currentTime: new Date().toISOString(), interval: 300 }]));
      resetId = 'reset-from-backend';
      ws.send(JSON.stringify([2, resetId, 'Reset', { type: 'Hard' }]));
    }
  });
  try {
    expect((await t.api('PUT', '/api/chargers/RST-2/upstream', { url: backend.url })).status).toBe(200);
    const charger = await rawCharger(t, 'RST-2');
    charger.send('[2,"b1","BootNotification",{"chargePointVendor":"V","chargePointModel":"M"}]');
    expect((await charger.next())[0]).toBe(3);
    const call = await charger.next();
    expect(call[2]).toBe('Reset');
    const answer = JSON.stringify([3, call[1], { status: 'Accepted' }]);
    charger.ws.send(answer);
    charger.ws.close(1000, 'rebooting');
    await backend.frameCount(2);
    expect(backend.frames[1]).toBe(answer);
  } finally {
    await backend.close();
  }
});

test("each direction keeps its order through the proxy: the charger's answer, then its own CALL; the back-end's answer, then its CALL", async () => {
  const backend = await rawBackend((text, ws) => {
    const f = JSON.parse(text);
    if (f[2] === 'BootNotification') {
      // An answer and a CALL in one breath: the charger must get them in this order.
      ws.send(JSON.stringify([3, f[1], { status: 'Accepted', currentTime: new Date().toISOString(), interval: 300 }]));
      ws.send(JSON.stringify([2, 'rs-1', 'RemoteStartTransaction', { idTag: 'TAG-1', connectorId: 1 }]));
    }
    if (f[2] === 'StartTransaction') ws.send(JSON.stringify([3, f[1], { transactionId: 7, idTagInfo: { status: 'Accepted' } }]));
  });
  try {
    expect((await t.api('PUT', '/api/chargers/ORD-1/upstream', { url: backend.url })).status).toBe(200);
    const charger = await rawCharger(t, 'ORD-1');
    charger.send('[2,"b1","BootNotification",{"chargePointVendor":"V","chargePointModel":"M"}]');
    expect((await charger.next())[0]).toBe(3);
    const remote = await charger.next();
    expect(remote[2]).toBe('RemoteStartTransaction');
    const accepted = JSON.stringify([3, remote[1], { status: 'Accepted' }]);
    const start = JSON.stringify([2, 's1', 'StartTransaction', { connectorId: 1, idTag: 'TAG-1', meterStart: 0, timestamp: new Date().toISOString() }]);
    charger.ws.send(accepted);
    charger.ws.send(start);
    await backend.frameCount(3);
    expect(backend.frames.slice(1)).toEqual([accepted, start]);
    charger.ws.close();
  } finally {
    await backend.close();
  }
});
