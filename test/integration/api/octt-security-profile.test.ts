/**
 * OCTT TC_083_CSMS (2025-11 edition): Upgrade Charge Point Security Profile – Accepted. The charger is at
 * profile 1 (Basic Auth over ws://); the operator sets SecurityProfile 2 (Basic Auth over wss://) and resets it;
 * it reconnects over TLS and is accepted, a reconnection at the old profile is refused, TLS again is accepted.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { connectCharger, startApp, type TestApp } from '../../support/harness.ts';
import { accepted, booted, findings, station } from './support.ts';

let t: TestApp;
let tls: { ocppUrl: string };
beforeAll(async () => {
  t = await startApp({ args: ['--ocpps-port', '0', '--tls-self-signed'] });
  tls = { ocppUrl: t.ocppsUrl! };
});
afterAll(async () => { await t.stop(); });

const PASSWORD = 'profile-password-1';

async function connects(over: { ocppUrl: string }, id: string, opts: { password?: string; selfSignedTls?: boolean }): Promise<boolean> {
  try {
    const cp = await connectCharger(over, id, { boot: false, ...opts });
    await cp.close({ force: true });
    return true;
  } catch {
    return false;
  }
}

test('TC_083_CSMS Upgrade Charge Point Security Profile – Accepted', async () => {
  await t.api('PUT', '/api/chargers/tc083/auth', { password: PASSWORD });
  const st = await station(t, 'tc083', {}, { password: PASSWORD });
  await booted(st);
  const change = await accepted(t, st, 'ChangeConfiguration', { key: 'SecurityProfile', value: '2' });
  expect(change.result).toEqual({ status: 'Accepted' });
  expect(await findings(t, 'tc083', 'security-profile-set')).toHaveLength(1);
  expect((await t.api('GET', '/api/chargers/tc083')).body.securityProfile).toBe(2);
  const reset = await accepted(t, st, 'Reset', { type: 'Hard' });
  expect(reset.wire).toEqual({ type: 'Hard' });
  await st.close();

  // The charger comes back at profile 2: Basic Auth over TLS, and boots.
  const again = await station(tls, 'tc083', {}, { password: PASSWORD, selfSignedTls: true });
  expect((await again.call('Heartbeat', {})).currentTime).toBeDefined();
  await again.close();
  // A connection at the old profile (ws://) is refused, with the reason recorded; TLS is accepted again.
  expect(await connects(t, 'tc083', { password: PASSWORD })).toBe(false);
  const refusals = (await t.api('GET', '/api/connections?charger=tc083')).body.filter((e: any) => e.kind === 'refused');
  expect(refusals.at(-1)).toMatchObject({ code: 403, reason: expect.stringContaining('must connect over wss://') });
  expect(await connects(tls, 'tc083', { password: PASSWORD, selfSignedTls: true })).toBe(true);
  // Profile 2 still needs the password over TLS.
  expect(await connects(tls, 'tc083', { selfSignedTls: true })).toBe(false);
});

test('a lowered profile is followed and reported as a downgrade; clearing the charger\'s auth lifts the requirement', async () => {
  await t.api('PUT', '/api/chargers/sp-down/auth', { password: PASSWORD });
  const st = await station(tls, 'sp-down', {}, { password: PASSWORD, selfSignedTls: true });
  await accepted(t, st, 'ChangeConfiguration', { key: 'SecurityProfile', value: '2' });
  await accepted(t, st, 'ChangeConfiguration', { key: 'SecurityProfile', value: '1' });
  expect(await findings(t, 'sp-down', 'security-profile-downgrade')).toHaveLength(1);
  await accepted(t, st, 'ChangeConfiguration', { key: 'SecurityProfile', value: 'high' });
  expect(await findings(t, 'sp-down', 'security-profile-invalid')).toHaveLength(1);
  expect((await t.api('GET', '/api/chargers/sp-down')).body.securityProfile).toBe(1);
  await st.close();
  expect(await connects(t, 'sp-down', { password: PASSWORD })).toBe(true);
  expect(await connects(t, 'sp-down', {})).toBe(false);
  expect((await t.api('DELETE', '/api/chargers/sp-down/auth')).status).toBe(200);
  expect((await t.api('GET', '/api/chargers/sp-down')).body.securityProfile).toBeNull();
  expect(await connects(t, 'sp-down', {})).toBe(true);
});
