/**
 * Frames whose log gave them no time, per frame: imported with the mark (`timeUnknown`), no latency, no finding that
 * measures time; the mark survives the chargescope export and re-open and the trace JSONL export and re-import; an
 * export written before the mark existed (no time_unknown column) still re-opens, every frame with its time known.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { MIGRATIONS } from '../../../main/store/migrations.ts';
import { startApp, TOKEN, type TestApp } from '../../support/harness.ts';

let t: TestApp;
const work = mkdtempSync(join(tmpdir(), 'cs-time-unknown-'));
const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../../fixtures/logs/formats/${name}`, import.meta.url)));

beforeAll(async () => {
  t = await startApp();
});
afterAll(async () => {
  await t?.stop();
  rmSync(work, { recursive: true, force: true });
});

interface F { seq: number; direction: string; action: string | null; messageType: string | null; latencyMs: number | null; timeUnknown?: true; at: string; raw: string }

async function frames(sid: number): Promise<F[]> {
  return (await t.api('GET', `/api/frames?session=${sid}&limit=5000`)).body.frames as F[];
}
async function rules(sid: number): Promise<string[]> {
  return ((await t.api('GET', `/api/findings?session=${sid}`)).body as { rule: string }[]).map((f) => f.rule).filter((r) => r !== 'import-skipped-line');
}
async function load(name: string, bytes = fixture(name)): Promise<{ sid: number; body: any }> {
  const r = await t.api('POST', `/api/sessions/import?name=${encodeURIComponent(name)}`, bytes);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return { sid: r.body.sessionId as number, body: r.body };
}
async function download(path: string): Promise<Buffer> {
  const res = await fetch(`http://127.0.0.1:${t.uiPort}${path}`, { headers: { Authorization: `Bearer ${TOKEN}` } });
  expect(res.status).toBe(200);
  return Buffer.from(await res.arrayBuffer());
}
/** Whether each frame's time is unknown: the mark is present only then (`true`), never `false`. */
/** mixed-times.log: lines 4 to 6 carry no time. */
const MIXED = ['known', 'known', 'known', true, true, true, 'known', 'known'];
const marks = (fs: F[]) => fs.map((f) => ('timeUnknown' in f ? f.timeUnknown : 'known'));

describe('a log without any time', () => {
  test('every frame is marked, no latency, and no finding that measures time (three boots and heartbeats in a row are not "too frequent")', async () => {
    const { sid, body } = await load('no-times.log');
    expect(body).toMatchObject({ frames: 12, reading: { framesWithoutTime: 12 } });
    const fs = await frames(sid);
    expect(fs).toHaveLength(12);
    expect(fs.every((f) => f.timeUnknown === true && f.latencyMs === null)).toBe(true);
    // Paired all the same, in the file's order.
    expect(fs.map((f) => [f.direction, f.messageType, f.action])).toEqual([
      ['in', 'CALL', 'BootNotification'], ['out', 'CALLRESULT', 'BootNotification'], ['in', 'CALL', 'Heartbeat'], ['out', 'CALLRESULT', 'Heartbeat'],
      ['in', 'CALL', 'Heartbeat'], ['out', 'CALLRESULT', 'Heartbeat'], ['in', 'CALL', 'BootNotification'], ['out', 'CALLRESULT', 'BootNotification'],
      ['in', 'CALL', 'BootNotification'], ['out', 'CALLRESULT', 'BootNotification'], ['out', 'CALL', 'ClearCache'], ['in', 'CALLRESULT', 'ClearCache'],
    ]);
    expect(await rules(sid)).toEqual(['import-no-time']);
    // The charger's boot is known, its time is not.
    const [charger] = (await t.api('GET', `/api/sessions/${sid}/chargers`)).body;
    expect(charger).toMatchObject({ id: 'PY-CP-2', boot: { chargePointVendor: 'Demo' }, bootAt: null });
  });
});

