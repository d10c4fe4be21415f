import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { openDatabase } from '../../../main/store/db.ts';
import { addFirmware, randomFirmware, startHarness, type Harness } from './harness.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const at = (s: number) => `2025-03-01T10:00:${String(s).padStart(2, '0')}.000Z`;

async function firmwareTransfer(x: Harness, chargerId = 'CP-1') {
  const fw = await addFirmware(x, 'fw.bin', randomFirmware(4096));
  return x.files.createFirmwareTransfer({ chargerId, firmwareId: fw.id, protocol: 'http', host: x.host });
}

test('FirmwareStatusNotification statuses are appended with their times and move the transfer to done on Installed', async () => {
  h = await startHarness();
  const t = await firmwareTransfer(h);
  h.events.length = 0;
  expect(h.files.onChargerStatus('CP-1', 'firmware', 'Downloading', at(1))).toMatchObject({ state: 'transferring' });
  h.files.onChargerStatus('CP-1', 'firmware', 'Downloaded', at(2));
  h.files.onChargerStatus('CP-1', 'firmware', 'Installing', at(3));
  const done = h.files.onChargerStatus('CP-1', 'firmware', 'Installed', at(4));
  expect(done).toMatchObject({ id: t.id, state: 'done', statuses: [
    { status: 'Downloading', at: at(1) }, { status: 'Downloaded', at: at(2) }, { status: 'Installing', at: at(3) }, { status: 'Installed', at: at(4) },
  ] });
  expect(h.events.map((e) => e.statuses.length)).toEqual([1, 2, 3, 4]); // each status is emitted at once
  expect(h.files.getTransfer(t.id)).toEqual(done);
});

test('DownloadFailed and InstallationFailed fail a firmware transfer; a retry that downloads again reopens it', async () => {
  h = await startHarness();
  await firmwareTransfer(h);
  expect(h.files.onChargerStatus('CP-1', 'firmware', 'DownloadFailed', at(1))).toMatchObject({ state: 'failed', error: 'the charger reported DownloadFailed' });
  expect(h.files.onChargerStatus('CP-1', 'firmware', 'Downloading', at(2))).toMatchObject({ state: 'transferring', error: null });
  expect(h.files.onChargerStatus('CP-1', 'firmware', 'InstallationFailed', at(3))).toMatchObject({ state: 'failed', error: 'the charger reported InstallationFailed' });
});

test('statuses go to the newest open transfer of that kind for that charger only', async () => {
  h = await startHarness();
  const older = await firmwareTransfer(h);
  h.advance(1000);
  const newer = await firmwareTransfer(h);
  const otherCharger = await firmwareTransfer(h, 'CP-2');
  const diag = h.files.createDiagnosticsTransfer({ chargerId: 'CP-1', protocol: 'http', host: h.host });
  expect(h.files.onChargerStatus('CP-1', 'firmware', 'Downloading', at(1))?.id).toBe(newer.id);
  for (const id of [older.id, otherCharger.id, diag.id]) expect(h.files.getTransfer(id)?.statuses).toEqual([]);
  expect(h.files.onChargerStatus('CP-3', 'firmware', 'Downloading', at(1))).toBeNull();
});

test('diagnostics: Uploaded with the file received makes the transfer done; UploadFailed fails it', async () => {
  h = await startHarness();
  const t = h.files.createDiagnosticsTransfer({ chargerId: 'CP-1', protocol: 'http', host: h.host });
  h.files.onChargerStatus('CP-1', 'diagnostics', 'Uploading', at(1));
  const put = await fetch(`${t.location}d.log`, { method: 'PUT', body: 'log line\n' });
  expect(put.status).toBe(201);
  expect(h.files.getTransfer(t.id)).toMatchObject({ state: 'transferring', fileName: 'd.log' });
  expect(h.files.onChargerStatus('CP-1', 'diagnostics', 'Uploaded', at(2))).toMatchObject({ state: 'done', bytes: 9 });

  const t2 = h.files.createDiagnosticsTransfer({ chargerId: 'CP-1', protocol: 'http', host: h.host });
  expect(h.files.onChargerStatus('CP-1', 'diagnostics', 'UploadFailed', at(3))).toMatchObject({ id: t2.id, state: 'failed', error: 'the charger reported UploadFailed' });
});

