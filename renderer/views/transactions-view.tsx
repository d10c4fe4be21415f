/** Transactions of the session on screen, open first, with the energy delivered; a click shows one with its meter-value plots. */
import { useMemo, useState } from 'react';
import type { LiveEvent } from '../../shared/api/types.ts';
import { useResource } from '../api/live.tsx';
import { LoadState, PageHeader } from '../components/common.tsx';
import { dateTime, energy } from '../components/format.ts';
import { chargerHref, href } from '../router.ts';
import { TransactionDetail } from '../sessions/transaction-detail.tsx';

export function TransactionsView({ chargerId, selected }: { chargerId?: string; selected?: number | undefined }) {
  const refresh = useMemo(() => (e: LiveEvent) => e.type === 'transaction' && (!chargerId || e.transaction.chargerId === chargerId), [chargerId]);
  const res = useResource('GET /api/transactions', { query: chargerId ? { charger: chargerId } : {} }, refresh);
  const [show, setShow] = useState<'all' | 'open' | 'closed'>('all');
  const list = useMemo(() => (res.data ?? [])
    .filter((t) => show === 'all' || (show === 'open') === (t.stoppedAt === null))
    .sort((a, b) => (a.stoppedAt === null ? 0 : 1) - (b.stoppedAt === null ? 0 : 1) || b.id - a.id), [res.data, show]);
  const open = (res.data ?? []).filter((t) => t.stoppedAt === null).length;
  const current = selected !== undefined ? (res.data ?? []).find((t) => t.id === selected) : undefined;
  const pick = (id: number) => {
    const next = id === selected ? undefined : id;
    window.location.hash = chargerId
      ? href({ view: 'charger', id: chargerId, tab: 'transactions', ...(next !== undefined ? { item: next } : {}) })
      : href({ view: 'transactions', ...(next !== undefined ? { item: next } : {}) });
  };
  return (
    <div className={chargerId ? '' : 'page'}>
      {!chargerId && <PageHeader title="Transactions" sub="Started and stopped by the chargers in this session; times are the charger’s (UTC). Click one for its meter values." />}
      <div className="toolbar">
        <div className="seg" role="group" aria-label="which transactions">
          {(['all', 'open', 'closed'] as const).map((s) => (
            <button key={s} type="button" className={s === show ? 'seg-on' : ''} onClick={() => setShow(s)}>{s}{s === 'open' ? ` (${open})` : ''}</button>
          ))}
        </div>
      </div>
      <LoadState loading={res.loading} error={res.error} empty={list.length === 0} emptyText={show === 'all' ? 'No transactions in this session.' : `No ${show} transactions.`} />
      {list.length > 0 && (
        <table className="table" data-testid="transactions">
          <thead>
            <tr><th>id</th>{!chargerId && <th>charger</th>}<th>connector</th><th>idTag</th><th>status</th><th>started</th><th>stopped</th><th className="num th-wrap">meter start (Wh)</th><th className="num th-wrap">meter stop (Wh)</th><th className="num">energy</th><th>reason</th></tr>
          </thead>
          <tbody>
            {list.map((t) => (
              <tr key={t.id} className={`clickable${t.stoppedAt === null ? ' row-open' : ''}${t.id === selected ? ' row-selected' : ''}`} onClick={() => pick(t.id)}
                data-transaction={t.id} aria-selected={t.id === selected}>
                <td className="mono"><a href={chargerId ? href({ view: 'charger', id: chargerId, tab: 'transactions', item: t.id }) : href({ view: 'transactions', item: t.id })} onClick={(e) => e.preventDefault()}>{t.id}</a></td>
                {!chargerId && <td><a href={chargerHref(t.chargerId)}>{t.chargerId}</a></td>}
                <td>#{t.connectorId}</td>
                <td className="mono wrap-any">{t.idTag}{t.idTagStatus !== 'Accepted' && <span className="chip tone-bad">{t.idTagStatus}</span>}</td>
                <td>{t.stoppedAt === null ? <span className="chip tone-charging">open</span> : <span className="chip tone-quiet">closed</span>}</td>
                <td className="mono small">{dateTime(t.startedAt)}</td>
                <td className="mono small">{dateTime(t.stoppedAt)}</td>
                <td className="num mono">{t.meterStart}</td>
                <td className="num mono">{t.meterStop ?? '—'}</td>
                <td className="num">{energy(t.energyWh)}</td>
                <td>{t.reason ?? (t.stoppedAt ? 'Local (default)' : '')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {selected !== undefined && !res.loading && !current && <p className="empty">Transaction {selected} is not in this session.</p>}
      {current && <TransactionDetail key={current.id} t={current} inCharger={Boolean(chargerId)} />}
    </div>
  );
}
