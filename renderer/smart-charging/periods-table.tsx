/** The chargingSchedulePeriod rows of the editor: startPeriod, limit, numberPhases; add and remove rows. */
import type { ChargingRateUnit } from '../../shared/ocpp/charging-profile.ts';
import { periodRow, type FieldProblem, type PeriodRow } from './profile-form.ts';

interface Props {
  rows: PeriodRow[];
  unit: ChargingRateUnit;
  problems: FieldProblem[];
  onChange(rows: PeriodRow[]): void;
}

export function PeriodsTable({ rows, unit, problems, onChange }: Props) {
  const bad = (i: number, f: keyof PeriodRow) => problems.some((p) => p.field === `periods.${i}.${f}`);
  const set = (i: number, patch: Partial<PeriodRow>) => onChange(rows.map((r, n) => (n === i ? { ...r, ...patch } : r)));
  const add = () => {
    const last = rows.at(-1);
    const next = last && /^\d+$/.test(last.startPeriod.trim()) ? Number(last.startPeriod) + 3600 : 0;
    onChange([...rows, periodRow(next, last?.limit ?? '', last?.numberPhases ?? '')]);
  };
  return (
    <table className="table table-compact sc-periods-table" data-testid="periods">
      <thead>
        <tr><th>#</th><th>startPeriod (s)</th><th>limit ({unit === 'A' ? 'A per phase' : 'W total'})</th><th>numberPhases</th><th /></tr>
      </thead>
      <tbody>
        {rows.map((r, i) => (
          <tr key={r.key} data-period={i}>
            <td className="muted">{i + 1}</td>
            <td><input className={`input-narrow${bad(i, 'startPeriod') ? ' input-bad' : ''}`} inputMode="numeric" value={r.startPeriod} aria-label={`period ${i + 1} startPeriod`} onChange={(e) => set(i, { startPeriod: e.target.value })} /></td>
            <td><input className={`input-narrow${bad(i, 'limit') ? ' input-bad' : ''}`} inputMode="decimal" value={r.limit} aria-label={`period ${i + 1} limit`} onChange={(e) => set(i, { limit: e.target.value })} /></td>
            <td><input className={`input-narrow${bad(i, 'numberPhases') ? ' input-bad' : ''}`} inputMode="numeric" value={r.numberPhases} placeholder="3" aria-label={`period ${i + 1} numberPhases`} onChange={(e) => set(i, { numberPhases: e.target.value })} /></td>
            <td><button type="button" className="btn btn-small" onClick={() => onChange(rows.filter((_, n) => n !== i))} aria-label={`remove period ${i + 1}`} title="remove this period">✕</button></td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr><td colSpan={5}><button type="button" className="btn btn-small" onClick={add} data-command="add-period">+ period</button></td></tr>
      </tfoot>
    </table>
  );
}
