/**
 * A line import reads, parses, validates and pairs in a worker thread and writes the rows it sends on the store's
 * thread (main/logs/import/import-thread.ts): the rows must be exactly those the same import makes on one thread, the worker
 * must really start (under vitest as under `npm run serve`, from TypeScript), and cancel must not wait for input.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterAll, describe, expect, test } from 'vitest';
import { importLines, type LineImportResult } from '../../../main/logs/import/import-lines.ts';
import type { ImportWhere } from '../../../main/logs/import/import-thread.ts';
import { createJobs, JobCancelled, type Job } from '../../../main/logs/jobs.ts';
import { createRecordingsRepo } from '../../../main/store/recordings.ts';
import { createOcppValidator } from '../../../main/ocpp/validation.ts';
import { createStore, type Store } from '../../../main/store/store.ts';

const dirs: string[] = [];
const validator = createOcppValidator();
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function freshStore(): { store: Store; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'cs-import-worker-'));
  dirs.push(dir);
  return { store: createStore(join(dir, 'chargescope.db'), '2026-01-01T00:00:00.000Z'), dir };
}

const jobs = createJobs(() => undefined, () => new Date());
const quietJob = (): Job => jobs.start({ kind: 'import', format: null, sessionId: null, fileName: 'x', unit: 'bytes' });

/** Imports `bytes` (in chunks of `chunk` bytes) into a fresh store; every row of the session's tables, in order. */
async function importInto(mode: ImportWhere, bytes: Buffer, chunk: number, fallbackCharger: string | null = null) {
  const { store, dir } = freshStore();
  let where: ImportWhere | null = null;
  let tick = 0;
  const clock = () => new Date(Date.parse('2026-02-01T00:00:00.000Z') + 1000 * tick++);
  const input = Readable.from((function* () {
    for (let i = 0; i < bytes.length; i += chunk) yield bytes.subarray(i, i + chunk);
  })(), { objectMode: false });
  let result: LineImportResult | { error: string };
  try {
    result = await importLines({ store, validator, recordings: createRecordingsRepo(store, dir), clock, parse: { mode, onStart: (w) => (where = w) } }, input,
      { fileName: 'trace.log', fallbackCharger, job: quietJob(), sha256: () => null });
  } catch (err) {
    result = { error: (err as Error).message };
  }
  const tables = Object.fromEntries(['frames', 'findings', 'meter_values', 'transactions', 'status_history', 'recordings', 'sessions']
    .map((t) => [t, store.db.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all()]));
  store.close();
  return { where, result, tables };
}

