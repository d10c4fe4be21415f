/**
 * The composite schedule of one connector over a window: what ChargeScope expects (per purpose and
 * combined), what the charger says when asked (GetCompositeSchedule), how the latest answer differs, and
 * the running transaction's meter values on the same time axis.
 */
import { useMemo, useState } from 'react';
import type { Charger, CompositeSchedule, LiveEvent } from '../../shared/api/types.ts';
import type { ChargingRateUnit, ProfileContribution, TimelineInterval } from '../../shared/ocpp/charging-profile.ts';
import { useResource } from '../api/live.tsx';
import type { CommandContext } from '../commands/command-context.ts';
import { OutcomeView } from '../commands/outcome.tsx';
import { useCommands } from '../commands/use-commands.ts';
import { Notice } from '../components/common.tsx';
import { dateTime, timeMs } from '../components/format.ts';
import { useNow } from '../components/hooks.ts';
import { hasValue, noLimitSpans, scheduleSteps, timelineSteps, type SeriesSpec } from './chart-data.ts';
import { CompositeChart } from './composite-chart.tsx';
import { latestCompositeCheck } from './composite-check.ts';
import { meterLines } from './meter-series.ts';

export const DURATIONS: readonly { sec: number; label: string }[] = [
  { sec: 300, label: '5 min' }, { sec: 900, label: '15 min' }, { sec: 3600, label: '1 h' }, { sec: 6 * 3600, label: '6 h' },
  { sec: 86_400, label: '24 h' }, { sec: 7 * 86_400, label: '7 days' },
];

interface Asked {
  connectorId: number;
  duration: number;
  unit: ChargingRateUnit;
}

/** Answered when a profile may have changed: a smart-charging command was answered, or a transaction started or ended. */
export const profilesMayHaveChanged = (id: string) => (e: LiveEvent) =>
  (e.type === 'command' && e.command.chargerId === id && e.command.state === 'answered' && /ChargingProfile|RemoteStartTransaction/.test(e.command.action))
  || (e.type === 'transaction' && e.transaction.chargerId === id);

function idsOf(timeline: readonly TimelineInterval[], pick: (i: TimelineInterval) => ProfileContribution | null): string {
  const ids = [...new Set(timeline.map(pick).filter((c): c is ProfileContribution => c !== null).map((c) => `profile ${c.chargingProfileId}`))];
  return ids.length ? ` (${ids.join(', ')})` : '';
}

const limitText = (v: number | null | undefined, unit: string) => (v === null || v === undefined ? 'no limit' : `${v} ${unit}`);
const contributionText = (c: ProfileContribution | null, unit: string) => (c === null ? '—' : `${c.limit} ${unit} · profile ${c.chargingProfileId}, stackLevel ${c.stackLevel}`);

