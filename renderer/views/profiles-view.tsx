/**
 * Charging profiles ChargeScope knows are installed on the charger (after SetChargingProfile /
 * ClearChargingProfile). The smart-charging workbench (renderer/smart-charging/) supersedes this view.
 */
import { useMemo } from 'react';
import type { Charger, LiveEvent } from '../../shared/api/types.ts';
import { useResource } from '../api/live.tsx';
import { OutcomeView } from '../commands/outcome.tsx';
import { useCommands } from '../commands/use-commands.ts';
import { LoadState } from '../components/common.tsx';
import { dateTime } from '../components/format.ts';

interface Period { startPeriod: number; limit: number; numberPhases?: number }

export function ProfilesView({ charger }: { charger: Charger }) {
  const refresh = useMemo(() => (e: LiveEvent) => e.type === 'command' && e.command.chargerId === charger.id && e.command.state === 'answered' && /ChargingProfile|RemoteStart/.test(e.command.action), [charger.id]);
  const res = useResource('GET /api/chargers/:id/charging-profiles', { params: { id: charger.id } }, refresh);
  const { outcomes, send, busy } = useCommands(charger.id);
  const list = res.data ?? [];
  return (
    <div className="profiles">
      <LoadState loading={res.loading} error={res.error} empty={list.length === 0} emptyText="No charging profile installed by ChargeScope (use SetChargingProfile on the Commands tab)." />
      {list.length > 0 && (
        <table className="table" data-testid="profiles">
          <thead><tr><th>id</th><th>connector</th><th>purpose</th><th>stack</th><th>transaction</th><th>periods</th><th>installed (UTC)</th><th /></tr></thead>
          <tbody>
            {list.map((p) => {
              const sched = (p.profile['chargingSchedule'] ?? {}) as { chargingRateUnit?: string; chargingSchedulePeriod?: Period[] };
              const slot = `clear-${p.chargingProfileId}`;
              return (
                <tr key={`${p.connectorId}/${p.chargingProfileId}`}>
                  <td className="mono">{p.chargingProfileId}</td>
                  <td>#{p.connectorId}</td>
                  <td>{p.purpose}</td>
                  <td className="num">{p.stackLevel}</td>
                  <td className="mono">{p.transactionId ?? '—'}</td>
                  <td className="mono small">{(sched.chargingSchedulePeriod ?? []).map((x) => `${x.startPeriod}s: ${x.limit} ${sched.chargingRateUnit ?? ''}`).join(' · ')}</td>
                  <td className="mono small">{dateTime(p.installedAt)}</td>
                  <td className="actions">
                    <button type="button" className="btn btn-small" disabled={busy(slot)} onClick={() => void send(slot, 'ClearChargingProfile', { id: p.chargingProfileId })}>ClearChargingProfile</button>
                    <OutcomeView outcome={outcomes[slot]} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </div>
  );
}
