/** The firmware library's warning for images that are not likely images: text, or tiny. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { firmwareWarning, firmwareWarningOf, looksLikeText } from '../../../main/files/firmware-sniff.ts';

const bin = (n: number) => Uint8Array.from({ length: n }, (_, i) => (i * 37 + 11) % 256);

describe('firmware sniffing', () => {
  test('an HTML error page saved as the image reads as text and says how it starts', () => {
    const html = new TextEncoder().encode('<!DOCTYPE html>\n<html><head><title>404 Not Found</title></head></html>'.repeat(100));
    expect(looksLikeText(html)).toBe(true);
    expect(firmwareWarning(html.length, html.subarray(0, 1024))).toMatch(/^looks like text.*<!DOCTYPE html> <html>/);
  });

  test('a tiny binary is flagged; a real-looking binary of 1 MB is not', () => {
    expect(firmwareWarning(300, bin(300))).toBe('only 300 bytes: a firmware image is rarely this small');
    expect(looksLikeText(bin(1024))).toBe(false);
    expect(firmwareWarning(1_000_000, bin(1024))).toBeNull();
  });

  test('reads only the head of the stored file; an unreadable file says so', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cs-sniff-'));
    try {
      writeFileSync(join(dir, 'notes.txt'), 'Release notes v2.1\n'.repeat(500));
      expect(firmwareWarningOf(join(dir, 'notes.txt'), 9500)).toMatch(/^looks like text, not an image \(starts “Release notes v2.1/);
      expect(firmwareWarningOf(join(dir, 'gone.bin'), 9500)).toMatch(/^cannot read the stored image/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
