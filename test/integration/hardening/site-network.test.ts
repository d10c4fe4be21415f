import { statSync } from 'node:fs';
import { join } from 'node:path';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CONNECTIONS_PER_ADDRESS_PER_MINUTE, REFUSALS_PER_ADDRESS_PER_MINUTE } from '../../../main/csms/site-limits.ts';
import { startApp, type TestApp } from '../../support/harness.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startApp();
});
afterAll(async () => {
  await t.stop();
});

/** One upgrade attempt; resolves with the HTTP status it got (101 when it opened). */
function attempt(url: string, protocols: string[] = ['ocpp1.6']): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, protocols);
    ws.once('open', () => {
      ws.close();
      resolve(101);
    });
    ws.once('unexpected-response', (_req, res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    ws.once('error', () => resolve(0));
  });
}

const dbBytes = (dir: string) => ['chargescope.db', 'chargescope.db-wal'].reduce((a, f) => {
  try {
    return a + statSync(join(dir, f)).size;
  } catch {
    return a;
  }
}, 0);

describe('what the site network can make ChargeScope keep is bounded', () => {
  test('a flood of refused upgrades with 16 KB paths leaves a bounded, truncated, rate-limited record', async () => {
    const before = dbBytes(t.dataDir);
    const path = `${'p'.repeat(15_000)}/`;
    const statuses: number[] = [];
    // 300 refusals from one address: each 16 KB path would have been ~5 MB of records.
    for (let i = 0; i < 300; i++) statuses.push(await attempt(`${t.ocppUrl}/${path}`));
    expect(statuses.every((s) => s === 404)).toBe(true);
    const conns = await t.api('GET', '/api/connections?limit=1000');
    expect(conns.status).toBe(200);
    const refused = (Array.isArray(conns.body) ? conns.body : conns.body.connections ?? conns.body.events).filter((c: any) => c.kind === 'refused');
    expect(refused.length).toBeLessThanOrEqual(REFUSALS_PER_ADDRESS_PER_MINUTE);
    expect(refused.length).toBeGreaterThan(0);
    for (const r of refused) {
      expect((r.path ?? '').length).toBeLessThan(600);
      expect(r.reason.length).toBeLessThan(1400);
    }
    // Growth of the database and its WAL: well under what 300 whole records would take (~5 MB).
    const grown = dbBytes(t.dataDir) - before;
    process.stdout.write(`refused-upgrade flood: 300 attempts, ${refused.length} recorded, database + WAL grew ${grown} bytes\n`);
    expect(grown).toBeLessThan(1024 * 1024);
  });

  test('a flood of new identities from one address is served, and recorded only up to the per-minute budget', async () => {
    const flood = CONNECTIONS_PER_ADDRESS_PER_MINUTE + 90;
    const statuses: number[] = [];
    // Each opens and closes at once (attempt() closes on open): a reconnect storm of strangers.
    for (let i = 0; i < flood; i++) statuses.push(await attempt(`${t.ocppUrl}/flood-${i}`));
    expect(statuses.every((s) => s === 101)).toBe(true); // nobody is refused for it: the limit bounds the record only
    const list = async () => {
      const conns = await t.api('GET', '/api/connections?limit=5000');
      expect(conns.status).toBe(200);
      return ((Array.isArray(conns.body) ? conns.body : conns.body.connections ?? conns.body.events) as any[]).filter((c) => String(c.chargerId ?? '').startsWith('flood-'));
    };
    // The closes are recorded as they happen: wait (bounded) until every recorded connect has its close.
    let events = await list();
    for (let i = 0; i < 100 && events.filter((e) => e.kind === 'closed').length < events.filter((e) => e.kind === 'connected').length; i++) {
      await new Promise((r) => setTimeout(r, 20));
      events = await list();
    }
    const connected = events.filter((e) => e.kind === 'connected');
    expect(connected.length).toBe(CONNECTIONS_PER_ADDRESS_PER_MINUTE);
    expect(events.filter((e) => e.kind === 'closed').length).toBe(CONNECTIONS_PER_ADDRESS_PER_MINUTE);
    // Every charger is known all the same (and counts against the cap of never-booted chargers).
    const chargers = await t.api('GET', '/api/chargers');
    const ids = ((Array.isArray(chargers.body) ? chargers.body : chargers.body.chargers) as any[]).map((c) => c.id);
    expect(ids.filter((id: string) => id.startsWith('flood-')).length).toBe(flood);
  });

  test('an identity over 255 characters is refused with the reason', async () => {
    expect(await attempt(`${t.ocppUrl}/${'i'.repeat(300)}`)).toBe(404);
  });
});
