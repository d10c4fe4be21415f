/**
 * Received diagnostics opened in place: formats told apart by content, entries listed and read as text
 * (streamed, capped), binary refused, and hostile archives (path tricks, lying sizes, bombs, entry floods)
 * kept to a bounded cost without writing anything to disk.
 */
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, test } from 'vitest';
import { listReceived, readReceivedText, type ReceivedFile } from '../../../main/files/archive/open-received.ts';
import { sniffText, TextCollector } from '../../../main/files/archive/text.ts';
import { isFileError } from '../../../main/files/index.ts';
import { tarOf, zipOf } from '../../support/archives.ts';

const dir = mkdtempSync(join(tmpdir(), 'chargescope-archive-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
function file(name: string, data: Buffer | string): ReceivedFile {
  const path = join(dir, `${n++}-${name}`);
  writeFileSync(path, data);
  return { path, size: statSync(path).size, fileName: name, modifiedAt: '2025-01-01T00:00:00.000Z' };
}

const LOG = '2025-03-01T09:59:59Z boot ok\n2025-03-01T10:00:03Z ERROR overcurrent on connector 1\n';
const limits = { maxEntries: 10_000, maxScanBytes: 64 * 1024 * 1024 };

async function refusal(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  const err = await p.then(() => null, (e: unknown) => e);
  if (!isFileError(err)) throw new Error(`expected a FileError, got ${String(err)}`);
  return { code: err.code, message: err.message };
}

describe('formats are told apart by their bytes, not their names', () => {
  test('a zip lists its members with kinds and sizes, and one member reads as text', async () => {
    const f = file('diag.bin', zipOf([{ name: 'logs', directory: true }, { name: 'logs/charger.log', data: LOG }, { name: 'notes.txt', data: 'hi', stored: true }]));
    const listing = await listReceived(f, limits);
    expect(listing).toMatchObject({ format: 'zip', fileName: 'diag.bin', truncated: false, note: null });
    expect(listing.entries.map((e) => [e.index, e.name, e.kind, e.size])).toEqual([
      [0, 'logs/', 'directory', 0], [1, 'logs/charger.log', 'file', LOG.length], [2, 'notes.txt', 'file', 2],
    ]);
    const text = await readReceivedText(f, 1, 1 << 20, limits);
    expect(text).toMatchObject({ index: 1, name: 'logs/charger.log', encoding: 'utf-8', text: LOG, bytes: LOG.length, truncated: false });
  });

  for (const gz of [false, true]) {
    test(`a ${gz ? 'tar.gz' : 'tar'} lists its members and reads one as text`, async () => {
      const f = file(gz ? 'diag.tar.gz' : 'diag.tar', tarOf([{ name: 'var/', directory: true }, { name: 'var/ocpp.log', data: LOG }, { name: 'var/big.log', data: 'x'.repeat(70_000) }], gz));
      const listing = await listReceived(f, limits);
      expect(listing.format).toBe(gz ? 'tar.gz' : 'tar');
      expect(listing.entries.map((e) => [e.name, e.kind, e.size])).toEqual([['var/', 'directory', 0], ['var/ocpp.log', 'file', LOG.length], ['var/big.log', 'file', 70_000]]);
      expect(listing.entries[1]!.modifiedAt).toBe('2025-01-01T00:00:00.000Z');
      expect((await readReceivedText(f, 1, 1 << 20, limits)).text).toBe(LOG);
      expect((await readReceivedText(f, 2, 1 << 20, limits)).text).toHaveLength(70_000);
    });
  }

  test('a .gz is one entry named by its header (or the file name less .gz) and reads as text', async () => {
    const named = file('upload.gz', Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 0x08, 0, 0, 0, 0, 0, 3]), Buffer.from('charger-7.log\0'), gzipSync(LOG).subarray(10)]));
    expect((await listReceived(named, limits)).entries).toMatchObject([{ index: 0, name: 'charger-7.log', size: null }]);
    const plain = file('cp.log.gz', gzipSync(LOG));
    const listing = await listReceived(plain, limits);
    expect(listing).toMatchObject({ format: 'gzip', entries: [{ name: 'cp.log' }] });
    expect((await readReceivedText(plain, 0, 1 << 20, limits)).text).toBe(LOG);
  });

  test('a plain text file is its own entry 0', async () => {
    const f = file('diag.zip', LOG); // the name lies, the bytes decide
    const listing = await listReceived(f, limits);
    expect(listing).toMatchObject({ format: 'text', entries: [{ index: 0, name: 'diag.zip', size: LOG.length }] });
    expect((await readReceivedText(f, 0, 1 << 20, limits)).text).toBe(LOG);
    expect(await refusal(readReceivedText(f, 1, 100, limits))).toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('binary is refused with a message that says what to do', () => {
  test('an unknown binary file cannot be listed', async () => {
    const f = file('core.dump', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7) % 256)));
    const r = await refusal(listReceived(f, limits));
    expect(r.code).toBe('UNSUPPORTED');
    expect(r.message).toMatch(/neither text nor an archive .* download it/);
  });

  test('a binary member of a zip is refused; a folder is not text either', async () => {
    const f = file('d.zip', zipOf([{ name: 'fw.bin', data: Buffer.alloc(20_000, 0) }, { name: 'etc', directory: true }]));
    expect(await refusal(readReceivedText(f, 0, 1 << 20, limits))).toMatchObject({ code: 'UNSUPPORTED', message: expect.stringMatching(/fw\.bin is binary/) });
    expect(await refusal(readReceivedText(f, 1, 1 << 20, limits))).toMatchObject({ code: 'UNSUPPORTED', message: expect.stringMatching(/folder/) });
    expect(await refusal(readReceivedText(f, 2, 1 << 20, limits))).toMatchObject({ code: 'NOT_FOUND' });
  });

  test('a damaged zip is refused, not crashed on', async () => {
    const good = zipOf([{ name: 'a.log', data: LOG }]);
    const f = file('cut.zip', good.subarray(0, good.length - 30));
    expect((await refusal(listReceived(f, limits))).code).toBe('UNSUPPORTED');
  });
});

