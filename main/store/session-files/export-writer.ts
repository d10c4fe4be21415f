import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import Database from 'better-sqlite3';
import type { MessageTypeName } from '../../../shared/ocpp/actions.ts';
import { payloadTextOf } from '../../ocpp/frame.ts';
import { SCHEMA_VERSION, type Db } from '../db.ts';
import { sqliteAddon } from '../sqlite-addon.ts';
import type { Store } from '../store.ts';
import { CONTAINER_FORMAT, CONTAINER_VERSION, TRANSFER_FILES_DDL, writeMeta } from './container.ts';
import { copyInChunks, forEachChunk } from './chunk-copy.ts';
import type { CopyProgress, RowAnonymizer } from './progress.ts';
import type { Snapshot } from '../recordings.ts';
import { DISARMED } from './reopen-copy.ts';
import { settingsView } from '../../../shared/api/settings-view.ts';
import { columnList, quoteId, SNAPSHOT_TABLES, sessionTables, tableInfo, type SnapshotTable, type TableInfo } from './tables.ts';

/** Uploaded files larger than this stay out of the export (named in its notes). */
const MAX_EMBEDDED_FILE = 128 * 1024 * 1024;
/** Actions whose frames carry idTags, serials, keys or credentials: read first to learn every value to replace. */
export const SENSITIVE_ACTIONS = [
  'Authorize', 'BootNotification', 'StartTransaction', 'StopTransaction', 'RemoteStartTransaction', 'ReserveNow', 'SendLocalList',
  'ChangeConfiguration', 'GetConfiguration', 'UpdateFirmware', 'GetDiagnostics', 'GetLog', 'SignedUpdateFirmware',
  'GetInstalledCertificateIds', 'DeleteCertificate', 'DataTransfer',
];

export interface ExportContext {
  store: Store;
  dataDir: string;
  tmpDir: string;
  version: string;
  clock(): Date;
}

/**
 * Writes the session to a standalone SQLite file (see container.ts) and returns its path. Plain exports are
 * copied by SQLite itself (INSERT ... SELECT from the attached live database, ~10,000 rows per transaction);
 * anonymized ones pass every row through the anonymizer, so no original value is ever written to the file.
 */
