/** Reservations the CSMS made (ReserveNow), with their expiry counting down; create and cancel. */
import { useMemo, useState } from 'react';
import type { Charger, LiveEvent, Reservation } from '../../shared/api/types.ts';
import { useResource } from '../api/live.tsx';
import { OutcomeView } from '../commands/outcome.tsx';
import { sendCommand, type Outcome } from '../commands/send.ts';
import { LoadState, PageHeader } from '../components/common.tsx';
import { idTagProblem } from '../components/id-tag.ts';
import { countdown, dateTime } from '../components/format.ts';
import { useNow } from '../components/hooks.ts';
import { chargerHref } from '../router.ts';
import { useSite } from '../state/site-context.tsx';

const refresh = (e: LiveEvent) => (e.type === 'command' && e.command.state === 'answered' && /Reserv/.test(e.command.action)) || e.type === 'transaction';

function CreateReservation({ chargers, fixed, nextId, onDone }: { chargers: Charger[]; fixed?: Charger; nextId: number; onDone(): void }) {
  // The default is a charger that can take a reservation: connected and booted (Accepted), never one that never booted.
  const ready = (c: Charger) => c.connected && c.registration === 'Accepted';
  const [chargerId, setChargerId] = useState(fixed?.id ?? (chargers.find(ready) ?? chargers.find((c) => c.connected) ?? chargers[0])?.id ?? '');
  const charger = fixed ?? chargers.find((c) => c.id === chargerId);
  const [connectorId, setConnectorId] = useState(charger?.connectors.find((c) => c.connectorId > 0)?.connectorId ?? 1);
  const [idTag, setIdTag] = useState('');
  const [minutes, setMinutes] = useState(15);
  const [outcome, setOutcome] = useState<Outcome | undefined>();
  const tagProblem = idTagProblem(idTag);
  // Why the button is disabled, said next to it.
  const why = !charger ? 'choose a charger' : outcome?.kind === 'pending' ? 'sending…' : tagProblem;
  const submit = async () => {
    if (!charger) return;
    setOutcome({ kind: 'pending', action: 'ReserveNow', startedAt: performance.now() });
    const out = await sendCommand(charger.id, 'ReserveNow', {
      connectorId, idTag: idTag.trim(), reservationId: nextId, expiryDate: new Date(Date.now() + minutes * 60_000).toISOString(),
    });
    setOutcome(out);
    onDone();
  };
  return (
    <form className="panel add-form" onSubmit={(e) => { e.preventDefault(); void submit(); }} aria-label="create a reservation">
      <h2>ReserveNow</h2>
      <div className="row">
        {!fixed && (
          <label>charger<select value={chargerId} onChange={(e) => setChargerId(e.target.value)} aria-label="charger to reserve on">
            {chargers.map((c) => <option key={c.id} value={c.id}>{c.id}{!c.connected ? ' (not connected)' : c.registration !== 'Accepted' ? ' (never booted)' : ''}</option>)}
          </select></label>
        )}
        <label>connector
          <input type="number" min={0} value={connectorId} onChange={(e) => setConnectorId(Number(e.target.value))} className="input-narrow" />
        </label>
        <label>idTag<input value={idTag} required onChange={(e) => setIdTag(e.target.value)} aria-label="idTag to reserve for" aria-invalid={idTag !== '' && tagProblem !== null} /></label>
        <label>expires in (min)<input type="number" min={1} value={minutes} onChange={(e) => setMinutes(Number(e.target.value))} className="input-narrow" /></label>
        <label>reservationId<input value={nextId} readOnly className="input-narrow" /></label>
        <button type="submit" className="btn btn-primary" disabled={why !== null} title={why ?? undefined}>ReserveNow</button>
        {why && <span className="small muted" data-testid="reserve-why">{why}</span>}
        <OutcomeView outcome={outcome} />
      </div>
      {charger && !charger.connected && <p className="small warn-text">{charger.id} is not connected: ReserveNow will be answered 409 until it reconnects.</p>}
      {charger && charger.connected && charger.registration !== 'Accepted' && <p className="small warn-text">{charger.id} never booted (no accepted BootNotification): it may refuse the reservation.</p>}
      {charger && connectorId > 0 && !charger.connectors.some((c) => c.connectorId === connectorId) && (
        <p className="small warn-text">Connector {connectorId} is unknown to ChargeScope (the charger never reported it); the request is still sent.</p>
      )}
    </form>
  );
}

export function ReservationsView({ charger }: { charger?: Charger }) {
  const { chargers } = useSite();
  const site = useResource('GET /api/reservations', charger ? null : {}, refresh);
  const one = useResource('GET /api/chargers/:id/reservations', charger ? { params: { id: charger.id } } : null, refresh);
  const res = charger ? one : site;
  const now = useNow(1000);
  const [outcomes, setOutcomes] = useState<Record<string, Outcome>>({});
  const list = useMemo(() => [...(res.data ?? [])].sort((a, b) => (a.state === 'active' ? 0 : 1) - (b.state === 'active' ? 0 : 1) || b.createdAt.localeCompare(a.createdAt)), [res.data]);
  const nextId = Math.max(0, ...list.map((r) => r.reservationId)) + 1;
  const cancel = async (r: Reservation) => {
    const slot = `${r.chargerId}/${r.reservationId}`;
    setOutcomes((o) => ({ ...o, [slot]: { kind: 'pending', action: 'CancelReservation', startedAt: performance.now() } }));
    const out = await sendCommand(r.chargerId, 'CancelReservation', { reservationId: r.reservationId });
    setOutcomes((o) => ({ ...o, [slot]: out }));
    res.reload();
  };
  return (
    <div className={charger ? '' : 'page'}>
      {!charger && <PageHeader title="Reservations" sub="Made with ReserveNow; they expire on the charger at expiryDate (times UTC)." />}
      {(charger || chargers.length > 0) && <CreateReservation chargers={chargers} {...(charger ? { fixed: charger } : {})} nextId={nextId} onDone={res.reload} />}
      <LoadState loading={res.loading} error={res.error} empty={list.length === 0} emptyText="No reservations." />
      {list.length > 0 && (
        <table className="table" data-testid="reservations">
          <thead><tr><th>id</th>{!charger && <th>charger</th>}<th>connector</th><th>idTag</th><th>expiry (UTC)</th><th>state</th><th>transaction</th><th /></tr></thead>
          <tbody>
            {list.map((r) => {
              const slot = `${r.chargerId}/${r.reservationId}`;
              const cd = countdown(r.expiryDate, now);
              return (
                <tr key={slot} className={r.state === 'active' ? '' : 'row-dim'}>
                  <td className="mono">{r.reservationId}</td>
                  {!charger && <td><a href={chargerHref(r.chargerId)}>{r.chargerId}</a></td>}
                  <td>#{r.connectorId}</td>
                  <td className="mono">{r.idTag}</td>
                  <td className="mono">{dateTime(r.expiryDate)} {r.state === 'active' && <span className={cd.expired ? 'chip tone-bad' : 'chip tone-reserved'}>{cd.text}</span>}</td>
                  <td><span className={`chip tone-${r.state === 'active' ? 'reserved' : 'quiet'}`}>{r.state}</span></td>
                  <td className="mono">{r.transactionId ?? '—'}</td>
                  <td className="actions">
                    {r.state === 'active' && <button type="button" className="btn btn-small" onClick={() => void cancel(r)}>CancelReservation</button>}
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
