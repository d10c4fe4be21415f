import { statSync } from 'node:fs';
import { join } from 'node:path';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { REFUSALS_PER_ADDRESS_PER_MINUTE } from '../../../main/csms/site-limits.ts';
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

  test('an identity over 255 characters is refused with the reason', async () => {
    expect(await attempt(`${t.ocppUrl}/${'i'.repeat(300)}`)).toBe(404);
  });
});