export async function exportChargescope(ctx: ExportContext, sessionId: number, anon: RowAnonymizer | null, job: CopyProgress & { readonly id: string }): Promise<string> {
  const file = join(ctx.tmpDir, `export-${job.id}-${randomUUID()}.chargescope`);
  const out = new Database(file, sqliteAddon());
  try {
    out.pragma('journal_mode = OFF');
    out.pragma('synchronous = OFF');
    out.prepare('ATTACH ? AS src').run(ctx.store.file);
    const tables = sessionTables(out, 'src');
    const sessionsInfo = tableInfo(out, 'sessions', 'src')!;
    const snapshot = SNAPSHOT_TABLES.map((t) => tableInfo(out, t, 'src')).filter((t): t is TableInfo => t !== undefined);
    for (const t of [sessionsInfo, ...tables, ...snapshot]) out.exec(t.sql);
    out.exec(TRANSFER_FILES_DDL);

    const counts: Record<string, number> = {};
    const marks = new Map<string, number>();
    let total = 0;
    for (const t of tables) {
      const r = out.prepare(`SELECT COUNT(*) AS n ${t.keyIsInteger ? `, MAX(${quoteId(t.key!)}) AS hi` : ''} FROM src.${quoteId(t.name)} WHERE session_id = ?`).get(sessionId) as { n: number; hi?: number };
      marks.set(t.name, r.hi ?? 0);
      total += r.n;
    }
    job.update({ phase: 'copying', unit: 'rows', total, done: 0 });
    if (anon) await learnSecrets(out, 'src', sessionId, marks.get('frames') ?? 0, anon, job);

    let done = 0;
    const onRows = (n: number) => {
      done += n;
      job.update({ done });
    };
    for (const t of tables) {
      counts[t.name] = await copyTable(out, t, sessionId, marks.get(t.name)!, anon, job, onRows);
      if (t.name === 'frames') job.update({ frames: counts[t.name] });
    }
    copyRows(out, sessionsInfo, 'SELECT * FROM src.sessions WHERE id = ?', [sessionId], anon);
    counts['sessions'] = 1;
    out.exec('CREATE TEMP TABLE seen (id TEXT PRIMARY KEY)');
    const seenFrom = tables.filter((t) => t.columns.includes('charger_id')).map((t) => `SELECT charger_id FROM src.${quoteId(t.name)} WHERE session_id = ${Number(sessionId)} AND charger_id IS NOT NULL`);
    out.exec(`INSERT OR IGNORE INTO temp.seen (id) ${seenFrom.join(' UNION ')}`);
    // A recording carries the chargers' state of its own export (or trace); a session recorded here, the live state.
    const recorded = out.prepare('SELECT snapshot FROM src.recordings WHERE session_id = ?').get(sessionId) as { snapshot: string } | undefined;
    const kept = recorded ? (JSON.parse(recorded.snapshot) as Snapshot) : null;
    for (const t of snapshot) {
      const by = t.name === 'chargers' ? 'id' : 'charger_id';
      counts[t.name] = kept
        ? insertRows(out, t, (kept[t.name as SnapshotTable] ?? []).map((r) => ({ ...r })), anon)
        : copyRows(out, t, `SELECT * FROM src.${quoteId(t.name)} WHERE ${by} IN (SELECT id FROM temp.seen) ORDER BY ${by}`, [], anon);
    }
    const notes = ['password hashes of chargers are never exported'];
    counts['transfer_files'] = anon ? 0 : embedTransferFiles(out, ctx.dataDir, notes);
    if (anon) notes.push('anonymized: idTags, serial numbers, AuthorizationKey values and passwords are pseudonyms; files chargers uploaded are left out');
    writeMeta(out, {
      format: CONTAINER_FORMAT, formatVersion: CONTAINER_VERSION, appVersion: ctx.version, schemaVersion: SCHEMA_VERSION,
      exportedAt: ctx.clock().toISOString(), exportId: randomUUID(), anonymized: anon !== null, sourceSessionId: sessionId, counts,
      settings: settingsView(ctx.store.settings.get()), notes,
    });
    out.exec('DETACH src');
    out.close();
    return file;
  } catch (err) {
    if (out.open) out.close();
    rmSync(file, { force: true });
    throw err;
  }
}

async function copyTable(out: Db, t: TableInfo, sessionId: number, upTo: number, anon: RowAnonymizer | null, job: CopyProgress, onRows: (n: number) => void): Promise<number> {
  const from = `src.${quoteId(t.name)}`;
  if (!t.keyIsInteger) return copyRows(out, t, `SELECT * FROM ${from} WHERE session_id = ?`, [sessionId], anon, onRows);
  const key = quoteId(t.key!);
  // Walk the key itself: frames have an index on (session_id, seq); for the other tables the session index is not
  // in key order, and SQLite would sort every row of the session again for each chunk (`+` keeps it off that index).
  const where = t.name === 'frames' ? 'session_id = ?' : '+session_id = ?';
  let n = 0;
  const count = (k: number) => {
    n += k;
    onRows(k);
  };
  if (anon === null) {
    const cols = columnList(t.columns);
    const last = out.prepare(`SELECT MAX(${key}) AS m FROM main.${quoteId(t.name)}`);
    await copyInChunks(out, {
      from, where, params: [sessionId], key, after: 0, upTo, job, onRows: count,
      insert: `INSERT INTO main.${quoteId(t.name)} (${cols}) SELECT ${cols}`, cursor: () => (last.get() as { m: number }).m,
    });
    return n;
  }
  const insert = out.prepare(`INSERT INTO main.${quoteId(t.name)} (${columnList(t.columns)}) VALUES (${t.columns.map(() => '?').join(', ')})`);
  await forEachChunk<Record<string, unknown>>(out, { from, where, params: [sessionId], key: t.key!, after: 0, upTo, job, select: '*' }, (rows) => {
    out.transaction(() => {
      for (const r of rows) {
        anon.row(t.name, r);
        insert.run(t.columns.map((c) => r[c]));
      }
    })();
    count(rows.length);
  });
  return n;
}

/** Small tables (sessions, snapshots, text-keyed rows): read, transform, insert; password hashes always dropped. */
function copyRows(out: Db, t: TableInfo, select: string, params: unknown[], anon: RowAnonymizer | null, onRows?: (n: number) => void): number {
  return insertRows(out, t, out.prepare(select).all(...params) as Record<string, unknown>[], anon, onRows);
}

