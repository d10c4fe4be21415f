/**
 * Proxy mode, failures: back-end unreachable, refusing the upgrade, closing mid-call, or silent; under
 * `fallback: "answer"` ChargeScope answers as the local CSMS, under `"close"` the charger's link is closed (or its
 * upgrade refused) so that it retries. Each event is in the connection list with its reason.
 */
import { createServer } from 'node:net';
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

/** A port on which nothing listens. */
async function deadPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

const events = async (id: string) => (await t.api('GET', `/api/connections?charger=${id}`)).body as any[];
const eventOf = (id: string, kind: string) => until(async () => (await events(id)).find((e) => e.kind === kind), `${kind} of ${id}`);

function client(id: string) {
  return new RPCClient({ endpoint: t.ocppUrl, identity: id, protocols: ['ocpp1.6'], strictMode: true, reconnect: false, callTimeoutMs: 10_000 } as any);
}

/** Connects and returns the HTTP status the upgrade was refused with. */
async function refusedStatus(id: string): Promise<number> {
  const err: any = await client(id).connect().then(() => null, (e: unknown) => e);
  expect(err).not.toBeNull();
  return err.request?.res?.statusCode ?? err.statusCode ?? Number(/\d{3}/.exec(String(err.message))?.[0]);
}

describe('back-end unreachable', () => {
  test('answer: ChargeScope answers as the local CSMS and says so', async () => {
    await t.api('PUT', '/api/chargers/DOWN-A/upstream', { url: `ws://127.0.0.1:${await deadPort()}/csms`, fallback: 'answer' });
    const c = await connectCharger(t, 'DOWN-A');
    const hb: any = await c.call('Heartbeat', {});
    expect(typeof hb.currentTime).toBe('string');
    const e = await eventOf('DOWN-A', 'upstream-unreachable');
    expect(e.reason).toMatch(/ECONNREFUSED/);
    expect(e.reason).toMatch(/fallback answer/);
    const view = (await t.api('GET', '/api/chargers/DOWN-A')).body.proxy;
    expect(view.mode).toBe('fallback');
    expect(view.link.state).toBe('failed');
    await c.close();
  });

  test('close: the upgrade is refused with 502 so that the charger retries', async () => {
    await t.api('PUT', '/api/chargers/DOWN-C/upstream', { url: `ws://127.0.0.1:${await deadPort()}/csms`, fallback: 'close' });
    expect(await refusedStatus('DOWN-C')).toBe(502);
    const e = await eventOf('DOWN-C', 'upstream-unreachable');
    expect(e.reason).toMatch(/fallback close/);
    expect((await eventOf('DOWN-C', 'refused')).code).toBe(502);
  });
});

describe('back-end refusing the upgrade', () => {
  test('answer: its HTTP status is recorded and ChargeScope answers', async () => {
    const backend = await rpcBackend({ refuse: 401 });
    try {
      await t.api('PUT', '/api/chargers/REF-A/upstream', { url: backend.url });
      const c = await connectCharger(t, 'REF-A');
      const e = await eventOf('REF-A', 'upstream-refused');
      expect(e.code).toBe(401);
      expect(e.reason).toMatch(/HTTP 401/);
      await c.close();
    } finally {
      await backend.close();
    }
  });

  test("close: the charger is refused with the back-end's own status", async () => {
    const backend = await rpcBackend({ refuse: 401 });
    try {
      await t.api('PUT', '/api/chargers/REF-C/upstream', { url: backend.url, fallback: 'close' });
      expect(await refusedStatus('REF-C')).toBe(401);
      expect((await eventOf('REF-C', 'upstream-refused')).code).toBe(401);
    } finally {
      await backend.close();
    }
  });
});

