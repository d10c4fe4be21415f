/**
 * A charger's state in a session that is not the live one, read-only: configuration, local list, reservations,
 * charging profiles and the commands that were sent. For a recording these are as they were when it was
 * exported (GET /api/sessions/:id/chargers); nothing here can send a call.
 */
import { Fragment, useState } from 'react';
import type { SessionCharger } from '../../shared/api/types.ts';
import { useResource } from '../api/live.tsx';
import { LoadState, PageHeader } from '../components/common.tsx';
import { dateTime } from '../components/format.ts';
import { JsonView } from '../components/json-view.tsx';
import { chargerHref } from '../router.ts';
import { useViewing } from './use-viewing.ts';

function useSessionChargers(): { chargers: SessionCharger[]; loading: boolean; error: string | null } {
  const { session } = useViewing();
  const res = useResource('GET /api/sessions/:id/chargers', session ? { params: { id: String(session.id) } } : null);
  return { chargers: res.data ?? [], loading: res.loading && session !== null, error: res.error };
}

function Note() {
  const { recording } = useViewing();
  return (
    <p className="small muted recorded-note">
      {recording ? 'As recorded when the session was exported (or as the imported trace shows it).' : 'As ChargeScope knows it now: a past session keeps its frames, not a copy of this state.'}
      {' '}Read-only: commands are offered only in the live session.
    </p>
  );
}

function useOne(chargerId: string) {
  const { chargers, loading, error } = useSessionChargers();
  return { charger: chargers.find((c) => c.id === chargerId), loading, error };
}

