/**
 * Proxy mode: a wss:// back-end whose certificate chains to a CA made here (trusted through the extra CA file
 * setting), and OCPP 2.0.1 chargers relayed and validated with the 2.0.1 schemas.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RPCClient } from 'ocpp-rpc';
import { generate } from 'selfsigned';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { connectCharger, rawCharger, startApp, until, type TestApp } from '../../support/harness.ts';
import { rpcBackend } from './support.ts';

let t: TestApp;
beforeEach(async () => {
  t = await startApp();
});
afterEach(async () => {
  await t.stop();
});

test('a wss:// back-end is trusted through the extra CA file, and refused without it', async () => {
  const pems = await generate([{ name: 'commonName', value: 'Test back-end CA' }], {
    keyType: 'rsa', keySize: 2048, algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', keyCertSign: true, digitalSignature: true, keyEncipherment: true },
      { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] },
    ],
  } as any);
  const dir = mkdtempSync(join(tmpdir(), 'chargescope-ca-'));
  const caFile = join(dir, 'backend-ca.pem');
  writeFileSync(caFile, pems.cert);
  const backend = await rpcBackend({ tls: { cert: pems.cert, key: pems.private } });
  try {
    expect(backend.url.startsWith('wss://')).toBe(true);
    await t.api('PUT', '/api/chargers/TLS-1/upstream', { url: backend.url, fallback: 'answer' });
    const c1 = await connectCharger(t, 'TLS-1'); // answered locally: the back-end's certificate is not trusted yet
    await c1.close();
    const refused = await until(async () => ((await t.api('GET', '/api/connections?charger=TLS-1')).body as any[]).find((e) => e.kind === 'upstream-unreachable'), 'a TLS failure');
    expect(refused.reason).toMatch(/certificate/i);
    expect(backend.received).toEqual([]);

    expect((await t.api('PATCH', '/api/settings', { upstreamCaFile: join(dir, 'missing.pem') })).status).toBe(400);
    expect((await t.api('PATCH', '/api/settings', { upstreamCaFile: caFile })).status).toBe(200);
    const c2 = await connectCharger(t, 'TLS-1');
    await c2.close();
    expect(backend.received).toEqual(['TLS-1 BootNotification']);
  } finally {
    await backend.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an OCPP 2.0.1 charger is relayed with its version, and a 2.0.1 schema violation is found', async () => {
  const backend = await rpcBackend({ protocols: ['ocpp2.0.1'] });
  try {
    await t.api('PUT', '/api/chargers/V201/upstream', { url: backend.url });
    const c = new RPCClient({ endpoint: t.ocppUrl, identity: 'V201', protocols: ['ocpp2.0.1'], strictMode: true, reconnect: false } as any);
    await c.connect();
    expect(c.protocol).toBe('ocpp2.0.1');
    const boot: any = await c.call('BootNotification', { reason: 'PowerUp', chargingStation: { model: 'M', vendorName: 'V' } });
    expect(boot.status).toBe('Accepted');
    await c.close();

    const raw = await rawCharger(t, 'V201', ['ocpp2.0.1']);
    raw.send('[2,"bad-1","BootNotification",{"reason":"Nope","chargingStation":{"model":"M"}}]');
    const answer = await raw.next();
    expect(answer[0]).toBe(4); // the strict back-end's CALLERROR, relayed
    raw.close();
    const frames = await until(async () => {
      const f = (await t.api('GET', '/api/frames?charger=V201')).body.frames as any[];
      return f.length === 4 ? f : null;
    }, 'four frames');
    expect(frames.every((f) => f.ocppVersion === '2.0.1')).toBe(true);
    expect(frames[0].valid).toBe(true);
    expect(frames[2].valid).toBe(false);
    const findings = (await t.api('GET', '/api/findings?charger=V201')).body as any[];
    const violation = findings.find((f) => f.rule === 'schema-violation');
    expect(violation.seq).toBe(frames[2].seq);
    expect(violation.message).toMatch(/OCPP 2\.0\.1 schema/);
    expect(violation.message).toMatch(/vendorName/);
    // The trace export says which version each frame is, and which side it came from.
    const session = (await t.api('GET', '/api/info')).body.liveSessionId;
    const jsonl = (await t.api('GET', `/api/sessions/${session}/export?format=trace-jsonl`)).body as string;
    const records = jsonl.trim().split('\n').map((l) => JSON.parse(l)).filter((r) => r.chargePointId === 'V201');
    expect(records.map((r) => `${r.ocppVersion} ${r.meta.relay}`)).toEqual(['2.0.1 charger', '2.0.1 backend', '2.0.1 charger', '2.0.1 backend']);

    // Without an upstream a 2.0.1-only charger is still refused: ChargeScope answers 1.6 only.
    await t.api('DELETE', '/api/chargers/V201/upstream');
    const err = await new RPCClient({ endpoint: t.ocppUrl, identity: 'V201', protocols: ['ocpp2.0.1'], reconnect: false } as any).connect().then(() => null, (e: unknown) => e);
    expect(err).not.toBeNull();
  } finally {
    await backend.close();
  }
});