describe('back-end closing mid-call', () => {
  const closer = () => rawBackend((text, ws) => {
    const [, id, action] = JSON.parse(text);
    if (action === 'BootNotification') ws.send(`[3,"${id}",{"status":"Accepted","currentTime":"2026-01-01T00:00:00.000Z","interval":300}]`);
    if (action === 'Authorize') ws.close(1011, 'back-end crashed');
  });

  test('answer: the call in flight is answered by ChargeScope, and the link stays', async () => {
    const backend = await closer();
    try {
      await t.api('PUT', '/api/chargers/MID-A/upstream', { url: backend.url, fallback: 'answer' });
      const c = await connectCharger(t, 'MID-A');
      const res: any = await c.call('Authorize', { idTag: 'TAG1' });
      expect(res.idTagInfo.status).toBe('Accepted');
      const e = await eventOf('MID-A', 'upstream-closed');
      expect(e.code).toBe(1011);
      expect(e.reason).toMatch(/back-end crashed.*fallback answer/);
      expect((await c.call('Heartbeat', {}) as any).currentTime).toBeTruthy();
      await c.close();
    } finally {
      await backend.close();
    }
  });

  test('answer: the call in flight is recorded once and answered once, by ChargeScope, paired with that record', async () => {
    const backend = await closer();
    try {
      await t.api('PUT', '/api/chargers/MID-1/upstream', { url: backend.url, fallback: 'answer' });
      const c = await rawCharger(t, 'MID-1');
      c.send('[2,"b1","BootNotification",{"chargePointVendor":"V","chargePointModel":"M"}]');
      expect((await c.next())[1]).toBe('b1');
      c.send('[2,"a1","Authorize",{"idTag":"TAG1"}]');
      const answer = await c.next();
      expect(answer.slice(0, 2)).toEqual([3, 'a1']);
      await eventOf('MID-1', 'upstream-closed');
      // The next frame the charger gets answers its next CALL: no second answer to a1 came before it.
      c.send('[2,"h1","Heartbeat",{}]');
      expect((await c.next())[1]).toBe('h1');
      c.close();
      const list = (await t.api('GET', '/api/frames?charger=MID-1')).body.frames as any[];
      const calls = list.filter((f) => f.messageType === 'CALL' && f.action === 'Authorize');
      expect(calls.map((f) => f.relay)).toEqual(['charger']);
      const answers = list.filter((f) => f.messageId === 'a1' && f.messageType !== 'CALL');
      expect(answers.map((f) => [f.direction, f.relay ?? null, f.callSeq])).toEqual([['out', null, calls[0].seq]]);
      const rules = ((await t.api('GET', '/api/findings?charger=MID-1')).body as any[]).map((f) => f.rule);
      expect(rules).not.toContain('duplicate-message-id');
    } finally {
      await backend.close();
    }
  });

  test("close: the charger's link is closed", async () => {
    const backend = await closer();
    try {
      await t.api('PUT', '/api/chargers/MID-C/upstream', { url: backend.url, fallback: 'close' });
      const c = await connectCharger(t, 'MID-C');
      const closed = new Promise<any>((r) => c.once('close', r));
      await expect(c.call('Authorize', { idTag: 'TAG1' })).rejects.toThrow();
      expect((await closed).code).toBe(1013);
      expect((await eventOf('MID-C', 'upstream-closed')).reason).toMatch(/fallback close/);
    } finally {
      await backend.close();
    }
  });
});

describe('back-end silent', () => {
  const mute = () => rawBackend((text, ws) => {
    const [, id, action] = JSON.parse(text);
    if (action === 'BootNotification') ws.send(`[3,"${id}",{"status":"Accepted","currentTime":"2026-01-01T00:00:00.000Z","interval":300}]`);
  });

  test.each(['answer', 'close'] as const)('%s', async (fallback) => {
    const backend = await mute();
    try {
      await t.api('PATCH', '/api/settings', { callTimeoutMs: 300 });
      const id = `MUTE-${fallback}`;
      await t.api('PUT', `/api/chargers/${id}/upstream`, { url: backend.url, fallback });
      const c = await connectCharger(t, id);
      if (fallback === 'answer') {
        expect((await c.call('StatusNotification', { connectorId: 1, status: 'Available', errorCode: 'NoError' }))).toEqual({});
      } else {
        const closed = new Promise<any>((r) => c.once('close', r));
        await expect(c.call('StatusNotification', { connectorId: 1, status: 'Available', errorCode: 'NoError' })).rejects.toThrow();
        expect((await closed).code).toBe(1013);
      }
      expect((await eventOf(id, 'upstream-silent')).reason).toMatch(/did not answer StatusNotification \(message .+\) within 300 ms/);
      await c.close({ force: true });
    } finally {
      await backend.close();
    }
  });

  // The charger sends nothing after its boot: only the WebSocket ping finds the silence.
  test.each(['answer', 'close'] as const)('%s: a back-end that answers no ping is found while the charger is idle', async (fallback) => {
    const backend = await rawBackend((text, ws) => {
      const [, id, action] = JSON.parse(text);
      if (action === 'BootNotification') ws.send(`[3,"${id}",{"status":"Accepted","currentTime":"2026-01-01T00:00:00.000Z","interval":300}]`);
    }, 'ocpp1.6', { autoPong: false });
    try {
      await t.api('PATCH', '/api/settings', { pingIntervalSec: 1 });
      const id = `NOPONG-${fallback}`;
      await t.api('PUT', `/api/chargers/${id}/upstream`, { url: backend.url, fallback });
      const c = await connectCharger(t, id);
      const closed = new Promise<any>((r) => c.once('close', r));
      const e = await until(async () => (await events(id)).find((x) => x.kind === 'upstream-silent'), 'upstream-silent by ping', 20_000);
      expect(e.reason).toMatch(/answered no WebSocket ping and sent nothing for 1 s/);
      if (fallback === 'answer') {
        expect(e.reason).toMatch(/fallback answer/);
        expect((await c.call('Heartbeat', {}) as any).currentTime).toBeTruthy();
        const frames = (await t.api('GET', `/api/frames?charger=${id}`)).body.frames as any[];
        expect(frames.at(-1)).toMatchObject({ action: 'Heartbeat', direction: 'out' });
        expect(frames.at(-1).relay ?? null).toBeNull(); // answered by ChargeScope
        expect((await t.api('GET', `/api/chargers/${id}`)).body.proxy.mode).toBe('fallback');
        await c.close({ force: true });
      } else {
        expect((await closed).code).toBe(1013);
      }
    } finally {
      await backend.close();
    }
  });
});
