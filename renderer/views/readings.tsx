/**
 * Live readings per connector (item 9): the running transaction's power, current, energy and SoC as the charger
 * last sent them, with their age, on the charger list and the Overview. Refetched when MeterValues or a
 * transaction event arrives (at most 4 times a second, useResource's debounce).
 */
import type { ConnectorReading } from '../../shared/api/readings.ts';
import type { LiveEvent } from '../../shared/api/types.ts';
import { useResource } from '../api/live.tsx';
import { ago, dateTime } from '../components/format.ts';

const refreshOn = (chargerId?: string) => (e: LiveEvent): boolean =>
  (e.type === 'transaction' && (chargerId === undefined || e.transaction.chargerId === chargerId))
  || (e.type === 'frame' && e.frame.action === 'MeterValues' && e.frame.messageType === 'CALL' && (chargerId === undefined || e.frame.chargerId === chargerId));

export function useReadings(chargerId?: string): ConnectorReading[] {
  const r = useResource('GET /api/readings', { query: chargerId ? { charger: chargerId } : {} }, refreshOn(chargerId));
  return r.data ?? [];
}

const one = (n: number) => (Math.abs(n) >= 100 || Number.isInteger(n) ? n.toFixed(0) : n.toFixed(1));

export function powerText(w: number | null): string {
  if (w === null) return '—';
  return Math.abs(w) >= 1000 ? `${one(w / 1000)} kW` : `${w.toFixed(0)} W`;
}

export function energyText(wh: number | null): string {
  if (wh === null) return '—';
  return Math.abs(wh) >= 1000 ? `${(wh / 1000).toFixed(2)} kWh` : `${wh.toFixed(0)} Wh`;
}

export function currentText(c: ConnectorReading['currentA']): string {
  if (c.length === 0) return '—';
  return `${c.map((x) => one(x.value)).join(' / ')} A`;
}

/** One connector's readings: "21.6 kW · 31 / 31.2 A · 321 Wh · 43 % · 12 s ago". */
export function ReadingLine({ r, now, live, compact = false }: { r: ConnectorReading; now: number; live: boolean; compact?: boolean }) {
  const age = r.at === null ? 'no MeterValues yet' : live ? ago(r.at, now) : dateTime(r.at);
  return (
    <span className={`reading${compact ? ' reading-compact' : ''}`} data-testid="reading" data-connector={r.connectorId} data-transaction={r.transactionId}>
      <span className="reading-v" title="Power.Active.Import">{powerText(r.powerW)}</span>
      {!compact && <span className="reading-v" title={`Current.Import${r.currentA.length > 1 ? ` (${r.currentA.map((c) => c.phase ?? '?').join(' / ')})` : ''}`}>{currentText(r.currentA)}</span>}
      <span className="reading-v" title={`energy of transaction ${r.transactionId} so far`}>{energyText(r.energyWh)}</span>
      {r.soc !== null && <span className="reading-v" title="SoC">{one(r.soc)} %</span>}
      <span className="reading-age muted" title={r.at ? `the charger's timestamp: ${r.at}` : undefined}>{age}</span>
    </span>
  );
}
