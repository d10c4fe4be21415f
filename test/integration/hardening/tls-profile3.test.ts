import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import WebSocket from 'ws';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startApp, type TestApp } from '../../support/harness.ts';
import { accepted, station } from '../api/support.ts';

/**
 * Security profile 3 with certificates made here: a CA for charger certificates (--tls-ca), a client certificate it
 * signs, and one from a stranger's CA. A charger at profile 3 must present a certificate that chains to --tls-ca.
 */
let t: TestApp;
let ca: { cert: string; private: string };
let rogue: { cert: string; private: string };

async function makeCa(cn: string) {
  return generate([{ name: 'commonName', value: cn }], {
    keyType: 'ec', algorithm: 'sha256',
    extensions: [{ name: 'basicConstraints', cA: true, critical: true }, { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true }],
  });
}
async function clientCert(cn: string, signer: { cert: string; private: string }) {
  return generate([{ name: 'commonName', value: cn }, { name: 'organizationName', value: 'Test CPO' }], {
    keyType: 'ec', algorithm: 'sha256', ca: { key: signer.private, cert: signer.cert },
    extensions: [{ name: 'basicConstraints', cA: false }, { name: 'keyUsage', digitalSignature: true, keyEncipherment: true }, { name: 'extKeyUsage', clientAuth: true }],
  });
}

beforeAll(async () => {
  ca = await makeCa('ChargeScope test charger CA');
  rogue = await makeCa('Somebody else');
  const dir = mkdtempSync(join(tmpdir(), 'cs-ca-'));
  writeFileSync(join(dir, 'ca.pem'), ca.cert);
  t = await startApp({ args: ['--ocpps-port', '0', '--tls-self-signed', '--tls-ca', join(dir, 'ca.pem')] });
  // The charger accepts SecurityProfile 3 over ws://; from its next connection it must use a certificate.
  const st = await station(t, 'SER-0003');
  await accepted(t, st, 'ChangeConfiguration', { key: 'SecurityProfile', value: '3' });
  await st.close();
});
afterAll(async () => {
  await t.stop();
});

/** One wss upgrade as SER-0003 with the given client certificate; 101 when it opened, else the HTTP status. */
function attempt(cert?: { cert: string; private: string }, id = 'SER-0003'): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${t.ocppsUrl}/${id}`, ['ocpp1.6'], { rejectUnauthorized: false, ...(cert ? { cert: cert.cert, key: cert.private } : {}) });
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

const lastRefusal = async () => (await t.api('GET', '/api/connections?charger=SER-0003')).body.filter((e: any) => e.kind === 'refused').at(-1);

test('profile 3: no client certificate is refused, and the reason is in the connection list', async () => {
  expect(await attempt()).toBe(403);
  expect(await lastRefusal()).toMatchObject({ code: 403, reason: expect.stringContaining('presented no client certificate') });
});

test('profile 3: a certificate from another CA is refused with the reason', async () => {
  expect(await attempt(await clientCert('SER-0003', rogue))).toBe(403);
  expect(await lastRefusal()).toMatchObject({ code: 403, reason: expect.stringContaining('does not chain to the --tls-ca CA') });
});

test('profile 3: a certificate signed by --tls-ca with the serial as CN is accepted, without Basic Auth', async () => {
  expect(await attempt(await clientCert('SER-0003', ca))).toBe(101);
});

test('profile 3: a CN that is not the serial (A00.FR.405) is a finding, and a refusal in strict mode', async () => {
  const other = await clientCert('SOMEONE-ELSE', ca);
  expect(await attempt(other)).toBe(101);
  const findings = (await t.api('GET', '/api/findings?charger=SER-0003')).body;
  expect(findings.some((f: any) => /A00\.FR\.405/.test(f.message) && /SOMEONE-ELSE/.test(f.message))).toBe(true);
  await t.api('PATCH', '/api/settings', { strict: true });
  try {
    expect(await attempt(other)).toBe(403);
    expect(await lastRefusal()).toMatchObject({ reason: expect.stringContaining('strict mode refuses it') });
  } finally {
    await t.api('PATCH', '/api/settings', { strict: false });
  }
});
