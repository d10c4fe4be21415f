import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync, openSync, readSync, closeSync, readdirSync, rmSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import type { ExportFormat, ImportFormat, ImportReading, ImportResult, LiveEvent } from '../../shared/api/types.ts';
import type { OcppValidator } from '../ocpp/validation.ts';
import { createRecordingsRepo } from '../store/recordings.ts';
import { SQLITE_MAGIC } from '../store/session-files/container.ts';
import { exportChargescope, learnSessionSecrets } from '../store/session-files/export-writer.ts';
import type { Store } from '../store/store.ts';
import { Anonymizer } from './export/anonymize.ts';
import { LogError, badInput, refused } from './errors.ts';
import { meterValuesCsv, traceLines, transactionsCsv } from './export/export-text.ts';
import { importLines } from './import/import-lines.ts';
import { createJobs, JobCancelled, type Job } from './jobs.ts';
import { reopenChargescope } from './import/reopen.ts';
import type { SessionFileBudget } from './import/session-file-reader.ts';

const GZIP_MAGIC = Buffer.from([0x1f, 0x8b]);

/** An export as a stream with what a download needs (main/api sends it as a file). */
export interface LogFile {
  stream: Readable;
  contentType: string;
  fileName: string;
  /** Bytes, when known beforehand. */
  length: number | null;
  headers: Record<string, string>;
}
const logFile = (stream: Readable, contentType: string, fileName: string, length: number | null, headers: Record<string, string>): LogFile =>
  ({ stream, contentType, fileName, length, headers });

export interface LogsOptions {
  store: Store;
  /** The OCPP schema validator (compiled once, shared with the live CSMS). */
  validator: OcppValidator;
  dataDir: string;
  version: string;
  clock(): Date;
  publish(e: LiveEvent): void;
  /** Time and size budget for checking a session file (session-file-reader.ts). */
  fileBudget?: SessionFileBudget;
}

export interface ImportOptions {
  fileName: string;
  jobId?: string | undefined;
  fallbackCharger?: string | null;
  totalBytes?: number | null;
  /** Known beforehand (a file on disk): an identical file already open is not imported twice. */
  sha256?: string;
  /** `?date=`: the date of time-only lines; `?tz=`: the zone (minutes east of UTC) of times written without one. */
  date?: string | null;
  tzMinutes?: number | null;
}

/**
 * Sessions and logs: export (chargescope file, OCPP Trace Format JSONL, CSV), re-open and import as read-only
 * sessions, with progress and cancel. Streams throughout: no file is ever held in memory.
 */
