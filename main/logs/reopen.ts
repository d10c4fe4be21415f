import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Store } from '../store/store.ts';
import { openContainer, refuse, type ContainerMeta } from './container.ts';
import { copyInChunks } from './copy.ts';
import type { Job } from './jobs.ts';
import type { RecordingsRepo, Snapshot } from './recordings.ts';
import { holdCheckpoints } from './wal.ts';
import { columnList, isSeqColumn, isTxColumn, quoteId, SNAPSHOT_TABLES, sessionTables, tableInfo, type TableInfo } from './tables.ts';

export interface ReopenContext {
  store: Store;
  recordings: RecordingsRepo;
  dataDir: string;
  clock(): Date;
}

let attachCount = 0;

/**
 * Re-opens a chargescope file as a new read-only session of the live database. Rows are copied by SQLite from
 * the attached file, ~10,000 per transaction; the session gets new ids: frames keep their seqs when they are
 * free (a fresh laptop) or move up by one offset, so every reference to a frame moves with it; transactions get
 * new ids and every transaction_id follows them. The recordings row is written last: an import cut short (crash,
 * cancel) is recognised and removed.
 */
export async function reopenChargescope(ctx: ReopenContext, path: string, fileName: string, sha256: string | null, job: Job): Promise<{ sessionId: number; frames: number }> {
  const { db: file, meta } = openContainer(path, fileName);
  let sessionRow: Record<string, unknown> | undefined;
  let snapshot: Snapshot;
  let hasFiles = false;
  try {
    sessionRow = file.prepare('SELECT * FROM sessions LIMIT 1').get() as Record<string, unknown> | undefined;
    snapshot = readSnapshot(file);
    hasFiles = tableInfo(file, 'transfer_files') !== undefined;
  } catch (err) {
    throw refuse('damaged', `${fileName} is damaged: ${(err as Error).message}`);
  } finally {
    file.close();
  }
  if (!sessionRow) throw refuse('damaged', `${fileName} is damaged: it holds no session`);

  const db = ctx.store.db;
  const total = Object.entries(meta.counts).filter(([t]) => t !== 'sessions' && t !== 'transfer_files' && !(SNAPSHOT_TABLES as readonly string[]).includes(t))
    .reduce((a, [, n]) => a + n, 0);
  job.update({ phase: 'copying', unit: 'rows', total, done: 0 });
  const sid = ctx.store.sessions.addReadOnly(
    String(sessionRow['name'] ?? fileName), fileName, String(sessionRow['started_at'] ?? meta.exportedAt), (sessionRow['ended_at'] as string | null) ?? null,
    (sessionRow['site'] as string | null) ?? null, (sessionRow['notes'] as string | null) ?? null,
  );
  job.update({ sessionId: sid });
  const alias = `rec${++attachCount}`;
  const txMap = `temp.txmap_${alias}`;
  db.prepare(`ATTACH ? AS ${alias}`).run(path);
  const release = holdCheckpoints(db);
  let done = 0;
  let frames = 0;
  try {
    db.exec(`CREATE TABLE ${txMap} (old INTEGER PRIMARY KEY, new INTEGER NOT NULL)`);
    const liveTables = new Map(sessionTables(db).map((t) => [t.name, t]));
    const fileTables = sessionTables(db, alias);
    const range = db.prepare(`SELECT MIN(seq) AS lo, MAX(seq) AS hi, COUNT(*) AS n FROM ${alias}.frames`).get() as { lo: number | null; hi: number | null; n: number };
    const seq = reserveSeqs(ctx.store, sid, range.lo, range.hi);
    const onRows = (n: number) => {
      done += n;
      job.update({ done });
    };
    for (const ft of fileTables) {
      const lt = liveTables.get(ft.name);
      if (!lt) continue;
      const n = await copyTable(ctx, alias, ft, lt, sid, seq, txMap, job, onRows);
      if (ft.name === 'frames') {
        frames = n;
        job.update({ frames });
      }
    }
    const dir = join(ctx.dataDir, 'recordings', String(sid));
    const setPath = db.prepare<[string, string]>('UPDATE transfers SET file_path = ? WHERE id = ?');
    const ids = hasFiles ? (db.prepare(`SELECT transfer_id FROM ${alias}.transfer_files`).all() as { transfer_id: string }[]) : [];
    const one = hasFiles ? db.prepare<[string]>(`SELECT transfer_id, file_name, content FROM ${alias}.transfer_files WHERE transfer_id = ?`) : null;
    for (const { transfer_id: id } of ids) {
      // One uploaded file in memory at a time.
      const f = one!.get(id) as { transfer_id: string; file_name: string | null; content: Buffer };
      mkdirSync(dir, { recursive: true });
      const name = `${f.transfer_id}-${basename(f.file_name ?? 'upload').replace(/[^\w.-]/g, '_')}`;
      writeFileSync(join(dir, name), f.content);
      // Like main/files, the path is relative to the data dir.
      setPath.run(join('recordings', String(sid), name), transferId(sid, f.transfer_id));
    }
    const recMeta: Partial<ContainerMeta> = { ...meta };
    delete recMeta.counts;
    ctx.recordings.insert({ sessionId: sid, format: 'chargescope', fileName, sha256, importedAt: ctx.clock().toISOString(), frames, skippedLines: 0, meta: recMeta, snapshot });
    return { sessionId: sid, frames };
  } catch (err) {
    job.update({ phase: 'cleaning' });
    await ctx.recordings.deleteSession(sid, job);
    throw err;
  } finally {
    db.exec(`DROP TABLE IF EXISTS ${txMap}`);
    db.exec(`DETACH ${alias}`);
    release();
  }
}

