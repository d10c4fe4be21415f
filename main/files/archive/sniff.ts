import { open } from 'node:fs/promises';
import { constants, gunzipSync } from 'node:zlib';
import type { ReceivedFormat } from '../../../shared/api/types.ts';
import { SNIFF_BYTES, sniffText } from './text.ts';

const TAR_BLOCK = 512;

/** A tar header block: the checksum at 148 matches its bytes (old v7 headers have no `ustar` magic). */
export function isTarHeader(block: Uint8Array): boolean {
  if (block.length < TAR_BLOCK || block[0] === 0) return false;
  const field = Buffer.from(block.subarray(148, 156)).toString('latin1').replace(/[\0 ]+$/g, '').trim();
  if (!/^[0-7]{1,8}$/.test(field)) return false;
  let sum = 0;
  for (let i = 0; i < TAR_BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : block[i]!;
  return sum === parseInt(field, 8);
}

/** The start of a gzip member decompressed from its first 4 KB (at most ~4 MB out, a cut stream is fine). */
function gunzipHead(head: Buffer): Buffer {
  try {
    return gunzipSync(head.subarray(0, 4096), { finishFlush: constants.Z_SYNC_FLUSH });
  } catch {
    return Buffer.alloc(0);
  }
}

/** The name stored in a gzip header (FNAME), if any. */
export function gzipStoredName(head: Buffer): string | null {
  if (head.length < 10 || head[0] !== 0x1f || head[1] !== 0x8b) return null;
  const flags = head[3]!;
  let p = 10;
  if (flags & 0x04) p += 2 + head.readUInt16LE(10);
  if (!(flags & 0x08) || p >= head.length) return null;
  const end = head.indexOf(0, p);
  if (end < 0) return null;
  const name = head.subarray(p, end).toString('latin1');
  return name.replace(/^.*[\\/]/, '') || null;
}

export interface Sniffed {
  format: ReceivedFormat | null;
  /** For `gzip`: the stored name, else the file name less `.gz`. */
  innerName: string | null;
}

/**
 * Tells a received file's format from its first bytes: zip (local header or empty archive), gzip whose
 * content starts with a tar header (tar.gz) or not (gzip), tar, text; null for anything else.
 */
export async function sniffFile(path: string, fileName: string): Promise<Sniffed> {
  const fh = await open(path, 'r');
  let head: Buffer;
  try {
    const buf = Buffer.alloc(64 * 1024);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    head = buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
  const magic = head.subarray(0, 4).toString('latin1');
  if (magic === 'PK\x03\x04' || magic === 'PK\x05\x06') return { format: 'zip', innerName: null };
  if (head[0] === 0x1f && head[1] === 0x8b) {
    const inner = gunzipHead(head);
    if (isTarHeader(inner.subarray(0, TAR_BLOCK))) return { format: 'tar.gz', innerName: null };
    return { format: 'gzip', innerName: gzipStoredName(head) ?? (fileName.replace(/\.(gz|gzip)$/i, '') || fileName) };
  }
  if (isTarHeader(head.subarray(0, TAR_BLOCK))) return { format: 'tar', innerName: null };
  if (head.length === 0 || sniffText(head.subarray(0, SNIFF_BYTES)) !== null) return { format: 'text', innerName: fileName };
  return { format: null, innerName: null };
}