test('diagnostics: Uploaded without any file received fails the transfer and says why', async () => {
  h = await startHarness();
  h.files.createDiagnosticsTransfer({ chargerId: 'CP-1', protocol: 'http', host: h.host });
  expect(h.files.onChargerStatus('CP-1', 'diagnostics', 'Uploaded', at(1))).toMatchObject({ state: 'failed', error: expect.stringMatching(/no complete file/) });
});

test('transfers, bytes and statuses persist; on restart, open transfers past expiry are expired and interrupted uploads failed', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cs-files-restart-'));
  const first = await startHarness({ dir });
  const done = await firmwareTransfer(first);
  await (await fetch(done.location)).arrayBuffer();
  await first.waitFor(done.id, (x) => x.bytes === 4096);
  first.files.onChargerStatus('CP-1', 'firmware', 'Installed', at(1));
  const open = first.files.createDiagnosticsTransfer({ chargerId: 'CP-2', protocol: 'http', host: first.host });
  const long = first.files.createDiagnosticsTransfer({ chargerId: 'CP-3', protocol: 'http', host: first.host, ttlMs: 24 * 3600_000 });
  await first.close();
  // What a crash mid-upload leaves: a transfer in `transferring` and its partial file.
  const db = openDatabase(join(dir, 'chargescope.db'));
  db.prepare("UPDATE transfers SET state = 'transferring', bytes = 10, file_name = 'x.log' WHERE id = ?").run(long.id);
  db.close();
  mkdirSync(join(dir, 'uploads', long.id), { recursive: true });
  writeFileSync(join(dir, 'uploads', long.id, 'x.log.part'), 'half');

  h = await startHarness({ dir, now: Date.parse('2025-03-01T11:00:00.001Z') });
  expect(h.files.getTransfer(done.id)).toMatchObject({ state: 'done', bytes: 4096, statuses: [{ status: 'Installed', at: at(1) }] });
  expect(h.files.getTransfer(open.id)).toMatchObject({ state: 'expired' });
  expect(h.files.getTransfer(long.id)).toMatchObject({ state: 'failed', error: expect.stringMatching(/ChargeScope stopped/) });
  expect(existsSync(join(dir, 'uploads', long.id, 'x.log.part'))).toBe(false);
  expect(h.files.listTransfers().map((t) => t.id).sort()).toEqual([done.id, open.id, long.id].sort());
  await h.close();
  h = undefined;
  rmSync(dir, { recursive: true, force: true });
});

test('stopping the service during an upload fails that transfer and deletes the partial file', async () => {
  h = await startHarness();
  const t = h.files.createDiagnosticsTransfer({ chargerId: 'CP-1', protocol: 'http', host: h.host });
  const req = request({ host: '127.0.0.1', port: h.httpPort, method: 'PUT', path: `${new URL(t.location).pathname}x.log`, headers: { 'Content-Length': 10_000 }, agent: false });
  req.on('error', () => undefined); // the server side goes away
  req.write(Buffer.alloc(1000));
  await h.waitFor(t.id, (x) => x.bytes > 0);
  await h.files.stop();
  expect(h.files.getTransfer(t.id)).toMatchObject({ state: 'failed', error: 'ChargeScope stopped during the upload' });
  expect(h.uploadedFiles()).toEqual([]);
  req.destroy();
});

test('starting the FTP server leaves the process signal handlers alone (ftp-srv would exit the process on SIGINT)', async () => {
  const before = ['SIGINT', 'SIGTERM', 'SIGQUIT'].map((s) => process.listenerCount(s));
  h = await startHarness();
  expect(h.files.ftpPort).toBeGreaterThan(0);
  expect(['SIGINT', 'SIGTERM', 'SIGQUIT'].map((s) => process.listenerCount(s))).toEqual(before);
});
