import type { ReportNotes, TestCaseFinding, TestCaseResult, TestRun } from '../../shared/api/commissioning.ts';
import type { Db } from '../store/db.ts';
import { parseJson } from '../store/json.ts';

interface RunRow {
  id: number; session_id: number; charger_id: string; state: string; started_at: string; ended_at: string | null;
  params: string; base_seq: number | null; body: string;
}

/**
 * Test runs, one row each, in a per-session table so a session export carries them. Evidence seqs are kept as
 * distances from `base_seq` (a frame of the run): a re-opened session moves every seq by one offset and the
 * `_seq` column with them, so the evidence still points at the same frames.
 */
export function createRunStore(db: Db) {
  const insert = db.prepare<[number, string, string, string, string]>(
    "INSERT INTO test_runs (session_id, charger_id, state, started_at, params, body) VALUES (?, ?, ?, ?, ?, '{}')",
  );
  const update = db.prepare<[string, string | null, number | null, string, number]>(
    'UPDATE test_runs SET state = ?, ended_at = ?, base_seq = ?, body = ? WHERE id = ?',
  );
  const one = db.prepare<[number], RunRow>('SELECT * FROM test_runs WHERE id = ?');
  const bySession = db.prepare<[number], RunRow>('SELECT * FROM test_runs WHERE session_id = ? ORDER BY id');
  const byCharger = db.prepare<[number, string], RunRow>('SELECT * FROM test_runs WHERE session_id = ? AND charger_id = ? ORDER BY id');
  const stale = db.prepare<[string], RunRow>('SELECT * FROM test_runs WHERE state = ?');
  const findingsIn = db.prepare<[number, string, number, number], { seq: number | null; rule: string; severity: string; message: string }>(
    'SELECT seq, rule, severity, message FROM findings WHERE session_id = ? AND charger_id = ? AND seq BETWEEN ? AND ? ORDER BY id LIMIT 1000',
  );
  const notesGet = db.prepare<[number, string], { engineer: string; site: string; notes: string }>(
    'SELECT engineer, site, notes FROM report_notes WHERE session_id = ? AND charger_id = ?',
  );
  const notesPut = db.prepare<[number, string, string, string, string, string]>(
    `INSERT INTO report_notes (session_id, charger_id, engineer, site, notes, updated_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (session_id, charger_id) DO UPDATE SET engineer = excluded.engineer, site = excluded.site, notes = excluded.notes,
       updated_at = excluded.updated_at`,
  );

  function toRun(r: RunRow): TestRun {
    const body = parseJson<{ cases?: TestCaseResult[]; note?: string | null }>(r.body, {});
    const base = r.base_seq;
    const cases = (body.cases ?? []).map((c) => ({
      ...c, evidence: base === null ? [] : (c.evidence ?? []).map((d) => base + d),
      findings: (c.findings ?? []).map((f) => ({ ...f, seq: f.seq === null || base === null ? null : base + f.seq })),
    }));
    return {
      id: String(r.id), chargerId: r.charger_id, sessionId: r.session_id, state: r.state as TestRun['state'], startedAt: r.started_at,
      endedAt: r.ended_at, params: parseJson(r.params, {}), cases, prompt: null, note: body.note ?? null,
    };
  }

  function saveRun(run: TestRun): void {
    const seqs = run.cases.flatMap((c) => [...c.evidence, ...c.findings.map((f) => f.seq).filter((s): s is number => s !== null)]);
    const base = seqs.length ? Math.min(...seqs) : null;
    const rel = (s: number) => s - base!;
    const cases = run.cases.map((c) => ({
      ...c, evidence: base === null ? [] : c.evidence.map(rel),
      findings: c.findings.map((f): TestCaseFinding => ({ ...f, seq: f.seq === null || base === null ? null : rel(f.seq) })),
    }));
    update.run(run.state, run.endedAt, base, JSON.stringify({ cases, note: run.note }), Number(run.id));
  }

  return {
    create(run: Omit<TestRun, 'id'>): string {
      return String(insert.run(run.sessionId, run.chargerId, run.state, run.startedAt, JSON.stringify(run.params)).lastInsertRowid);
    },
    save: saveRun,
    get(id: string): TestRun | undefined {
      if (!/^\d{1,15}$/.test(id)) return undefined;
      const r = one.get(Number(id));
      return r ? toRun(r) : undefined;
    },
    list(sessionId: number, chargerId?: string): TestRun[] {
      return (chargerId === undefined ? bySession.all(sessionId) : byCharger.all(sessionId, chargerId)).map(toRun);
    },
    /** Runs left 'running' by a stop or a crash: they end cancelled, saying why. */
    closeStale(at: string): void {
      for (const r of stale.all('running')) {
        const run = toRun(r);
        for (const c of run.cases) {
          if (c.verdict === 'running' || c.verdict === 'pending') {
            c.verdict = 'inconclusive';
            c.reason = 'ChargeScope stopped during the run';
          }
        }
        saveRun({ ...run, state: 'cancelled', endedAt: at });
      }
    },
    findings(sessionId: number, chargerId: string, lo: number, hi: number) {
      return findingsIn.all(sessionId, chargerId, lo, hi);
    },
    notes(sessionId: number, chargerId: string): ReportNotes | undefined {
      return notesGet.get(sessionId, chargerId);
    },
    putNotes(sessionId: number, chargerId: string, n: ReportNotes, at: string): void {
      notesPut.run(sessionId, chargerId, n.engineer, n.site, n.notes, at);
    },
  };
}
export type RunStore = ReturnType<typeof createRunStore>;
