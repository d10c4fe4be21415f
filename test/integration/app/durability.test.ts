/**
 * The durability contract: what the CSMS acknowledged is on disk before the acknowledgement leaves.
 * The server runs as a child process, is killed with SIGKILL in the middle of a stream of calls, and
 * every item the charger saw acknowledged must be there after a restart on the same data dir.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RPCClient } from 'ocpp-rpc';
import { afterAll, expect, test } from 'vitest';
import { startServe } from '../../support/spawn-serve.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'chargescope-crash-'));
const TOKEN = 'crash-test-token-123';
const args = ['--data-dir', dataDir, '--ocpp-port', '0', '--ui-port', '0', '--ftp-port', '0', '--ocpp-host', '127.0.0.1', '--token', TOKEN];
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function api(port: number, path: string): Promise<any> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, { headers: { Authorization: `Bearer ${TOKEN}` } });
  return res.json();
}

test('everything acknowledged before a SIGKILL is found after the restart', async () => {
  const first = await startServe(args);
  const clients: RPCClient[] = [];
  for (let i = 0; i < 4; i++) {
    const c = new RPCClient({ endpoint: first.ocppUrl, identity: `crash-${i}`, protocols: ['ocpp1.6'], strictMode: true, reconnect: false } as any);
    await c.connect();
    await c.call('BootNotification', { chargePointVendor: 'V', chargePointModel: 'M' });
    clients.push(c);
  }
  const ackedTx: { charger: string; id: number }[] = [];
  const ackedMeters: { charger: string; tx: number; value: string }[] = [];
  let stop = false;
  const loops = clients.map(async (c, i) => {
    for (let n = 0; n < 500 && !stop; n++) {
      try {
        const st: any = await c.call('StartTransaction', { connectorId: 1, idTag: `T${i}`, meterStart: n, timestamp: new Date().toISOString() });
        ackedTx.push({ charger: `crash-${i}`, id: st.transactionId });
        const value = `${n * 10 + i}`;
        await c.call('MeterValues', { connectorId: 1, transactionId: st.transactionId, meterValue: [{ timestamp: new Date().toISOString(), sampledValue: [{ value }] }] });
        ackedMeters.push({ charger: `crash-${i}`, tx: st.transactionId, value });
        await c.call('StopTransaction', { transactionId: st.transactionId, meterStop: n + 1, timestamp: new Date().toISOString() });
      } catch {
        return; // the server died under us: what was acknowledged so far is what counts
      }
    }
  });
  // Let the stream run, then kill the server hard while calls are in flight.
  for (let i = 0; i < 200 && ackedMeters.length < 40; i++) await new Promise((r) => setTimeout(r, 25));
  first.child.kill('SIGKILL');
  const exit = await first.exited;
  stop = true;
  expect(exit.signal).toBe('SIGKILL');
  await Promise.all(loops);
  for (const c of clients) await c.close({ force: true }).catch(() => undefined);
  expect(ackedTx.length).toBeGreaterThan(10);

  const second = await startServe(args);
  try {
    const txs: any[] = [];
    for (let i = 0; i < 4; i++) txs.push(...(await api(second.uiPort, `/api/transactions?charger=crash-${i}`)));
    const ids = new Set(txs.map((t) => t.id));
    for (const t of ackedTx) expect(ids.has(t.id), `transaction ${t.id} of ${t.charger}`).toBe(true);
    for (const m of ackedMeters) {
      const samples = await api(second.uiPort, `/api/meter-values?transaction=${m.tx}`);
      expect(samples.map((s: any) => s.value), `meter value of transaction ${m.tx}`).toContain(m.value);
    }
    // Transaction ids stay unique across the restart.
    const c = new RPCClient({ endpoint: second.ocppUrl, identity: 'crash-0', protocols: ['ocpp1.6'], strictMode: true, reconnect: false } as any);
    await c.connect();
    const st: any = await c.call('StartTransaction', { connectorId: 1, idTag: 'AFTER', meterStart: 0, timestamp: new Date().toISOString() });
    expect(ids.has(st.transactionId)).toBe(false);
    expect(st.transactionId).toBeGreaterThan(Math.max(...ackedTx.map((t) => t.id)));
    await c.close();
  } finally {
    second.child.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);
  }
}, 60_000);
