import { afterEach, beforeEach, expect, test } from 'vitest';
import { addFirmware, randomFirmware, rawRequest, sha256, startHarness, type Harness } from './harness.ts';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

const image = randomFirmware(3 * 1024 * 1024 + 123);

async function httpTransfer() {
  const fw = await addFirmware(h, 'ACME fw v2.1.bin', image);
  const t = h.files.createFirmwareTransfer({ chargerId: 'CP-1', firmwareId: fw.id, protocol: 'http', host: h.host });
  return { fw, t };
}

test('the firmware location uses the host the charger reached us at, an unguessable path and the firmware name', async () => {
  const { t } = await httpTransfer();
  expect(t.location).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/files\/fw\/[0-9a-f]{32}\/ACME%20fw%20v2\.1\.bin$/);
  expect(t.location.startsWith(`http://${h.host}/`)).toBe(true);
  expect(t).toMatchObject({ kind: 'firmware', protocol: 'http', state: 'waiting', bytes: 0, totalBytes: image.length });
});

test('a charger downloads the whole firmware over HTTP with its exact bytes, and progress reaches the full size', async () => {
  const { fw, t } = await httpTransfer();
  const res = await fetch(t.location);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-length')).toBe(String(image.length));
  expect(res.headers.get('accept-ranges')).toBe('bytes');
  const body = Buffer.from(await res.arrayBuffer());
  expect(sha256(body)).toBe(fw.sha256);
  const done = await h.waitFor(t.id, (x) => x.bytes === image.length, 'all bytes counted');
  expect(done.state).toBe('transferring');
  expect(h.files.listTransfers('CP-1')[0]).toMatchObject({ id: t.id, bytes: image.length });
});

test('progress events of one download are throttled to about ten per second', async () => {
  const { t } = await httpTransfer();
  const started = performance.now();
  await (await fetch(t.location)).arrayBuffer();
  await h.waitFor(t.id, (x) => x.bytes === image.length);
  const elapsed = performance.now() - started;
  const progressEvents = h.events.filter((e) => e.id === t.id && e.state === 'transferring').length;
  expect(progressEvents).toBeLessThanOrEqual(Math.ceil(elapsed / 100) + 3);
});

test('HEAD answers the size without a body and counts no bytes', async () => {
  const { t } = await httpTransfer();
  const res = await fetch(t.location, { method: 'HEAD' });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-length')).toBe(String(image.length));
  expect((await res.arrayBuffer()).byteLength).toBe(0);
  expect(h.files.getTransfer(t.id)).toMatchObject({ bytes: 0, state: 'waiting' });
});

test('Range requests get 206 with the exact slice, a suffix range works, and a range past the end gets 416', async () => {
  const { t } = await httpTransfer();
  const mid = await fetch(t.location, { headers: { Range: 'bytes=1000-1999' } });
  expect(mid.status).toBe(206);
  expect(mid.headers.get('content-range')).toBe(`bytes 1000-1999/${image.length}`);
  expect(mid.headers.get('content-length')).toBe('1000');
  expect(Buffer.from(await mid.arrayBuffer()).equals(image.subarray(1000, 2000))).toBe(true);

  const tail = await fetch(t.location, { headers: { Range: 'bytes=-10' } });
  expect(tail.status).toBe(206);
  expect(Buffer.from(await tail.arrayBuffer()).equals(image.subarray(image.length - 10))).toBe(true);

  // A resumed download: progress shows the position reached in the file, not bytes of this request alone.
  const rest = await fetch(t.location, { headers: { Range: `bytes=${image.length - 5000}-` } });
  expect(rest.status).toBe(206);
  expect((await rest.arrayBuffer()).byteLength).toBe(5000);
  await h.waitFor(t.id, (x) => x.bytes === image.length, 'the resumed download to reach the end');

  const past = await fetch(t.location, { headers: { Range: `bytes=${image.length}-` } });
  expect(past.status).toBe(416);
  expect(past.headers.get('content-range')).toBe(`bytes */${image.length}`);
});

test('an unknown secret gets 404, a wrong name under a right secret gets 404, other URLs are left to the caller', async () => {
  const { t } = await httpTransfer();
  const unknown = await rawRequest(h.httpPort, 'GET', `/files/fw/${'0'.repeat(32)}/ACME%20fw%20v2.1.bin`);
  expect(unknown.status).toBe(404);
  expect(unknown.body.toString()).toBe('Not found\n');
  const secret = new URL(t.location).pathname.split('/')[3];
  expect((await rawRequest(h.httpPort, 'GET', `/files/fw/${secret}/other.bin`)).status).toBe(404);
  expect((await rawRequest(h.httpPort, 'GET', '/ocpp/CP-1')).body.toString()).toBe('not files');
});

test('path escapes with ../ and with percent-encoded dots and slashes are refused and leak nothing', async () => {
  const { t } = await httpTransfer();
  const secret = new URL(t.location).pathname.split('/')[3]!;
  for (const path of [
    `/files/fw/${secret}/../../chargescope.db`,
    `/files/fw/${secret}/..%2f..%2fchargescope.db`,
    `/files/fw/${secret}/%2e%2e%2f%2e%2e%2fchargescope.db`,
    `/files/fw/${secret}/%2E%2E%5Cchargescope.db`,
    `/files/fw/%2e%2e/${secret}/x`,
    `/files/fw/${secret}/bad%zzencoding`,
  ]) {
    const res = await rawRequest(h.httpPort, 'GET', path);
    expect(res.status, path).toBe(400);
    expect(res.body.length, path).toBeLessThan(20);
  }
});

test('a transfer past its expiry answers 410 and is marked expired', async () => {
  const { t } = await httpTransfer();
  h.advance(60 * 60 * 1000 + 1);
  const res = await fetch(t.location);
  expect(res.status).toBe(410);
  await res.arrayBuffer();
  expect(h.files.getTransfer(t.id)).toMatchObject({ state: 'expired' });
});

test('a POST to a firmware location is refused with 405', async () => {
  const { t } = await httpTransfer();
  const res = await fetch(t.location, { method: 'POST', body: 'x' });
  expect(res.status).toBe(405);
  expect(res.headers.get('allow')).toBe('GET, HEAD');
});
