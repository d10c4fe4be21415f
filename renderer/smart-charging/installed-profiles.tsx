/**
 * The charging profiles ChargeScope knows the charger holds (its model follows every accepted
 * SetChargingProfile / ClearChargingProfile / RemoteStartTransaction and drops a TxProfile when its
 * transaction ends), with ClearChargingProfile by id and by criteria (errata 3.25/3.26: criteria are
 * AND-ed; none clears every profile).
 */
import { useState } from 'react';
import type { Charger, InstalledProfile } from '../../shared/api/types.ts';
import type { ChargingProfile, ChargingProfilePurpose } from '../../shared/ocpp/charging-profile.ts';
import { OutcomeView } from '../commands/outcome.tsx';
import { useCommands } from '../commands/use-commands.ts';
import { LoadState } from '../components/common.tsx';
import { dateTime } from '../components/format.ts';
import { PURPOSES } from './profile-form.ts';

interface Props {
  charger: Charger;
  profiles: InstalledProfile[];
  loading: boolean;
  error: string | null;
  onEditCopy(connectorId: number, profile: ChargingProfile): void;
}

function Schedule({ p }: { p: ChargingProfile }) {
  const s = p.chargingSchedule;
  return (
    <span className="mono small sc-periods">
      {s.chargingSchedulePeriod.map((r, i) => (
        <span key={i} className="sc-period">{r.startPeriod}s→{r.limit}{s.chargingRateUnit}{r.numberPhases !== undefined ? `×${r.numberPhases}ph` : ''}</span>
      ))}
      {s.duration !== undefined && <span className="muted"> for {s.duration}s</span>}
    </span>
  );
}

/** "21:42:20Z" for today (UTC), "2026-11-24 21:42Z" otherwise; the full time in the tooltip. */
function Moment({ iso }: { iso: string | undefined }) {
  if (!iso) return <>…</>;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return <>{iso}</>;
  const text = d.toISOString().slice(0, 10) === new Date().toISOString().slice(0, 10) ? `${d.toISOString().slice(11, 19)}Z` : `${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 16)}Z`;
  return <span title={dateTime(iso)}>{text}</span>;
}

function Validity({ p }: { p: ChargingProfile }) {
  if (!p.validFrom && !p.validTo) return <span className="muted">always</span>;
  return <span className="mono small sc-validity"><span><Moment iso={p.validFrom} /></span><span>→ <Moment iso={p.validTo} /></span></span>;
}

export function InstalledProfiles({ charger, profiles, loading, error, onEditCopy }: Props) {
  const { outcomes, send, busy } = useCommands(charger.id);
  const [crit, setCrit] = useState<{ connectorId: string; purpose: ChargingProfilePurpose | ''; stackLevel: string }>({ connectorId: '', purpose: '', stackLevel: '' });
  const criteria: Record<string, unknown> = {
    ...(crit.connectorId.trim() !== '' ? { connectorId: Number(crit.connectorId) } : {}),
    ...(crit.purpose !== '' ? { chargingProfilePurpose: crit.purpose } : {}),
    ...(crit.stackLevel.trim() !== '' ? { stackLevel: Number(crit.stackLevel) } : {}),
  };
  const criteriaValid = Object.values(criteria).every((v) => typeof v !== 'number' || Number.isInteger(v));
  const clearAll = Object.keys(criteria).length === 0;

  return (
    <section className="panel sc-installed" aria-label="Installed charging profiles">
      <h2>Installed profiles <span className="small muted">(what ChargeScope knows the charger accepted)</span></h2>
      <LoadState loading={loading} error={error} empty={profiles.length === 0} emptyText="No charging profile is installed as far as ChargeScope knows." />
      {profiles.length > 0 && (
        <div className="sc-table-wrap">
        <table className="table table-compact" data-testid="installed-profiles">
          <thead><tr><th>id</th><th>conn.</th><th>purpose</th><th>tx</th><th>schedule</th><th>valid</th><th>installed</th><th /></tr></thead>
          <tbody>
            {profiles.map((row) => {
              const p = row.profile as unknown as ChargingProfile;
              const slot = `clear-${row.chargingProfileId}`;
              return (
                <tr key={`${row.connectorId}/${row.chargingProfileId}`} data-profile-id={row.chargingProfileId} data-purpose={row.purpose}>
                  <td className="mono strong">{row.chargingProfileId}</td>
                  <td>#{row.connectorId}</td>
                  <td>
                    {row.purpose}
                    <div className="small muted">{p.chargingProfileKind}{p.recurrencyKind ? ` ${p.recurrencyKind}` : ''} · stackLevel {row.stackLevel}</div>
                  </td>
                  <td className="mono">{row.transactionId ?? '—'}</td>
                  <td><Schedule p={p} /></td>
                  <td><Validity p={p} /></td>
                  <td className="mono small nowrap"><Moment iso={row.installedAt} /></td>
                  <td className="sc-row-actions">
                    <button type="button" className="btn btn-small" onClick={() => onEditCopy(row.connectorId, p)} title="load a copy of this profile into the editor">Edit</button>
                    <button type="button" className="btn btn-small btn-danger" disabled={busy(slot)} data-command={`clear-id-${row.chargingProfileId}`}
                      onClick={() => void send(slot, 'ClearChargingProfile', { id: row.chargingProfileId })} title={`ClearChargingProfile { id: ${row.chargingProfileId} }`}>
                      Clear
                    </button>
                    <OutcomeView outcome={outcomes[slot]} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        </div>
      )}
      <div className="sc-criteria" aria-label="ClearChargingProfile by criteria">
        <span className="sc-criteria-label">Clear by criteria</span>
        <label>connectorId<input className="input-narrow" inputMode="numeric" value={crit.connectorId} placeholder="any" onChange={(e) => setCrit({ ...crit, connectorId: e.target.value })} data-testid="clear-connector" /></label>
        <label>purpose
          <select value={crit.purpose} onChange={(e) => setCrit({ ...crit, purpose: e.target.value as ChargingProfilePurpose | '' })} data-testid="clear-purpose">
            <option value="">any</option>
            {PURPOSES.map((p) => <option key={p} value={p}>{p}</option>)}
          </select>
        </label>
        <label>stackLevel<input className="input-narrow" inputMode="numeric" value={crit.stackLevel} placeholder="any" onChange={(e) => setCrit({ ...crit, stackLevel: e.target.value })} data-testid="clear-stack" /></label>
        <button type="button" className={`btn btn-small ${clearAll ? 'btn-danger' : ''}`} disabled={busy('clear-criteria') || !criteriaValid} data-command="clear-criteria"
          onClick={() => void send('clear-criteria', 'ClearChargingProfile', criteria)} title={`ClearChargingProfile ${JSON.stringify(criteria)}`}>
          {clearAll ? 'ClearChargingProfile (no criteria: all profiles)' : 'ClearChargingProfile'}
        </button>
        {!criteriaValid && <span className="small warn-text">connectorId and stackLevel must be integers</span>}
        <OutcomeView outcome={outcomes['clear-criteria']} />
      </div>
    </section>
  );
}
