/** The commands a field engineer needs most, one click each, with the charger's answer beside the button. */
import { useEffect, useState } from 'react';
import type { Charger, Transaction } from '../../shared/api/types.ts';
import type { CsmsAction } from '../../shared/ocpp/actions.ts';
import { idTagProblem } from '../components/id-tag.ts';
import { OutcomeView } from './outcome.tsx';
import { useCommands } from './use-commands.ts';

/** TriggerMessage's requestedMessage values (OCPP 1.6 §7.45). */
export const TRIGGERABLE = ['BootNotification', 'DiagnosticsStatusNotification', 'FirmwareStatusNotification', 'Heartbeat', 'MeterValues', 'StatusNotification'] as const;

interface Props {
  charger: Charger;
  openTransactions: Transaction[];
  idTags: string[];
}

export function QuickActions({ charger, openTransactions, idTags }: Props) {
  const { outcomes, send, busy } = useCommands(charger.id);
  const [idTag, setIdTag] = useState(idTags[0] ?? '');
  const firstTag = idTags[0];
  useEffect(() => {
    // The idTag list arrives after the first render: offer its first tag once.
    if (firstTag !== undefined) setIdTag((t) => t || firstTag);
  }, [firstTag]);
  const [startConnector, setStartConnector] = useState<number | ''>('');
  const [triggerConnector, setTriggerConnector] = useState<number | ''>('');
  const connectors = charger.connectors.filter((c) => c.connectorId > 0);
  const offline = !charger.connected;

  const btn = (slot: string, action: CsmsAction, payload: Record<string, unknown>, label: string, tone = '') => (
    <button key={slot} type="button" className={`btn ${tone}`} disabled={busy(slot)} onClick={() => void send(slot, action, payload)} data-command={slot}>
      {label}
    </button>
  );

  return (
    <section className="panel quick" aria-label="Quick actions">
      <h2>Quick actions {offline && <span className="muted small">(the charger is not connected: commands will fail with “not connected”)</span>}</h2>
      <div className="qa-grid">
        <div className="qa-row">
          <span className="qa-label">Reset</span>
          {btn('reset-soft', 'Reset', { type: 'Soft' }, 'Reset Soft')}
          {btn('reset-hard', 'Reset', { type: 'Hard' }, 'Reset Hard', 'btn-danger')}
          <OutcomeView outcome={outcomes['reset-soft']} />
          <OutcomeView outcome={outcomes['reset-hard']} />
        </div>
        <div className="qa-row">
          <span className="qa-label">Cache</span>
          {btn('clear-cache', 'ClearCache', {}, 'ClearCache')}
          <OutcomeView outcome={outcomes['clear-cache']} />
        </div>
        <div className="qa-row">
          <span className="qa-label">Charge point</span>
          {btn('avail-0-Inoperative', 'ChangeAvailability', { connectorId: 0, type: 'Inoperative' }, 'Inoperative (all, #0)')}
          {btn('avail-0-Operative', 'ChangeAvailability', { connectorId: 0, type: 'Operative' }, 'Operative (all, #0)')}
          <OutcomeView outcome={outcomes['avail-0-Inoperative']} />
          <OutcomeView outcome={outcomes['avail-0-Operative']} />
        </div>
        {connectors.length === 0 && (
          <p className="muted small">No connectors yet: per-connector actions appear once the charger sends StatusNotification (or use the forms on the Commands tab).</p>
        )}
        {connectors.map((c) => (
          <div className="qa-row" key={c.connectorId}>
            <span className="qa-label">Connector #{c.connectorId}</span>
            {btn(`unlock-${c.connectorId}`, 'UnlockConnector', { connectorId: c.connectorId }, 'Unlock')}
            {btn(`avail-${c.connectorId}-Inoperative`, 'ChangeAvailability', { connectorId: c.connectorId, type: 'Inoperative' }, 'Inoperative')}
            {btn(`avail-${c.connectorId}-Operative`, 'ChangeAvailability', { connectorId: c.connectorId, type: 'Operative' }, 'Operative')}
            <OutcomeView outcome={outcomes[`unlock-${c.connectorId}`]} />
            <OutcomeView outcome={outcomes[`avail-${c.connectorId}-Inoperative`]} />
            <OutcomeView outcome={outcomes[`avail-${c.connectorId}-Operative`]} />
          </div>
        ))}
        <div className="qa-row">
          <span className="qa-label">Remote start</span>
          <input className="input-idtag" value={idTag} onChange={(e) => setIdTag(e.target.value)} placeholder="idTag" list="qa-idtags" aria-label="idTag for RemoteStartTransaction" aria-invalid={idTag !== '' && idTagProblem(idTag) !== null} />
          <datalist id="qa-idtags">{idTags.map((t) => <option key={t} value={t} />)}</datalist>
          <select value={startConnector} onChange={(e) => setStartConnector(e.target.value === '' ? '' : Number(e.target.value))} aria-label="connector for RemoteStartTransaction">
            <option value="">any connector</option>
            {connectors.map((c) => <option key={c.connectorId} value={c.connectorId}>#{c.connectorId}</option>)}
          </select>
          <button
            type="button" className="btn" data-command="remote-start" disabled={busy('remote-start') || idTagProblem(idTag) !== null}
            title={idTagProblem(idTag) ?? undefined}
            onClick={() => void send('remote-start', 'RemoteStartTransaction', { idTag: idTag.trim(), ...(startConnector !== '' ? { connectorId: startConnector } : {}) })}
          >
            RemoteStartTransaction
          </button>
          <OutcomeView outcome={outcomes['remote-start']} />
          {idTag !== '' && idTagProblem(idTag) && <span className="field-error small">{idTagProblem(idTag)}</span>}
        </div>
        <div className="qa-row">
          <span className="qa-label">Remote stop</span>
          {openTransactions.length === 0 && <span className="muted small">no open transaction</span>}
          {openTransactions.map((t) => (
            <span key={t.id} className="qa-inline">
              {btn(`remote-stop-${t.id}`, 'RemoteStopTransaction', { transactionId: t.id }, `Stop tx ${t.id} (#${t.connectorId}, ${t.idTag})`)}
              <OutcomeView outcome={outcomes[`remote-stop-${t.id}`]} />
            </span>
          ))}
        </div>
        <div className="qa-row qa-wrap">
          <span className="qa-label">TriggerMessage</span>
          <select value={triggerConnector} onChange={(e) => setTriggerConnector(e.target.value === '' ? '' : Number(e.target.value))} aria-label="connector for TriggerMessage">
            <option value="">no connectorId</option>
            {charger.connectors.map((c) => <option key={c.connectorId} value={c.connectorId}>#{c.connectorId}</option>)}
          </select>
          {TRIGGERABLE.map((m) => btn(`trigger-${m}`, 'TriggerMessage', { requestedMessage: m, ...(triggerConnector !== '' ? { connectorId: triggerConnector } : {}) }, m))}
        </div>
        <div className="qa-outcomes">
          {TRIGGERABLE.filter((m) => outcomes[`trigger-${m}`]).map((m) => (
            <span key={m} className="qa-inline"><span className="muted small">{m}:</span> <OutcomeView outcome={outcomes[`trigger-${m}`]} /></span>
          ))}
        </div>
      </div>
    </section>
  );
}
