import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { buffer } from 'node:stream/consumers';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { FileError } from '../../../main/files/index.ts';
import { rawRequest, startHarness, type Harness } from './harness.ts';

let h: Harness;
const QUOTA = 64 * 1024;
beforeEach(async () => {
  h = await startHarness({ maxUploadBytes: QUOTA });
});
afterEach(async () => {
  await h.close();
});

const logs = Buffer.from('2025-03-01T09:59:59Z boot ok\n'.repeat(1500)); // ~44 KB

function diagTransfer() {
  const t = h.files.createDiagnosticsTransfer({ chargerId: 'CP-7', protocol: 'http', host: h.host });
  return { t, path: new URL(t.location).pathname };
}

async function received(id: string) {
  const c = await h.files.openTransferContent(id);
  return { ...c, bytes: await buffer(c.stream) };
}

test('the diagnostics location is a folder URL on the host the charger reached us at', () => {
  const { t } = diagTransfer();
  expect(t.location).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/files\/diag\/[0-9a-f]{32}\/$/);
  expect(t).toMatchObject({ kind: 'diagnostics', state: 'waiting', fileName: null });
});

test('a charger uploads by PUT <location><fileName>; the file is stored whole under that name', async () => {
  const { t } = diagTransfer();
  const res = await fetch(`${t.location}diag%20CP-7.log`, { method: 'PUT', body: logs });
  expect(res.status).toBe(201);
  const got = await received(t.id);
  expect(got.fileName).toBe('diag CP-7.log');
  expect(got.size).toBe(logs.length);
  expect(got.bytes.equals(logs)).toBe(true);
  expect(h.files.getTransfer(t.id)).toMatchObject({ state: 'transferring', bytes: logs.length, totalBytes: logs.length, fileName: 'diag CP-7.log' });
  expect(h.uploadedFiles()).toEqual([join(t.id, 'diag CP-7.log')]);
});

test('a second complete upload replaces the first one: a transfer holds one received file', async () => {
  const { t } = diagTransfer();
  expect((await fetch(`${t.location}first.log`, { method: 'PUT', body: 'one' })).status).toBe(201);
  expect((await fetch(`${t.location}second.log`, { method: 'PUT', body: 'two!' })).status).toBe(201);
  const got = await received(t.id);
  expect([got.fileName, got.bytes.toString()]).toEqual(['second.log', 'two!']);
  expect(h.uploadedFiles()).toEqual([join(t.id, 'second.log')]);
});

test('a charger uploads by POST of the raw body to the folder; the name comes from Content-Disposition', async () => {
  const { t } = diagTransfer();
  const res = await fetch(t.location, { method: 'POST', body: logs, headers: { 'Content-Type': 'application/octet-stream', 'Content-Disposition': 'attachment; filename="cp7-logs.tar.gz"' } });
  expect(res.status).toBe(200);
  const got = await received(t.id);
  expect(got.fileName).toBe('cp7-logs.tar.gz');
  expect(got.bytes.equals(logs)).toBe(true);
});

test('a raw POST without any name is stored under a generated name', async () => {
  const { t } = diagTransfer();
  const res = await fetch(t.location, { method: 'POST', body: logs, headers: { 'Content-Type': 'application/zip' } });
  expect(res.status).toBe(200);
  expect((await received(t.id)).fileName).toBe('diagnostics-20250301T100000Z.zip');
});

test('a charger uploads by POST multipart/form-data; the file part is stored under its filename, other fields are dropped', async () => {
  const { t } = diagTransfer();
  const form = new FormData();
  form.append('chargeBoxId', 'CP-7');
  form.append('file', new Blob([logs], { type: 'application/gzip' }), 'C:\\logs\\cp7.log.gz');
  const res = await fetch(t.location, { method: 'POST', body: form });
  expect(res.status).toBe(200);
  const got = await received(t.id);
  expect(got.fileName).toBe('cp7.log.gz');
  expect(got.bytes.equals(logs)).toBe(true);
});

test('a multipart body without a file part gets 400 and the transfer fails with the reason', async () => {
  const { t } = diagTransfer();
  const form = new FormData();
  form.append('note', 'no file here');
  const res = await fetch(t.location, { method: 'POST', body: form });
  expect(res.status).toBe(400);
  expect(await res.text()).toMatch(/no file part/);
  expect(h.files.getTransfer(t.id)).toMatchObject({ state: 'failed', error: expect.stringMatching(/no file part/) });
});

