import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Store } from '../store.ts';
import { RECORDING_TX_BASE } from '../transactions.ts';
import { holdCheckpoints } from '../wal.ts';
import { copyInChunks } from './chunk-copy.ts';
import { refuse } from './errors.ts';
import type { CopyProgress } from './progress.ts';
import { columnList, isSeqColumn, isTxColumn, quoteId, sessionTables, type TableInfo } from './tables.ts';

let attachCount = 0;

/**
 * Copies a checked chargescope file (session-file-check.ts) into the read-only session `sid` of the live database.
 * Rows are copied by SQLite from the attached file, ~10,000 per transaction; the session gets new ids: frames keep
 * their seqs when they are free (a fresh laptop) or move up by one offset, so every reference to a frame moves with
 * it; transactions get new ids and every transaction_id follows them. The files chargers uploaded are written under
 * `<dataDir>/recordings/<sid>/` with names made here. The caller writes the recordings row last, and deletes the
 * session when this throws.
 */
export async function copySessionFile(
  store: Store, o: { path: string; fileName: string; sid: number; hasFiles: boolean; dataDir: string }, job: CopyProgress,
): Promise<{ frames: number }> {
  const { path, fileName, sid, hasFiles } = o;
  const db = store.db;
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
      if (ft.keyIsInteger !== lt.keyIsInteger || (lt.keyIsInteger && ft.key !== lt.key)) {
        throw refuse('unsafe', `${fileName}: table ${ft.name} is not keyed as ChargeScope writes it (${lt.key ?? 'no key'}); the file was not written by ChargeScope`);
      }
      const n = await copyTable(store, alias, ft, lt, sid, plans, job, onRows);
      if (ft.name === 'frames') {
        frames = n;
        job.update({ frames });
      }
    }
    const dir = join(o.dataDir, 'recordings', String(sid));
    const setPath = db.prepare<[string, string]>('UPDATE transfers SET file_path = ? WHERE id = ?');
    const ids = hasFiles ? (db.prepare(`SELECT rowid AS n, transfer_id FROM ${alias}.transfer_files`).all() as { n: number; transfer_id: string }[]) : [];
    const one = hasFiles ? db.prepare<[number]>(`SELECT transfer_id, content FROM ${alias}.transfer_files WHERE rowid = ?`) : null;
    let index = 0;
    for (const { n } of ids) {
      // One uploaded file in memory at a time. Its name on disk is made here, never taken from the file
      // (a transfer_id of ../../../x wrote outside the data dir); the name the charger gave stays in transfers.file_name.
      const f = one!.get(n) as { transfer_id: unknown; content: unknown } | undefined;
      if (!f || typeof f.transfer_id !== 'string' || !Buffer.isBuffer(f.content)) throw refuse('damaged', `${fileName} is damaged: a received file's row holds no file`);
      mkdirSync(dir, { recursive: true });
      const name = `received-${++index}.bin`;
      writeFileSync(join(dir, name), f.content);
      // Like main/files, the path is relative to the data dir.
      setPath.run(join('recordings', String(sid), name), transferId(sid, f.transfer_id));
    }
    return { frames };
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
async function copyTable(store: Store, alias: string, ft: TableInfo, lt: TableInfo, sid: number, plans: Map<string, KeyPlan>, job: CopyProgress, onRows: (n: number) => void): Promise<number> {
  const db = store.db;
  const from = `${alias}.${quoteId(ft.name)}`;
  const cols = ft.columns.filter((c) => lt.columns.includes(c));
  // Every value the copy computes with is a bound parameter: nothing read from the file is pasted into SQL.
  const mapped = (q: string, p: 'f' | 't') => `CASE WHEN ${q} BETWEEN @${p}_lo AND @${p}_hi THEN ${q} + @${p}_off END`;
  const expr = (c: string): string => {
    const q = quoteId(c);
    if (c === 'session_id') return '@sid';
    if (c === ft.key && ft.keyIsInteger) return `${q} + @own_off`;
    if (isSeqColumn(ft.name, c)) return mapped(q, 'f');
    if (isTxColumn(ft.name, c)) return mapped(q, 't');
    if (ft.name === 'transfers' && c === 'id') return '@transfer_prefix || id';
    if (ft.name === 'transfers' && c === 'file_path') return 'NULL';
    // A recording's transfer must never match a charger's download or upload: its secret is kept, disarmed.
    if (ft.name === 'transfers' && c === 'secret') return '@disarmed || secret';
    return q;
  };
  // Read when the statement runs: a table's own plan (frames' call_seq refers to frames) is set just before.
  const named = (own: KeyPlan) => {
    const f = plans.get('frames') ?? NO_PLAN;
    const t = plans.get('transactions') ?? NO_PLAN;
    // BigInt binds as an INTEGER (a JS number binds as a REAL).
    const i = BigInt;
    return {
      sid: i(sid), own_off: i(own.offset), f_lo: i(f.lo), f_hi: i(f.hi), f_off: i(f.offset), t_lo: i(t.lo), t_hi: i(t.hi), t_off: i(t.offset),
      transfer_prefix: transferId(sid, ''), disarmed: DISARMED,
    };
  };
  const insert = `INSERT INTO main.${quoteId(lt.name)} (${columnList(cols)}) SELECT ${cols.map(expr).join(', ')}`;
  if (!ft.keyIsInteger) {
    const info = db.transaction(() => db.prepare(`${insert} FROM ${from}`).run(named(NO_PLAN)))();
    onRows(info.changes);
    return info.changes;
  }
  const key = quoteId(ft.key!);
  const r = db.prepare(`SELECT MIN(${key}) AS lo, MAX(${key}) AS hi FROM ${from}`).get() as { lo: unknown; hi: unknown };
  if (r.lo === null || r.hi === null) return 0;
  // The worker checked the keys; the file is read again here, so they are checked again before any arithmetic.
  if (!Number.isSafeInteger(r.lo) || !Number.isSafeInteger(r.hi)) throw refuse('unsafe', `table ${ft.name} of the file holds keys that are not integers`);
  const range = { lo: r.lo as number, hi: r.hi as number };
  // A recording's transactions take ids from RECORDING_TX_BASE on: the live sequence never moves (DESIGN "Sessions and logs").
  const max = ft.name === 'transactions'
    ? (db.prepare(`SELECT COALESCE(MAX(id), ${RECORDING_TX_BASE}) AS m FROM main.transactions WHERE id >= ${RECORDING_TX_BASE}`).get() as { m: number }).m
    : (db.prepare(`SELECT COALESCE(MAX(${key}), 0) AS m FROM main.${quoteId(lt.name)}`).get() as { m: number }).m;
  const plan: KeyPlan = { lo: range.lo, hi: range.hi, offset: range.lo > max ? 0 : max + 1 - range.lo };
  plans.set(ft.name, plan);
  const params = named(plan);
  db.transaction(() => db.prepare(`${insert} FROM ${from} WHERE ${key} = ?`).run(params, range.hi))();
  let n = 1;
  onRows(1);
  const last = db.prepare<[number]>(`SELECT MAX(${key}) AS m FROM main.${quoteId(lt.name)} WHERE ${key} < ?`);
  await copyInChunks(db, {
    from, where: '1', params: [params], key, after: range.lo - 1, upTo: range.hi - 1, job, insert,
    cursor: () => (last.get(range.hi + plan.offset) as { m: number }).m - plan.offset,
    onRows: (k) => {
      n += k;
      onRows(k);
    },
  });
  return n;
}
