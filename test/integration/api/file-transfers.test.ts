/**
 * Firmware push and diagnostics pull end to end: the control API sends UpdateFirmware/GetDiagnostics with a
 * location of ours, a strict ocpp-rpc charger fetches or uploads over real HTTP and FTP, reports its status
 * notifications, and the transfer follows.
 */
import { createHash } from 'node:crypto';
import { Writable, Readable } from 'node:stream';
import { Client as FtpClient } from 'basic-ftp';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { connectCharger, startApp, until, type TestApp } from '../../support/harness.ts';

let t: TestApp;
beforeAll(async () => { t = await startApp(); });
afterAll(async () => { await t.stop(); });

const firmware = Buffer.from(Buffer.alloc(3 * 1024 * 1024 + 123).map((_, i) => (i * 31) % 251));
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function ftpGet(location: string): Promise<Buffer> {
  const url = new URL(location);
  const client = new FtpClient(10_000);
  await client.access({ host: url.hostname, port: Number(url.port), user: decodeURIComponent(url.username), password: decodeURIComponent(url.password) });
  const chunks: Buffer[] = [];
  await client.downloadTo(new Writable({ write(c, _e, cb) { chunks.push(c); cb(); } }), decodeURIComponent(url.pathname.slice(1)));
  client.close();
  return Buffer.concat(chunks);
}

for (const protocol of ['http', 'ftp'] as const) {
  test(`firmware push over ${protocol}: the charger downloads the exact bytes and the transfer follows its status notifications`, async () => {
    const added = await t.api('POST', '/api/firmware?name=fw-2.0.bin', new Uint8Array(firmware));
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ name: 'fw-2.0.bin', size: firmware.length, sha256: sha(firmware) });
    const id = `fw-${protocol}`;
    const cp = await connectCharger(t, id);
    let downloaded: Promise<Buffer> | null = null;
    cp.handle('UpdateFirmware', async ({ params }: any) => {
      downloaded = protocol === 'http' ? fetch(params.location).then(async (r) => Buffer.from(await r.arrayBuffer())) : ftpGet(params.location);
      return {};
    });
    const res = await t.api('POST', `/api/chargers/${id}/firmware-update`, { firmwareId: added.body.id, protocol });
    expect(res.status).toBe(200);
    expect(res.body.callResult).toEqual({});
    const location = new URL(res.body.location);
    expect(location.protocol).toBe(`${protocol}:`);
    expect(location.hostname).toBe('127.0.0.1');
    const bytes = await until(() => downloaded, 'download started');
    expect(sha(await bytes)).toBe(sha(firmware));
    for (const status of ['Downloading', 'Downloaded', 'Installing', 'Installed']) await cp.call('FirmwareStatusNotification', { status });
    const transfer = await until(async () => {
      const list = (await t.api('GET', `/api/transfers?charger=${id}`)).body;
      return list.find((x: any) => x.id === res.body.transferId && x.state === 'done');
    }, 'transfer done');
    expect(transfer.bytes).toBe(firmware.length);
    expect(transfer.statuses.map((s: any) => s.status)).toEqual(['Downloading', 'Downloaded', 'Installing', 'Installed']);
    // The reboot: over http the new version comes up; over ftp the charger "forgets" to switch, which is a finding.
    const version = protocol === 'http' ? '2.0.0' : '1.0.0';
    await cp.call('BootNotification', { chargePointVendor: 'TestVendor', chargePointModel: 'TestModel', firmwareVersion: version });
    const findings = (await t.api('GET', `/api/findings?charger=${id}`)).body.map((f: any) => f.rule);
    expect(findings).toContain(protocol === 'http' ? 'firmware-updated' : 'firmware-unchanged');
    await cp.close();
  });
}

test('diagnostics pull over ftp: the upload lands in the transfer and can be downloaded from the API', async () => {
  const cp = await connectCharger(t, 'diag-ftp');
  const log = Buffer.from('2026-11-23 boot ok\n2026-11-23 error 42\n'.repeat(500));
  let uploaded: Promise<void> | null = null;
  cp.handle('GetDiagnostics', async ({ params }: any) => {
    const url = new URL(params.location);
    uploaded = (async () => {
      const client = new FtpClient(10_000);
      await client.access({ host: url.hostname, port: Number(url.port), user: decodeURIComponent(url.username), password: decodeURIComponent(url.password) });
      await client.uploadFrom(Readable.from([log]), 'diag-123.log');
      client.close();
    })();
    return { fileName: 'diag-123.log' };
  });
  const res = await t.api('POST', '/api/chargers/diag-ftp/diagnostics', { protocol: 'ftp' });
  expect(res.body.callResult).toEqual({ fileName: 'diag-123.log' });
  await cp.call('DiagnosticsStatusNotification', { status: 'Uploading' });
  await until(() => uploaded !== null, 'upload started');
  await uploaded;
  await cp.call('DiagnosticsStatusNotification', { status: 'Uploaded' });
  await until(async () => (await t.api('GET', '/api/transfers?charger=diag-ftp')).body.find((x: any) => x.state === 'done'), 'diagnostics done');
  const content = await fetch(`http://127.0.0.1:${t.uiPort}/api/transfers/${res.body.transferId}/content`, { headers: { Authorization: 'Bearer test-token-0123456789' } });
  expect(content.status).toBe(200);
  expect(Buffer.from(await content.arrayBuffer()).equals(log)).toBe(true);
  await cp.close();
});

test('firmware routes refuse what cannot work, saying why', async () => {
  expect((await t.api('POST', '/api/firmware?name=empty.bin', new Uint8Array(0))).status).toBe(400);
  expect((await t.api('POST', '/api/chargers/nobody/firmware-update', { firmwareId: 'x', protocol: 'http' })).status).toBe(404);
  const cp = await connectCharger(t, 'fw-missing');
  const missing = await t.api('POST', '/api/chargers/fw-missing/firmware-update', { firmwareId: 'does-not-exist', protocol: 'http' });
  expect(missing.status).toBe(404);
  expect(missing.body.error).toMatch(/not in the library/);
  expect((await t.api('POST', '/api/chargers/fw-missing/diagnostics', { protocol: 'sftp' })).status).toBe(400);
  await cp.close();
});