export function createLogs(o: LogsOptions) {
  const { store, clock } = o;
  const tmpDir = join(o.dataDir, 'tmp');
  mkdirSync(tmpDir, { recursive: true });
  for (const f of readdirSync(tmpDir)) if (/^(export|import)-/.test(f)) rmSync(join(tmpDir, f), { force: true });
  const recordings = createRecordingsRepo(store, o.dataDir);
  const removed = recordings.removePartialImports();
  const jobs = createJobs(o.publish, clock);
  const validator = o.validator;

  function result(sessionId: number, format: ImportFormat, fileName: string, frames: number, skipped: Pick<ImportResult, 'skippedLines' | 'skipped'>, alreadyOpen: boolean,
    reading: ImportReading | null = null): ImportResult {
    return { sessionId, session: store.sessions.get(sessionId)!, format, fileName, frames, ...skipped, alreadyOpen, reading };
  }

  function alreadyOpen(sha256: string, fileName: string): ImportResult | null {
    const sid = recordings.bySha256(sha256);
    const rec = sid === undefined ? undefined : recordings.get(sid);
    if (sid === undefined || !rec) return null;
    return result(sid, rec.format, fileName, rec.frames, { skippedLines: rec.skippedLines, skipped: [] }, true, rec.reading);
  }

  async function reopenFile(path: string, fileName: string, sha256: string, job: Job): Promise<ImportResult> {
    const existing = alreadyOpen(sha256, fileName);
    if (existing) return existing;
    job.update({ format: 'chargescope' });
    const r = await reopenChargescope({ store, recordings, dataDir: o.dataDir, clock, ...(o.fileBudget ? { fileBudget: o.fileBudget } : {}) }, path, fileName, sha256, job);
    return result(r.sessionId, 'chargescope', fileName, r.frames, { skippedLines: 0, skipped: [] }, false);
  }

  /** Imports what a stream holds, told apart by content: a chargescope file (also gzipped), or lines of frames. */
  async function importStream(input: Readable, io: ImportOptions): Promise<ImportResult> {
    const job = jobs.start({ kind: 'import', id: io.jobId, format: null, sessionId: null, fileName: io.fileName, unit: 'bytes', total: io.totalBytes ?? null });
    const hash = createHash('sha256');
    let bytes = 0;
    const counted = Readable.from((async function* () {
      for await (const chunk of input) {
        const b = chunk as Buffer;
        hash.update(b);
        bytes += b.length;
        job.update({ done: bytes });
        yield b;
      }
    })(), { objectMode: false });
    let digest: string | null = io.sha256 ?? null;
    const sha = () => (digest ??= hash.digest('hex'));
    try {
      let { head, rest } = await peek(counted, 16);
      if (head.length === 0) throw refused('unreadable', `${io.fileName} is empty: nothing to import`);
      if (head.subarray(0, 2).equals(GZIP_MAGIC)) {
        const gunzip = createGunzip();
        pipeline(rest, gunzip).catch(() => undefined);
        ({ head, rest } = await peek(capInflation(gunzip, () => bytes, io.fileName), 16));
      }
      let out: ImportResult;
      if (head.subarray(0, 16).equals(SQLITE_MAGIC)) {
        const tmp = join(tmpDir, `import-${job.id}-${randomUUID()}.chargescope`);
        try {
          await pipeline(rest, createWriteStream(tmp));
          out = await reopenFile(tmp, io.fileName, sha(), job);
        } finally {
          rmSync(tmp, { force: true });
        }
      } else {
        const r = await importLines({ store, validator, recordings, clock }, rest, {
          fileName: io.fileName, fallbackCharger: io.fallbackCharger ?? null, date: io.date ?? null, tzMinutes: io.tzMinutes ?? null, job, sha256: sha,
        });
        out = result(r.sessionId, r.format, io.fileName, r.frames, { skippedLines: r.skippedLines, skipped: r.skipped }, false, r.reading);
      }
      job.update({ format: out.format, sessionId: out.sessionId, frames: out.frames, skippedLines: out.skippedLines });
      job.succeed();
      publishSession(out.sessionId);
      return out;
    } catch (err) {
      job.fail(err);
      if (err instanceof JobCancelled || job.signal.aborted) throw new LogError('CONFLICT', `the import of ${io.fileName} was cancelled; nothing of it was kept`, { cause: err });
      throw err;
    }
  }

  function publishSession(sessionId: number): void {
    const session = store.sessions.get(sessionId);
    if (session) o.publish({ type: 'session', session });
  }

  /** Re-opens one file on this computer (a chargescope export or any importable log). */
  async function openFile(path: string): Promise<ImportResult> {
    const fileName = basename(path);
    const size = statSync(path).size;
    const sha256 = await hashFile(path);
    const existing = alreadyOpen(sha256, fileName);
    if (existing) return existing;
    if (readHead(path).equals(SQLITE_MAGIC)) {
      const job = jobs.start({ kind: 'import', format: 'chargescope', sessionId: null, fileName, unit: 'rows' });
      try {
        const out = await reopenFile(path, fileName, sha256, job);
        job.succeed();
        publishSession(out.sessionId);
        return out;
      } catch (err) {
        job.fail(err);
        throw err;
      }
    }
    return importStream(createReadStream(path), { fileName, totalBytes: size, sha256 });
  }

  /** A file, or every file of a folder (not recursive, hidden files skipped). */
  async function openPath(path: string): Promise<{ opened: ImportResult[]; failed: { path: string; error: string }[] }> {
    let st;
    try {
      st = statSync(path);
    } catch (err) {
      throw badInput(`cannot open ${path}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or folder' : (err as Error).message}`);
    }
    if (!st.isDirectory()) return { opened: [await openFile(path)], failed: [] };
    const files = readdirSync(path, { withFileTypes: true }).filter((d) => d.isFile() && !d.name.startsWith('.')).map((d) => join(path, d.name)).sort();
    const opened: ImportResult[] = [];
    const failed: { path: string; error: string }[] = [];
    for (const f of files) {
      try {
        opened.push(await openFile(f));
      } catch (err) {
        failed.push({ path: f, error: (err as Error).message });
      }
    }
    if (files.length === 0) throw badInput(`the folder ${path} holds no files to open`);
    return { opened, failed };
  }

  /** A session as one file, streamed. */
  async function exportSession(sessionId: number, q: { format: ExportFormat; anonymize: boolean; jobId?: string | undefined; transactionId?: number | undefined }): Promise<LogFile> {
    const session = store.sessions.get(sessionId);
    if (!session) throw new LogError('NOT_FOUND', `session ${sessionId} does not exist (GET /api/sessions lists them)`);
    const base = `chargescope-${sessionId}-${session.name.replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'session'}${q.anonymize ? '-anonymized' : ''}`;
    const ext = { chargescope: '.chargescope', 'trace-jsonl': '.trace.jsonl', 'transactions-csv': '-transactions.csv', 'meter-values-csv': '-meter-values.csv' }[q.format];
    const fileName = base + ext;
    const { upTo, frames } = store.sessionRows.extent(sessionId);
    const job = jobs.start({ kind: 'export', id: q.jobId, format: q.format, sessionId, fileName, unit: 'frames', total: frames });
    const headers = { 'X-ChargeScope-Job': job.id };
    try {
      if (q.format === 'chargescope') {
        const path = await exportChargescope({ store, tmpDir, dataDir: o.dataDir, version: o.version, clock }, sessionId, q.anonymize ? new Anonymizer() : null, job);
        const size = statSync(path).size;
        job.update({ phase: 'sending', unit: 'bytes', done: 0, total: size });
        let sent = 0;
        const file = createReadStream(path);
        file.on('close', () => rmSync(path, { force: true }));
        const counting = (async function* () {
          for await (const chunk of file) {
            sent += (chunk as Buffer).length;
            job.update({ done: sent });
            yield chunk as Buffer;
          }
        })();
        return logFile(Readable.from(track(job, counting), { objectMode: false }), 'application/vnd.sqlite3', fileName, size, headers);
      }
      const anon = q.anonymize ? new Anonymizer() : null;
      if (anon) {
        job.update({ phase: 'reading' });
        await learnSessionSecrets(store, sessionId, upTo, anon, job);
      }
      job.update({ phase: 'writing', done: 0 });
      if (q.format === 'trace-jsonl') {
        const skippedFrames = store.sessionRows.untraceableFrames(sessionId);
        return logFile(Readable.from(track(job, traceLines(store, sessionId, upTo, anon, job)), { objectMode: false }), 'application/x-ndjson; charset=utf-8', fileName, null,
          { ...headers, 'X-ChargeScope-Skipped-Frames': String(skippedFrames) });
      }
      if (q.format === 'transactions-csv') {
        job.update({ unit: 'rows', total: null });
        return logFile(Readable.from(track(job, transactionsCsv(store, sessionId, anon)), { objectMode: false }), 'text/csv; charset=utf-8', fileName, null, headers);
      }
      job.update({ unit: 'rows', total: null });
      return logFile(Readable.from(track(job, meterValuesCsv(store, sessionId, q.transactionId ?? null, anon, job)), { objectMode: false }), 'text/csv; charset=utf-8', fileName, null, headers);
    } catch (err) {
      job.fail(err);
      if (err instanceof JobCancelled) throw new LogError('CONFLICT', `the export of session ${sessionId} was cancelled`, { cause: err });
      throw err;
    }
  }

  return {
    jobs,
    recordings,
    /** Sessions removed at start because their import had been cut short. */
    removedPartialImports: removed,
    importStream,
    openPath,
    exportSession,
    async deleteSession(sessionId: number): Promise<void> {
      const s = store.sessions.get(sessionId);
      if (!s) throw new LogError('NOT_FOUND', `session ${sessionId} does not exist`);
      if (!s.readOnly) throw new LogError('CONFLICT', `session ${sessionId} is ${s.live ? 'the live session' : 'a session recorded here'}; only re-opened or imported recordings can be deleted (export it first if you want it gone)`);
      // No live event: the client that deleted it refreshes GET /api/sessions (LiveEvent has no deletion yet).
      await recordings.deleteSession(sessionId);
    },
    async close(): Promise<void> {
      await jobs.cancelAll();
    },
  };
}
export type Logs = ReturnType<typeof createLogs>;

