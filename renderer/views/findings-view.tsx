/**
 * What ChargeScope noticed, grouped by rule: each group says what the rule means (title), what to do (advice) and where
 * the specification says so; filters by severity, charger and rule; a finding opens its frame in the trace.
 */
import { useMemo, useState } from 'react';
import type { LiveEvent, Severity } from '../../shared/api/types.ts';
import type { RuleId } from '../../shared/rules/catalogue.ts';
import { useResource } from '../api/live.tsx';
import { LoadState, PageHeader } from '../components/common.tsx';
import { dateTime } from '../components/format.ts';
import { buildFindings, SEVERITIES, SPEC_URL, type FindingFilter, type FindingGroup } from '../findings/findings-model.ts';
import { chargerHref, frameHref } from '../router.ts';

/** Rows shown per group before "show all". */
const FIRST_ROWS = 20;

/** A finding on a frame whose log gave it no time: its stored time only keeps the file's order, so none is shown. */
const FINDING_TIME_UNKNOWN_TEXT = 'The log gives this finding\'s frame no time: the time stored with it only keeps the file\'s order, so none is shown (the findings keep the file\'s order)';

export function FindingsView({ chargerId }: { chargerId?: string }) {
  const refresh = useMemo(() => (e: LiveEvent) => e.type === 'finding' && (!chargerId || e.finding.chargerId === chargerId), [chargerId]);
  const res = useResource('GET /api/findings', { query: chargerId ? { charger: chargerId } : {} }, refresh);
  const rules = useResource('GET /api/rules', {});
  const [filter, setFilter] = useState<FindingFilter>({ severity: '', charger: '', rule: '' });
  const model = useMemo(() => buildFindings(res.data ?? [], rules.data ?? [], filter), [res.data, rules.data, filter]);
  const set = (patch: Partial<FindingFilter>) => setFilter((f) => ({ ...f, ...patch }));
  return (
    <div className={chargerId ? '' : 'page'}>
      {!chargerId && <PageHeader title="Findings" sub="Where a charger breaks the OCPP 1.6 schema or a rule of the specification, grouped by rule, with what to do about it. ChargeScope still answers where the specification allows." />}
      <div className="toolbar" data-testid="findings-filters">
        <div className="seg" role="group" aria-label="severity">
          <button type="button" className={filter.severity === '' ? 'seg-on' : ''} onClick={() => set({ severity: '' })}>all ({model.total})</button>
          {SEVERITIES.map((s) => (
            <button key={s} type="button" className={filter.severity === s ? 'seg-on' : ''} onClick={() => set({ severity: s })}>{s} ({model.counts[s]})</button>
          ))}
        </div>
        {!chargerId && (
          <label className="small">charger{' '}
            <select aria-label="charger" value={filter.charger} onChange={(e) => set({ charger: e.target.value })}>
              <option value="">all chargers</option>
              {model.chargers.map((c) => <option key={c} value={c}>{c}</option>)}
            </select>
          </label>
        )}
        <label className="small">rule{' '}
          <select aria-label="rule" value={filter.rule} onChange={(e) => set({ rule: e.target.value as RuleId | '' })}>
            <option value="">all rules</option>
            {model.rules.map((r) => <option key={r.id} value={r.id}>{r.title} ({r.count})</option>)}
          </select>
        </label>
        {(filter.severity || filter.charger || filter.rule) && (
          <button type="button" className="btn btn-small" onClick={() => setFilter({ severity: '', charger: '', rule: '' })}>clear filters</button>
        )}
        <span className="muted small">{model.shown} of {model.total} findings in {model.groups.length} rule{model.groups.length === 1 ? '' : 's'}</span>
      </div>
      <LoadState loading={res.loading} error={res.error ?? rules.error} empty={model.groups.length === 0}
        emptyText={model.total === 0 ? 'No findings: nothing odd seen so far.' : 'No finding matches these filters.'} />
      <div className="fg-list" data-testid="findings">
        {model.groups.map((g) => <Group key={g.rule} group={g} showCharger={!chargerId} />)}
      </div>
    </div>
  );
}

function Group({ group: g, showCharger }: { group: FindingGroup; showCharger: boolean }) {
  const [all, setAll] = useState(false);
  const rows = all ? g.findings : g.findings.slice(0, FIRST_ROWS);
  const severity: Severity = g.meta?.severity ?? g.severity;
  return (
    <section className={`fg fg-${severity}`} data-rule={g.rule} data-testid="finding-group">
      <header className="fg-head">
        <span className={`sev sev-${severity}`}>{severity}</span>
        <h3 className="fg-title">{g.meta?.title ?? g.rule}</h3>
        <code className="fg-id">{g.rule}</code>
        <span className="fg-count">{g.findings.length} finding{g.findings.length === 1 ? '' : 's'}{showCharger && g.chargers > 1 ? ` on ${g.chargers} chargers` : ''}</span>
      </header>
      {g.meta && (
        <p className="fg-advice" data-testid="finding-advice">
          {g.meta.advice}{' '}
          <a className="fg-spec" href={SPEC_URL} target="_blank" rel="noopener noreferrer" title="the OCPP 1.6 specification, errata and security whitepaper (Open Charge Alliance)">
            {g.meta.spec}
          </a>
          <span className="muted small"> · {g.meta.profile}</span>
        </p>
      )}
      <table className="table fg-table">
        <thead><tr><th>time (UTC)</th>{showCharger && <th>charger</th>}<th>what ChargeScope saw</th><th className="num">frame</th></tr></thead>
        <tbody>
          {rows.map((f) => (
            <tr key={f.id} data-testid="finding-row">
              {f.timeUnknown
                ? <td className="small nowrap"><span className="time-unknown" title={FINDING_TIME_UNKNOWN_TEXT} data-testid="time-unknown">time unknown</span></td>
                : <td className="mono small nowrap">{dateTime(f.at)}</td>}
              {showCharger && <td>{f.chargerId ? <a href={chargerHref(f.chargerId)}>{f.chargerId}</a> : '—'}</td>}
              <td className="fg-message">{f.message}</td>
              <td className="num mono">{f.seq !== null ? <a href={frameHref(f.seq, f.chargerId || undefined)} title="open this frame in the trace">#{f.seq}</a> : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {g.findings.length > FIRST_ROWS && (
        <button type="button" className="btn btn-small" onClick={() => setAll(!all)}>{all ? 'show the first 20' : `show all ${g.findings.length}`}</button>
      )}
    </section>
  );
}
