/**
 * "Send to several chargers" on the Chargers page (item 14): pick chargers (all connected, all of a model, by hand),
 * a command (ChangeConfiguration, TriggerMessage, Reset, UpdateFirmware, a charging profile), see one row per charger.
 */
import { useMemo, useState } from 'react';
import type { Charger } from '../../shared/api/types.ts';
import { useResource } from '../api/live.tsx';
import { confirmDisruption } from '../commands/confirm.tsx';
import { bootField } from '../components/format.ts';
import { Dot } from '../components/status.tsx';
import { sendToAll, type BulkCommand, type BulkResult } from './bulk-send.ts';

type Kind = 'ChangeConfiguration' | 'TriggerMessage' | 'Reset' | 'UpdateFirmware' | 'SetChargingProfile';
const KINDS: Kind[] = ['ChangeConfiguration', 'TriggerMessage', 'Reset', 'UpdateFirmware', 'SetChargingProfile'];
const TRIGGERS = ['BootNotification', 'DiagnosticsStatusNotification', 'FirmwareStatusNotification', 'Heartbeat', 'MeterValues', 'StatusNotification'];

const modelOf = (c: Charger) => `${bootField(c.boot, 'chargePointVendor')} / ${bootField(c.boot, 'chargePointModel')}`;

export function BulkPanel({ chargers }: { chargers: Charger[] }) {
  const [picked, setPicked] = useState<Set<string>>(() => new Set(chargers.filter((c) => c.connected).map((c) => c.id)));
  const [kind, setKind] = useState<Kind>('ChangeConfiguration');
  const [key, setKey] = useState('');
  const [value, setValue] = useState('');
  const [trigger, setTrigger] = useState('StatusNotification');
  const [resetType, setResetType] = useState<'Soft' | 'Hard'>('Soft');
  const [firmwareId, setFirmwareId] = useState('');
  const [limit, setLimit] = useState('16');
  const [results, setResults] = useState<Map<string, BulkResult>>(new Map());
  const [running, setRunning] = useState(false);
  const library = useResource('GET /api/firmware', kind === 'UpdateFirmware' ? {} : null);
  const models = useMemo(() => {
    const m = new Map<string, string[]>();
    for (const c of chargers) m.set(modelOf(c), [...(m.get(modelOf(c)) ?? []), c.id]);
    return [...m.entries()].sort((a, b) => a[0].localeCompare(b[0]));
  }, [chargers]);

  const command = (): BulkCommand | string => {
    switch (kind) {
      case 'ChangeConfiguration':
        if (!key.trim()) return 'type the configuration key';
        if (key.length > 50 || value.length > 500) return 'key is at most 50 characters, value at most 500 (OCPP 1.6)';
        return { kind: 'call', action: 'ChangeConfiguration', payload: { key: key.trim(), value } };
      case 'TriggerMessage': return { kind: 'call', action: 'TriggerMessage', payload: { requestedMessage: trigger } };
      case 'Reset': return { kind: 'call', action: 'Reset', payload: { type: resetType } };
      case 'UpdateFirmware': return firmwareId ? { kind: 'firmware', firmwareId, protocol: 'http' } : 'choose the firmware image';
      case 'SetChargingProfile': {
        const a = Number(limit);
        if (!Number.isFinite(a) || a < 0 || Math.round(a * 10) !== a * 10) return 'the limit is a number of amperes with at most one decimal';
        return {
          kind: 'call', action: 'SetChargingProfile', payload: {
            connectorId: 0,
            csChargingProfiles: {
              chargingProfileId: 900, stackLevel: 0, chargingProfilePurpose: 'TxDefaultProfile', chargingProfileKind: 'Relative',
              chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: a }] },
            },
          },
        };
      }
    }
  };
  const cmd = command();
  const ids = chargers.filter((c) => picked.has(c.id)).map((c) => c.id);
  const problem = typeof cmd === 'string' ? cmd : ids.length === 0 ? 'select at least one charger' : null;

  const send = async () => {
    if (typeof cmd === 'string' || ids.length === 0) return;
    const what = kind === 'Reset' ? `Reset ${resetType}` : kind;
    if (kind === 'Reset' || kind === 'UpdateFirmware' || kind === 'SetChargingProfile') {
      const ok = await confirmDisruption(what, `${what} goes to ${ids.length} charger${ids.length === 1 ? '' : 's'}: ${ids.slice(0, 8).join(', ')}${ids.length > 8 ? ` and ${ids.length - 8} more` : ''}.${kind === 'Reset' ? ' Each reboots; transactions running on them end.' : ''}`);
      if (!ok) return;
    }
    setRunning(true);
    setResults(new Map(ids.map((id) => [id, { chargerId: id, state: 'queued', text: 'queued', ms: null }])));
    await sendToAll(ids, cmd, (r) => setResults((m) => new Map(m).set(r.chargerId, r)));
    setRunning(false);
  };
  const toggle = (id: string) => setPicked((p) => {
    const n = new Set(p);
    if (n.has(id)) n.delete(id);
    else n.add(id);
    return n;
  });
  const rows = [...results.values()];
  const counts = { ok: rows.filter((r) => r.state === 'ok').length, bad: rows.filter((r) => r.state === 'bad' || r.state === 'warn').length };

  return (
    <section className="panel bulk" aria-label="send to several chargers" data-testid="bulk-panel">
      <h2>Send to several chargers</h2>
      <div className="bulk-pick">
        <div className="row">
          <span className="small muted">select:</span>
          <button type="button" className="btn btn-small" onClick={() => setPicked(new Set(chargers.filter((c) => c.connected).map((c) => c.id)))}>all connected</button>
          <button type="button" className="btn btn-small" onClick={() => setPicked(new Set(chargers.map((c) => c.id)))}>all</button>
          <button type="button" className="btn btn-small" onClick={() => setPicked(new Set())}>none</button>
          {models.length > 1 && models.map(([m, list]) => (
            <button key={m} type="button" className="btn btn-small" onClick={() => setPicked(new Set(list))} title={`every ${m}`}>{m} ({list.length})</button>
          ))}
        </div>
        <div className="bulk-list" role="group" aria-label="chargers to send to">
          {chargers.map((c) => (
            <label key={c.id} className="bulk-item" data-bulk-charger={c.id}>
              <input type="checkbox" checked={picked.has(c.id)} onChange={() => toggle(c.id)} aria-label={`send to ${c.id}`} />
              <Dot on={c.connected} /> <span className="mono">{c.id}</span>
            </label>
          ))}
        </div>
      </div>
      <div className="row bulk-command">
        <label>command
          <select value={kind} onChange={(e) => setKind(e.target.value as Kind)} aria-label="command to send" data-testid="bulk-kind">
            {KINDS.map((k) => <option key={k}>{k}</option>)}
          </select>
        </label>
        {kind === 'ChangeConfiguration' && (
          <>
            <label>key<input value={key} onChange={(e) => setKey(e.target.value)} placeholder="HeartbeatInterval" aria-label="configuration key" data-testid="bulk-key" /></label>
            <label>value<input value={value} onChange={(e) => setValue(e.target.value)} placeholder="300" aria-label="configuration value" data-testid="bulk-value" /></label>
          </>
        )}
        {kind === 'TriggerMessage' && (
          <label>requestedMessage<select value={trigger} onChange={(e) => setTrigger(e.target.value)} aria-label="requested message">{TRIGGERS.map((t) => <option key={t}>{t}</option>)}</select></label>
        )}
        {kind === 'Reset' && (
          <label>type<select value={resetType} onChange={(e) => setResetType(e.target.value as 'Soft' | 'Hard')} aria-label="reset type"><option>Soft</option><option>Hard</option></select></label>
        )}
        {kind === 'UpdateFirmware' && (
          <label>firmware (HTTP)
            <select value={firmwareId} onChange={(e) => setFirmwareId(e.target.value)} aria-label="firmware image">
              <option value="">choose an image…</option>
              {(library.data ?? []).map((f) => <option key={f.id} value={f.id}>{f.warning ? '⚠ ' : ''}{f.name}</option>)}
            </select>
          </label>
        )}
        {kind === 'SetChargingProfile' && (
          <label>TxDefaultProfile on #0, limit (A)<input className="input-narrow" value={limit} onChange={(e) => setLimit(e.target.value)} aria-label="limit in A" /></label>
        )}
        <button type="button" className="btn btn-primary" disabled={problem !== null || running} onClick={() => void send()} data-testid="bulk-send">
          Send to {ids.length} charger{ids.length === 1 ? '' : 's'}
        </button>
        {problem && <span className="small muted">{problem}</span>}
      </div>
      {rows.length > 0 && (
        <>
          <p className="small" data-testid="bulk-summary">{running ? 'sending…' : 'done'}: {counts.ok} accepted, {counts.bad} not, of {rows.length}</p>
          <table className="table" data-testid="bulk-results">
            <thead><tr><th>charger</th><th>answer</th><th className="num">round trip</th></tr></thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.chargerId} data-result-charger={r.chargerId} data-state={r.state}>
                  <td className="mono">{r.chargerId}</td>
                  <td><span className={`outcome outcome-${r.state === 'queued' || r.state === 'pending' ? 'pending' : r.state}`}>{r.text}</span></td>
                  <td className="num mono">{r.ms !== null ? `${r.ms} ms` : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
