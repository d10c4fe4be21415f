import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { createStore } from '../../../main/store/store.ts';

test('chargers that never booted are kept up to the cap, oldest removed first, never a connected or booted one', () => {
  const store = createStore(join(mkdtempSync(join(tmpdir(), 'cs-cap-')), 'x.db'), '2026-11-01T00:00:00.000Z');
  const c = store.chargers;
  const at = (i: number) => new Date(Date.UTC(2026, 10, 1, 0, 0, i)).toISOString();
  c.touch('booted', at(0));
  c.recordBoot('booted', { chargePointVendor: 'V', chargePointModel: 'M' }, 'Accepted', at(0));
  c.setPasswordHash('with-password', 'x:y:', at(0));
  const connected = new Set(['s-0']);
  let removed = 0;
  for (let i = 0; i < 30; i++) {
    c.touch(`s-${i}`, at(i + 1));
    removed += c.pruneUnbooted(10, (id) => connected.has(id), store.sessions.liveId);
  }
  const ids = c.list().map((r) => r.id);
  const strangers = ids.filter((id) => id.startsWith('s-'));
  expect(strangers.length).toBe(10);
  expect(removed).toBe(20);
  expect(ids).toContain('s-0');
  expect(ids).toContain('s-29');
  expect(ids).not.toContain('s-1');
  expect(ids).toContain('booted');
  expect(ids).toContain('with-password');
  store.close();
});

test('a pruned stranger takes its connection records of the live session along; a recording keeps its own', () => {
  const store = createStore(join(mkdtempSync(join(tmpdir(), 'cs-cap-')), 'x.db'), '2026-11-01T00:00:00.000Z');
  const c = store.chargers;
  const live = store.sessions.liveId;
  const at = (i: number) => new Date(Date.UTC(2026, 10, 1, 0, 0, i)).toISOString();
  const event = (sessionId: number, chargerId: string, i: number) => store.connections.insert({
    sessionId, chargerId, at: at(i), kind: 'connected', remoteAddress: '10.0.0.9:1', path: `/${chargerId}`, subprotocols: 'ocpp1.6', reason: 'connected', code: null,
  });
  const other = live + 1000; // rows of another session (a recording) with the same charger id
  for (let i = 0; i < 5; i++) {
    c.touch(`s-${i}`, at(i));
    event(live, `s-${i}`, i);
    event(other, `s-${i}`, i);
    store.findings.insert({ sessionId: live, chargerId: `s-${i}`, seq: null, severity: 'warning', rule: 'connection', message: 'no subprotocol', at: at(i) });
    c.pruneUnbooted(2, () => false, live);
  }
  const liveEvents = store.connections.list(live).map((e) => e.chargerId);
  expect(liveEvents.sort()).toEqual(['s-3', 's-4']);
  expect(store.connections.list(other).length).toBe(5);
  expect(store.findings.list(live).map((f) => f.chargerId).sort()).toEqual(['s-3', 's-4']);
  store.close();
});