export function RecordedConfiguration({ chargerId }: { chargerId: string }) {
  const { charger, loading, error } = useOne(chargerId);
  const keys = charger?.configuration ?? [];
  return (
    <div data-testid="recorded-configuration">
      <Note />
      <LoadState loading={loading} error={error} empty={keys.length === 0} emptyText="No configuration keys known in this session (no GetConfiguration was answered)." />
      {keys.length > 0 && (
        <table className="table">
          <thead><tr><th>key</th><th>value</th><th>read-only</th><th>updated (UTC)</th></tr></thead>
          <tbody>
            {keys.map((k) => (
              <tr key={k.key}>
                <td className="mono">{k.key}{k.unknown && <span className="chip tone-warn">unknown</span>}</td>
                <td className="mono">{k.value ?? <span className="muted">—</span>}</td>
                <td>{k.readonly === null ? '—' : k.readonly ? 'yes' : 'no'}</td>
                <td className="mono small">{dateTime(k.updatedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

export function RecordedLocalList({ chargerId }: { chargerId: string }) {
  const { charger, loading, error } = useOne(chargerId);
  const list = charger?.localList;
  const entries = list?.entries ?? [];
  return (
    <div data-testid="recorded-local-list">
      <Note />
      {list && <p>Local list version <strong className="mono">{list.version}</strong>{list.updatedAt ? ` (updated ${dateTime(list.updatedAt)})` : ''}</p>}
      <LoadState loading={loading} error={error} empty={entries.length === 0} emptyText="No local list entries known in this session." />
      {entries.length > 0 && (
        <table className="table">
          <thead><tr><th>idTag</th><th>status</th><th>expiry</th><th>parent</th></tr></thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.idTag}>
                <td className="mono">{e.idTag}</td>
                <td>{e.idTagInfo?.status ?? <span className="muted">removed</span>}</td>
                <td className="mono small">{dateTime(e.idTagInfo?.expiryDate)}</td>
                <td className="mono">{e.idTagInfo?.parentIdTag ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

/** Reservations of one charger, or of every charger of the session (the site view). */
export function RecordedReservations({ chargerId }: { chargerId?: string }) {
  const { chargers, loading, error } = useSessionChargers();
  const list = chargers.filter((c) => !chargerId || c.id === chargerId).flatMap((c) => c.reservations);
  return (
    <div className={chargerId ? '' : 'page'} data-testid="recorded-reservations">
      {!chargerId && <PageHeader title="Reservations" sub="Reservations of this session’s chargers." />}
      <Note />
      <LoadState loading={loading} error={error} empty={list.length === 0} emptyText="No reservations in this session." />
      {list.length > 0 && (
        <table className="table">
          <thead><tr><th>id</th>{!chargerId && <th>charger</th>}<th>connector</th><th>idTag</th><th>expiry (UTC)</th><th>state</th><th>transaction</th></tr></thead>
          <tbody>
            {list.map((r) => (
              <tr key={`${r.chargerId}/${r.reservationId}`}>
                <td className="mono">{r.reservationId}</td>
                {!chargerId && <td><a href={chargerHref(r.chargerId)}>{r.chargerId}</a></td>}
                <td>#{r.connectorId}</td>
                <td className="mono">{r.idTag}</td>
                <td className="mono small">{dateTime(r.expiryDate)}</td>
                <td>{r.state}</td>
                <td className="mono">{r.transactionId ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

export function RecordedProfiles({ chargerId }: { chargerId: string }) {
  const { charger, loading, error } = useOne(chargerId);
  const profiles = charger?.chargingProfiles ?? [];
  const [open, setOpen] = useState<number | null>(null);
  return (
    <div data-testid="recorded-profiles">
      <Note />
      <LoadState loading={loading} error={error} empty={profiles.length === 0} emptyText="No charging profiles installed in this session." />
      {profiles.length > 0 && (
        <table className="table">
          <thead><tr><th>id</th><th>connector</th><th>purpose</th><th>stack level</th><th>transaction</th><th>installed (UTC)</th></tr></thead>
          <tbody>
            {profiles.map((p) => (
              <Fragment key={p.chargingProfileId}>
                <tr className="clickable" onClick={() => setOpen(open === p.chargingProfileId ? null : p.chargingProfileId)}>
                  <td className="mono">{p.chargingProfileId}</td><td>#{p.connectorId}</td><td>{p.purpose}</td><td>{p.stackLevel}</td>
                  <td className="mono">{p.transactionId ?? '—'}</td><td className="mono small">{dateTime(p.installedAt)}</td>
                </tr>
                {open === p.chargingProfileId && <tr><td colSpan={6}><JsonView value={p.profile} /></td></tr>}
              </Fragment>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

/** The commands sent to a charger in this session, with their answers (read-only). */
export function SessionCommands({ chargerId }: { chargerId: string }) {
  const { session } = useViewing();
  const res = useResource('GET /api/sessions/:id/commands', session ? { params: { id: String(session.id) }, query: { charger: chargerId } } : null);
  const list = [...(res.data ?? [])].sort((a, b) => b.id - a.id);
  const [open, setOpen] = useState<number | null>(null);
  return (
    <section className="panel" aria-label="Commands sent" data-testid="session-commands">
      <h2>Commands sent in this session</h2>
      <LoadState loading={res.loading} error={res.error} empty={list.length === 0} emptyText="No command was sent to this charger in this session." />
      {list.length > 0 && (
        <table className="table">
          <thead><tr><th>sent (UTC)</th><th>action</th><th>state</th><th>answer</th><th className="num">latency</th></tr></thead>
          <tbody>
            {list.map((c) => (
              <Fragment key={c.id}>
                <tr className="clickable" onClick={() => setOpen(open === c.id ? null : c.id)}>
                  <td className="mono small">{dateTime(c.createdAt)}</td>
                  <td>{c.action}</td>
                  <td>{c.state}</td>
                  <td className="mono small">{c.error ? `CALLERROR ${c.error.errorCode}` : typeof c.response?.['status'] === 'string' ? String(c.response['status']) : c.response ? 'answered' : '—'}</td>
                  <td className="num mono">{c.latencyMs !== null ? `${c.latencyMs} ms` : '—'}</td>
                </tr>
                {open === c.id && <tr><td colSpan={5}><JsonView value={{ request: c.request, response: c.response, error: c.error }} /></td></tr>}
              </Fragment>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
