/**
 * A finding on an imported frame whose log gave it no time says so (`timeUnknown: true`), as its frame does: its `at`
 * is only the stand-in that keeps the file's order. A finding on a timed frame, or on no frame, has no such field. The
 * mark follows the frame: per charger, and after the chargescope export is re-opened.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Finding, Frame } from '../../../shared/api/types.ts';
import { startApp, TOKEN, type TestApp } from '../../support/harness.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startApp();
});
afterAll(async () => {
  await t?.stop();
});

/** Heartbeats that break the schema (an extra field): ids 2 and 5 at a time, 3 and 4 on lines without one (shared with the e2e test). */
const LOG = readFileSync(new URL('../../fixtures/logs/untimed-findings.log', import.meta.url));

async function load(name: string, bytes: Uint8Array): Promise<number> {
  const r = await t.api('POST', `/api/sessions/import?name=${encodeURIComponent(name)}`, bytes);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.sessionId as number;
}
async function findings(query: string): Promise<Finding[]> {
  const r = await t.api('GET', `/api/findings?${query}`);
  expect(r.status).toBe(200);
  return r.body as Finding[];
}
async function frames(sid: number): Promise<Frame[]> {
  return (await t.api('GET', `/api/frames?session=${sid}&limit=100`)).body.frames as Frame[];
}
/** The schema findings as [the frame's CALL id, whether the finding carries the mark (`true` or 'absent')]. */
function marks(fs: Finding[], byFrame: Map<number, Frame>): [string | null, true | 'absent'][] {
  return fs.filter((f) => f.rule === 'schema-violation')
    .map((f) => [byFrame.get(f.seq!)?.messageId ?? null, 'timeUnknown' in f ? f.timeUnknown! : 'absent']);
}

describe('findings of a log with timed and untimed lines', () => {
  let sid: number;
  let byFrame: Map<number, Frame>;
  beforeAll(async () => {
    sid = await load('untimed-findings.log', new Uint8Array(LOG));
    byFrame = new Map((await frames(sid)).map((f) => [f.seq, f]));
  });

  test('the finding on the untimed frame carries timeUnknown: true, the one on the timed frame has no such field', async () => {
    const fs = await findings(`session=${sid}`);
    expect(marks(fs, byFrame)).toEqual([['2', 'absent'], ['3', true], ['4', true], ['5', 'absent']]);
    const untimed = fs.find((f) => f.timeUnknown)!;
    // Its `at` is the stand-in its frame has (the time of the line before it), which the mark says not to show.
    expect(byFrame.get(untimed.seq!)).toMatchObject({ timeUnknown: true, at: untimed.at });
    // A finding without a frame (the import's summary of the untimed lines) has no mark either.
    const summary = fs.find((f) => f.rule === 'import-no-time');
    expect(summary).toMatchObject({ seq: null });
    expect(summary).not.toHaveProperty('timeUnknown');
  });

  test('the charger\'s findings carry the same marks', async () => {
    expect(marks(await findings(`session=${sid}&charger=UT-CP-1`), byFrame)).toEqual([['2', 'absent'], ['3', true], ['4', true], ['5', 'absent']]);
  });

  test('the chargescope export re-opens with the same marks on its findings', async () => {
    const res = await fetch(`http://127.0.0.1:${t.uiPort}/api/sessions/${sid}/export?format=chargescope`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    const again = await load('untimed-findings.chargescope', new Uint8Array(await res.arrayBuffer()));
    const reFrames = new Map((await frames(again)).map((f) => [f.seq, f]));
    expect(marks(await findings(`session=${again}`), reFrames)).toEqual([['2', 'absent'], ['3', true], ['4', true], ['5', 'absent']]);
  });
});