export function CompositePanel({ charger, ctx, voltage }: { charger: Charger; ctx: CommandContext; voltage: number }) {
  const id = charger.id;
  const [connectorId, setConnectorId] = useState(() => charger.connectors.find((c) => c.connectorId > 0)?.connectorId ?? 0);
  const [duration, setDuration] = useState(3600);
  const [unit, setUnit] = useState<ChargingRateUnit>('A');
  const [asked, setAsked] = useState<Asked | null>(null);
  const now = useNow(5000);
  const refresh = useMemo(() => profilesMayHaveChanged(id), [id]);
  const timeline = useResource('GET /api/chargers/:id/composite-timeline', { params: { id }, query: { connectorId, duration, chargingRateUnit: unit } }, refresh);
  const tx = connectorId > 0 ? ctx.openTransactions.find((t) => t.connectorId === connectorId) : undefined;
  const meterRefresh = useMemo(() => (e: LiveEvent) => (e.type === 'frame' && e.frame.chargerId === id && e.frame.action === 'MeterValues') || (e.type === 'transaction' && e.transaction.chargerId === id), [id]);
  const meter = useResource('GET /api/meter-values', tx ? { query: { charger: id, transaction: tx.id } } : null, meterRefresh);
  const findingRefresh = useMemo(() => (e: LiveEvent) => e.type === 'finding' && e.finding.chargerId === id, [id]);
  const findings = useResource('GET /api/findings', { query: { charger: id } }, findingRefresh);
  const { outcomes, send, busy } = useCommands(id);

  const answerOutcome = outcomes['ask'];
  const answerPayload = answerOutcome?.kind === 'result' ? answerOutcome.payload : undefined;
  const answerMatches = asked !== null && asked.connectorId === connectorId && asked.unit === unit;
  const answer = useMemo(() => {
    if (!answerMatches || answerPayload?.['status'] !== 'Accepted' || answerPayload['chargingSchedule'] === undefined) return null;
    const schedule = answerPayload['chargingSchedule'] as CompositeSchedule['chargingSchedule'] & { startSchedule?: string };
    return { scheduleStart: String(answerPayload['scheduleStart'] ?? schedule.startSchedule ?? ''), chargingSchedule: schedule };
  }, [answerMatches, answerPayload]);

  const data = timeline.data;
  const specs = useMemo((): SeriesSpec[] => {
    if (!data) return [];
    const start = data.schedule.scheduleStart;
    const tl = data.timeline;
    const purposes: SeriesSpec[] = [
      { key: 'chargePointMax', label: `ChargePointMaxProfile${idsOf(tl, (i) => i.chargePointMax)}`, kind: 'step', points: timelineSteps(start, tl, (i) => i.chargePointMax?.limit ?? null) },
      { key: 'txDefault', label: `TxDefaultProfile${idsOf(tl, (i) => (i.txDefaultOverridden ? null : i.txDefault))}`, kind: 'step', points: timelineSteps(start, tl, (i) => (i.txDefaultOverridden ? null : i.txDefault?.limit ?? null)) },
      // While a TxProfile is valid it overrules the TxDefaultProfile (§3.13.1): drawn faint, so it is not read as a limit.
      {
        key: 'txDefaultOverridden', label: `TxDefaultProfile${idsOf(tl, (i) => (i.txDefaultOverridden ? i.txDefault : null))} overruled by TxProfile`, kind: 'step',
        points: timelineSteps(start, tl, (i) => (i.txDefaultOverridden ? i.txDefault?.limit ?? null : null)),
      },
      { key: 'tx', label: `TxProfile${idsOf(tl, (i) => i.tx)}`, kind: 'step', points: timelineSteps(start, tl, (i) => i.tx?.limit ?? null) },
    ];
    // The composite first, so the purposes' thin lines stay visible on top of its bold one.
    const out: SeriesSpec[] = [{ key: 'composite', label: 'Composite (ChargeScope)', kind: 'step', points: timelineSteps(start, tl, (i) => i.limit) }];
    out.push(...purposes.filter((s) => hasValue(s.points)));
    if (answer) out.push({ key: 'charger', label: 'Charger (GetCompositeSchedule)', kind: 'step', points: scheduleSteps(answer) });
    // Half the duration before now: the measured values take the left third of the plot, not a few pixels at its edge.
    const since = Date.parse(start) / 1000 - duration / 2;
    for (const line of meterLines(meter.data ?? [], unit, { voltage, sinceSec: since })) out.push({ key: line.key, label: line.label, kind: 'line', points: line.points });
    return out;
  }, [data, answer, meter.data, unit, voltage, duration]);
  const spans = useMemo(() => (data ? noLimitSpans(data.schedule.scheduleStart, data.timeline) : []), [data]);
  const check = latestCompositeCheck(findings.data ?? []);

  const ask = () => {
    setAsked({ connectorId, duration, unit });
    timeline.reload();
    void send('ask', 'GetCompositeSchedule', { connectorId, duration, chargingRateUnit: unit });
  };

  const connectors = [0, ...charger.connectors.map((c) => c.connectorId).filter((c) => c > 0)];
  return (
    <section className="panel sc-composite" aria-label="Composite schedule">
      <h2>Composite schedule</h2>
      <div className="sc-controls">
        <label>connector
          <select value={connectorId} onChange={(e) => setConnectorId(Number(e.target.value))} data-testid="composite-connector">
            {connectors.map((c) => <option key={c} value={c}>{c === 0 ? '#0 (whole charger)' : `#${c}`}</option>)}
          </select>
        </label>
        <label>window
          <select value={duration} onChange={(e) => setDuration(Number(e.target.value))} data-testid="composite-duration">
            {DURATIONS.map((d) => <option key={d.sec} value={d.sec}>{d.label} ({d.sec} s)</option>)}
          </select>
        </label>
        <span className="sc-unit" role="radiogroup" aria-label="chargingRateUnit">
          {(['A', 'W'] as const).map((u) => (
            <label key={u} className="sc-radio"><input type="radio" name="composite-unit" checked={unit === u} onChange={() => setUnit(u)} />{u}</label>
          ))}
        </span>
        <button type="button" className="btn btn-small" onClick={() => timeline.reload()}>Recompute</button>
        <button type="button" className="btn btn-primary" disabled={busy('ask')} onClick={ask} data-command="ask-composite">Ask the charger (GetCompositeSchedule)</button>
        <OutcomeView outcome={answerOutcome} />
      </div>
      {timeline.error && <Notice>{timeline.error}</Notice>}
      {data && (
        <p className="small muted sc-caption">
          Expected from {dateTime(data.schedule.scheduleStart)} for {duration} s, computed from the profiles ChargeScope knows are installed
          {tx ? ` · transaction ${tx.id} running on #${tx.connectorId}` : connectorId > 0 ? ' · no transaction running on this connector (a TxProfile does not apply)' : ''}
          {unit === 'W' || data.timeline.some((i) => i.numberPhases !== undefined) ? ` · A ↔ W at ${voltage} V × numberPhases (3 when absent)` : ''}.
        </p>
      )}
      {specs.length > 0 && <CompositeChart specs={specs} unit={unit} noLimit={spans} nowSec={now / 1000} {...(data ? { sinceSec: Date.parse(data.schedule.scheduleStart) / 1000 - duration / 2 } : {})} />}
      {answerMatches && answerPayload?.['status'] === 'Rejected' && <Notice kind="warn">The charger answered Rejected (unknown connector, or it has no composite schedule to report).</Notice>}
      <CheckList check={check} />
      {data && <Intervals start={data.schedule.scheduleStart} timeline={data.timeline} unit={unit} />}
    </section>
  );
}

