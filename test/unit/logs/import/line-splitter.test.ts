import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { describe, expect, test } from 'vitest';
import { LineSplitter } from '../../../../main/logs/import/line-splitter.ts';

/** What readline (how the import read lines before the worker) makes of the same bytes in the same chunks. */
async function readlineLines(chunks: Buffer[]): Promise<string[]> {
  const lines: string[] = [];
  for await (const l of createInterface({ input: Readable.from(chunks, { objectMode: false }), crlfDelay: Infinity })) lines.push(l);
  return lines;
}

function splitterLines(chunks: Buffer[]): string[] {
  const lines: string[] = [];
  const s = new LineSplitter((l) => lines.push(l));
  for (const c of chunks) s.write(c);
  s.end();
  return lines;
}

function chunked(bytes: Buffer, sizes: number[]): Buffer[] {
  const out: Buffer[] = [];
  for (let at = 0, k = 0; at < bytes.length; k++) {
    const n = sizes[k % sizes.length]!;
    out.push(bytes.subarray(at, at + n));
    at += n;
  }
  return out;
}

describe('LineSplitter', () => {
  const text = '\ufeff2025-01-01 10:00:00 Sending: [2,"1","Heartbeat",{}]\r\n{"a":"Zürich ⚡ 充電"}\n\n   \r\rlone CR\r\nCRLF\n\r\nlast line without a break';
  const cases: [string, Buffer][] = [
    ['BOM, \\r\\n, lone \\r, blank lines, multi-byte characters, no final break', Buffer.from(text)],
    ['a final \\r\\n', Buffer.from('a\r\nb\r\n')],
    ['a final lone \\r', Buffer.from('a\rb\r')],
    ['an unfinished character at the very end', Buffer.concat([Buffer.from('a\nb'), Buffer.from('⚡').subarray(0, 2)])],
    ['invalid UTF-8 in a line', Buffer.concat([Buffer.from('a'), Buffer.from([0xff, 0xc3]), Buffer.from('\nb\n')])],
    ['nothing', Buffer.alloc(0)],
  ];

  test.each(cases)('gives the lines readline gives, however the bytes are chunked: %s', async (_name, bytes) => {
    for (const sizes of [[bytes.length || 1], [1], [2], [3, 1, 7], [5, 2], [64]]) {
      const chunks = chunked(bytes, sizes);
      expect(splitterLines(chunks), `chunks of ${sizes.join(',')}`).toEqual(await readlineLines(chunks));
    }
  });
});

describe('a hostile file', () => {
  test('a line longer than the bound is cut there, whatever the chunks; the lines after it are whole', () => {
    for (const size of [1, 7, 4096]) {
      const lines: string[] = [];
      const s = new LineSplitter((l) => lines.push(l), 100);
      const bytes = Buffer.from(`${'x'.repeat(1000)}\r\n${'y'.repeat(250)}\nshort\n`);
      for (let i = 0; i < bytes.length; i += size) s.write(bytes.subarray(i, i + size));
      s.end();
      expect(lines, `chunks of ${size}`).toEqual(['x'.repeat(100), 'y'.repeat(100), 'short']);
    }
  });
});

describe('any bytes, any chunks', () => {
  /** A small deterministic generator (mulberry32): the same cases on every run. */
  function random(seed: number): () => number {
    let a = seed;
    return () => {
      a = (a + 0x6d2b79f5) | 0;
      let t = Math.imul(a ^ (a >>> 15), 1 | a);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }
  // Line ends, ASCII, whole and partial multi-byte characters, bytes that are never UTF-8.
  const pieces = [[10], [13], [13, 10], [0x61], [0x7b, 0x22], ...['é', '⚡', '😀'].map((c) => [...Buffer.from(c)]), [0xe2, 0x9a], [0xf0, 0x9f], [0x9a], [0xc3], [0xff], [0x80, 0x80]];

  test('gives the lines readline gives for 300 random byte strings cut into random chunks', async () => {
    const next = random(12);
    for (let n = 0; n < 300; n++) {
      const bytes: number[] = [];
      const count = Math.floor(next() * 60);
      for (let k = 0; k < count; k++) bytes.push(...pieces[Math.floor(next() * pieces.length)]!);
      const buf = Buffer.from(bytes);
      const sizes = [1 + Math.floor(next() * 9), 1 + Math.floor(next() * 4), 1 + Math.floor(next() * 30)];
      const chunks = chunked(buf, sizes);
      expect(splitterLines(chunks), `bytes ${buf.toString('hex')} in chunks of ${sizes.join(',')}`).toEqual(await readlineLines(chunks));
    }
  });
});
