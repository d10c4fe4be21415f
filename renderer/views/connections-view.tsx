/**
 * Connection attempts, refused ones included (wrong path, subprotocol, password, TLS): "it does not
 * connect" is the first problem on every site, and the reason is here.
 */
import { useMemo, useState } from 'react';
import type { ConnectionEvent, LiveEvent } from '../../shared/api/types.ts';
import { useResource } from '../api/live.tsx';
import { LoadState, PageHeader } from '../components/common.tsx';
import { dateTime } from '../components/format.ts';
import { chargerHref } from '../router.ts';

const KIND_TONE: Record<ConnectionEvent['kind'], string> = {
  connected: 'ok', refused: 'bad', closed: 'quiet', replaced: 'warn',
  // Proxy mode: the back-end link of a relayed charger.
  'upstream-connected': 'ok', 'upstream-refused': 'bad', 'upstream-unreachable': 'bad', 'upstream-closed': 'warn', 'upstream-silent': 'bad',
};

export function ConnectionsView({ chargerId }: { chargerId?: string }) {
  const refresh = useMemo(() => (e: LiveEvent) => e.type === 'connection' && (!chargerId || e.event.chargerId === chargerId), [chargerId]);
  const res = useResource('GET /api/connections', { query: chargerId ? { charger: chargerId } : {} }, refresh);
  const [onlyRefused, setOnlyRefused] = useState(false);
  const list = useMemo(() => (res.data ?? []).filter((c) => !onlyRefused || c.kind === 'refused').sort((a, b) => b.id - a.id), [res.data, onlyRefused]);
  const refused = (res.data ?? []).filter((c) => c.kind === 'refused').length;
  return (
    <div className={chargerId ? '' : 'page'}>
      {!chargerId && (
        <PageHeader title="Connections" sub="Every WebSocket connection attempt, accepted or refused, with the reason. Start here when a charger does not appear." />
      )}
      {!chargerId && (
        <details className="panel help">
          <summary>Common reasons a charger does not connect</summary>
          <ul>
            <li><strong>wrong path</strong>: the URL must end in <code>/ocpp/&lt;identity&gt;</code> (or any path ending in the identity); check what the charger appends.</li>
            <li><strong>subprotocol</strong>: the charger must offer <code>ocpp1.6</code>; one that offers only others is refused, one that offers none is refused in strict mode.</li>
            <li><strong>401 / password</strong>: with Basic Auth the password is the AuthorizationKey; some chargers send it as hex, some as text — both are tried.</li>
            <li><strong>nothing at all here</strong>: the charger does not reach this laptop — check the IP address, the port, the firewall and that both are on the same network.</li>
          </ul>
        </details>
      )}
      <div className="toolbar">
        <label className="check"><input type="checkbox" checked={onlyRefused} onChange={(e) => setOnlyRefused(e.target.checked)} /> only refused ({refused})</label>
      </div>
      <LoadState loading={res.loading} error={res.error} empty={list.length === 0} emptyText={onlyRefused ? 'No refused attempt.' : 'No connection attempt yet in this session.'} />
      {list.length > 0 && (
        <table className="table" data-testid="connections">
          <thead><tr><th>time (UTC)</th><th>event</th><th>identity</th><th>from</th><th>path</th><th className="th-wrap">subprotocols offered</th><th>reason</th><th className="num">code</th></tr></thead>
          <tbody>
            {list.map((c) => (
              <tr key={c.id} className={c.kind === 'refused' ? 'row-refused' : ''}>
                <td className="mono small nowrap">{dateTime(c.at)}</td>
                <td><span className={`chip tone-${KIND_TONE[c.kind]}`}>{c.kind}</span></td>
                <td>{c.chargerId ? <a href={chargerHref(c.chargerId)}>{c.chargerId}</a> : <span className="muted">—</span>}</td>
                <td className="mono small">{c.remoteAddress ?? '—'}</td>
                <td className="mono small wrap-any">{c.path ?? '—'}</td>
                <td className="mono small wrap-any">{c.subprotocols ?? <span className="muted">none</span>}</td>
                <td>{c.reason}</td>
                <td className="num mono">{c.code ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
