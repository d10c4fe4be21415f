/** The charger's command history (GET /api/chargers/:id/commands), kept live by `command` events. */
import { Fragment, useMemo, useState } from 'react';
import type { Command } from '../../shared/api/types.ts';
import { useLiveEvents, useResource } from '../api/live.tsx';
import { LoadState } from '../components/common.tsx';
import { dateTime } from '../components/format.ts';
import { JsonView } from '../components/json-view.tsx';
import { answerSummary, answerTone } from './send.ts';

function StateCell({ c }: { c: Command }) {
  switch (c.state) {
    case 'queued': return <span className="outcome outcome-pending">queued</span>;
    case 'sent': return <span className="outcome outcome-pending">sent, waiting…</span>;
    case 'answered': {
      const s = answerSummary(c.response);
      return <span className={`outcome outcome-${typeof c.response?.['status'] === 'string' ? answerTone(s) : 'ok'}`}>{s || 'answered'}</span>;
    }
    case 'error': return <span className="outcome outcome-bad">CALLERROR {c.error?.errorCode}</span>;
    case 'timeout': return <span className="outcome outcome-bad">timeout</span>;
    case 'failed': return <span className="outcome outcome-bad">failed (link dropped)</span>;
  }
}

export function CommandHistory({ chargerId, limit }: { chargerId: string; limit?: number }) {
  const res = useResource('GET /api/chargers/:id/commands', { params: { id: chargerId } });
  const [live, setLive] = useState<Map<number, Command>>(new Map());
  const [open, setOpen] = useState<number | null>(null);
  useLiveEvents((events) => {
    const mine = events.flatMap((e) => (e.type === 'command' && e.command.chargerId === chargerId ? [e.command] : []));
    if (mine.length === 0) return;
    setLive((prev) => {
      const next = new Map(prev);
      for (const c of mine) next.set(c.id, c);
      return next;
    });
  }, () => setLive(new Map()));
  const rows = useMemo(() => {
    const all = new Map<number, Command>();
    for (const c of res.data ?? []) all.set(c.id, c);
    for (const [id, c] of live) all.set(id, c);
    const list = [...all.values()].sort((a, b) => b.id - a.id);
    return limit ? list.slice(0, limit) : list;
  }, [res.data, live, limit]);
  return (
    <section className="panel" aria-label="Command history">
      <h2>Command history</h2>
      <LoadState loading={res.loading} error={res.error} empty={rows.length === 0} emptyText="No command sent to this charger in this session yet." />
      {rows.length > 0 && (
        <table className="table" data-testid="command-history">
          <thead>
            <tr><th>sent (UTC)</th><th>action</th><th>request</th><th>answer</th><th className="num" title="from the CALL leaving ChargeScope to the charger's answer arriving">answer time</th></tr>
          </thead>
          <tbody>
            {rows.map((c) => (
              <Fragment key={c.id}>
                <tr className="clickable" onClick={() => setOpen(open === c.id ? null : c.id)} data-command-id={c.id} data-action={c.action}>
                  <td className="mono">{dateTime(c.createdAt)}</td>
                  <td>{c.action}</td>
                  <td className="mono ellipsis" title={JSON.stringify(c.request)}>{JSON.stringify(c.request)}</td>
                  <td><StateCell c={c} /></td>
                  <td className="num mono">{c.latencyMs !== null ? `${c.latencyMs} ms` : ''}</td>
                </tr>
                {open === c.id && (
                  <tr className="detail-row">
                    <td colSpan={5}>
                      <div className="split">
                        <div><h3>Request</h3><JsonView value={c.request} /></div>
                        <div><h3>{c.error ? 'CALLERROR' : 'Answer'}</h3><JsonView value={c.error ?? c.response} /></div>
                      </div>
                    </td>
                  </tr>
                )}
              </Fragment>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