test('an upload announced over the quota gets 413 before any byte is stored, and the transfer fails', async () => {
  const { path, t } = diagTransfer();
  const res = await rawRequest(h.httpPort, 'PUT', `${path}big.log`, Buffer.alloc(QUOTA + 1, 0x41));
  expect(res.status).toBe(413);
  expect(res.body.toString()).toMatch(/maxUploadBytes/);
  expect(h.files.getTransfer(t.id)).toMatchObject({ state: 'failed', error: expect.stringMatching(/exceeds the limit/) });
  expect(h.uploadedFiles()).toEqual([]);
});

test('a chunked upload that grows over the quota gets 413, its partial file is deleted, and the transfer fails', async () => {
  const { t } = diagTransfer();
  const form = new FormData();
  form.append('file', new Blob([Buffer.alloc(QUOTA + 10, 0x42)]), 'huge.bin');
  const res = await fetch(t.location, { method: 'POST', body: form });
  expect(res.status).toBe(413);
  await res.arrayBuffer();
  const failed = await h.waitFor(t.id, (x) => x.state === 'failed', 'failed');
  expect(failed.error).toMatch(/exceeds the limit of 65536 bytes/);
  expect(h.uploadedFiles()).toEqual([]);
  await expect(h.files.openTransferContent(t.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
});

test('a connection destroyed mid-upload fails the transfer, deletes the partial file and shows nothing as complete', async () => {
  const { path, t } = diagTransfer();
  const req = request({ host: '127.0.0.1', port: h.httpPort, method: 'PUT', path: `${path}partial.log`, headers: { 'Content-Length': 50_000 }, agent: false });
  req.on('error', () => undefined); // we break it ourselves
  req.write(Buffer.alloc(20_000, 0x43));
  await h.waitFor(t.id, (x) => x.state === 'transferring' && x.bytes > 0, 'the first bytes');
  expect(h.uploadedFiles()).toEqual([join(t.id, 'partial.log.part')]);
  req.destroy();
  const failed = await h.waitFor(t.id, (x) => x.state === 'failed', 'failed');
  expect(failed.error).toMatch(/broke/);
  expect(h.uploadedFiles()).toEqual([]);
  await expect(h.files.openTransferContent(t.id)).rejects.toBeInstanceOf(FileError);
  // Even when the charger then claims success, a transfer without a complete file is not done.
  expect(h.files.onChargerStatus('CP-7', 'diagnostics', 'Uploaded', '2025-03-01T10:00:05.000Z')).toMatchObject({ state: 'failed' });
});

test('a second upload while one is running is refused with 409', async () => {
  const { path, t } = diagTransfer();
  const req = request({ host: '127.0.0.1', port: h.httpPort, method: 'PUT', path: `${path}a.log`, headers: { 'Content-Length': 20_000 }, agent: false });
  const first = new Promise<number>((resolve, reject) => {
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
  });
  req.write(Buffer.alloc(10_000, 0x44));
  await h.waitFor(t.id, (x) => x.bytes > 0, 'the first upload to start');
  expect((await rawRequest(h.httpPort, 'PUT', `${path}b.log`, Buffer.from('x'))).status).toBe(409);
  req.end(Buffer.alloc(10_000, 0x44));
  expect(await first).toBe(201);
  expect(readFileSync(join(h.dir, 'uploads', t.id, 'a.log')).length).toBe(20_000);
});

test('upload path escapes are refused with 400 and write nothing anywhere', async () => {
  const { path } = diagTransfer();
  for (const p of [`${path}../../evil.txt`, `${path}..%2f..%2fevil.txt`, `${path}%2e%2e%2fevil.txt`, `${path}sub%2fevil.txt`]) {
    const res = await rawRequest(h.httpPort, 'PUT', p, Buffer.from('evil'));
    expect(res.status, p).toBe(400);
  }
  expect(h.uploadedFiles()).toEqual([]);
});

test('unknown or expired upload locations get 404 and 410, and GET on an upload folder gets 405', async () => {
  const { t, path } = diagTransfer();
  expect((await rawRequest(h.httpPort, 'PUT', `/files/diag/${'f'.repeat(32)}/x.log`, Buffer.from('x'))).status).toBe(404);
  expect((await rawRequest(h.httpPort, 'GET', path)).status).toBe(405);
  h.advance(60 * 60 * 1000);
  expect((await rawRequest(h.httpPort, 'PUT', `${path}x.log`, Buffer.from('x'))).status).toBe(410);
  expect(h.files.getTransfer(t.id)).toMatchObject({ state: 'expired' });
  expect(h.uploadedFiles()).toEqual([]);
});
