import type { EntryText } from '../../../shared/api/types.ts';

/** How many leading bytes decide whether something is text. */
export const SNIFF_BYTES = 8192;

export type TextEncoding = EntryText['encoding'];

/**
 * Whether bytes look like text, and in which encoding: a UTF-16 BOM, else no NUL and few control
 * characters (tab, line breaks, form feed and escape allowed: log colours). Not UTF-8 → latin1.
 */
export function sniffText(head: Uint8Array): TextEncoding | null {
  if (head.length >= 2 && head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head.length >= 2 && head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  let controls = 0;
  for (const b of head) {
    if (b === 0) return null;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c && b !== 0x1b) controls++;
  }
  if (controls > head.length / 20) return null;
  return validUtf8Prefix(head) ? 'utf-8' : 'latin1';
}

/** Valid UTF-8, allowing a sequence cut at the very end (the sniff window can split one). */
function validUtf8Prefix(bytes: Uint8Array): boolean {
  let cut = bytes.length;
  // Step back over an incomplete trailing sequence: at most 3 continuation bytes after a lead byte.
  for (let i = bytes.length - 1; i >= 0 && i >= bytes.length - 4; i--) {
    const b = bytes[i]!;
    if ((b & 0xc0) === 0x80) continue;
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    if (bytes.length - i < need) cut = i;
    break;
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, cut));
    return true;
  } catch {
    return false;
  }
}

/**
 * Collects an entry's bytes up to `limit`, deciding on the first SNIFF_BYTES whether it is text. `push`
 * returns false once it has enough (the caller stops reading); `finish` decodes what it kept.
 */
export class TextCollector {
  private chunks: Buffer[] = [];
  private kept = 0;
  private seen = 0;
  private encoding: TextEncoding | null | undefined;
  constructor(private readonly limit: number) {}

  /** The encoding once decided; null = binary (stop and refuse). */
  get decided(): TextEncoding | null | undefined {
    return this.encoding;
  }

  push(chunk: Buffer): boolean {
    this.seen += chunk.length;
    if (this.kept < this.limit) {
      const part = chunk.subarray(0, this.limit - this.kept);
      this.chunks.push(part);
      this.kept += part.length;
    }
    if (this.encoding === undefined && (this.kept >= Math.min(SNIFF_BYTES, this.limit))) this.decide();
    if (this.encoding === null) return false;
    return this.kept < this.limit || this.seen <= this.limit;
  }

  private decide(): void {
    const head = Buffer.concat(this.chunks).subarray(0, SNIFF_BYTES);
    this.encoding = sniffText(head);
  }

  /** `complete`: the entry ended (so nothing was cut). Null when the bytes are not text. */
  finish(complete: boolean): { encoding: TextEncoding; text: string; bytes: number; truncated: boolean } | null {
    if (this.encoding === undefined) this.decide();
    const encoding = this.encoding;
    if (!encoding) return null;
    const all = Buffer.concat(this.chunks);
    const truncated = !complete || this.seen > this.limit;
    const text = encoding === 'latin1'
      ? all.toString('latin1')
      : new TextDecoder(encoding).decode(truncated ? trimCut(all, encoding) : all);
    return { encoding, text: text.replace(/^\uFEFF/, ''), bytes: all.length, truncated };
  }
}

/** Drops a multi-byte sequence that the limit cut in two, so the text does not end in U+FFFD. */
function trimCut(bytes: Buffer, encoding: TextEncoding): Buffer {
  if (encoding !== 'utf-8') return bytes.length % 2 ? bytes.subarray(0, bytes.length - 1) : bytes;
  for (let i = bytes.length - 1; i >= 0 && i >= bytes.length - 4; i--) {
    const b = bytes[i]!;
    if ((b & 0xc0) === 0x80) continue;
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return bytes.length - i < need ? bytes.subarray(0, i) : bytes;
  }
  return bytes;
}
