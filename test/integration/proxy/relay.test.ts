/**
 * Proxy mode, relaying: a charger connects to ChargeScope with an upstream set, ChargeScope opens the back-end
 * link and relays every frame both ways unchanged, recording each once with its side.
 */
import { RPCClient } from 'ocpp-rpc';
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

const frames = async (charger: string) => (await t.api('GET', `/api/frames?charger=${encodeURIComponent(charger)}&limit=5000`)).body.frames as any[];

describe('relay', () => {
  test('odd whitespace survives both ways byte for byte, and each frame is recorded once with its side', async () => {
    const answer = '[3,  "b-1" ,{ "status":"Accepted" , "currentTime":"2026-01-01T00:00:00.000Z","interval" :300 }  ]';
    const backend = await rawBackend((text, ws) => {
      if (text.includes('BootNotification')) ws.send(answer);
    });
    try {
      expect((await t.api('PUT', '/api/chargers/RAW-1/upstream', { url: backend.url })).status).toBe(200);
      const charger = await rawCharger(t, 'RAW-1');
      const call = '[ 2 ,"b-1",  "BootNotification",{"chargePointVendor" : "V","chargePointModel":"M"}\n]';
      charger.send(call);
      const got = await new Promise<string>((resolve) => charger.ws.once('message', (d) => resolve(d.toString('utf8'))));
      expect(got).toBe(answer);
      expect(backend.frames).toEqual([call]);
      const list = await until(async () => {
        const f = await frames('RAW-1');
        return f.length === 2 ? f : null;
      }, 'two frames recorded');
      expect(list.map((f) => [f.direction, f.relay, f.raw])).toEqual([['in', 'charger', call], ['out', 'backend', answer]]);
      expect(list[1].callSeq).toBe(list[0].seq);
      expect(list[1].action).toBe('BootNotification');
      expect(typeof list[1].latencyMs).toBe('number');
      charger.close();
    } finally {
      await backend.close();
    }
  });

  test('a strict ocpp-rpc charger and a strict ocpp-rpc back-end talk both ways through ChargeScope', async () => {
    const backend = await rpcBackend();
    try {
      await t.api('PUT', '/api/chargers/CP-R/upstream', { url: backend.url });
      const charger = await connectCharger(t, 'CP-R');
      charger.handle('GetConfiguration', async () => ({ configurationKey: [{ key: 'HeartbeatInterval', readonly: false, value: '300' }] }));
      await charger.call('StatusNotification', { connectorId: 1, status: 'Charging', errorCode: 'NoError' });
      const auth: any = await charger.call('Authorize', { idTag: 'BLOCKED' });
      expect(auth.idTagInfo.status).toBe('Blocked'); // the back-end's answer, not ChargeScope's default
      const res: any = await backend.clients.get('CP-R').call('GetConfiguration', {});
      expect(res.configurationKey[0].key).toBe('HeartbeatInterval');
      expect(backend.received).toEqual(['CP-R BootNotification', 'CP-R StatusNotification', 'CP-R Authorize']);
      const list = await until(async () => {
        const f = await frames('CP-R');
        return f.length === 8 ? f : null;
      }, 'eight frames');
      expect(list.map((f) => `${f.relay} ${f.messageType} ${f.action}`)).toEqual([
        'charger CALL BootNotification', 'backend CALLRESULT BootNotification',
        'charger CALL StatusNotification', 'backend CALLRESULT StatusNotification',
        'charger CALL Authorize', 'backend CALLRESULT Authorize',
        'backend CALL GetConfiguration', 'charger CALLRESULT GetConfiguration',
      ]);
      expect(list.every((f) => f.valid)).toBe(true);
      const charger0 = (await t.api('GET', '/api/chargers/CP-R')).body;
      expect(charger0.proxy.mode).toBe('proxied');
      expect(charger0.proxy.link.state).toBe('open');
      expect(charger0.registration).toBe('Accepted');
      expect(charger0.connectors.map((c: any) => `${c.connectorId} ${c.status}`)).toEqual(['1 Charging']);
      const conns = (await t.api('GET', '/api/connections?charger=CP-R')).body as any[];
      expect(conns.map((c) => c.kind)).toContain('upstream-connected');
      await charger.close();
    } finally {
      await backend.close();
    }
  });

  test("the charger's Basic Auth goes to the back-end, or the configured password instead", async () => {
    const backend = await rpcBackend();
    try {
      await t.api('PUT', '/api/chargers/CP-A/auth', { password: 'charger-secret-1' });
      await t.api('PUT', '/api/chargers/CP-A/upstream', { url: backend.url });
      const c1 = await connectCharger(t, 'CP-A', { password: 'charger-secret-1' });
      await c1.close();
      await t.api('PUT', '/api/chargers/CP-A/upstream', { url: backend.url, password: 'backend-secret-2' });
      const c2 = await connectCharger(t, 'CP-A', { password: 'charger-secret-1' });
      await c2.close();
      expect(backend.handshakes.map((h) => [h.identity, h.password])).toEqual([['CP-A', 'charger-secret-1'], ['CP-A', 'backend-secret-2']]);
    } finally {
      await backend.close();
    }
  });

  test('the site default relays every charger without its own upstream, the identity appended', async () => {
    const backend = await rpcBackend();
    try {
      expect((await t.api('PATCH', '/api/settings', { upstream: { url: `${backend.url}/`, fallback: 'close' } })).status).toBe(200);
      const c = await connectCharger(t, 'SITE/1');
      await c.close();
      expect(backend.handshakes[0]!.identity).toBe('SITE/1');
      const view = (await t.api('GET', `/api/chargers/${encodeURIComponent('SITE/1')}`)).body.proxy;
      expect(view.configured).toMatchObject({ source: 'site', fallback: 'close' });
      expect((await t.api('PUT', '/api/chargers/X/upstream', { url: 'http://nope' })).status).toBe(400);
    } finally {
      await backend.close();
    }
  });
});

export type { RPCClient };
