import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough, Readable, Writable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { Client, enterPassiveModeIPv4, FTPError } from 'basic-ftp';
import { createServer } from 'node:net';
import { afterEach, expect, test } from 'vitest';
import { addFirmware, randomFirmware, sha256, startHarness, type Harness } from './harness.ts';

let h: Harness | undefined;
const clients: Client[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await h?.close();
  h = undefined;
});

const QUOTA = 256 * 1024;
const image = randomFirmware(2 * 1024 * 1024 + 7);

function credentials(location: string) {
  const u = new URL(location);
  return { host: u.hostname, port: Number(u.port), user: u.username, password: u.password, path: decodeURIComponent(u.pathname) };
}

async function login(location: string, override: Partial<{ host: string; password: string }> = {}) {
  const c = credentials(location);
  const client = new Client(10_000);
  clients.push(client);
  await client.access({ host: override.host ?? c.host, port: c.port, user: c.user, password: override.password ?? c.password });
  return client;
}

function collect(): { sink: Writable; bytes: () => Buffer } {
  const chunks: Buffer[] = [];
  return {
    sink: new Writable({
      write(chunk: Buffer, _e, cb) {
        chunks.push(chunk);
        cb();
      },
    }),
    bytes: () => Buffer.concat(chunks),
  };
}

async function firmwareOverFtp(name = 'fw-3.0.img') {
  h = await startHarness({ maxUploadBytes: QUOTA });
  const fw = await addFirmware(h, name, image);
  const t = h.files.createFirmwareTransfer({ chargerId: 'CP-9', firmwareId: fw.id, protocol: 'ftp', host: h.host });
  return { h, fw, t };
}

test('the FTP firmware location carries per-transfer credentials, our IP and the FTP port', async () => {
  const { h, t } = await firmwareOverFtp();
  expect(t.location).toMatch(new RegExp(`^ftp://cs[0-9a-f]{10}:[0-9a-f]{24}@127\\.0\\.0\\.1:${h.files.ftpPort}/fw-3\\.0\\.img$`));
  const other = h.files.createFirmwareTransfer({ chargerId: 'CP-10', firmwareId: t.firmwareId!, protocol: 'ftp', host: h.host });
  expect(credentials(other.location).user).not.toBe(credentials(t.location).user);
});

test('a charger downloads the firmware over FTP (passive mode) with its exact bytes, and progress reaches the full size', async () => {
  const { h, fw, t } = await firmwareOverFtp();
  const client = await login(t.location);
  client.prepareTransfer = enterPassiveModeIPv4; // what most charger FTP clients use
  const out = collect();
  await client.downloadTo(out.sink, credentials(t.location).path);
  expect(sha256(out.bytes())).toBe(fw.sha256);
  await h.waitFor(t.id, (x) => x.bytes === image.length && x.state === 'transferring', 'all bytes counted');
  expect(await client.size('fw-3.0.img')).toBe(image.length);
  expect((await client.list()).map((f) => [f.name, f.size])).toEqual([['fw-3.0.img', image.length]]);
});

test('an FTP download resumes from an offset (REST) and the bytes from there are exact', async () => {
  const { h, t } = await firmwareOverFtp();
  const client = await login(t.location);
  const out = collect();
  await client.downloadTo(out.sink, 'fw-3.0.img', 1_000_000);
  expect(out.bytes().equals(image.subarray(1_000_000))).toBe(true);
  await h.waitFor(t.id, (x) => x.bytes === image.length, 'the position to reach the end');
});

test('a firmware login is read-only: no upload, no delete, no other paths', async () => {
  const { t } = await firmwareOverFtp();
  const client = await login(t.location);
  await expect(client.uploadFrom(Readable.from([Buffer.from('x')]), 'evil.bin')).rejects.toBeInstanceOf(FTPError);
  await expect(client.remove('fw-3.0.img')).rejects.toBeInstanceOf(FTPError);
  await expect(client.downloadTo(collect().sink, '../../chargescope.db')).rejects.toThrow(/escapes/);
  await expect(client.downloadTo(collect().sink, '/etc/passwd')).rejects.toBeInstanceOf(FTPError);
  await expect(client.cd('/tmp')).rejects.toBeInstanceOf(FTPError);
});

test('a wrong FTP password is refused with 530, and a right password of another transfer does not cross over', async () => {
  const { h, t } = await firmwareOverFtp();
  await expect(login(t.location, { password: '0'.repeat(24) })).rejects.toMatchObject({ code: 530 });
  const diag = h.files.createDiagnosticsTransfer({ chargerId: 'CP-9', protocol: 'ftp', host: h.host });
  const c = credentials(diag.location);
  const client = new Client(10_000);
  clients.push(client);
  await expect(client.access({ host: c.host, port: c.port, user: credentials(t.location).user, password: c.password })).rejects.toMatchObject({ code: 530 });
});

test('FTP credentials stop working when the transfer expires', async () => {
  const { h, t } = await firmwareOverFtp();
  h.advance(60 * 60 * 1000 + 1);
  await expect(login(t.location)).rejects.toMatchObject({ code: 530, message: expect.stringMatching(/expired/) });
  expect(h.files.getTransfer(t.id)).toMatchObject({ state: 'expired' });
});