function insertRows(out: Db, t: TableInfo, rows: Record<string, unknown>[], anon: RowAnonymizer | null, onRows?: (n: number) => void): number {
  const insert = out.prepare(`INSERT INTO main.${quoteId(t.name)} (${columnList(t.columns)}) VALUES (${t.columns.map(() => '?').join(', ')})`);
  out.transaction(() => {
    for (const r of rows) {
      if ('password_hash' in r) r['password_hash'] = null;
      if (t.name === 'transfers' && typeof r['secret'] === 'string' && r['secret'].startsWith(DISARMED)) r['secret'] = r['secret'].slice(DISARMED.length);
      anon?.row(t.name, r);
      insert.run(t.columns.map((c) => r[c] ?? null));
    }
  })();
  onRows?.(rows.length);
  return rows.length;
}

/**
 * Reads every value the anonymizer must know before anything is written, so free text written early (a finding
 * that quotes an idTag first seen later) is replaced too. `schema` is `main` (the live connection) or `src`.
 */
export async function learnSecrets(db: Db, schema: string, sessionId: number, upToSeq: number, anon: RowAnonymizer, job: CopyProgress): Promise<void> {
  const list = SENSITIVE_ACTIONS.map((a) => `'${a}'`).join(', ');
  await forEachChunk<{ seq: number; raw: string; payload: string | null; message_type: MessageTypeName | null }>(db, {
    from: `${schema}.frames`, where: `session_id = ? AND (action IS NULL OR action IN (${list}))`, params: [sessionId], key: 'seq', after: 0,
    upTo: upToSeq, job, select: 'seq, raw, payload, message_type',
  }, (rows) => {
    for (const r of rows) {
      anon.raw(r.raw);
      const payload = r.payload ?? payloadTextOf(r.raw, r.message_type);
      if (payload) anon.json(payload);
    }
  });
  const skip = new Set(['frames', 'findings', 'meter_values', 'status_history']);
  for (const t of sessionTables(db, schema).filter((x) => !skip.has(x.name))) {
    for (const r of db.prepare(`SELECT * FROM ${schema}.${quoteId(t.name)} WHERE session_id = ?`).iterate(sessionId) as IterableIterator<Record<string, unknown>>) anon.row(t.name, r);
  }
  for (const name of ['chargers', 'configuration', 'local_list', 'reservations']) {
    if (!tableInfo(db, name, schema)) continue;
    for (const r of db.prepare(`SELECT * FROM ${schema}.${quoteId(name)}`).iterate() as IterableIterator<Record<string, unknown>>) {
      if (name === 'chargers' && typeof r['boot'] === 'string') anon.json(r['boot']);
      else if (name !== 'chargers') anon.row(name, r);
    }
  }
}

/** learnSecrets over the live database: before a trace or CSV export is anonymized. */
export function learnSessionSecrets(store: Store, sessionId: number, upToSeq: number, anon: RowAnonymizer, job: CopyProgress): Promise<void> {
  return learnSecrets(store.db, 'main', sessionId, upToSeq, anon, job);
}

/** The files chargers uploaded in this session (diagnostics), as blobs. */
function embedTransferFiles(out: Db, dataDir: string, notes: string[]): number {
  const rows = out.prepare('SELECT id, file_name, file_path FROM main.transfers WHERE file_path IS NOT NULL').all() as { id: string; file_name: string | null; file_path: string }[];
  const insert = out.prepare<[string, string | null, Buffer]>('INSERT INTO transfer_files (transfer_id, file_name, content) VALUES (?, ?, ?)');
  let n = 0;
  for (const row of rows) {
    const r = { ...row, file_path: isAbsolute(row.file_path) ? row.file_path : join(dataDir, row.file_path) };
    if (!existsSync(r.file_path)) {
      notes.push(`transfer ${r.id}: its file ${r.file_name ?? ''} was no longer on disk`);
      continue;
    }
    if (statSync(r.file_path).size > MAX_EMBEDDED_FILE) {
      notes.push(`transfer ${r.id}: its file ${r.file_name ?? ''} is over ${MAX_EMBEDDED_FILE} bytes and was left out`);
      continue;
    }
    insert.run(r.id, r.file_name, readFileSync(r.file_path));
    n++;
  }
  return n;
}
