/** What ChargeScope noticed: schema violations and broken behaviour rules, next to the frame they concern. */
import { useMemo, useState } from 'react';
import type { LiveEvent, Severity } from '../../shared/api/types.ts';
import { useResource } from '../api/live.tsx';
import { LoadState, PageHeader } from '../components/common.tsx';
import { dateTime } from '../components/format.ts';
import { chargerHref, frameHref } from '../router.ts';

const ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export function FindingsView({ chargerId }: { chargerId?: string }) {
  const refresh = useMemo(() => (e: LiveEvent) => e.type === 'finding' && (!chargerId || e.finding.chargerId === chargerId), [chargerId]);
  const res = useResource('GET /api/findings', { query: chargerId ? { charger: chargerId } : {} }, refresh);
  const [severity, setSeverity] = useState<'' | Severity>('');
  const list = useMemo(() => (res.data ?? []).filter((f) => !severity || f.severity === severity).sort((a, b) => b.id - a.id), [res.data, severity]);
  const counts = useMemo(() => {
    const c: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
    for (const f of res.data ?? []) c[f.severity]++;
    return c;
  }, [res.data]);
  return (
    <div className={chargerId ? '' : 'page'}>
      {!chargerId && <PageHeader title="Findings" sub="Where a charger breaks the OCPP 1.6 schema or a rule of the specification. ChargeScope still answers where the specification allows." />}
      <div className="toolbar">
        <div className="seg" role="group" aria-label="severity">
          <button type="button" className={severity === '' ? 'seg-on' : ''} onClick={() => setSeverity('')}>all ({(res.data ?? []).length})</button>
          {(Object.keys(ORDER) as Severity[]).map((s) => (
            <button key={s} type="button" className={severity === s ? 'seg-on' : ''} onClick={() => setSeverity(s)}>{s} ({counts[s]})</button>
          ))}
        </div>
      </div>
      <LoadState loading={res.loading} error={res.error} empty={list.length === 0} emptyText="No findings: nothing odd seen so far." />
      {list.length > 0 && (
        <table className="table" data-testid="findings">
          <thead><tr><th>time (UTC)</th>{!chargerId && <th>charger</th>}<th>severity</th><th>rule</th><th>what ChargeScope saw</th><th className="num">frame</th></tr></thead>
          <tbody>
            {list.map((f) => (
              <tr key={f.id}>
                <td className="mono small nowrap">{dateTime(f.at)}</td>
                {!chargerId && <td><a href={chargerHref(f.chargerId)}>{f.chargerId}</a></td>}
                <td><span className={`sev sev-${f.severity}`}>{f.severity}</span></td>
                <td className="mono small">{f.rule}</td>
                <td>{f.message}</td>
                <td className="num mono">{f.seq !== null ? <a href={frameHref(f.seq, f.chargerId || undefined)} title="open this frame in the trace">#{f.seq}</a> : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
