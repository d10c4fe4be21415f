/** A charger's proxy mode: its mode and back-end link in the header, and its own upstream to set or remove. */
import { useState } from 'react';
import type { Charger, ProxyView, UpstreamFallback } from '../../shared/api/types.ts';
import { call, describeFailure } from '../api/client.ts';
import { Notice } from '../components/common.tsx';
import { dateTime } from '../components/format.ts';

export function modeText(p: ProxyView | undefined): string {
  if (!p || p.mode === 'local') return p?.configured ? `local (proxied to ${p.configured.host} from its next connection)` : 'local';
  if (p.mode === 'proxied') return `proxied to ${p.link?.host ?? p.configured?.host ?? '?'}`;
  return `fallback: answered locally (${p.link?.host ?? p.configured?.host ?? '?'} failed)`;
}

/** The header line: mode and link state, and the fallback banner. */
export function ProxyStatus({ charger }: { charger: Charger }) {
  const p = charger.proxy;
  if (!p || (p.mode === 'local' && !p.configured)) return null;
  return (
    <div className="proxy-status" data-testid="proxy-status" data-mode={p.mode}>
      {p.mode === 'fallback' && (
        <Notice kind="warn">
          Back-end {p.link?.host} failed{p.link?.reason ? `: ${p.link.reason}` : ''}. ChargeScope answers this charger as the local CSMS until it reconnects
          {p.link ? ` (since ${dateTime(p.link.since)})` : ''}.
        </Notice>
      )}
      {p.mode === 'proxied' && p.link && (
        <p className="small">
          <span className="chip tone-ok">back-end link {p.link.state}</span> <span className="mono">{p.link.url}</span>
          {p.link.protocol && <> · {p.link.protocol}</>} · since {dateTime(p.link.since)}
        </p>
      )}
      {p.mode === 'local' && p.configured && charger.connected && (
        <p className="small muted">An upstream is set ({p.configured.host}): the charger is relayed from its next connection.</p>
      )}
    </div>
  );
}

/** The charger's own back-end (proxy mode), on its overview. */
export function UpstreamPanel({ charger }: { charger: Charger }) {
  const p = charger.proxy;
  const own = p?.configured?.source === 'charger' ? p.configured : null;
  const [url, setUrl] = useState(own?.url ?? '');
  const [password, setPassword] = useState('');
  const [clearPassword, setClearPassword] = useState(false);
  const [fallback, setFallback] = useState<UpstreamFallback>(own?.fallback ?? 'answer');
  const [msg, setMsg] = useState<{ kind: 'error' | 'info'; text: string } | null>(null);
  const save = async () => {
    try {
      // No password keeps the one set (never shown); "clear" removes it.
      await call('PUT /api/chargers/:id/upstream', { params: { id: charger.id }, body: { url: url.trim(), fallback, ...(password ? { password } : clearPassword ? { password: null } : {}) } });
      setPassword('');
      setClearPassword(false);
      setMsg({ kind: 'info', text: 'Saved: the charger is relayed from its next connection.' });
    } catch (err) {
      setMsg({ kind: 'error', text: describeFailure(err) });
    }
  };
  const remove = async () => {
    try {
      await call('DELETE /api/chargers/:id/upstream', { params: { id: charger.id } });
      setMsg({ kind: 'info', text: 'Removed: from its next connection the charger is answered locally (or by the site default).' });
    } catch (err) {
      setMsg({ kind: 'error', text: describeFailure(err) });
    }
  };
  return (
    <section className="panel upstream-panel" aria-label="Back-end (proxy mode)">
      <h2>Back-end (proxy mode)</h2>
      <p className="small muted">
        Mode: <strong>{modeText(p)}</strong>
        {p?.configured && <> · {p.configured.source === 'site' ? 'site default' : 'own upstream'} · fallback {p.configured.fallback}{p.configured.hasPassword ? ' · password set' : ''}</>}
      </p>
      <form className="upstream-form" onSubmit={(e) => { e.preventDefault(); void save(); }}>
        <input type="url" value={url} onChange={(e) => setUrl(e.target.value)} placeholder="wss://backend.example.com/ocpp" aria-label="upstream url" required />
        <input type="password" value={password} onChange={(e) => { setPassword(e.target.value); setClearPassword(false); }} autoComplete="new-password"
          placeholder={own?.hasPassword && !clearPassword ? 'set — leave empty to keep' : 'password (else the charger’s own)'} aria-label="upstream password" />
        {own?.hasPassword && (
          <label className="small inline-check"><input type="checkbox" checked={clearPassword} onChange={(e) => { setClearPassword(e.target.checked); setPassword(''); }} /> clear password</label>
        )}
        <select value={fallback} onChange={(e) => setFallback(e.target.value as UpstreamFallback)} aria-label="fallback">
          <option value="answer">if it fails: answer locally</option>
          <option value="close">if it fails: close the charger’s link</option>
        </select>
        <button type="submit" className="btn btn-small btn-primary" disabled={!url.trim()}>Relay</button>
        {own && <button type="button" className="btn btn-small" onClick={() => void remove()}>Remove</button>}
      </form>
      <p className="small muted">ChargeScope connects to <span className="mono">&lt;url&gt;/{charger.id}</span> with the subprotocol the charger offers and its Basic Auth (or the password above), and relays both ways.</p>
      {msg && <Notice kind={msg.kind}>{msg.text}</Notice>}
    </section>
  );
}
