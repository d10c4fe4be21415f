import { expect, test } from 'vitest';
import { FileError } from '../../../main/files/errors.ts';
import { checkFirmwareName, decodeSegments, parseHostPort, safeUploadName, unmapIPv4 } from '../../../main/files/names.ts';
import { parseRange } from '../../../main/files/range.ts';

test('Range: one byte range is honoured, open-ended and suffix ranges too, an end past the size is clipped', () => {
  expect(parseRange('bytes=0-99', 1000)).toEqual({ kind: 'partial', start: 0, end: 99 });
  expect(parseRange('bytes=900-', 1000)).toEqual({ kind: 'partial', start: 900, end: 999 });
  expect(parseRange('bytes=-100', 1000)).toEqual({ kind: 'partial', start: 900, end: 999 });
  expect(parseRange('bytes=-5000', 1000)).toEqual({ kind: 'partial', start: 0, end: 999 });
  expect(parseRange('bytes=990-5000', 1000)).toEqual({ kind: 'partial', start: 990, end: 999 });
});

test('Range: a start at or past the end is unsatisfiable; junk, several ranges or a reversed range get the whole file', () => {
  expect(parseRange('bytes=1000-', 1000)).toEqual({ kind: 'unsatisfiable' });
  expect(parseRange('bytes=-0', 1000)).toEqual({ kind: 'unsatisfiable' });
  expect(parseRange(undefined, 1000)).toEqual({ kind: 'full' });
  expect(parseRange('bytes=0-1,5-6', 1000)).toEqual({ kind: 'full' });
  expect(parseRange('items=0-1', 1000)).toEqual({ kind: 'full' });
  expect(parseRange('bytes=50-10', 1000)).toEqual({ kind: 'full' });
});

test('URL segments: encoded dots, slashes, backslashes and NUL are escapes; bad encoding is refused', () => {
  expect(decodeSegments('/files/fw/abc/a%20b.bin')).toEqual(['', 'files', 'fw', 'abc', 'a b.bin']);
  for (const p of ['/files/../x', '/files/%2e%2e/x', '/files/%2E%2e', '/files/a%2fb', '/files/a%5Cb', '/files/a%00', '/files/%zz', '/files/./x']) {
    expect(decodeSegments(p), p).toBeNull();
  }
});

test('upload names keep the last path component and lose what Windows cannot store', () => {
  expect(safeUploadName('C:\\logs\\cp7.log.gz', 'd')).toBe('cp7.log.gz');
  expect(safeUploadName('../../etc/passwd', 'd')).toBe('passwd');
  expect(safeUploadName('a<b>:c?.txt', 'd')).toBe('a_b__c_.txt');
  expect(safeUploadName('name. . ', 'd')).toBe('name');
  for (const bad of ['', '..', '/', 'CON', 'nul.txt', null, undefined]) expect(safeUploadName(bad, 'fallback.bin'), String(bad)).toBe('fallback.bin');
});

test('firmware names must be plain file names', () => {
  expect(checkFirmwareName(' fw 1.bin ')).toBe('fw 1.bin');
  for (const bad of ['a/b', 'a\\b', '..', '.', '', 'x\ny', 'x'.repeat(201)]) {
    expect(() => checkFirmwareName(bad), bad).toThrow(FileError);
  }
});

test('the charger-facing host is address:port, IPv6 in brackets; anything else is BAD_HOST', () => {
  expect(parseHostPort('192.168.1.20:8887')).toEqual({ hostname: '192.168.1.20', port: 8887 });
  expect(parseHostPort('[FE80::1]:80')).toEqual({ hostname: '[fe80::1]', port: 80 });
  expect(parseHostPort('laptop.local')).toEqual({ hostname: 'laptop.local', port: null });
  for (const bad of ['', 'a b:1', 'x:99999', 'user@x:1', 'x:1/path', 'fe80::1']) {
    expect(() => parseHostPort(bad), bad).toThrow(expect.objectContaining({ code: 'BAD_HOST' }));
  }
  expect(unmapIPv4('::ffff:10.0.0.5')).toBe('10.0.0.5');
  expect(unmapIPv4('fe80::1')).toBe('fe80::1');
});
