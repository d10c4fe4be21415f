import type { Db } from './db.ts';

/**
 * Frames and meter values are indexed block first (migration 4): `(seq >> 10)`, then the charger. A new row's
 * index entry lands in the newest block, next to the other chargers' entries of the same moment, so one group
 * commit of 100 chargers' frames rewrites a few index pages instead of one page per charger (an index led by
 * the charger put every charger's new entry on its own page: 17 KB written per message at 100 chargers).
 * A query for one charger (or transaction) seeks once per block of 1,024 frames: ~1,000 seeks for a million.
 * The SQL must spell the expression exactly as the index does, `(seq >> 10)`, or SQLite cannot use the index.
 */
export const BLOCK = 1024;
export const blockOf = (seq: number): number => Math.floor(seq / BLOCK);

/** The range of frame seqs of a session, or of the whole database: what bounds a walk over blocks. */
export function createSeqBounds(db: Db) {
  const lo = db.prepare<[number], { s: number | null }>('SELECT MIN(seq) AS s FROM frames WHERE session_id = ?');
  const hi = db.prepare<[number], { s: number | null }>('SELECT MAX(seq) AS s FROM frames WHERE session_id = ?');
  const last = db.prepare<[], { s: number | null }>('SELECT MAX(seq) AS s FROM frames');
  return {
    /** First and last seq of the session's frames; null when it has none. */
    session(sessionId: number): { lo: number; hi: number } | null {
      const l = lo.get(sessionId)?.s ?? null;
      const h = hi.get(sessionId)?.s ?? null;
      return l === null || h === null ? null : { lo: l, hi: h };
    },
    last(): number | null {
      return last.get()?.s ?? null;
    },
  };
}

/** The same walk downwards: from the block of `fromSeq` down to the block of `toSeq` (each page newest first). */
export function walkBlocksDown<T>(fromSeq: number, toSeq: number, limit: number, page: (block: number, remaining: number) => T[]): T[] {
  const out: T[] = [];
  for (let b = blockOf(fromSeq), end = blockOf(Math.max(0, toSeq)); b >= end && out.length < limit; b--) {
    for (const r of page(b, limit - out.length)) out.push(r);
  }
  return out;
}

/**
 * Collects rows block by block, from the block of `fromSeq` up to the block of `toSeq`, until `limit` rows:
 * `page(block, remaining)` returns the rows of one block in order.
 */
export function walkBlocks<T>(fromSeq: number, toSeq: number, limit: number, page: (block: number, remaining: number) => T[]): T[] {
  const out: T[] = [];
  for (let b = blockOf(Math.max(0, fromSeq)), end = blockOf(toSeq); b <= end && out.length < limit; b++) {
    for (const r of page(b, limit - out.length)) out.push(r);
  }
  return out;
}
