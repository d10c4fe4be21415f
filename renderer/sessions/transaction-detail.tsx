/**
 * One transaction: who started it and how it ended, its meter values as plots (energy, power, current per phase,
 * voltage, SoC) in units converted sample by sample, and every sample with the frame it came in, one click away.
 */
import { useMemo } from 'react';
import type { LiveEvent, Transaction } from '../../shared/api/types.ts';
import { useResource } from '../api/live.tsx';
import { LoadState } from '../components/common.tsx';
import { dateTime, energy } from '../components/format.ts';
import { frameHref } from '../router.ts';
import { MeterChart } from './meter-chart.tsx';
import { formatValue, meterPanels, readSample, type ReadSample } from './meter-series.ts';
import './sessions.css';

function duration(from: string, to: string | null): string {
  if (!to) return 'running';
  const s = Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0 ? `${h} h ${m} min` : m > 0 ? `${m} min ${s % 60} s` : `${s} s`;
}

function SamplesTable({ read, frameLink }: { read: ReadSample[]; frameLink(seq: number): string }) {
  const notPlotted = read.filter((r) => r.reason !== null).length;
  return (
    <details className="mv-samples" open={notPlotted > 0 && read.length <= 50}>
      <summary>
        All {read.length} sampled values{notPlotted > 0 ? `, ${notPlotted} not plotted` : ''} — each with its frame
      </summary>
      <table className="table" data-testid="meter-samples">
        <thead><tr><th>time (UTC)</th><th>measurand</th><th>phase</th><th>context</th><th className="num">value as sent</th><th>read as</th><th className="num">plotted</th><th className="num">frame</th></tr></thead>
        <tbody>
          {read.map((r, i) => (
            <tr key={`${r.sample.seq}/${i}`} className={r.reason ? 'mv-skip' : ''} data-seq={r.sample.seq} data-measurand={r.sample.measurand}>
              <td className="mono small nowrap">{dateTime(r.sample.timestamp)}</td>
              <td className="mono small">{r.sample.measurand}</td>
              <td className="mono small">{r.sample.phase ?? ''}</td>
              <td className="small">{r.sample.context ?? ''}</td>
              <td className="num mono">{r.sample.value} {r.sample.unit ?? ''}</td>
              <td className="small">{r.readAs}</td>
              <td className="num mono">{r.reason ? <span className="warn-text small">{r.reason}</span> : formatValue(r.base!, baseUnit(r))}</td>
              <td className="num mono"><a href={frameLink(r.sample.seq)} title="open this frame in the trace">#{r.sample.seq}</a></td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

const baseUnit = (r: ReadSample) => ({ energy: 'Wh', power: 'W', current: 'A', voltage: 'V', soc: '%' } as const)[r.quantity!];

export function TransactionDetail({ t, inCharger }: { t: Transaction; inCharger: boolean }) {
  const refresh = useMemo(() => (e: LiveEvent) => (e.type === 'frame' && e.frame.chargerId === t.chargerId && e.frame.action === 'MeterValues')
    || (e.type === 'transaction' && e.transaction.id === t.id), [t.chargerId, t.id]);
  const res = useResource('GET /api/meter-values', { query: { charger: t.chargerId, transaction: t.id } }, t.stoppedAt === null ? refresh : undefined);
  const read = useMemo(() => (res.data ?? []).map(readSample).sort((a, b) => a.t - b.t || a.sample.seq - b.sample.seq), [res.data]);
  const panels = useMemo(() => meterPanels(read, { meterStartWh: t.meterStart, startedAt: t.startedAt }), [read, t.meterStart, t.startedAt]);
  const frameLink = (seq: number) => frameHref(seq, inCharger ? t.chargerId : undefined);
  const open = (seq: number) => {
    window.location.hash = frameLink(seq);
  };
  return (
    <section className="panel tx-detail" aria-label={`transaction ${t.id}`} data-testid="transaction-detail" data-transaction={t.id}>
      <h2>Transaction {t.id} <span className="muted">· {t.chargerId} connector #{t.connectorId}</span></h2>
      <dl className="kv tx-facts">
        <dt>started</dt>
        <dd><span className="mono">{dateTime(t.startedAt)}</span> by idTag <span className="mono" data-testid="tx-idtag">{t.idTag}</span> ({t.idTagStatus}){t.reservationId !== null ? `, on reservation ${t.reservationId}` : ''}, meter {t.meterStart} Wh</dd>
        <dt>stopped</dt>
        <dd data-testid="tx-stop">
          {t.stoppedAt === null ? <span className="chip tone-charging">still running</span> : (
            <>
              <span className="mono">{dateTime(t.stoppedAt)}</span>, reason <strong>{t.reason ?? 'Local'}</strong>
              {t.reason === null ? ' (OCPP default: no reason given)' : ''}
              {t.stopIdTag ? <> by idTag <span className="mono">{t.stopIdTag}</span></> : null}
              {`, meter ${t.meterStop} Wh`}
            </>
          )}
        </dd>
        <dt>energy</dt><dd>{energy(t.energyWh)} in {duration(t.startedAt, t.stoppedAt)}</dd>
      </dl>
      <LoadState loading={res.loading} error={res.error} empty={read.length === 0} emptyText="No MeterValues for this transaction." />
      {panels.length > 0 && <p className="small muted">Units are converted per sample as the charger sent them (kWh × 1000 = Wh, kW × 1000 = W). Click a point for its frame.</p>}
      <div className="mv-panels">
        {panels.map((p) => <MeterChart key={p.quantity} panel={p} onPick={open} />)}
      </div>
      {read.length > 0 && <SamplesTable read={read} frameLink={frameLink} />}
    </section>
  );
}