describe('a log whose first lines carry no time', () => {
  test('the session\'s span and the charger\'s first and last sight come from the lines that have one, not from the import\'s time', async () => {
    const text = [
      'recv LEAD-CP: [2,"1","Heartbeat",{}]',
      'send LEAD-CP: [3,"1",{"currentTime":"2024-03-01T08:59:00Z"}]',
      '2024-03-01 09:00:00.000 recv LEAD-CP: [2,"2","Heartbeat",{}]',
      '2024-03-01 09:00:00.010 send LEAD-CP: [3,"2",{"currentTime":"2024-03-01T09:00:00Z"}]',
    ].join('\n');
    const { sid, body } = await load('lead-untimed.log', new Uint8Array(Buffer.from(text)));
    expect(body.session).toMatchObject({ startedAt: '2024-03-01T09:00:00.000Z', endedAt: '2024-03-01T09:00:00.010Z' });
    expect(marks(await frames(sid))).toEqual([true, true, 'known', 'known']);
    const [charger] = (await t.api('GET', `/api/sessions/${sid}/chargers`)).body;
    expect(charger).toMatchObject({ id: 'LEAD-CP', firstSeen: '2024-03-01T09:00:00.000Z', lastSeen: '2024-03-01T09:00:00.010Z' });
  });
});

describe('a log mixing lines with and without a time', () => {
  let sid: number;
  let original: F[];
  beforeAll(async () => {
    ({ sid } = await load('mixed-times.log'));
    original = await frames(sid);
  });

  test('only the untimed frames are marked; latency only between two timed frames; the timed heartbeat is not measured against the untimed one', async () => {
    expect(marks(original)).toEqual(MIXED);
    expect(original.map((f) => f.latencyMs)).toEqual([null, 40, null, null, null, null, null, 20]);
    expect(await rules(sid)).toEqual(['import-no-time']);
  });

  test('the chargescope export re-opens with the same marks', async () => {
    const file = await download(`/api/sessions/${sid}/export?format=chargescope`);
    const again = await load('mixed.chargescope', new Uint8Array(file));
    const fs = await frames(again.sid);
    expect(marks(fs)).toEqual(MIXED);
    expect(fs.map((f) => f.latencyMs)).toEqual(original.map((f) => f.latencyMs));
  });

  test('the trace JSONL export says it in meta.timeUnknown, and re-imports with the same marks, latencies and findings', async () => {
    const text = (await download(`/api/sessions/${sid}/export?format=trace-jsonl`)).toString('utf8');
    const records = text.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as { timestamp: string; meta: Record<string, unknown> });
    expect(records.map((r) => r.meta['timeUnknown'] ?? 'known')).toEqual(MIXED);
    // The format requires a timestamp: the untimed ones carry the stand-in, and meta says so.
    expect(records.every((r) => typeof r.timestamp === 'string')).toBe(true);
    const again = await load('mixed.trace.jsonl', new Uint8Array(Buffer.from(text)));
    expect(again.body).toMatchObject({ format: 'trace-jsonl', skippedLines: 0, reading: { framesWithoutTime: 3 } });
    const fs = await frames(again.sid);
    expect(marks(fs)).toEqual(MIXED);
    expect(fs.map((f) => f.latencyMs)).toEqual(original.map((f) => f.latencyMs));
    expect(fs.filter((f) => !f.timeUnknown).map((f) => f.at)).toEqual(original.filter((f) => !f.timeUnknown).map((f) => f.at));
    expect(await rules(again.sid)).toEqual(await rules(sid));
  });

  test('an export written before the mark existed (no time_unknown column) passes the file check and re-opens, every frame with its time known', async () => {
    const path = join(work, 'older.chargescope');
    writeFileSync(path, await download(`/api/sessions/${sid}/export?format=chargescope`));
    const db = new Database(path);
    db.exec('ALTER TABLE frames DROP COLUMN time_unknown');
    db.prepare("UPDATE meta SET value = ? WHERE key = 'schemaVersion'").run(String(MIGRATIONS.length - 1));
    db.close();
    const old = await load('older.chargescope', new Uint8Array(readFileSync(path)));
    expect(old.body).toMatchObject({ format: 'chargescope', frames: 8 });
    const fs = await frames(old.sid);
    expect(fs.map((f) => f.raw)).toEqual(original.map((f) => f.raw));
    expect(fs.every((f) => !('timeUnknown' in f))).toBe(true);
  });
});
