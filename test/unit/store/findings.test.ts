/**
 * The findings list carries its frame's time mark: `timeUnknown: true` only on a finding whose frame's log gave it no
 * time, by a primary-key look-up per finding (the list stays as fast as before for a session of a million frames).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { FINDINGS_SELECT } from '../../../main/store/findings.ts';
import { createStore } from '../../../main/store/store.ts';

const dir = mkdtempSync(join(tmpdir(), 'cs-findings-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('a finding on an untimed frame says timeUnknown; on a timed frame, or without a frame, the field is absent', () => {
  const store = createStore(join(dir, 'marks.db'), '2026-11-01T00:00:00.000Z');
  const sessionId = store.sessions.liveId;
  const frame = store.db.prepare<[number, number | null]>(
    "INSERT INTO frames (session_id, charger_id, direction, raw, at, valid, time_unknown) VALUES (?, 'CP-1', 'in', '[]', '2026-11-01T00:00:00.000Z', 1, ?)",
  );
  const timed = Number(frame.run(sessionId, null).lastInsertRowid);
  const untimed = Number(frame.run(sessionId, 1).lastInsertRowid);
  const timedZero = Number(frame.run(sessionId, 0).lastInsertRowid);
  for (const seq of [timed, untimed, timedZero, null]) {
    store.findings.insert({ sessionId, chargerId: 'CP-1', seq, severity: 'error', rule: 'schema-violation', message: `on ${seq}`, at: '2026-11-01T00:00:00.000Z' });
  }
  const marks = (list: ReturnType<typeof store.findings.list>) => list.map((f) => [f.seq, 'timeUnknown' in f ? f.timeUnknown : 'absent']);
  const want = [[timed, 'absent'], [untimed, true], [timedZero, 'absent'], [null, 'absent']];
  expect(marks(store.findings.list(sessionId))).toEqual(want);
  expect(marks(store.findings.list(sessionId, 'CP-1'))).toEqual(want);
  expect(store.findings.list(sessionId, 'CP-2')).toEqual([]);
  store.close();
});

test('the frame mark is looked up by the frames\' primary key, never by scanning the frames', () => {
  const store = createStore(join(dir, 'plan.db'), '2026-11-01T00:00:00.000Z');
  for (const [where, args] of [['f.session_id = ?', [1]], ['f.session_id = ? AND f.charger_id = ?', [1, 'CP-1']]] as const) {
    const plan = store.db.prepare(`EXPLAIN QUERY PLAN ${FINDINGS_SELECT} WHERE ${where} ORDER BY f.id`).all(...args) as { detail: string }[];
    const details = plan.map((p) => p.detail);
    expect(details).toContain('SEARCH fr USING INTEGER PRIMARY KEY (rowid=?) LEFT-JOIN');
    expect(details.some((d) => d.startsWith('SEARCH f USING INDEX findings_session'))).toBe(true);
    expect(details.some((d) => d.startsWith('SCAN'))).toBe(false);
  }
  store.close();
});