/** Ends the job with the stream: done at the end, cancelled when the client went away, failed on an error. */
async function* track<T>(job: Job, source: AsyncIterable<T> | Iterable<T>): AsyncGenerator<T> {
  try {
    for await (const x of source) yield x;
    job.succeed();
  } catch (err) {
    job.fail(err);
    throw err;
  } finally {
    if (job.progress.state === 'running') job.fail(new JobCancelled(`export ${job.id}`));
  }
}

/** Decompressed bytes an import may make at all, and past MAX_INFLATE_FLOOR, per compressed byte read. */
export const MAX_INFLATED_BYTES = 4 * 1024 ** 3;
export const MAX_INFLATE_RATIO = 200;
const MAX_INFLATE_FLOOR = 64 * 1024 * 1024;

/**
 * The output of a decompressor, cut off with a 400 past MAX_INFLATED_BYTES, or past MAX_INFLATE_FLOOR when it
 * grows more than MAX_INFLATE_RATIO times the compressed bytes read so far (a 510 KB gzip bomb wrote 495 MB).
 * Logs and session exports compress 5 to 30 times.
 */
export function capInflation(source: AsyncIterable<Buffer>, compressed: () => number, fileName: string, limits = { max: MAX_INFLATED_BYTES, ratio: MAX_INFLATE_RATIO, floor: MAX_INFLATE_FLOOR }): Readable {
  return Readable.from((async function* () {
    let out = 0;
    for await (const chunk of source) {
      out += chunk.length;
      if (out > limits.max || (out > limits.floor && out > limits.ratio * Math.max(1, compressed()))) {
        throw refused('too-large', `${fileName} decompresses to more than ${out > limits.max ? `${limits.max} bytes` : `${limits.ratio} times its compressed size`}: refused as a decompression bomb (ChargeScope stopped at ${out} bytes)`);
      }
      yield chunk;
    }
  })(), { objectMode: false });
}

/** Reads the first `n` bytes of a stream and gives back a stream of everything, those bytes included. */
async function peek(stream: Readable, n: number): Promise<{ head: Buffer; rest: Readable }> {
  const it = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const chunks: Buffer[] = [];
  let length = 0;
  let ended = false;
  while (length < n) {
    const r = await it.next();
    if (r.done) {
      ended = true;
      break;
    }
    chunks.push(Buffer.from(r.value));
    length += r.value.length;
  }
  const head = Buffer.concat(chunks);
  const rest = Readable.from((async function* () {
    if (head.length) yield head;
    if (ended) return;
    for (;;) {
      const r = await it.next();
      if (r.done) return;
      yield r.value;
    }
  })(), { objectMode: false });
  return { head, rest };
}

function readHead(path: string): Buffer {
  const fd = openSync(path, 'r');
  try {
    const b = Buffer.alloc(16);
    const n = readSync(fd, b, 0, 16, 0);
    return b.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

async function hashFile(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest('hex');
}
