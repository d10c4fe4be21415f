import { connect } from 'node:net';
import { request } from 'node:http';
import { afterEach, expect, test } from 'vitest';
import { addFirmware, randomFirmware, rawRequest, startHarness, type Harness } from '../files/harness.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

test('a firmware transfer still downloads 90 s after it was handed out (no idle sweep before expiresAt)', async () => {
  h = await startHarness();
  const fw = await addFirmware(h, 'fw.bin', randomFirmware(2048));
  const t = h.files.createFirmwareTransfer({ chargerId: 'CP-9', firmwareId: fw.id, protocol: 'http', host: h.host });
  h.advance(90_000);
  h.files.sweepExpired();
  expect(h.files.getTransfer(t.id)).toMatchObject({ state: 'waiting' });
  const res = await rawRequest(h.httpPort, 'GET', new URL(t.location).pathname);
  expect(res.status).toBe(200);
  expect(res.body.length).toBe(2048);
  await h.waitFor(t.id, (x) => x.bytes === 2048, 'the download counted whole');
  // It follows the charger's notifications, and ends at expiresAt only when the charger never said more.
  expect(h.files.onChargerStatus('CP-9', 'firmware', 'Downloaded', new Date(Date.parse(t.createdAt) + 95_000).toISOString())).toMatchObject({ state: 'transferring' });
  h.advance(Date.parse(t.expiresAt) - Date.parse(t.createdAt));
  // The server counts the download finished a moment after the charger holds the last byte, and a transfer with a
  // stream still open is never expired: sweep until it is (bounded: 50 tries, 20 ms apart).
  for (let i = 0; i < 50 && h.files.getTransfer(t.id)?.state !== 'expired'; i++) {
    h.files.sweepExpired();
    if (h.files.getTransfer(t.id)?.state !== 'expired') await new Promise((r) => setTimeout(r, 20));
  }
  expect(h.files.getTransfer(t.id)).toMatchObject({ state: 'expired' });
  expect((await rawRequest(h.httpPort, 'GET', new URL(t.location).pathname)).status).toBe(410);
});

test('a diagnostics upload that trickles for longer than the idle timeout (shortened to 300 ms) is received whole', async () => {
  h = await startHarness({ httpIdleMs: 300 });
  expect(h.http.requestTimeout).toBe(0); // Node's default would cut every request at 300 s
  const t = h.files.createDiagnosticsTransfer({ chargerId: 'CP-7', protocol: 'http', host: h.host });
  const pieces = 12;
  const piece = Buffer.alloc(1000, 0x44);
  const started = Date.now();
  const status = await new Promise<number>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: h!.httpPort, method: 'PUT', path: `${new URL(t.location).pathname}slow.log`, headers: { 'Content-Length': pieces * piece.length }, agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    let sent = 0;
    const tick = () => {
      req.write(piece);
      if (++sent < pieces) setTimeout(tick, 150);
      else req.end();
    };
    tick();
  });
  const took = Date.now() - started;
  expect(status).toBe(201);
  process.stdout.write(`trickled upload: ${pieces} pieces 150 ms apart took ${took} ms against an idle timeout of 300 ms\n`);
  const done = await h.waitFor(t.id, (x) => x.bytes === pieces * piece.length, 'all bytes');
  expect(done.fileName).toBe('slow.log');
});

test('a silent connection to the charger-facing HTTP port is closed after the idle timeout', async () => {
  h = await startHarness({ httpIdleMs: 300 });
  const socket = connect(h.httpPort, '127.0.0.1');
  const closed = await new Promise<boolean>((resolve) => {
    socket.once('close', () => resolve(true));
    socket.once('error', () => resolve(true));
    setTimeout(() => resolve(false), 5000).unref();
  });
  expect(closed).toBe(true);
});

test('an FTP connection that never logs in is closed (login timeout shortened to 300 ms)', async () => {
  h = await startHarness({ ftpLoginTimeoutMs: 300 });
  const socket = connect(h.files.ftpPort!, '127.0.0.1');
  let text = '';
  socket.on('data', (d) => (text += d.toString()));
  const closed = await new Promise<boolean>((resolve) => {
    socket.once('close', () => resolve(true));
    setTimeout(() => resolve(false), 5000).unref();
  });
  expect(closed).toBe(true);
  expect(text).toMatch(/421 No login within/);
});