function CheckList({ check }: { check: ReturnType<typeof latestCompositeCheck> }) {
  if (!check) return <p className="small muted" data-testid="composite-check">Ask the charger to compare its composite schedule with ChargeScope’s (tolerance 0.1 A / 100 W).</p>;
  return (
    <div className={`sc-check ${check.matches ? 'sc-check-ok' : 'sc-check-bad'}`} data-testid="composite-check" data-matches={check.matches}>
      <h3>{check.matches ? 'The charger’s answer matches' : 'The charger’s answer differs'} <span className="small muted">(answer at {timeMs(check.at)} UTC, frame {check.seq})</span></h3>
      <ul>
        {check.findings.map((f) => <li key={f.id} data-rule={f.rule} className={`sc-finding sev-${f.severity}`}>{f.message}</li>)}
      </ul>
    </div>
  );
}

function Intervals({ start, timeline, unit }: { start: string; timeline: TimelineInterval[]; unit: string }) {
  const t0 = Date.parse(start);
  const at = (s: number) => timeMs(new Date(t0 + s * 1000).toISOString()).slice(0, 8);
  return (
    <details className="sc-intervals" open>
      <summary>Intervals ({timeline.length})</summary>
      <table className="table table-compact" data-testid="composite-intervals">
        <thead><tr><th>from</th><th>to</th><th>composite</th><th>limited by</th><th>ChargePointMax</th><th>TxDefault</th><th>Tx</th></tr></thead>
        <tbody>
          {timeline.map((i) => (
            <tr key={i.startSec} data-limit={i.limit ?? 'none'}>
              <td className="mono">+{i.startSec} s <span className="muted">{at(i.startSec)}</span></td>
              <td className="mono">+{i.endSec} s <span className="muted">{at(i.endSec)}</span></td>
              <td className={i.limit === null ? 'sc-nolimit' : 'num strong'}>{limitText(i.limit, unit)}{i.numberPhases !== undefined ? ` (${i.numberPhases} ph)` : ''}</td>
              <td>{i.limitedBy ?? '—'}</td>
              <td className="mono small">{contributionText(i.chargePointMax, unit)}</td>
              <td className={`mono small${i.txDefaultOverridden ? ' sc-overridden' : ''}`} title={i.txDefaultOverridden ? 'overridden by a TxProfile during this interval' : undefined}>{contributionText(i.txDefault, unit)}</td>
              <td className="mono small">{contributionText(i.tx, unit)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