describe('hostile archives cost a bounded amount and write nothing', () => {
  test('names that would escape a folder are listed and flagged, and still read in place', async () => {
    const z = file('evil.zip', zipOf([{ name: '../../etc/passwd', data: 'root:x:0:0\n' }, { name: '/abs.log', data: 'a\n' }, { name: 'ok.log', data: 'ok\n' }]));
    const zl = await listReceived(z, limits);
    expect(zl.entries.map((e) => [e.name, e.unsafeName !== null])).toEqual([['../../etc/passwd', true], ['/abs.log', true], ['ok.log', false]]);
    expect((await readReceivedText(z, 0, 1000, limits)).text).toBe('root:x:0:0\n');
    const t = file('evil.tar', tarOf([{ name: '../x.log', data: 'x\n' }, { name: '/etc/shadow', data: 's\n' }]));
    expect((await listReceived(t, limits)).entries.map((e) => e.unsafeName)).toEqual([expect.stringMatching(/\.\./), expect.stringMatching(/absolute/)]);
    const before = readdirSync(dir).length;
    await readReceivedText(t, 0, 1000, limits);
    expect(readdirSync(dir)).toHaveLength(before);
  });

  test('a zip bomb member is inflated only up to the text limit', async () => {
    const huge = Buffer.alloc(64 * 1024 * 1024, 'A');
    const f = file('bomb.zip', zipOf([{ name: 'a.log', data: huge }]));
    expect(statSync(f.path).size).toBeLessThan(200_000);
    const text = await readReceivedText(f, 0, 1 << 20, limits);
    expect(text).toMatchObject({ bytes: 1 << 20, truncated: true });
  });

  test('a member whose real size exceeds what the zip declares is refused as damaged', async () => {
    const data = Buffer.from('y'.repeat(10_000));
    const f = file('liar.zip', zipOf([{ name: 'small.log', data, declaredSize: 100 }]));
    expect((await listReceived(f, limits)).entries[0]!.size).toBe(100);
    expect(await refusal(readReceivedText(f, 0, 1 << 20, limits))).toMatchObject({ code: 'UNSUPPORTED', message: expect.stringMatching(/damaged/) });
  });

  test('a .gz bomb inflates no further than the text limit', async () => {
    const f = file('bomb.log.gz', gzipSync(Buffer.alloc(128 * 1024 * 1024, 'B')));
    const text = await readReceivedText(f, 0, 4096, limits);
    expect(text).toMatchObject({ bytes: 4096, truncated: true });
  });

  test('the entry count is capped: the listing says so and entries past it are not reachable', async () => {
    const items = Array.from({ length: 40 }, (_, i) => ({ name: `log-${i}.txt`, data: `line ${i}\n` }));
    const small = { maxEntries: 10, maxScanBytes: limits.maxScanBytes };
    const z = await listReceived(file('many.zip', zipOf(items)), small);
    expect(z).toMatchObject({ truncated: true, note: 'the zip holds 40 entries; the first 10 are listed' });
    expect(z.entries).toHaveLength(10);
    const t = await listReceived(file('many.tar.gz', tarOf(items, true)), small);
    expect(t).toMatchObject({ truncated: true });
    expect(t.entries).toHaveLength(10);
    expect((await refusal(readReceivedText(file('many2.zip', zipOf(items)), 20, 100, small))).code).toBe('NOT_FOUND');
  });

  test('a tar.gz walk stops at the unpacked-bytes cap', async () => {
    const f = file('deep.tar.gz', tarOf([{ name: 'big.log', data: 'z'.repeat(3 * 1024 * 1024) }, { name: 'after.log', data: 'late\n' }], true));
    const capped = { maxEntries: 100, maxScanBytes: 1024 * 1024 };
    const listing = await listReceived(f, capped);
    expect(listing).toMatchObject({ truncated: true, note: expect.stringMatching(/stopped after 1 MB/) });
    expect(listing.entries.map((e) => e.name)).toEqual(['big.log']);
    expect(await refusal(readReceivedText(f, 1, 100, capped))).toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/unpacked-size limit/) });
  });
});

