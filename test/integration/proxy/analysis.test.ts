/**
 * Proxy mode and the analysis engine: relayed OCPP 1.6 frames (the charger's CALLs and the back-end's answers, the
 * back-end's CALLs and the charger's answers) go through the same engine as ChargeScope's own traffic, inside the
 * commit that stores them, with the back-end in the Central System's place. One finding per fact: the engine's,
 * not a second one of the relay's.
 */
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { connectCharger, rawCharger, startApp, until, type TestApp } from '../../support/harness.ts';
import { rawBackend, rpcBackend } from './support.ts';

let t: TestApp;
beforeEach(async () => {
  t = await startApp();
});
afterEach(async () => {
  await t.stop();
});

const frames = async (id: string) => (await t.api('GET', `/api/frames?charger=${encodeURIComponent(id)}&limit=5000`)).body.frames as any[];
const findings = async (id: string) => (await t.api('GET', `/api/findings?charger=${encodeURIComponent(id)}`)).body as any[];
const finding = (id: string, rule: string) => until(async () => (await findings(id)).find((f) => f.rule === rule), `${rule} of ${id}`);

describe('relayed OCPP 1.6 frames through the analysis engine', () => {
  test("behaviour rules apply to relayed traffic: heartbeat cadence against the back-end's interval, status, transactions, meter values", async () => {
    const backend = await rpcBackend(); // answers BootNotification with interval 300
    try {
      // ChargeScope's own interval would be 1 s: only the back-end's 300 s makes two quick heartbeats too frequent.
      await t.api('PATCH', '/api/settings', { heartbeatInterval: 1 });
      await t.api('PUT', '/api/chargers/ENG-1/upstream', { url: backend.url });
      const c = await connectCharger(t, 'ENG-1');
      await c.call('Heartbeat', {});
      await c.call('Heartbeat', {});
      await c.call('StatusNotification', { connectorId: 1, status: 'Available', errorCode: 'NoError' });
      await c.call('StatusNotification', { connectorId: 1, status: 'Finishing', errorCode: 'NoError' });
      const start: any = await c.call('StartTransaction', { connectorId: 1, idTag: 'TAG1', meterStart: 1000, timestamp: new Date().toISOString() });
      expect(start.transactionId).toBe(4242); // the back-end's id
      const sample = (wh: string) => ({ connectorId: 1, transactionId: 4242, meterValue: [{ timestamp: new Date().toISOString(), sampledValue: [{ value: wh, measurand: 'Energy.Active.Import.Register', unit: 'Wh' }] }] });
      await c.call('MeterValues', sample('1500'));
      await c.call('MeterValues', sample('1200'));
      await c.call('StopTransaction', { transactionId: 4242, meterStop: 900, timestamp: new Date().toISOString() });
      await c.close();

      const list = await frames('ENG-1');
      const seqOf = (relay: string, type: string, action: string, nth = 0) => list.filter((f) => f.relay === relay && f.messageType === type && f.action === action)[nth].seq;
      expect((await finding('ENG-1', 'heartbeat-too-frequent')).seq).toBe(seqOf('charger', 'CALL', 'Heartbeat', 1));
      expect((await finding('ENG-1', 'heartbeat-too-frequent')).message).toMatch(/interval is 300 s/);
      expect((await finding('ENG-1', 'status-transition')).message).toMatch(/Available → Finishing/);
      expect((await finding('ENG-1', 'energy-register-decreased')).seq).toBe(seqOf('charger', 'CALL', 'MeterValues', 1));
      expect((await finding('ENG-1', 'meter-decreased')).seq).toBe(seqOf('charger', 'CALL', 'StopTransaction'));
      // The transaction is the back-end's 4242: never "unknown".
      expect((await findings('ENG-1')).map((f) => f.rule)).not.toContain('unknown-transaction');
    } finally {
      await backend.close();
    }
  });

  test('a back-end that answers or calls out of schema is a finding, once, and pairing is the engine\'s', async () => {
    const backend = await rawBackend((text, ws) => {
      const [, id, action] = JSON.parse(text);
      if (action === 'BootNotification') ws.send(`[3,"${id}",{"status":"Accepted","currentTime":"2026-01-01T00:00:00.000Z","interval":300}]`);
      if (action === 'Heartbeat') ws.send(`[3,"${id}",{}]`); // currentTime is required
      if (action === 'FooBar') ws.send(`[4,"${id}","NotImplemented","unknown action",{}]`);
      if (action === 'Authorize') {
        ws.send(`[3,"${id}",{"idTagInfo":{"status":"Accepted"}}]`);
        ws.send(`[3,"stray-1",{}]`); // answers nothing
        ws.send('[2,"be-1","ChangeAvailability",{"connectorId":1,"type":"Bogus"}]');
      }
    });
    try {
      await t.api('PUT', '/api/chargers/ENG-2/upstream', { url: backend.url });
      const c = await rawCharger(t, 'ENG-2');
      c.send('[2,"b1","BootNotification",{"chargePointVendor":"V","chargePointModel":"M"}]');
      expect((await c.next())[1]).toBe('b1');
      c.send('[2,"h1","Heartbeat",{}]');
      expect(await c.next()).toEqual([3, 'h1', {}]); // relayed as it is
      c.send('[2,"x1","FooBar",{}]');
      expect((await c.next())[2]).toBe('NotImplemented');
      c.send('[2,"a1","Authorize",{"idTag":"TAG1"}]');
      // The back-end's CALL goes on at once; answers wait for their commit, so the order may differ.
      const three = [await c.next(), await c.next(), await c.next()];
      expect(three.map((f) => f[1]).sort()).toEqual(['a1', 'be-1', 'stray-1']);
      expect(three.find((f) => f[1] === 'be-1').slice(0, 3)).toEqual([2, 'be-1', 'ChangeAvailability']);
      c.send('[3,"be-1",{"status":"Accepted"}]');
      await backend.frameCount(5);
      c.close();

      const list = await frames('ENG-2');
      const seq = (relay: string, type: string, id: string) => list.find((f) => f.relay === relay && f.messageType === type && f.messageId === id).seq;
      const all = await until(async () => {
        const f = await findings('ENG-2');
        return f.some((x) => x.rule === 'csms-call-invalid') ? f : null;
      }, 'the back-end CALL finding');
      const on = (s: number) => all.filter((f) => f.seq === s).map((f) => f.rule);
      expect(on(seq('backend', 'CALLRESULT', 'h1'))).toEqual(['csms-reply-invalid']);
      expect(on(seq('charger', 'CALL', 'x1'))).toEqual(['unknown-action']);
      // The back-end's CALLERROR answers a CALL already reported: no second finding.
      expect(on(seq('backend', 'CALLERROR', 'x1'))).toEqual([]);
      expect(on(seq('backend', 'CALLRESULT', 'stray-1'))).toEqual(['unmatched-result']);
      expect(on(seq('backend', 'CALL', 'be-1'))).toEqual(['csms-call-invalid']);
      expect(on(seq('charger', 'CALLRESULT', 'be-1'))).toEqual([]);
    } finally {
      await backend.close();
    }
  });

  test("a back-end CALL the charger never answers is one finding, the engine's, at the session's end", async () => {
    const backend = await rawBackend((text, ws) => {
      const [, id, action] = JSON.parse(text);
      if (action === 'BootNotification') {
        ws.send(`[3,"${id}",{"status":"Accepted","currentTime":"2026-01-01T00:00:00.000Z","interval":300}]`);
        ws.send('[2,"be-9","ClearCache",{}]');
      }
    });
    try {
      await t.api('PATCH', '/api/settings', { callTimeoutMs: 200 });
      await t.api('PUT', '/api/chargers/ENG-4/upstream', { url: backend.url });
      const c = await rawCharger(t, 'ENG-4');
      c.send('[2,"b1","BootNotification",{"chargePointVendor":"V","chargePointModel":"M"}]');
      const got = [await c.next(), await c.next()];
      expect(got.map((f) => f[1]).sort()).toEqual(['b1', 'be-9']);
      // The engineer's call waits for the charger's one slot: it arrives once the back-end's call has timed out.
      const injected = t.api('POST', '/api/chargers/ENG-4/calls/ClearCache', {});
      const call = await c.next();
      expect(call[2]).toBe('ClearCache');
      c.send(JSON.stringify([3, call[1], { status: 'Accepted' }]));
      expect((await injected).body.callResult.status).toBe('Accepted');
      expect((await t.api('POST', '/api/sessions', { name: 'next' })).status).toBeLessThan(300);
      const session = (await t.api('GET', '/api/sessions')).body.find((x: any) => !x.live && x.id !== undefined);
      const list = (await t.api('GET', `/api/frames?charger=ENG-4&session=${session.id}`)).body.frames as any[];
      const seq = list.find((f) => f.messageId === 'be-9' && f.messageType === 'CALL').seq;
      const found = (await t.api('GET', `/api/findings?charger=ENG-4&session=${session.id}`)).body as any[];
      expect(found.filter((f) => f.seq === seq).map((f) => f.rule)).toEqual(['unanswered-call']);
      c.close();
    } finally {
      await backend.close();
    }
  });

  test('injected calls and their answers meet the same engine state as the relayed frames', async () => {
    const backend = await rpcBackend();
    try {
      await t.api('PUT', '/api/chargers/ENG-3/upstream', { url: backend.url });
      const c = await connectCharger(t, 'ENG-3');
      c.handle('TriggerMessage', async () => ({ status: 'Accepted' }));
      await c.call('Heartbeat', {});
      // The engineer triggers a heartbeat: the one that follows may come early (back-end's interval 300 s).
      const res = await t.api('POST', '/api/chargers/ENG-3/calls/TriggerMessage', { requestedMessage: 'Heartbeat' });
      expect(res.body.callResult.status).toBe('Accepted');
      await c.call('Heartbeat', {});
      await c.call('Heartbeat', {});
      await c.close();
      const list = await frames('ENG-3');
      const beats = list.filter((f) => f.relay === 'charger' && f.action === 'Heartbeat' && f.messageType === 'CALL');
      const found = await finding('ENG-3', 'heartbeat-too-frequent');
      // Not the triggered one: the one after it.
      expect(found.seq).toBe(beats[2].seq);
      expect(list.filter((f) => f.relay === 'injected').map((f) => `${f.messageType} ${f.action}`)).toEqual(['CALL TriggerMessage', 'CALLRESULT TriggerMessage']);
    } finally {
      await backend.close();
    }
  });
});
