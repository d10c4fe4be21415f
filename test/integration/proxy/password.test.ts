/**
 * Proxy mode, the back-end password: stored (it must be sent) but never returned by a GET, a settings answer, a
 * live event or a session export; only whether one is set. A PUT or PATCH without `password` keeps it, `null`
 * clears it.
 */
import WebSocket from 'ws';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { connectCharger, startApp, TOKEN, type TestApp } from '../../support/harness.ts';
import { rpcBackend, type Backend } from './support.ts';

let t: TestApp;
let backend: Backend;
beforeEach(async () => {
  t = await startApp();
  backend = await rpcBackend();
});
afterEach(async () => {
  await t.stop();
  await backend.close();
});

/** Connects the charger (its own password, if any) and returns the password the back-end was given. */
async function passwordSeen(id: string, own?: string): Promise<string | null> {
  const c = await connectCharger(t, id, own ? { password: own } : {});
  await c.close();
  return backend.handshakes.at(-1)!.password;
}

/** Every GET that could show it, the settings event and a chargescope export: none holds the secret. */
async function expectNowhere(secret: string, id: string): Promise<void> {
  const session = (await t.api('GET', '/api/info')).body.liveSessionId;
  for (const path of ['/api/settings', '/api/chargers', `/api/chargers/${id}`, `/api/connections?charger=${id}`, `/api/sessions/${session}/export?format=chargescope`]) {
    const res = await fetch(`http://127.0.0.1:${t.uiPort}${path}`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(res.status, path).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).includes(secret), path).toBe(false);
  }
}

test("the site default's password is never returned, kept when a PATCH leaves it out, cleared with null", async () => {
  const events = new WebSocket(`ws://127.0.0.1:${t.uiPort}/api/events?token=${TOKEN}`);
  const seen: string[] = [];
  events.on('message', (d) => seen.push(d.toString()));
  await new Promise((r) => events.once('open', r));

  const set = await t.api('PATCH', '/api/settings', { upstream: { url: backend.url, password: 'site-secret-1' } });
  expect(set.status).toBe(200);
  expect(set.body.upstream).toEqual({ url: backend.url });
  expect(set.body.upstreamPasswordSet).toBe(true);
  expect((await t.api('GET', '/api/settings')).body).toMatchObject({ upstream: { url: backend.url }, upstreamPasswordSet: true });
  expect(await passwordSeen('SITE-PW')).toBe('site-secret-1');
  await expectNowhere('site-secret-1', 'SITE-PW');

  // The Settings form sends the URL and fallback back without the password it never saw: the password stays.
  const kept = await t.api('PATCH', '/api/settings', { upstream: { url: backend.url, fallback: 'close' } });
  expect(kept.body).toMatchObject({ upstream: { url: backend.url, fallback: 'close' }, upstreamPasswordSet: true });
  expect(await passwordSeen('SITE-PW')).toBe('site-secret-1');

  const cleared = await t.api('PATCH', '/api/settings', { upstream: { url: backend.url, password: null } });
  expect(cleared.body.upstreamPasswordSet).toBe(false);
  expect(await passwordSeen('SITE-PW')).toBeNull();

  events.close();
  expect(seen.some((m) => m.includes('"settings"'))).toBe(true);
  expect(seen.some((m) => m.includes('site-secret-1'))).toBe(false);
});

test("a charger's own password: only hasPassword is shown, a PUT without it keeps it, null clears it", async () => {
  await t.api('PUT', '/api/chargers/OWN-PW/upstream', { url: backend.url, password: 'own-secret-2' });
  expect(await passwordSeen('OWN-PW')).toBe('own-secret-2');
  expect((await t.api('GET', '/api/chargers/OWN-PW')).body.proxy.configured.hasPassword).toBe(true);
  await expectNowhere('own-secret-2', 'OWN-PW');

  const kept = await t.api('PUT', '/api/chargers/OWN-PW/upstream', { url: backend.url, fallback: 'close' });
  expect(kept.body.configured).toMatchObject({ hasPassword: true, fallback: 'close' });
  expect(await passwordSeen('OWN-PW')).toBe('own-secret-2');

  const cleared = await t.api('PUT', '/api/chargers/OWN-PW/upstream', { url: backend.url, password: null });
  expect(cleared.body.configured.hasPassword).toBe(false);
  expect(await passwordSeen('OWN-PW')).toBeNull();
});