interface SeqPlan { lo: number; hi: number; offset: number }

/**
 * Frames keep their order and relative distance: seq + offset, where offset is 0 when the whole range is above
 * every seq in use. A placeholder at the top of the range reserves it before the first chunk, so live frames
 * recorded meanwhile (the CSMS keeps running) get seqs above it; the last chunk replaces the placeholder.
 */
function reserveSeqs(store: Store, sid: number, lo: number | null, hi: number | null): SeqPlan {
  if (lo === null || hi === null) return { lo: 0, hi: -1, offset: 0 };
  const max = (store.db.prepare('SELECT COALESCE(MAX(seq), 0) AS m FROM main.frames').get() as { m: number }).m;
  const offset = lo > max ? 0 : max + 1 - lo;
  store.db.prepare(`INSERT INTO main.frames (seq, session_id, charger_id, direction, raw, at, valid) VALUES (?, ?, '', 'in', '', '', 0)`).run(hi + offset, sid);
  return { lo, hi, offset };
}

export const transferId = (sid: number, old: string): string => `r${sid}-${old}`;
/** Prefix of a recording's transfer secrets: no HTTP path or FTP login can carry a newline. */
export const DISARMED = 'recording\n';

async function copyTable(ctx: ReopenContext, alias: string, ft: TableInfo, lt: TableInfo, sid: number, seq: SeqPlan, txMap: string, job: Job, onRows: (n: number) => void): Promise<number> {
  const db = ctx.store.db;
  const cols = ft.columns.filter((c) => lt.columns.includes(c) && !(c === ft.key && ft.keyIsInteger && ft.name !== 'frames'));
  const expr = (c: string): string => {
    const q = quoteId(c);
    if (c === 'session_id') return String(sid);
    if (ft.name === 'frames' && c === 'seq') return `seq + ${seq.offset}`;
    if (isSeqColumn(ft.name, c)) return `CASE WHEN ${q} BETWEEN ${seq.lo} AND ${seq.hi} THEN ${q} + ${seq.offset} END`;
    if (isTxColumn(ft.name, c)) return `(SELECT new FROM ${txMap} WHERE old = ${q})`;
    if (ft.name === 'transfers' && c === 'id') return `'r${sid}-' || id`;
    if (ft.name === 'transfers' && c === 'file_path') return 'NULL';
    // A recording's transfer must never match a charger's download or upload: its secret is kept, disarmed.
    if (ft.name === 'transfers' && c === 'secret') return `'${DISARMED}' || secret`;
    return q;
  };
  const from = `${alias}.${quoteId(ft.name)}`;
  const insertInto = `${ft.name === 'frames' ? 'INSERT OR REPLACE' : 'INSERT'} INTO main.${quoteId(lt.name)} (${columnList(cols)}) SELECT ${cols.map(expr).join(', ')}`;
  if (ft.name === 'transactions') {
    // Few rows, and every transaction_id elsewhere must follow the new ids: one by one, through the map.
    const rows = db.prepare(`SELECT id AS old, ${cols.map((c) => `${expr(c)} AS ${quoteId(c)}`).join(', ')} FROM ${from} ORDER BY id`).all() as Record<string, unknown>[];
    const insert = db.prepare(`INSERT INTO main.transactions (${columnList(cols)}) VALUES (${cols.map(() => '?').join(', ')})`);
    const map = db.prepare<[number, number]>(`INSERT INTO ${txMap} (old, new) VALUES (?, ?)`);
    db.transaction(() => {
      for (const r of rows) map.run(r['old'] as number, Number(insert.run(cols.map((c) => r[c])).lastInsertRowid));
    })();
    onRows(rows.length);
    return rows.length;
  }
  if (!ft.keyIsInteger) {
    const info = db.transaction(() => db.prepare(`${insertInto} FROM ${from}`).run())();
    onRows(info.changes);
    return info.changes;
  }
  const key = quoteId(ft.key!);
  const upTo = (db.prepare(`SELECT COALESCE(MAX(${key}), 0) AS m FROM ${from}`).get() as { m: number }).m;
  const lo = (db.prepare(`SELECT COALESCE(MIN(${key}), 0) AS m FROM ${from}`).get() as { m: number }).m;
  let n = 0;
  await copyInChunks(db, {
    from, where: '1', params: [], key, after: lo - 1, upTo, job, insert: insertInto,
    onRows: (k) => {
      n += k;
      onRows(k);
    },
  });
  return n;
}

function readSnapshot(file: import('../store/db.ts').Db): Snapshot {
  const out: Snapshot = {};
  for (const t of SNAPSHOT_TABLES) {
    if (tableInfo(file, t)) out[t] = file.prepare(`SELECT * FROM ${quoteId(t)}`).all() as Record<string, unknown>[];
  }
  return out;
}
