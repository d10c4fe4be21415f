import type { Db } from '../db.ts';
import { yieldToLoop, type CopyProgress } from './progress.ts';

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
  /** The statement prefix: `INSERT INTO x (cols) SELECT exprs` (FROM, WHERE, ORDER BY and LIMIT are appended). */
  insert: string;
  /** The source key of the last row copied, read back from the destination in O(log n). */
  cursor(): number;
  job: CopyProgress;
  onRows(n: number): void;
}

/**
 * INSERT ... SELECT in key order, ~10,000 rows per transaction, yielding to the event loop between chunks and
 * checking for cancel. SQLite does the copying: no row passes through JavaScript, and no chunk needs a probe
 * (an OFFSET scan of the source) to find where it ends.
 */
export async function copyInChunks(db: Db, c: ChunkCopy): Promise<void> {
  if (c.upTo <= c.after) return;
  const copy = db.prepare(`${c.insert} FROM ${c.from} WHERE (${c.where}) AND ${c.key} > ? AND ${c.key} <= ? ORDER BY ${c.key} LIMIT ${CHUNK_ROWS}`);
  let after = c.after;
  for (;;) {
    c.job.check();
    const info = db.transaction(() => copy.run(...c.params, after, c.upTo))();
    c.onRows(info.changes);
    if (info.changes < CHUNK_ROWS) return;
    const next = c.cursor();
    if (next <= after) throw new Error(`copying ${c.from} did not advance past key ${after}`);
    if (next >= c.upTo) return;
    after = next;
    await yieldToLoop();
  }
}

/** The same walk, with the rows handed to JavaScript (anonymization, derived rows). */
export async function forEachChunk<T>(
  db: Db, c: Omit<ChunkCopy, 'insert' | 'onRows' | 'cursor'> & { select: string }, handle: (rows: T[]) => void,
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
