import Database from 'better-sqlite3';
import type { Db } from '../db.ts';
import { sqliteAddon } from '../sqlite-addon.ts';
import { openContainer, type ContainerMeta } from './container.ts';
import { refuse } from './errors.ts';
import type { Snapshot } from '../recordings.ts';
import { isSeqColumn, isTxColumn, quoteId, SNAPSHOT_TABLES, tableInfo } from './tables.ts';

/**
 * The security check of a `.chargescope` file from a stranger, and everything re-open needs to read from it alone.
 * It runs in a worker (session-file-reader.ts) within a time budget, so nothing in the file can stall the live CSMS:
 * - only plain tables are read: a view, a trigger, a virtual table or a generated column refuses the file (a view
 *   named `meta` that recurses, or a trigger, is SQL the file brings);
 * - every integer key and reference that re-open computes with (keys, seqs, transaction ids) holds integers within
 *   ±2^53 (a text `MAX(seq)` was pasted into SQL run on the live database);
 * - the file's own integrity (SQLite quick_check, the row counts of its meta).
 */
export interface SessionFileContent {
  meta: ContainerMeta;
  sessionRow: Record<string, unknown>;
  snapshot: Snapshot;
  hasFiles: boolean;
}

/** What the file's schema may hold: tables and their indexes (autoindexes included). */
const ALLOWED_TYPES = new Set(['table', 'index']);

export function checkSessionFile(path: string, label: string): SessionFileContent {
  const db = openPlain(path, label);
  try {
    checkSchema(db, label);
  } finally {
    db.close();
  }
  const { db: file, meta } = openContainer(path, label);
  try {
    checkKeys(file, label);
    let sessionRow: Record<string, unknown> | undefined;
    let snapshot: Snapshot;
    let hasFiles: boolean;
    try {
      sessionRow = file.prepare('SELECT * FROM sessions LIMIT 1').get() as Record<string, unknown> | undefined;
      snapshot = readSnapshot(file);
      hasFiles = tableInfo(file, 'transfer_files') !== undefined;
    } catch (err) {
      throw refuse('damaged', `${label} is damaged: ${(err as Error).message}`);
    }
    if (!sessionRow) throw refuse('damaged', `${label} is damaged: it holds no session`);
    return { meta, sessionRow, snapshot, hasFiles };
  } finally {
    file.close();
  }
}

function openPlain(path: string, label: string): Db {
  try {
    const db = new Database(path, { readonly: true, fileMustExist: true, ...sqliteAddon() });
    // Functions in the file's schema are not run with the trust of our own schema.
    db.pragma('trusted_schema = OFF');
    return db;
  } catch (err) {
    throw refuse('damaged', `${label} cannot be opened as SQLite (${(err as Error).message}): the file is damaged`);
  }
}

function checkSchema(db: Db, label: string): void {
  let rows: { type: string; name: string; sql: string | null }[];
  try {
    rows = db.prepare('SELECT type, name, sql FROM sqlite_master').all() as typeof rows;
  } catch (err) {
    throw refuse('damaged', `${label} is damaged: its schema cannot be read (${(err as Error).message})`);
  }
  for (const r of rows) {
    if (!ALLOWED_TYPES.has(r.type)) {
      throw refuse('unsafe', `${label} holds a ${r.type} (${JSON.stringify(r.name.slice(0, 80))}); a ChargeScope export holds plain tables only, and ChargeScope runs no SQL a file brings: it refuses this file`);
    }
    if (r.type === 'table' && /^\s*CREATE\s+VIRTUAL\s+TABLE/i.test(r.sql ?? '')) {
      throw refuse('unsafe', `${label} holds a virtual table (${JSON.stringify(r.name.slice(0, 80))}); ChargeScope reads plain tables only and refuses this file`);
    }
  }
  for (const r of rows) {
    if (r.type !== 'table' || r.name.startsWith('sqlite_')) continue;
    const cols = db.prepare(`PRAGMA table_xinfo(${quoteId(r.name)})`).all() as { name: string; hidden: number }[];
    const generated = cols.find((c) => c.hidden === 2 || c.hidden === 3);
    if (generated) {
      throw refuse('unsafe', `${label}: column ${generated.name} of table ${r.name} is generated (computed by an expression when read); ChargeScope reads stored values only and refuses this file`);
    }
  }
}

/** Integer keys and references: integers within ±2^53 in every row, or the file is refused. */
function checkKeys(db: Db, label: string): void {
  const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as { name: string }[]).map((r) => r.name);
  for (const name of tables) {
    const t = tableInfo(db, name);
    if (!t) continue;
    const declared = new Map((db.prepare(`PRAGMA table_info(${quoteId(name)})`).all() as { name: string; type: string }[]).map((c) => [c.name, c.type.toUpperCase()]));
    // What re-open computes with, and every column declared integer (a non-STRICT table can hold text in one).
    const numeric = t.columns.filter((c) => (c === t.key && t.keyIsInteger) || isSeqColumn(name, c) || isTxColumn(name, c) || c === 'session_id' || c === 'seq'
      || (declared.get(c) ?? '').includes('INT'));
    for (const c of numeric) {
      const q = quoteId(c);
      const bad = db.prepare(`SELECT ${q} AS v FROM ${quoteId(name)} WHERE ${q} IS NOT NULL AND (typeof(${q}) <> 'integer' OR ${q} > ? OR ${q} < ?) LIMIT 1`)
        .get(Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER) as { v: unknown } | undefined;
      if (bad) {
        const shown = typeof bad.v === 'string' ? JSON.stringify(bad.v.slice(0, 40)) : String(bad.v);
        throw refuse('unsafe', `${label}: table ${name} column ${c} holds ${shown} where ChargeScope writes integers (keys, seqs, transaction ids); the file was not written by ChargeScope and is refused`);
      }
    }
  }
}

function readSnapshot(file: Db): Snapshot {
  const out: Snapshot = {};
  for (const t of SNAPSHOT_TABLES) {
    if (tableInfo(file, t)) out[t] = file.prepare(`SELECT * FROM ${quoteId(t)}`).all() as Record<string, unknown>[];
  }
  return out;
}