/** A log of every shape the importer reads, with what goes wrong in real ones, over more than one window of 10,000 lines. */
function messyLog(lines: number): Buffer {
  const out: string[] = [];
  let t = Date.parse('2025-03-01T08:00:00.000Z');
  const at = () => new Date((t += 1500)).toISOString();
  const trace = (cp: string, dir: 'in' | 'out', raw: unknown[], withRaw = true) => {
    const type = ['', '', 'CALL', 'CALLRESULT', 'CALLERROR'][raw[0] as number];
    return JSON.stringify({ schemaVersion: '1.1', timestamp: at(), transport: 'json', chargePointId: cp, direction: dir === 'in' ? 'cp-to-csms' : 'csms-to-cp', messageType: type,
      messageId: raw[1], ...(raw[0] === 2 ? { action: raw[2], payload: raw[3] } : raw[0] === 3 ? { payload: raw[2] } : { error: { code: raw[2], description: raw[3] } }),
      ...(withRaw ? { raw: JSON.stringify(raw) } : {}) });
  };
  for (let i = 0; out.length < lines; i++) {
    const cp = `CP-${i % 7}`;
    const tx = 500 + (i % 40);
    const k = i % 12;
    if (k === 0) out.push(trace(cp, 'in', [2, `b${i}`, 'BootNotification', { chargePointVendor: 'V', chargePointModel: 'M' }]), trace(cp, 'out', [3, `b${i}`, { status: i % 24 ? 'Maybe' : 'Accepted', currentTime: at(), interval: 60 }]));
    else if (k === 1) out.push(trace(cp, 'in', [2, `s${i}`, 'StartTransaction', { connectorId: 1, idTag: 'T1', meterStart: 10, timestamp: at() }]), trace(cp, 'out', [3, `s${i}`, { transactionId: tx, idTagInfo: { status: 'Accepted' } }], false));
    else if (k === 2) out.push(JSON.stringify({ ts: Date.parse(at()) / 1000, chargeBoxId: cp, dir: 'Received', frame: [2, `m${i}`, 'MeterValues', { connectorId: 1, transactionId: tx, meterValue: [{ timestamp: at(), sampledValue: [{ value: i % 36 === 2 ? 'n/a' : String(i), unit: 'Wh' }, { value: '7.2', measurand: 'Power.Active.Import', unit: 'kW', phase: 'L1' }] }] }] }), `[3,"m${i}",{}]`);
    else if (k === 3) out.push(`${at().replace('T', ' ').slice(0, 23)} INFO [chargeBoxId=${cp}] Received: [2,"x${i}","StopTransaction",{"transactionId":${tx},"meterStop":99,"timestamp":"${at()}","transactionData":[{"timestamp":"${at()}","sampledValue":[{"value":"99"}]}]}] tail`);
    else if (k === 4) out.push(trace(cp, 'in', [2, `n${i}`, 'StatusNotification', { connectorId: 1, status: i % 24 === 4 ? 'Charging' : 'Bogus', errorCode: 'NoError' }]), trace(cp, 'out', [4, `n${i}`, 'InternalError', 'oops', {}]));
    else if (k === 5) out.push(trace(cp, 'out', [2, `g${i}`, 'GetConfiguration', {}]), trace(cp, 'in', i % 24 === 5 ? [4, `g${i}`, 'NotSupported', 'no', {}] : [3, `g${i}`, { configurationKey: 'not a list' }]));
    else if (k === 6) out.push(trace(cp, 'in', [2, `r${i}`, 'Reset', { type: 'Hard' }]), trace(cp, 'in', [2, `u${i}`, 'FooBar', {}]), trace(cp, 'out', [3, `nobody${i}`, {}]));
    else if (k === 7) out.push('', 'garbage without a time', '{"broken": ', `${at()} Received: [5,"x",{}]`, `${at()} Sending: [2,"y${i}","Heartbeat",{}`, '[4,"-1","FormationViolation","bad",{}]');
    else if (k === 8) out.push(trace(cp, 'in', [2, `d${i}`, 'Heartbeat', {}]), trace(cp, 'in', [2, `d${i}`, 'Heartbeat', {}]), 'x'.repeat(300));
    else out.push(`[2,"h${i}","Heartbeat",{}]`, `[3,"h${i}",{"currentTime":"${at()}"}]`);
  }
  let n = 0;
  return Buffer.from(`\ufeff${out.join('\n').replace(/\n/g, () => (++n % 13 === 0 ? '\r\n' : n % 29 === 0 ? '\r' : '\n'))}`);
}

