/**
 * Durability in proxy mode: a relayed frame is committed before it is written to the other side, so after a
 * SIGKILL under relayed load every answer a charger got (from the back-end) and every answer the back-end got
 * (from the charger) is found in the trace, with the CALL it answers.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RPCClient } from 'ocpp-rpc';
import { afterAll, expect, test } from 'vitest';
import { startServe } from '../../support/spawn-serve.ts';
import { rpcBackend } from './support.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'chargescope-proxy-crash-'));
const TOKEN = 'proxy-crash-token-123';
const args = ['--data-dir', dataDir, '--ocpp-port', '0', '--ui-port', '0', '--ftp-port', '0', '--ocpp-host', '127.0.0.1', '--token', TOKEN];
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function api(port: number, method: string, path: string, body?: unknown): Promise<any> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, {
    method, headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return res.json();
}

test('everything acknowledged on either leg before a SIGKILL is found after the restart', async () => {
  const backend = await rpcBackend();
  const first = await startServe(args);
  const ackedByCharger: { charger: string; value: string }[] = [];
  const ackedByBackend: { charger: string; data: string }[] = [];
  try {
    await api(first.uiPort, 'PATCH', '/api/settings', { upstream: { url: backend.url, fallback: 'close' } });
    const clients: RPCClient[] = [];
    for (let i = 0; i < 4; i++) {
      const c = new RPCClient({ endpoint: first.ocppUrl, identity: `pcrash-${i}`, protocols: ['ocpp1.6'], strictMode: true, reconnect: false } as any);
      c.handle('DataTransfer', async ({ params }: any) => ({ status: 'Accepted', data: params.data }));
      await c.connect();
      await c.call('BootNotification', { chargePointVendor: 'V', chargePointModel: 'M' });
      clients.push(c);
    }
    let stop = false;
    const chargerLoops = clients.map(async (c, i) => {
      for (let n = 0; n < 2000 && !stop; n++) {
        const value = `${i}-${n}`;
        try {
          await c.call('MeterValues', { connectorId: 1, meterValue: [{ timestamp: new Date().toISOString(), sampledValue: [{ value }] }] });
        } catch {
          return; // ChargeScope died: what was acknowledged so far is what counts
        }
        ackedByCharger.push({ charger: `pcrash-${i}`, value });
      }
    });
    const backendLoops = [0, 1].map(async (i) => {
      const client = backend.clients.get(`pcrash-${i}`);
      for (let n = 0; n < 2000 && !stop; n++) {
        const data = `be-${i}-${n}`;
        try {
          await client.call('DataTransfer', { vendorId: 'test', data });
        } catch {
          return;
        }
        ackedByBackend.push({ charger: `pcrash-${i}`, data });
      }
    });
    for (let i = 0; i < 400 && (ackedByCharger.length < 60 || ackedByBackend.length < 20); i++) await new Promise((r) => setTimeout(r, 25));
    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    stop = true;
    await Promise.all([...chargerLoops, ...backendLoops]);
    for (const c of clients) await c.close({ force: true }).catch(() => undefined);
    expect(ackedByCharger.length).toBeGreaterThan(20);
    expect(ackedByBackend.length).toBeGreaterThan(5);
  } finally {
    if (first.child.exitCode === null && first.child.signalCode === null) first.child.kill('SIGKILL');
  }

  const second = await startServe(args);
  try {
    const byCharger = new Map<string, any[]>();
    for (let i = 0; i < 4; i++) {
      const out: any[] = [];
      for (let after = 0, n = 0; n < 50; n++) {
        const page = await api(second.uiPort, 'GET', `/api/frames?charger=pcrash-${i}&after=${after}&limit=5000`);
        out.push(...page.frames);
        if (page.frames.length < 5000) break;
        after = page.next;
      }
      byCharger.set(`pcrash-${i}`, out);
    }
    const answered = (frames: any[], callSide: string, needle: string) => {
      const call = frames.find((f) => f.relay === callSide && f.messageType === 'CALL' && f.raw.includes(needle));
      return call !== undefined && frames.some((f) => f.callSeq === call.seq && f.messageType === 'CALLRESULT' && f.relay !== callSide);
    };
    for (const a of ackedByCharger) expect(answered(byCharger.get(a.charger)!, 'charger', `"${a.value}"`), `MeterValues ${a.value}`).toBe(true);
    for (const a of ackedByBackend) expect(answered(byCharger.get(a.charger)!, 'backend', `"${a.data}"`), `DataTransfer ${a.data}`).toBe(true);
  } finally {
    second.child.kill('SIGTERM');
    await second.exited;
    await backend.close();
  }
}, 60_000);