test('passive mode announces the address the client reached us at, from the configured port range', async () => {
  const base = await freePortRun(4);
  h = await startHarness({ ftpHost: '0.0.0.0', pasvPorts: [base, base + 3] });
  const fw = await addFirmware(h, 'fw.bin', image);
  // One client, two of our addresses, both connections open: each is told its own address.
  const sessions = [];
  for (const ip of ['127.0.0.1', '127.0.0.2']) {
    const t = h.files.createFirmwareTransfer({ chargerId: `CP-${ip}`, firmwareId: fw.id, protocol: 'ftp', host: `${ip}:8887` });
    expect(credentials(t.location).host).toBe(ip);
    sessions.push({ ip, client: await login(t.location) });
  }
  for (const { ip, client } of sessions) {
    const pasv = await client.send('PASV');
    const m = /\((\d+),(\d+),(\d+),(\d+),(\d+),(\d+)\)/.exec(pasv.message)!;
    expect(m.slice(1, 5).join('.')).toBe(ip);
    const port = Number(m[5]) * 256 + Number(m[6]);
    expect(port).toBeGreaterThanOrEqual(base);
    expect(port).toBeLessThanOrEqual(base + 3);
  }
  for (const { client } of sessions) {
    client.prepareTransfer = enterPassiveModeIPv4; // takes the announced address as it is
    const out = collect();
    await client.downloadTo(out.sink, 'fw.bin');
    expect(sha256(out.bytes())).toBe(fw.sha256);
  }
});

async function diagnosticsOverFtp() {
  h = await startHarness({ maxUploadBytes: QUOTA });
  const t = h.files.createDiagnosticsTransfer({ chargerId: 'CP-9', protocol: 'ftp', host: h.host });
  return { h, t };
}

test('a charger uploads diagnostics by FTP STOR into its folder; content is equal and the transfer holds it', async () => {
  const { h, t } = await diagnosticsOverFtp();
  expect(t.location).toMatch(/^ftp:\/\/cs[0-9a-f]{10}:[0-9a-f]{24}@127\.0\.0\.1:\d+\/$/);
  const logs = randomFirmware(200_000);
  const client = await login(t.location);
  client.prepareTransfer = enterPassiveModeIPv4;
  await client.uploadFrom(Readable.from([logs]), 'CP-9_diag.zip');
  const got = await h.files.openTransferContent(t.id);
  expect(got.fileName).toBe('CP-9_diag.zip');
  expect(sha256(await buffer(got.stream))).toBe(sha256(logs));
  expect(h.files.getTransfer(t.id)).toMatchObject({ state: 'transferring', bytes: logs.length, fileName: 'CP-9_diag.zip' });
  expect(h.uploadedFiles()).toEqual([join(t.id, 'CP-9_diag.zip')]);
  expect(await client.size('CP-9_diag.zip')).toBe(logs.length); // some clients check the size after STOR
});

test('a diagnostics login is write-only: no download, no listing, no path escape, no folders', async () => {
  const { h, t } = await diagnosticsOverFtp();
  const client = await login(t.location);
  expect(await client.list()).toEqual([]);
  await expect(client.downloadTo(collect().sink, 'anything')).rejects.toBeInstanceOf(FTPError);
  await expect(client.uploadFrom(Readable.from([Buffer.from('evil')]), '../../evil.txt')).rejects.toThrow(/escapes/);
  await expect(client.uploadFrom(Readable.from([Buffer.from('evil')]), '%2e%2e/evil.txt')).rejects.toBeInstanceOf(FTPError);
  await expect(client.ensureDir('sub')).rejects.toBeInstanceOf(FTPError);
  expect(h.uploadedFiles()).toEqual([]);
  expect(existsSync(join(h.dir, 'evil.txt'))).toBe(false);
});

test('an FTP upload over the quota is cut off, fails the transfer and leaves no file', async () => {
  const { h, t } = await diagnosticsOverFtp();
  const client = await login(t.location);
  await expect(client.uploadFrom(Readable.from([randomFirmware(QUOTA + 1)]), 'big.bin')).rejects.toThrow();
  const failed = await h.waitFor(t.id, (x) => x.state === 'failed', 'failed');
  expect(failed.error).toMatch(/exceeds the limit of 262144 bytes/);
  expect(h.uploadedFiles()).toEqual([]);
});

test('an FTP data connection reset mid-upload fails the transfer and leaves no file', async () => {
  const { h, t } = await diagnosticsOverFtp();
  const client = await login(t.location);
  const source = new PassThrough();
  const upload = client.uploadFrom(source, 'cut.log');
  source.write(randomFirmware(50_000));
  await h.waitFor(t.id, (x) => x.state === 'transferring' && x.bytes > 0, 'the first bytes');
  client.ftp.dataSocket!.resetAndDestroy();
  await expect(upload).rejects.toThrow();
  const failed = await h.waitFor(t.id, (x) => x.state === 'failed', 'failed');
  expect(failed.error).toMatch(/broke off/);
  expect(h.uploadedFiles()).toEqual([]);
});

/**
 * A run of `n` consecutive free ports below the kernel's ephemeral range (32768+), where ports that other
 * tests open with port 0 never land; bounded tries.
 */
async function freePortRun(n: number): Promise<number> {
  const bindable = (port: number) => new Promise<boolean>((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '0.0.0.0', () => srv.close(() => resolve(true)));
  });
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * 12_000);
    let ok = true;
    for (let p = base; p < base + n && ok; p++) ok = await bindable(p);
    if (ok) return base;
  }
  throw new Error(`no run of ${n} free ports found`);
}
