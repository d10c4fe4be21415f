/**
 * A look at a firmware image's first bytes (issue 13, item 13): an image that is tiny or reads as text is most
 * likely not the image (a release note, a link, an HTML error page saved instead of the download). A warning only:
 * the engineer may push it anyway.
 */
import { closeSync, openSync, readSync } from 'node:fs';

/** Smaller than this, a firmware image is suspicious. */
export const TINY_BYTES = 4096;
const SNIFF_BYTES = 1024;

/** True when every byte is printable ASCII, tab, CR, LF, or part of a UTF-8 sequence. */
export function looksLikeText(head: Uint8Array): boolean {
  if (head.length === 0) return false;
  let printable = 0;
  for (const b of head) {
    if (b === 0) return false;
    if (b === 9 || b === 10 || b === 13 || (b >= 32 && b < 127) || b >= 0x80) printable++;
  }
  if (printable !== head.length) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, Math.max(0, head.length - 3)));
    return true;
  } catch {
    return false;
  }
}

export function firmwareWarning(size: number, head: Uint8Array): string | null {
  const text = looksLikeText(head);
  const start = text ? new TextDecoder().decode(head.subarray(0, 40)).replace(/\s+/g, ' ').trim() : '';
  if (text) return `looks like text, not an image (starts “${start}${head.length > 40 ? '…' : ''}”): a release note, a link or an HTML error page?`;
  if (size < TINY_BYTES) return `only ${size} bytes: a firmware image is rarely this small`;
  return null;
}

/** Reads the first bytes of the file at `path`; null when it cannot be read (the list shows no warning then). */
export function firmwareWarningOf(path: string, size: number): string | null {
  let fd: number | null = null;
  try {
    fd = openSync(path, 'r');
    const head = new Uint8Array(Math.min(SNIFF_BYTES, size));
    const n = readSync(fd, head, 0, head.length, 0);
    return firmwareWarning(size, head.subarray(0, n));
  } catch (err) {
    return `cannot read the stored image: ${(err as Error).message}`;
  } finally {
    if (fd !== null) closeSync(fd);
  }
}
