import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Store } from '../store/store.ts';
import { RECORDING_TX_BASE } from '../store/transactions.ts';
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
  db.prepare(`ATTACH ? AS ${alias}`).run(path);
  const release = holdCheckpoints(db);
  let done = 0;
  let frames = 0;
  try {
    const liveTables = new Map(sessionTables(db).map((t) => [t.name, t]));
    const fileTables = sessionTables(db, alias);
    const plans = new Map<string, KeyPlan>();
    const onRows = (n: number) => {
      done += n;
      job.update({ done });
    };
    for (const ft of fileTables) {
      const lt = liveTables.get(ft.name);
      if (!lt) continue;
      const n = await copyTable(ctx, alias, ft, lt, sid, plans, job, onRows);
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
    db.exec(`DETACH ${alias}`);
    release();
  }
}

/** Keys of a table move by one offset: key + offset, 0 when the file's range is above every key in use. */
interface KeyPlan { lo: number; hi: number; offset: number }
const NO_PLAN: KeyPlan = { lo: 0, hi: -1, offset: 0 };

export const transferId = (sid: number, old: string): string => `r${sid}-${old}`;
/** Prefix of a recording's transfer secrets: no HTTP path or FTP login can carry a newline. */
export const DISARMED = 'recording\n';

/**
 * Copies one table of the file. Integer keys keep their order and relative distance (key + offset), so every
 * reference follows by arithmetic: seq columns with the frames' offset, transaction ids with the transactions'.
 * The file's last row is inserted first: it reserves the range, and rows the live CSMS adds meanwhile (it keeps
 * running) get keys above it; the chunks then fill the range below.
 */
async function copyTable(ctx: ReopenContext, alias: string, ft: TableInfo, lt: TableInfo, sid: number, plans: Map<string, KeyPlan>, job: Job, onRows: (n: number) => void): Promise<number> {
  const db = ctx.store.db;
  const from = `${alias}.${quoteId(ft.name)}`;
  const cols = ft.columns.filter((c) => lt.columns.includes(c));
  const mapped = (c: string, plan: KeyPlan, q: string) => `CASE WHEN ${q} BETWEEN ${plan.lo} AND ${plan.hi} THEN ${q} + ${plan.offset} END`;
  const expr = (c: string, own: KeyPlan): string => {
    const q = quoteId(c);
    if (c === 'session_id') return String(sid);
    if (c === ft.key && ft.keyIsInteger) return `${q} + ${own.offset}`;
    if (isSeqColumn(ft.name, c)) return mapped(c, plans.get('frames') ?? NO_PLAN, q);
    if (isTxColumn(ft.name, c)) return mapped(c, plans.get('transactions') ?? NO_PLAN, q);
    if (ft.name === 'transfers' && c === 'id') return `'r${sid}-' || id`;
    if (ft.name === 'transfers' && c === 'file_path') return 'NULL';
    // A recording's transfer must never match a charger's download or upload: its secret is kept, disarmed.
    if (ft.name === 'transfers' && c === 'secret') return `'${DISARMED}' || secret`;
    return q;
  };
  if (!ft.keyIsInteger) {
    const info = db.transaction(() => db.prepare(`INSERT INTO main.${quoteId(lt.name)} (${columnList(cols)}) SELECT ${cols.map((c) => expr(c, NO_PLAN)).join(', ')} FROM ${from}`).run())();
    onRows(info.changes);
    return info.changes;
  }
  const key = quoteId(ft.key!);
  const r = db.prepare(`SELECT MIN(${key}) AS lo, MAX(${key}) AS hi FROM ${from}`).get() as { lo: number | null; hi: number | null };
  if (r.lo === null || r.hi === null) return 0;
  const range = { lo: r.lo, hi: r.hi };
  // A recording's transactions take ids from RECORDING_TX_BASE on: the live sequence never moves (DESIGN "Sessions and logs").
  const max = ft.name === 'transactions'
    ? (db.prepare(`SELECT COALESCE(MAX(id), ${RECORDING_TX_BASE}) AS m FROM main.transactions WHERE id >= ${RECORDING_TX_BASE}`).get() as { m: number }).m
    : (db.prepare(`SELECT COALESCE(MAX(${key}), 0) AS m FROM main.${quoteId(lt.name)}`).get() as { m: number }).m;
  const plan: KeyPlan = { lo: range.lo, hi: range.hi, offset: range.lo > max ? 0 : max + 1 - range.lo };
  plans.set(ft.name, plan);
  const insert = `INSERT INTO main.${quoteId(lt.name)} (${columnList(cols)}) SELECT ${cols.map((c) => expr(c, plan)).join(', ')}`;
  db.transaction(() => db.prepare(`${insert} FROM ${from} WHERE ${key} = ?`).run(range.hi))();
  let n = 1;
  onRows(1);
  const last = db.prepare<[number]>(`SELECT MAX(${key}) AS m FROM main.${quoteId(lt.name)} WHERE ${key} < ?`);
  await copyInChunks(db, {
    from, where: '1', params: [], key, after: range.lo - 1, upTo: range.hi - 1, job, insert,
    cursor: () => (last.get(range.hi + plan.offset) as { m: number }).m - plan.offset,
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