describe('text decoding', () => {
  test('sniffText: UTF-8, latin1, UTF-16 with a BOM, ANSI colours; NUL or many controls are binary', () => {
    expect(sniffText(Buffer.from('température 23 °C\n'))).toBe('utf-8');
    expect(sniffText(Buffer.from('temp\xe9rature\n', 'latin1'))).toBe('latin1');
    expect(sniffText(Buffer.from('\ufeffhello', 'utf16le'))).toBe('utf-16le');
    expect(sniffText(Buffer.from('\x1b[31mERROR\x1b[0m boot\n'))).toBe('utf-8');
    expect(sniffText(Buffer.from([0x41, 0, 0x42]))).toBeNull();
    expect(sniffText(Buffer.from(Array.from({ length: 100 }, (_, i) => (i % 2 ? 0x41 : 0x02))))).toBeNull();
  });

  test('a limit that cuts a multi-byte character drops it instead of showing U+FFFD', () => {
    const c = new TextCollector(5);
    expect(c.push(Buffer.from('abcd€ rest'))).toBe(false);
    expect(c.finish(false)).toEqual({ encoding: 'utf-8', text: 'abcd', bytes: 5, truncated: true });
  });

  test('an entry of exactly the limit is complete, one byte more is truncated', () => {
    const exact = new TextCollector(4);
    exact.push(Buffer.from('abcd'));
    expect(exact.finish(true)).toMatchObject({ text: 'abcd', truncated: false });
    const over = new TextCollector(4);
    over.push(Buffer.from('abcde'));
    expect(over.finish(false)).toMatchObject({ text: 'abcd', truncated: true });
  });

  test('latin1 and UTF-16 members decode to the right characters', async () => {
    const f = file('enc.zip', zipOf([
      { name: 'l1.log', data: Buffer.from('Temp\xe9rature d\xe9pass\xe9e\n', 'latin1') },
      { name: 'u16.log', data: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Ladevorgang gestartet\n', 'utf16le')]) },
    ]));
    expect(await readReceivedText(f, 0, 1000, limits)).toMatchObject({ encoding: 'latin1', text: 'Température dépassée\n' });
    expect(await readReceivedText(f, 1, 1000, limits)).toMatchObject({ encoding: 'utf-16le', text: 'Ladevorgang gestartet\n' });
  });
});
