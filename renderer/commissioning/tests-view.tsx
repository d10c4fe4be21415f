/** Charger tests: pick cases, run them, answer manual steps, watch each case live; past runs of the session. */
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { TestCase, TestRun, Verdict } from '../../shared/api/commissioning.ts';
import type { Charger } from '../../shared/api/types.ts';
import { call, describeFailure } from '../api/client.ts';
import { useLiveEvents } from '../api/live.tsx';
import { useNow } from '../components/hooks.ts';
import { frameHref } from '../router.ts';
import { ReportPanel } from './report-panel.tsx';
import './commissioning.css';

const VERDICT_TONE: Record<Verdict, string> = { pending: 'muted', running: 'info', pass: 'ok', fail: 'bad', inconclusive: 'warn', skipped: 'muted' };

function VerdictChip({ v }: { v: Verdict }) {
  return <span className={`chip verdict tone-${VERDICT_TONE[v]}`} data-verdict={v}>{v}</span>;
}

function Prompt({ run }: { run: TestRun }) {
  const now = useNow(500);
  if (!run.prompt) return null;
  const left = Math.max(0, Math.round((Date.parse(run.prompt.deadline) - now) / 1000));
  const answer = (a: 'done' | 'skip') => void call('POST /api/test-runs/:runId/prompt', { params: { runId: run.id }, body: { answer: a } }).catch(() => undefined);
  return (
    <div className="test-prompt" role="alertdialog" aria-label="manual step" data-testid="test-prompt">
      <strong>{run.prompt.text}</strong>
      <span className="countdown mono" title="the case stops waiting then">{Math.floor(left / 60)}:{String(left % 60).padStart(2, '0')}</span>
      <button type="button" className="btn btn-primary" onClick={() => answer('done')} data-action="prompt-done">Done</button>
      <button type="button" className="btn" onClick={() => answer('skip')} data-action="prompt-skip">Skip</button>
    </div>
  );
}

