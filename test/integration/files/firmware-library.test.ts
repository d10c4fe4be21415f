import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, expect, test } from 'vitest';
import { FileError } from '../../../main/files/index.ts';
import { addFirmware, randomFirmware, sha256, startHarness, type Harness } from './harness.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const firmwareDir = (x: Harness) => join(x.dir, 'firmware');

test('adding firmware streams it to the data dir with name, size, sha256 and time; list, get and delete work', async () => {
  h = await startHarness();
  const bytes = randomFirmware(1_000_001);
  const fw = await addFirmware(h, 'charger-1.2.3.bin', bytes);
  expect(fw).toEqual({ id: expect.any(String), name: 'charger-1.2.3.bin', size: bytes.length, sha256: sha256(bytes), addedAt: '2025-03-01T10:00:00.000Z' });
  expect(readdirSync(firmwareDir(h))).toEqual([fw.id]);
  // The list adds a look at the image's first bytes (issue 13, item 13): a random megabyte looks like a binary image.
  expect(h.files.listFirmware()).toEqual([{ ...fw, warning: null }]);
  expect(h.files.getFirmware(fw.id)).toEqual(fw);
  await h.files.deleteFirmware(fw.id);
  expect(h.files.listFirmware()).toEqual([]);
  expect(h.files.getFirmware(fw.id)).toBeNull();
  expect(readdirSync(firmwareDir(h))).toEqual([]);
  await expect(h.files.deleteFirmware(fw.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
});

test('an empty image is refused with EMPTY and leaves no file', async () => {
  h = await startHarness();
  const err = await h.files.addFirmware('empty.bin', Readable.from([])).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(FileError);
  expect(err).toMatchObject({ code: 'EMPTY', message: expect.stringMatching(/empty; choose the image file/) });
  expect(readdirSync(firmwareDir(h))).toEqual([]);
  expect(h.files.listFirmware()).toEqual([]);
});

test('an image over maxFirmwareBytes is refused with TOO_LARGE, leaves no partial file, and the source is not destroyed', async () => {
  h = await startHarness({ maxFirmwareBytes: 100_000 });
  const source = Readable.from([randomFirmware(60_000), randomFirmware(60_000), randomFirmware(60_000)], { objectMode: false });
  await expect(h.files.addFirmware('big.bin', source)).rejects.toMatchObject({ code: 'TOO_LARGE', message: expect.stringMatching(/maxFirmwareBytes/) });
  expect(source.destroyed).toBe(false); // an HTTP route can still answer 413 on the same request
  expect(readdirSync(firmwareDir(h))).toEqual([]);
});

test('a name that is not a plain file name is refused with BAD_NAME', async () => {
  h = await startHarness();
  for (const name of ['../x.bin', 'a/b.bin', '..', '', 'a\u0000b']) {
    await expect(h.files.addFirmware(name, Readable.from([Buffer.from('x')]))).rejects.toMatchObject({ code: 'BAD_NAME' });
  }
});

test('a source that fails mid-stream leaves no file and no row', async () => {
  h = await startHarness();
  async function* broken() {
    yield Buffer.from('first part');
    throw new Error('disk unplugged');
  }
  await expect(h.files.addFirmware('x.bin', broken())).rejects.toMatchObject({ code: 'IO', message: expect.stringMatching(/disk unplugged/) });
  expect(readdirSync(firmwareDir(h))).toEqual([]);
  expect(h.files.listFirmware()).toEqual([]);
});

test('deleting firmware fails its open transfers, whose location then answers 404', async () => {
  h = await startHarness();
  const fw = await addFirmware(h, 'x.bin', randomFirmware(1000));
  const t = h.files.createFirmwareTransfer({ chargerId: 'CP-1', firmwareId: fw.id, protocol: 'http', host: h.host });
  await h.files.deleteFirmware(fw.id);
  expect(h.files.getTransfer(t.id)).toMatchObject({ state: 'failed', error: 'the firmware image was deleted' });
  const res = await fetch(t.location);
  expect(res.status).toBe(404);
  await res.arrayBuffer();
  expect(existsSync(join(firmwareDir(h), fw.id))).toBe(false);
});

test('a transfer for unknown firmware, a bad host, or FTP while stopped is refused with a stable code', async () => {
  h = await startHarness();
  expect(() => h!.files.createFirmwareTransfer({ chargerId: 'CP-1', firmwareId: 'nope', protocol: 'http', host: h!.host })).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  expect(() => h!.files.createDiagnosticsTransfer({ chargerId: 'CP-1', protocol: 'http', host: 'not a host' })).toThrow(expect.objectContaining({ code: 'BAD_HOST' }));
  await h.files.stop();
  expect(() => h!.files.createDiagnosticsTransfer({ chargerId: 'CP-1', protocol: 'ftp', host: h!.host })).toThrow(expect.objectContaining({ code: 'FTP_NOT_RUNNING' }));
});
