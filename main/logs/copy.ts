import type { Db } from '../store/db.ts';
import { yieldToLoop, type Job } from './jobs.ts';

/** Rows per transaction when copying: one commit per ~10,000 rows, the event loop breathes in between. */
export const CHUNK_ROWS = 10_000;

export interface ChunkCopy {
  /** FROM clause (a table, schema-qualified). */
  from: string;
  /** WHERE condition without the key range (use `1` for all rows) and its positional parameters. */
  where: string;
  params: unknown[];
  /** The integer key that orders and splits the copy. */
  key: string;
  /** Copy rows with after < key <= upTo. */
  after: number;
  upTo: number;
  /** The statement prefix: `INSERT INTO x (cols) SELECT exprs` (FROM and WHERE are appended). */
  insert: string;
  job: Job;
  onRows(n: number): void;
}

/**
 * INSERT ... SELECT in key order, ~10,000 rows per transaction, yielding to the event loop between chunks and
 * checking for cancel. SQLite does the copying: no row passes through JavaScript.
 */
export async function copyInChunks(db: Db, c: ChunkCopy): Promise<void> {
  if (c.upTo <= c.after) return;
  const next = db.prepare(`SELECT ${c.key} AS k FROM ${c.from} WHERE (${c.where}) AND ${c.key} > ? ORDER BY ${c.key} LIMIT 1 OFFSET ${CHUNK_ROWS - 1}`);
  const copy = db.prepare(`${c.insert} FROM ${c.from} WHERE (${c.where}) AND ${c.key} > ? AND ${c.key} <= ? ORDER BY ${c.key}`);
  let after = c.after;
  for (;;) {
    c.job.check();
    const n = next.get(...c.params, after) as { k: number } | undefined;
    const hi = n && n.k < c.upTo ? n.k : c.upTo;
    const info = db.transaction(() => copy.run(...c.params, after, hi))();
    c.onRows(info.changes);
    if (hi >= c.upTo) return;
    after = hi;
    await yieldToLoop();
  }
}

/** The same walk, with the rows handed to JavaScript (anonymization, derived rows). */
export async function forEachChunk<T>(
  db: Db, c: Omit<ChunkCopy, 'insert' | 'onRows'> & { select: string }, handle: (rows: T[]) => void,
): Promise<void> {
  if (c.upTo <= c.after) return;
  const page = db.prepare(`SELECT ${c.select} FROM ${c.from} WHERE (${c.where}) AND ${c.key} > ? AND ${c.key} <= ? ORDER BY ${c.key} LIMIT ${CHUNK_ROWS}`);
  let after = c.after;
  for (;;) {
    c.job.check();
    const rows = page.all(...c.params, after, c.upTo) as (T & Record<string, unknown>)[];
    if (rows.length === 0) return;
    handle(rows);
    after = rows[rows.length - 1]![c.key] as number;
    if (rows.length < CHUNK_ROWS) return;
    await yieldToLoop();
  }
}
