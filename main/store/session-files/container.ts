import Database from 'better-sqlite3';
import { SCHEMA_VERSION, type Db } from '../db.ts';
import { sqliteAddon } from '../sqlite-addon.ts';
import { refuse } from './errors.ts';

/**
 * The `chargescope` export: one standalone SQLite file. It holds the session's row of `sessions`, the session's
 * rows of every per-session table (same tables and columns as the store, original ids and seqs), a snapshot of the
 * session's chargers (chargers, connectors, configuration, local_list, reservations, charging_profiles),
 * the files chargers uploaded (`transfer_files`) and a `meta` table. It is told apart by content: the SQLite header
 * and application_id 0x43536573 ("CSes").
 */
export const CONTAINER_FORMAT = 'chargescope-session';
/** Bump when a reader of this version could not read a newer file correctly. */
export const CONTAINER_VERSION = 1;
export const APPLICATION_ID = 0x43536573;
export const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

export interface ContainerMeta {
  format: string;
  formatVersion: number;
  appVersion: string;
  schemaVersion: number;
  exportedAt: string;
  exportId: string;
  anonymized: boolean;
  sourceSessionId: number;
  /** Row count of every table written, checked on re-open (a truncated copy is refused). */
  counts: Record<string, number>;
  /** The CSMS settings when the session was exported: they explain the replies it gave. */
  settings: unknown;
  notes: string[];
}

export const TRANSFER_FILES_DDL = 'CREATE TABLE transfer_files (transfer_id TEXT PRIMARY KEY, file_name TEXT, content BLOB NOT NULL) STRICT';

export function writeMeta(db: Db, meta: ContainerMeta): void {
  db.exec('CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT');
  const put = db.prepare<[string, string]>('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)');
  db.transaction(() => {
    for (const [k, v] of Object.entries(meta)) put.run(k, typeof v === 'string' ? v : JSON.stringify(v));
  })();
  db.pragma(`application_id = ${APPLICATION_ID}`);
}

/**
 * Opens a chargescope file read-only and checks it: a ChargeScope session export, a format and schema this build
 * reads, not damaged (SQLite quick_check and the row counts in meta). Returns the open handle and its meta.
 */
export function openContainer(path: string, label: string): { db: Db; meta: ContainerMeta } {
  let db: Db;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true, ...sqliteAddon() });
  } catch (err) {
    throw refuse('damaged', `${label} cannot be opened as SQLite (${(err as Error).message}): the file is damaged`);
  }
  try {
    const meta = readMeta(db, label);
    const check = db.pragma('quick_check') as { quick_check: string }[];
    if (check.length !== 1 || check[0]!.quick_check !== 'ok') {
      throw refuse('damaged', `${label} is damaged (SQLite integrity check: ${check.slice(0, 3).map((c) => c.quick_check).join('; ')}); export the session again`);
    }
    for (const [table, expected] of Object.entries(meta.counts)) {
      const exists = db.prepare<[string]>("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table);
      const n = exists ? (db.prepare(`SELECT COUNT(*) AS n FROM "${table.replace(/"/g, '""')}"`).get() as { n: number }).n : -1;
      if (n !== expected) {
        throw refuse('damaged', `${label} is damaged or truncated: table ${table} holds ${n < 0 ? 'nothing' : n} rows, the export wrote ${expected}; export the session again`);
      }
    }
    return { db, meta };
  } catch (err) {
    db.close();
    throw err;
  }
}

function readMeta(db: Db, label: string): ContainerMeta {
  let rows: { key: string; value: string }[];
  try {
    rows = db.prepare('SELECT key, value FROM meta').all() as { key: string; value: string }[];
  } catch (err) {
    const msg = (err as Error).message;
    if (/no such table/i.test(msg)) throw refuse('not-chargescope', `${label} is an SQLite file but not a ChargeScope session export (it has no meta table)`);
    throw refuse('damaged', `${label} is damaged: ${msg}`);
  }
  const m = new Map(rows.map((r) => [r.key, r.value]));
  if (m.get('format') !== CONTAINER_FORMAT) {
    throw refuse('not-chargescope', `${label} is an SQLite file but not a ChargeScope session export (format ${JSON.stringify(m.get('format') ?? null)})`);
  }
  const formatVersion = Number(m.get('formatVersion'));
  const schemaVersion = Number(m.get('schemaVersion'));
  const appVersion = m.get('appVersion') ?? 'unknown';
  if (!Number.isInteger(formatVersion) || !Number.isInteger(schemaVersion)) throw refuse('damaged', `${label} is damaged: its meta has no format or schema version`);
  if (formatVersion > CONTAINER_VERSION || schemaVersion > SCHEMA_VERSION) {
    throw refuse('too-new', `${label} was exported by a newer ChargeScope (${appVersion}, export format ${formatVersion}, schema ${schemaVersion}); this ChargeScope reads format ${CONTAINER_VERSION} up to schema ${SCHEMA_VERSION}: update ChargeScope to open it`);
  }
  const json = <T>(k: string, fallback: T): T => {
    try {
      return m.has(k) ? (JSON.parse(m.get(k)!) as T) : fallback;
    } catch {
      throw refuse('damaged', `${label} is damaged: meta ${k} is not readable`);
    }
  };
  return {
    format: CONTAINER_FORMAT, formatVersion, appVersion, schemaVersion, exportedAt: m.get('exportedAt') ?? '', exportId: m.get('exportId') ?? '',
    anonymized: json('anonymized', false), sourceSessionId: json('sourceSessionId', 0), counts: json('counts', {}), settings: json('settings', null),
    notes: json('notes', []),
  };
}
