import type { Db } from '../db.ts';

/**
 * The tables a session export holds, read from the live schema so a column or a per-session table that a later
 * migration adds travels without a change here. A per-session table is any table with a `session_id` column.
 */
export interface TableInfo {
  name: string;
  columns: string[];
  /** The INTEGER PRIMARY KEY (rowid alias) or TEXT primary key, when the table has a one-column key. */
  key: string | null;
  keyIsInteger: boolean;
  /** The CREATE TABLE statement of the live schema. */
  sql: string;
}

/** Per-charger state that is not per session: exported as a snapshot of the session's chargers. */
export const SNAPSHOT_TABLES = ['chargers', 'connectors', 'configuration', 'local_list', 'reservations', 'charging_profiles'] as const;
export type SnapshotTable = (typeof SNAPSHOT_TABLES)[number];

/** Columns that hold a frame's seq (remapped on re-open) and a transaction id (remapped through the new ids). */
export const isSeqColumn = (table: string, col: string): boolean => (table === 'frames' ? col === 'call_seq' : col === 'seq' || col.endsWith('_seq'));
export const isTxColumn = (table: string, col: string): boolean => (table === 'transactions' ? col === 'superseded_by' : col === 'transaction_id');

export function tableInfo(db: Db, name: string, schema = 'main'): TableInfo | undefined {
  const row = db.prepare<[string], { sql: string }>(`SELECT sql FROM ${schema}.sqlite_master WHERE type = 'table' AND name = ?`).get(name);
  if (!row) return undefined;
  const cols = db.prepare(`PRAGMA ${schema}.table_info(${quoteId(name)})`).all() as { name: string; type: string; pk: number }[];
  const pks = cols.filter((c) => c.pk > 0);
  const key = pks.length === 1 ? pks[0]! : null;
  return {
    name, columns: cols.map((c) => c.name), key: key?.name ?? null, keyIsInteger: key !== null && key.type.toUpperCase() === 'INTEGER', sql: row.sql,
  };
}

/** Every table of the schema with a session_id column, frames first and transactions before what refers to them. */
export function sessionTables(db: Db, schema = 'main'): TableInfo[] {
  const names = (db.prepare(`SELECT name FROM ${schema}.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).all() as { name: string }[])
    .map((r) => r.name);
  const out: TableInfo[] = [];
  for (const n of names) {
    if (n === 'sessions' || n === 'recordings') continue;
    const t = tableInfo(db, n, schema);
    if (t && t.columns.includes('session_id')) out.push(t);
  }
  const rank = (t: TableInfo) => (t.name === 'frames' ? 0 : t.name === 'transactions' ? 1 : 2);
  return out.sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
}

export function quoteId(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export const columnList = (cols: readonly string[]): string => cols.map(quoteId).join(', ');