describe('a line import in a worker thread', () => {
  test('writes exactly the rows of the same import on one thread, and the worker starts from TypeScript', async () => {
    const bytes = messyLog(12_000);
    const worker = await importInto('worker', bytes, 4093);
    const inProcess = await importInto('in-process', bytes, 65_536);
    expect(worker.where).toBe('worker');
    expect(inProcess.where).toBe('in-process');
    expect(worker.result).toMatchObject({ format: 'trace-jsonl', frames: expect.any(Number), skippedLines: expect.any(Number) });
    const rules = new Set((worker.tables['findings'] as { rule: string }[]).map((f) => f.rule));
    for (const rule of ['import-skipped-line', 'malformed-frame', 'unknown-message-type', 'schema-violation', 'invalid-reply', 'csms-reply-invalid', 'call-error', 'wrong-direction',
      'unknown-action', 'unmatched-result', 'duplicate-message-id', 'meter-value-not-numeric', 'unanswered-call', 'import-no-time', 'import-raw-rebuilt']) {
      expect(rules, rule).toContain(rule);
    }
    expect((worker.tables['meter_values'] as unknown[]).length).toBeGreaterThan(1000);
    expect((worker.tables['transactions'] as unknown[]).length).toBeGreaterThan(100);
    expect((worker.tables['status_history'] as unknown[]).length).toBeGreaterThan(10);
    expect(worker.result).toEqual(inProcess.result);
    expect(worker.tables).toEqual(inProcess.tables);
  }, 90_000);

  test.each(['worker', 'in-process'] as const)('the fixtures read the same (%s)', async (mode) => {
    for (const name of ['steve.log', 'trace.jsonl', 'frames.jsonl', 'charger-side.log']) {
      const bytes = readFileSync(new URL(`../../fixtures/logs/${name}`, import.meta.url));
      const a = await importInto(mode, bytes, 7, name === 'charger-side.log' ? 'WALLBOX-77' : null);
      const b = await importInto('in-process', bytes, 1 << 20, name === 'charger-side.log' ? 'WALLBOX-77' : null);
      expect(a.where).toBe(mode);
      expect(a.tables, name).toEqual(b.tables);
    }
  }, 90_000);

  test('a charger-side log that shows itself only in the second window of 10,000 lines flips Sending/Received from there', async () => {
    const lines: string[] = [];
    for (let i = 0; i < 10_000; i++) lines.push(`[2,"h${i}","Heartbeat",{}]`);
    lines.push('2025-01-01 10:00:00 [chargeBoxId=CP-9] Sending: [2,"b1","BootNotification",{"chargePointVendor":"V","chargePointModel":"M"}]');
    lines.push('2025-01-01 10:00:01 [chargeBoxId=CP-9] Received: [3,"b1",{"status":"Accepted","currentTime":"2025-01-01T10:00:01Z","interval":60}]');
    const { result, tables } = await importInto('worker', Buffer.from(lines.join('\n')), 65_536);
    expect(result).toMatchObject({ frames: 10_002, skippedLines: 0 });
    const frames = tables['frames'] as { action: string | null; direction: string; message_type: string; valid: number }[];
    expect(frames.slice(-2).map((f) => [f.message_type, f.action, f.direction, f.valid])).toEqual([['CALL', 'BootNotification', 'in', 1], ['CALLRESULT', 'BootNotification', 'out', 1]]);
    expect(JSON.parse((tables['recordings'] as { meta: string }[])[0]!.meta)).toMatchObject({ perspective: 'charger' });
  });

  test('the rows are written by a writer thread of their own while the live session keeps writing on the store\'s thread', async () => {
    const bytes = messyLog(12_000);
    const reference = await importInto('in-process', bytes, 65_536);
    const { store, dir } = freshStore();
    const input = new PassThrough();
    let where: ImportWhere | null = null;
    let tick = 0;
    const clock = () => new Date(Date.parse('2026-02-01T00:00:00.000Z') + 1000 * tick++);
    const pending = importLines({ store, validator, recordings: createRecordingsRepo(store, dir), clock, parse: { mode: 'worker', onStart: (w) => (where = w) } }, input,
      { fileName: 'trace.log', fallbackCharger: null, job: quietJob(), sha256: () => null });
    const live = store.sessions.liveId;
    let written = 0;
    for (let i = 0; i < bytes.length; i += 16_384) {
      input.write(bytes.subarray(i, i + 16_384));
      // A live commit (synchronous=FULL) between chunks: it waits for the writer's batch, it does not fail.
      store.findings.insert({ sessionId: live, chargerId: 'CP-LIVE', seq: null, rule: 'unanswered-call', severity: 'warning', message: `live ${i}`, at: '2026-02-01T00:00:00.000Z' });
      written++;
      await new Promise((r) => setImmediate(r));
    }
    input.end();
    const result = await pending;
    expect(where).toBe('worker');
    expect(result).toEqual(reference.result);
    const rows = (t: string, sid: number) => store.db.prepare(`SELECT * FROM ${t} WHERE session_id = ? ORDER BY rowid`).all(sid) as Record<string, unknown>[];
    const sid = result.sessionId;
    const withoutIds = (list: Record<string, unknown>[]) => list.map(({ id: _id, ...r }) => r);
    expect(rows('frames', sid)).toEqual(reference.tables['frames']);
    expect(withoutIds(rows('findings', sid))).toEqual(withoutIds(reference.tables['findings'] as Record<string, unknown>[]));
    expect(rows('meter_values', sid).length).toBe((reference.tables['meter_values'] as unknown[]).length);
    expect(rows('findings', live).filter((f) => f['charger_id'] === 'CP-LIVE')).toHaveLength(written);
    store.close();
  }, 90_000);

  test('a cancel ends the import while the input is idle, and nothing of it is kept', async () => {
    const { store, dir } = freshStore();
    const input = new PassThrough();
    const job = quietJob();
    const sessions = store.sessions.list().length;
    const pending = importLines({ store, validator, recordings: createRecordingsRepo(store, dir), clock: () => new Date() }, input,
      { fileName: 'stalled.log', fallbackCharger: null, job, sha256: () => null });
    input.write('[2,"1","Heartbeat",{}]\n');
    await new Promise((r) => setTimeout(r, 50));
    expect(jobs.cancel(job.id)).toBe(true);
    await expect(pending).rejects.toBeInstanceOf(JobCancelled);
    expect(store.sessions.list().length).toBe(sessions);
    store.close();
  });
});