function RunView({ run, cases, live }: { run: TestRun; cases: Map<string, TestCase>; live: boolean }) {
  const [open, setOpen] = useState<string | null>(null);
  const counts = (['pass', 'fail', 'inconclusive', 'skipped'] as const).map((v) => `${run.cases.filter((c) => c.verdict === v).length} ${v}`).join(' · ');
  return (
    <section className="panel test-run" data-run={run.id} data-state={run.state} aria-label={`test run ${run.id}`}>
      <header className="test-run-head">
        <h3>Run {run.id}</h3>
        <span className="muted small">{run.startedAt.replace('T', ' ').slice(0, 19)} · {run.state} · {counts}</span>
        {live && run.state === 'running' && (
          <button type="button" className="btn btn-small btn-danger" onClick={() => void call('DELETE /api/test-runs/:runId', { params: { runId: run.id } }).catch(() => undefined)} data-action="cancel">Cancel</button>
        )}
      </header>
      {run.note && <p className="muted small">{run.note}</p>}
      {live && <Prompt run={run} />}
      <table className="table test-cases">
        <thead><tr><th>Case</th><th>Verdict</th><th>Reason / current step</th><th>Evidence</th></tr></thead>
        <tbody>
          {run.cases.map((c) => {
            const def = cases.get(c.id);
            const last = c.steps[c.steps.length - 1];
            return (
              <tr key={c.id} data-case={c.id} onClick={() => setOpen(open === c.id ? null : c.id)} className="clickable">
                <td><span className="mono">{c.id}</span>{def && <div className="small muted">{def.title}{def.tc ? ` · ${def.tc}` : ''}</div>}</td>
                <td><VerdictChip v={c.verdict} /></td>
                <td className="small">
                  {c.reason || (c.verdict === 'running' && last ? last.text : '')}
                  {open === c.id && (
                    <ol className="test-steps">
                      {c.steps.map((s, i) => <li key={i}><span className="mono muted">{s.at.slice(11, 19)}</span> {s.text}</li>)}
                      {c.restored.map((r, i) => <li key={`r${i}`} className="muted">{r}</li>)}
                      {c.findings.map((f, i) => <li key={`f${i}`}>finding {f.rule} ({f.severity}) on #{f.seq}: {f.message}</li>)}
                    </ol>
                  )}
                </td>
                <td className="small mono">{c.evidence.slice(0, 6).map((s) => <a key={s} href={frameHref(s, run.chargerId)} onClick={(e) => e.stopPropagation()}>#{s} </a>)}{c.evidence.length > 6 ? '…' : ''}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

export function TestsView({ charger, live, sessionId }: { charger: Charger; live: boolean; sessionId: number | null }) {
  const [catalogue, setCatalogue] = useState<TestCase[]>([]);
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const [runs, setRuns] = useState<TestRun[]>([]);
  const [error, setError] = useState<string | null>(null);
  const cases = useMemo(() => new Map(catalogue.map((c) => [c.id, c])), [catalogue]);
  const load = useCallback(() => {
    call('GET /api/chargers/:id/test-runs', { params: { id: charger.id }, query: sessionId !== null ? { session: sessionId } : {} }).then(setRuns, (e: unknown) => setError(describeFailure(e)));
  }, [charger.id, sessionId]);
  useEffect(() => {
    call('GET /api/test-cases').then(setCatalogue, (e: unknown) => setError(describeFailure(e)));
    load();
  }, [load]);
  useLiveEvents((events) => {
    for (const e of events) {
      if (e.type !== 'testRun' || e.run.chargerId !== charger.id) continue;
      setRuns((rs) => (rs.some((r) => r.id === e.run.id) ? rs.map((r) => (r.id === e.run.id ? e.run : r)) : [...rs, e.run]));
    }
  }, load);
  const running = runs.find((r) => r.state === 'running');
  const start = async () => {
    setError(null);
    try {
      await call('POST /api/chargers/:id/test-runs', { params: { id: charger.id }, body: { cases: [...picked] } });
    } catch (e) {
      setError(describeFailure(e));
    }
  };
  const pick = (ids: string[]) => setPicked(new Set(ids));
  const profiles = [...new Set(catalogue.map((c) => c.profile))];
  return (
    <div className="tests-view" data-testid="tests-view">
      {running && <RunView key={running.id} run={running} cases={cases} live={live} />}
      {live && !running && (
        <section className="panel test-picker" aria-label="pick test cases">
          <div className="test-picker-head">
            <h2>Test cases</h2>
            <button type="button" className="btn btn-small" onClick={() => pick(catalogue.filter((c) => !c.manual && !c.onlyWhenAsked).map((c) => c.id))} data-action="pick-automatic">All automatic</button>
            <button type="button" className="btn btn-small" onClick={() => pick(catalogue.filter((c) => !c.onlyWhenAsked).map((c) => c.id))} data-action="pick-all">All</button>
            <button type="button" className="btn btn-small" onClick={() => pick([])}>None</button>
            <button type="button" className="btn btn-primary" disabled={picked.size === 0 || !charger.connected || running !== undefined} onClick={() => void start()} data-action="run">
              Run {picked.size} case{picked.size === 1 ? '' : 's'}
            </button>
            {!charger.connected && <span className="muted small">The charger is not connected.</span>}
          </div>
          <div className="test-groups">
            {profiles.map((p) => (
              <fieldset key={p} className="test-group">
                <legend>{p}</legend>
                {catalogue.filter((c) => c.profile === p).map((c) => (
                  <label key={c.id} title={c.description} className="check test-choice">
                    <input type="checkbox" checked={picked.has(c.id)} onChange={(e) => {
                      const next = new Set(picked);
                      if (e.target.checked) next.add(c.id);
                      else next.delete(c.id);
                      setPicked(next);
                    }} data-case={c.id} />
                    <span className="mono">{c.id}</span>{c.manual && <span className="chip tone-warn">manual</span>}{c.onlyWhenAsked && <span className="chip tone-bad">reboots</span>}
                  </label>
                ))}
              </fieldset>
            ))}
          </div>
        </section>
      )}
      {error && <p className="error" role="alert">{error}</p>}
      {!live && runs.length === 0 && <p className="muted">No test run in this session.</p>}
      {[...runs].reverse().filter((r) => r !== running).map((r) => <RunView key={r.id} run={r} cases={cases} live={live} />)}
      <ReportPanel chargerId={charger.id} sessionId={sessionId} />
    </div>
  );
}
