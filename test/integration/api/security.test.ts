/**
 * The control API is for the engineer's own browser only: loopback, a token, and no other site may use it
 * through the browser (Host checked against DNS rebinding, Origin against cross-site requests).
 */
import { request } from 'node:http';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ROUTE_KEYS } from '../../../shared/api/routes.ts';
import { startApp, TOKEN, type TestApp } from '../../support/harness.ts';
import { station } from './support.ts';

let t: TestApp;
beforeAll(async () => { t = await startApp(); });
afterAll(async () => { await t.stop(); });

/** A raw HTTP request, so that Host and Origin are exactly what the test says. */
function raw(path: string, headers: Record<string, string>, method = 'GET'): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: t.uiPort, path, method, headers, setHost: false }, (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => {
        let body: unknown = text;
        try { body = JSON.parse(text); } catch { /* keep text */ }
        resolve({ status: res.statusCode ?? 0, body });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

/** Opens the event socket; resolves with the HTTP status of a refusal, or 101 when it opened. */
function eventSocket(query: string, headers: Record<string, string> = {}): Promise<{ status: number; ws?: WebSocket }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${t.uiPort}/api/events${query}`, { headers });
    ws.once('open', () => resolve({ status: 101, ws }));
    ws.once('unexpected-response', (_req, res) => {
      resolve({ status: res.statusCode ?? 0 });
      res.resume();
    });
    ws.once('error', (err) => { if (!String(err).includes('Unexpected server response')) reject(err); });
  });
}

const host = () => `127.0.0.1:${t.uiPort}`;

describe('token', () => {
  test('/api/health needs no token', async () => {
    const res = await raw('/api/health', { Host: host() });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ok: true });
  });

  test('every other route answers 401 without a token and with a wrong one', async () => {
    for (const key of ROUTE_KEYS) {
      if (key === 'GET /api/health') continue;
      const [method, pattern] = key.split(' ') as [string, string];
      const path = pattern.replace(/:[a-zA-Z]+/g, 'x');
      const none = await raw(path, { Host: host() }, method);
      expect(none.status, `${key} without token`).toBe(401);
      expect(none.body.error).toContain('token');
      const wrong = await raw(path, { Host: host(), Authorization: `Bearer ${TOKEN}x` }, method);
      expect(wrong.status, `${key} with a wrong token`).toBe(401);
      const notBearer = await raw(path, { Host: host(), Authorization: `Basic ${Buffer.from(`a:${TOKEN}`).toString('base64')}` }, method);
      expect(notBearer.status, `${key} with Basic auth`).toBe(401);
    }
  });

  test('the right token opens the API', async () => {
    const res = await raw('/api/chargers', { Host: host(), Authorization: `Bearer ${TOKEN}` });
    expect(res.status).toBe(200);
    expect(Array.isArray(res.body)).toBe(true);
  });

  test('the event socket answers 401 without the token or with a wrong one, and streams events with it', async () => {
    expect((await eventSocket('')).status).toBe(401);
    expect((await eventSocket(`?token=${TOKEN}x`)).status).toBe(401);
    const ok = await eventSocket(`?token=${TOKEN}`);
    expect(ok.status).toBe(101);
    const ws = ok.ws!;
    const seen = new Promise<any[]>((resolve) => {
      ws.on('message', (d) => {
        const batch = JSON.parse(d.toString()) as any[];
        if (batch.some((e) => e.type === 'frame' && e.frame.chargerId === 'events-1')) resolve(batch);
      });
    });
    const st = await station(t, 'events-1');
    const batch = await seen;
    expect(Array.isArray(batch)).toBe(true);
    ws.close();
    await st.close();
  });
});

describe('Host and Origin', () => {
  test('Host: evil.example gets 403, even with the token (DNS rebinding)', async () => {
    const res = await raw('/api/chargers', { Host: 'evil.example', Authorization: `Bearer ${TOKEN}` });
    expect(res.status).toBe(403);
    expect(res.body.error).toContain('evil.example');
    expect((await raw('/api/health', { Host: 'evil.example' })).status).toBe(403);
    expect((await raw('/', { Host: `evil.example:${t.uiPort}` })).status).toBe(403);
  });

  test('a loopback Host with another port gets 403; localhost with our port is fine', async () => {
    expect((await raw('/api/health', { Host: `127.0.0.1:${t.uiPort + 1}` })).status).toBe(403);
    expect((await raw('/api/health', { Host: `localhost:${t.uiPort}` })).status).toBe(200);
  });

  test('a foreign Origin gets 403, even with the token; our own origins are fine', async () => {
    const auth = { Host: host(), Authorization: `Bearer ${TOKEN}` };
    for (const origin of ['http://evil.example', `http://evil.example:${t.uiPort}`, `https://127.0.0.1:${t.uiPort}`, 'null', `http://127.0.0.1:${t.uiPort + 1}`]) {
      const res = await raw('/api/chargers', { ...auth, Origin: origin });
      expect(res.status, origin).toBe(403);
    }
    expect((await raw('/api/chargers', { ...auth, Origin: `http://127.0.0.1:${t.uiPort}` })).status).toBe(200);
    expect((await raw('/api/chargers', { ...auth, Origin: `http://localhost:${t.uiPort}` })).status).toBe(200);
  });

  test('the event socket refuses a foreign Host or Origin with 403, even with the token', async () => {
    expect((await eventSocket(`?token=${TOKEN}`, { Origin: 'http://evil.example' })).status).toBe(403);
    expect((await eventSocket(`?token=${TOKEN}`, { Host: 'evil.example' })).status).toBe(403);
  });
});

describe('loopback only', () => {
  test('the API server is bound to 127.0.0.1', () => {
    const address = t.app.api.server.address();
    expect(address).toMatchObject({ address: '127.0.0.1', port: t.uiPort });
  });

  const external = Object.values(networkInterfaces()).flat().filter((a) => a && a.family === 'IPv4' && !a.internal).map((a) => a!.address);

  test.skipIf(external.length === 0)('nothing listens for the API on the machine\'s non-loopback IPv4 addresses', async () => {
    for (const address of external) {
      const outcome = await new Promise<string>((resolve) => {
        const socket = connect({ host: address, port: t.uiPort });
        socket.setTimeout(3000, () => { socket.destroy(); resolve('timeout'); });
        socket.once('connect', () => { socket.destroy(); resolve('connected'); });
        socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? 'error'));
      });
      expect(outcome, address).not.toBe('connected');
    }
  });
});
