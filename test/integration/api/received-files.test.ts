/**
 * Received diagnostics opened in place through the control API: a strict ocpp-rpc charger uploads a tar.gz
 * over HTTP and a zip over FTP; the entries list and an entry reads as text; binary is a 415 with a message,
 * a transfer without a file a 404, a bad index or limit a 400.
 */
import { Readable } from 'node:stream';
import { Client as FtpClient } from 'basic-ftp';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { tarOf, zipOf } from '../../support/archives.ts';
import { connectCharger, startApp, until, type TestApp } from '../../support/harness.ts';

let t: TestApp;
beforeAll(async () => { t = await startApp(); });
afterAll(async () => { await t.stop(); });

const LOG = Array.from({ length: 400 }, (_, i) => `2026-11-23T10:${String(i % 60).padStart(2, '0')}:00Z line ${i}${i === 321 ? ' ERROR ground fault' : ''}`).join('\n');

async function upload(id: string, protocol: 'http' | 'ftp', name: string, data: Buffer): Promise<string> {
  const cp = await connectCharger(t, id);
  let sent: Promise<void> | null = null;
  cp.handle('GetDiagnostics', async ({ params }: any) => {
    sent = protocol === 'http'
      ? fetch(`${params.location}${encodeURIComponent(name)}`, { method: 'PUT', body: new Uint8Array(data) }).then((r) => { if (r.status !== 201) throw new Error(`PUT ${r.status}`); })
      : (async () => {
        const url = new URL(params.location);
        const client = new FtpClient(10_000);
        await client.access({ host: url.hostname, port: Number(url.port), user: decodeURIComponent(url.username), password: decodeURIComponent(url.password) });
        await client.uploadFrom(Readable.from([data]), name);
        client.close();
      })();
    return { fileName: name };
  });
  const res = await t.api('POST', `/api/chargers/${id}/diagnostics`, { protocol });
  expect(res.status).toBe(200);
  await cp.call('DiagnosticsStatusNotification', { status: 'Uploading' });
  await until(() => sent !== null, 'upload started');
  await sent;
  await cp.call('DiagnosticsStatusNotification', { status: 'Uploaded' });
  await until(async () => (await t.api('GET', `/api/transfers?charger=${id}`)).body.find((x: any) => x.id === res.body.transferId && x.state === 'done'), 'upload done');
  await cp.close();
  return res.body.transferId;
}

test('a tar.gz uploaded over HTTP lists its files, and a log reads as text', async () => {
  const id = await upload('diag-tgz', 'http', 'cp-logs.tar.gz', tarOf([{ name: 'logs/', directory: true }, { name: 'logs/ocpp.log', data: LOG }, { name: 'logs/core.bin', data: Buffer.alloc(9000, 0) }], true));
  const listing = await t.api('GET', `/api/transfers/${id}/entries`);
  expect(listing.status).toBe(200);
  expect(listing.body).toMatchObject({ transferId: id, fileName: 'cp-logs.tar.gz', format: 'tar.gz', truncated: false });
  expect(listing.body.entries.map((e: any) => [e.index, e.name, e.kind])).toEqual([[0, 'logs/', 'directory'], [1, 'logs/ocpp.log', 'file'], [2, 'logs/core.bin', 'file']]);
  const text = await t.api('GET', `/api/transfers/${id}/entries/1/text`);
  expect(text.status).toBe(200);
  expect(text.body).toMatchObject({ name: 'logs/ocpp.log', encoding: 'utf-8', truncated: false });
  expect(text.body.text.split('\n').find((l: string) => l.includes('ERROR'))).toBe('2026-11-23T10:21:00Z line 321 ERROR ground fault');
  const binary = await t.api('GET', `/api/transfers/${id}/entries/2/text`);
  expect(binary.status).toBe(415);
  expect(binary.body).toMatchObject({ code: 'UNSUPPORTED_MEDIA', error: expect.stringMatching(/core\.bin is binary, not text: download/) });
  const limited = await t.api('GET', `/api/transfers/${id}/entries/1/text?maxBytes=100`);
  expect(limited.body).toMatchObject({ bytes: 100, truncated: true });
});

test('a zip uploaded over FTP opens in place too', async () => {
  const id = await upload('diag-zip', 'ftp', 'diag.zip', zipOf([{ name: 'system.log', data: LOG }]));
  const listing = await t.api('GET', `/api/transfers/${id}/entries`);
  expect(listing.body).toMatchObject({ format: 'zip', entries: [{ index: 0, name: 'system.log', size: LOG.length, unsafeName: null }] });
  expect((await t.api('GET', `/api/transfers/${id}/entries/0/text`)).body.text).toBe(LOG);
});

test('refusals say why: binary file 415, no file 404, bad index or limit 400, unknown entry 404', async () => {
  const bin = await upload('diag-bin', 'http', 'dump.bin', Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 13) % 256)));
  const r415 = await t.api('GET', `/api/transfers/${bin}/entries`);
  expect(r415.status).toBe(415);
  expect(r415.body.error).toMatch(/dump\.bin is neither text nor an archive/);
  expect((await t.api('GET', '/api/transfers/no-such-transfer/entries')).status).toBe(404);
  const txt = await upload('diag-txt', 'http', 'plain.log', Buffer.from(LOG));
  expect((await t.api('GET', `/api/transfers/${txt}/entries`)).body).toMatchObject({ format: 'text', entries: [{ index: 0, name: 'plain.log' }] });
  expect((await t.api('GET', `/api/transfers/${txt}/entries/x/text`)).status).toBe(400);
  expect((await t.api('GET', `/api/transfers/${txt}/entries/0/text?maxBytes=0`)).status).toBe(400);
  expect((await t.api('GET', `/api/transfers/${txt}/entries/0/text?maxBytes=99999999999`)).status).toBe(400);
  expect((await t.api('GET', `/api/transfers/${txt}/entries/3/text`)).status).toBe(404);
  expect((await t.api('GET', `/api/transfers/${txt}/entries`, undefined, { Authorization: 'Bearer wrong' })).status).toBe(401);
});
