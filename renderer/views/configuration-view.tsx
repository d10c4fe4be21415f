/**
 * The charger's configuration as ChargeScope last learned it (GetConfiguration / ChangeConfiguration):
 * edit a value in place to send ChangeConfiguration, the answer appears on the row.
 */
import { useMemo, useState } from 'react';
import type { Charger, ConfigurationKey, LiveEvent } from '../../shared/api/types.ts';
import { useResource } from '../api/live.tsx';
import { OutcomeView } from '../commands/outcome.tsx';
import { answerTone } from '../commands/send.ts';
import { useCommands } from '../commands/use-commands.ts';
import { LoadState } from '../components/common.tsx';
import { dateTime } from '../components/format.ts';

function EditCell({ k, onSend, disabled }: { k: ConfigurationKey; onSend(value: string): void; disabled: boolean }) {
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState(k.value ?? '');
  if (!editing) {
    return (
      <button type="button" className="value-cell" onClick={() => { setValue(k.value ?? ''); setEditing(true); }} disabled={disabled} title={k.readonly ? 'read-only: the charger should answer Rejected' : 'click to edit'} data-edit-key={k.key}>
        {k.value === null ? <span className="muted">{k.key === 'AuthorizationKey' ? '(write-only)' : '(no value)'}</span> : k.value === '' ? <span className="muted">(empty)</span> : k.value}
      </button>
    );
  }
  return (
    <form className="inline-edit-wrap" onSubmit={(e) => { e.preventDefault(); onSend(value); setEditing(false); }}>
      <div className="inline-edit">
        <input autoFocus value={value} maxLength={500} onChange={(e) => setValue(e.target.value)} onKeyDown={(e) => e.key === 'Escape' && setEditing(false)} aria-label={`new value of ${k.key}`} />
        <button type="submit" className={`btn btn-small ${k.readonly ? 'btn-warn' : 'btn-primary'}`}>{k.readonly ? 'Send anyway' : 'Send'}</button>
        <button type="button" className="btn btn-small" onClick={() => setEditing(false)}>Cancel</button>
      </div>
      {k.readonly && <p className="small warn-text" data-testid="readonly-warning">{k.key} is read-only: a conformant charger answers Rejected and keeps its value. Send it only to test that.</p>}
    </form>
  );
}

export function ConfigurationView({ charger }: { charger: Charger }) {
  const refresh = useMemo(() => (e: LiveEvent) => e.type === 'command' && e.command.chargerId === charger.id && e.command.state === 'answered' && /Configuration$/.test(e.command.action), [charger.id]);
  const res = useResource('GET /api/chargers/:id/configuration', { params: { id: charger.id } }, refresh);
  const { outcomes, send, busy } = useCommands(charger.id);
  const [filter, setFilter] = useState('');
  const [newKey, setNewKey] = useState('');
  const [newValue, setNewValue] = useState('');
  const rows = (res.data ?? []).filter((k) => !filter || k.key.toLowerCase().includes(filter.toLowerCase()) || (k.value ?? '').toLowerCase().includes(filter.toLowerCase()));
  const known = new Set((res.data ?? []).map((k) => k.key));
  return (
    <div className="config">
      <div className="toolbar">
        <button type="button" className="btn btn-primary" onClick={() => void send('get-all', 'GetConfiguration', {})} disabled={busy('get-all')} data-command="get-configuration">
          GetConfiguration (all keys)
        </button>
        <OutcomeView outcome={outcomes['get-all']} />
        <span className="spacer" />
        <input type="search" placeholder="filter keys and values" value={filter} onChange={(e) => setFilter(e.target.value)} aria-label="filter configuration" />
      </div>
      <LoadState loading={res.loading} error={res.error} empty={(res.data ?? []).length === 0}
        emptyText={<>ChargeScope has not seen this charger’s configuration yet: click <strong>GetConfiguration</strong> to fetch it.</>} />
      {rows.length > 0 && (
        <table className="table config-table" data-testid="config-table">
          <thead>
            <tr><th>key</th><th>value (click to change)</th><th>readonly</th><th>answer</th><th>updated (UTC)</th></tr>
          </thead>
          <tbody>
            {rows.map((k) => {
              const slot = `set-${k.key}`;
              const own = outcomes[slot];
              return (
                <tr key={k.key} data-key={k.key} className={k.unknown ? 'row-unknown' : ''}>
                  <td className="mono">{k.key}{k.unknown && <span className="chip tone-warn" title="reported in unknownKey, or answered NotSupported">unknown key</span>}</td>
                  <td className="mono"><EditCell k={k} disabled={busy(slot)} onSend={(value) => void send(slot, 'ChangeConfiguration', { key: k.key, value })} /></td>
                  <td>{k.readonly === null ? <span className="muted">?</span> : k.readonly ? <span className="chip tone-quiet">readonly</span> : 'no'}</td>
                  <td>{own ? <OutcomeView outcome={own} /> : k.lastChange ? <span className={`outcome outcome-${answerTone(k.lastChange)}`}>{k.lastChange}</span> : null}</td>
                  <td className="mono small">{dateTime(k.updatedAt)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <form className="panel add-key" onSubmit={(e) => { e.preventDefault(); void send('set-new', 'ChangeConfiguration', { key: newKey.trim(), value: newValue }); }}>
        <h2>Change any key (vendor keys too)</h2>
        <div className="row">
          <input value={newKey} onChange={(e) => setNewKey(e.target.value)} placeholder="key, e.g. MeterValueSampleInterval" maxLength={50} aria-label="configuration key" required />
          <input value={newValue} onChange={(e) => setNewValue(e.target.value)} placeholder="value" maxLength={500} aria-label="configuration value" />
          <button type="submit" className="btn" disabled={!newKey.trim() || busy('set-new')}>ChangeConfiguration</button>
          <OutcomeView outcome={outcomes['set-new']} />
        </div>
        {newKey.trim() && known.size > 0 && !known.has(newKey.trim()) && <p className="small warn-text">{newKey.trim()} is not among the keys the charger reported: expect NotSupported (you can still send it).</p>}
      </form>
    </div>
  );
}
