import { expect, test } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../main/store/settings.ts';
import { backendAuthorization, resolveTarget } from '../../../main/proxy/target.ts';
import { onLeg, routeLabel } from '../../../renderer/proxy/relay-labels.ts';

test("a charger's own upstream wins over the site default, and the identity is appended URL-encoded", () => {
  const site = { ...DEFAULT_SETTINGS, upstream: { url: 'wss://site.example/ocpp/', password: 'site-pw', fallback: 'close' as const } };
  expect(resolveTarget('CP 1/x', undefined, DEFAULT_SETTINGS)).toBeNull();
  expect(resolveTarget('CP 1/x', undefined, site)).toEqual({
    url: 'wss://site.example/ocpp/CP%201%2Fx', host: 'site.example', fallback: 'close', source: 'site', password: 'site-pw',
  });
  expect(resolveTarget('CP1', { url: 'ws://own:9000/be', password: null, fallback: 'answer' }, site)).toEqual({
    url: 'ws://own:9000/be/CP1', host: 'own:9000', fallback: 'answer', source: 'charger', password: null,
  });
});

test("the back-end gets the configured password as Basic Auth of the identity, else the charger's own header", () => {
  expect(backendAuthorization('CP1', 'secret', 'Basic Q1AxOm90aGVy')).toBe(`Basic ${Buffer.from('CP1:secret').toString('base64')}`);
  expect(backendAuthorization('CP1', null, 'Basic Q1AxOm90aGVy')).toBe('Basic Q1AxOm90aGVy');
  expect(backendAuthorization('CP1', null, undefined)).toBeUndefined();
});

test('the trace names each way and keeps one leg or both', () => {
  const relayedIn = { direction: 'in' as const, relay: 'charger' as const };
  const relayedOut = { direction: 'out' as const, relay: 'backend' as const };
  const injected = { direction: 'out' as const, relay: 'injected' as const };
  const local = { direction: 'in' as const, relay: null };
  expect([relayedIn, relayedOut, injected, local].map(routeLabel)).toEqual(['CP→BE', 'BE→CP', 'CS→CP', 'CP→CS']);
  expect([relayedIn, relayedOut, injected, local].map((f) => onLeg(f, 'backend'))).toEqual([true, true, false, false]);
  expect([relayedIn, relayedOut, injected, local].map((f) => onLeg(f, 'charger'))).toEqual([false, false, true, true]);
  expect([relayedIn, relayedOut, injected, local].every((f) => onLeg(f, ''))).toBe(true);
});
