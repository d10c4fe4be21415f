/** Settings: the site's default back-end (proxy mode) and the extra CA trusted for wss:// back-ends. */
import { useState } from 'react';
import type { Settings, SettingsView, UpstreamFallback } from '../../shared/api/types.ts';
import { call, describeFailure } from '../api/client.ts';
import { Notice } from '../components/common.tsx';

export function SiteUpstream({ settings }: { settings: SettingsView }) {
  const [url, setUrl] = useState(settings.upstream?.url ?? '');
  const [password, setPassword] = useState('');
  const [clearPassword, setClearPassword] = useState(false);
  const [fallback, setFallback] = useState<UpstreamFallback>(settings.upstream?.fallback ?? 'answer');
  const [caFile, setCaFile] = useState(settings.upstreamCaFile ?? '');
  const [msg, setMsg] = useState<{ kind: 'error' | 'info'; text: string } | null>(null);
  const patch = async (body: Partial<Settings>, done: string) => {
    try {
      await call('PATCH /api/settings', { body });
      setPassword('');
      setClearPassword(false);
      setMsg({ kind: 'info', text: done });
    } catch (err) {
      setMsg({ kind: 'error', text: describeFailure(err) });
    }
  };
  // The password is never shown: empty keeps the one set, "clear" removes it.
  const passwordSet = settings.upstreamPasswordSet;
  const upstream = url.trim()
    ? { url: url.trim(), fallback, ...(password ? { password } : clearPassword ? { password: null } : {}) }
    : null;
  return (
    <form className="settings" onSubmit={(e) => { e.preventDefault(); void patch({ upstream, upstreamCaFile: caFile.trim() || null }, 'Saved: applies to each charger’s next connection.'); }}>
      <div className="settings-grid">
        <label htmlFor="s-up-url">Site back-end URL</label>
        <input id="s-up-url" type="url" value={url} onChange={(e) => setUrl(e.target.value)} placeholder="wss://backend.example/ocpp" />
        <span className="help-text">every charger without its own upstream is relayed to &lt;url&gt;/&lt;identity&gt;</span>

        <label htmlFor="s-up-pw">Back-end password</label>
        <input id="s-up-pw" type="password" value={password} onChange={(e) => { setPassword(e.target.value); setClearPassword(false); }}
          placeholder={passwordSet && !clearPassword ? 'set — leave empty to keep' : 'none: the charger’s own'} autoComplete="new-password" data-testid="site-upstream-password" />
        <span className="help-text">
          {passwordSet && (
            <>
              <span className="chip tone-ok">set</span>{' '}
              <label className="inline-check"><input type="checkbox" checked={clearPassword} onChange={(e) => { setClearPassword(e.target.checked); setPassword(''); }} /> clear</label>
              {' · '}
            </>
          )}
          Basic Auth towards the back-end, user = the identity
        </span>

        <label htmlFor="s-up-fb">When the back-end fails</label>
        <select id="s-up-fb" value={fallback} onChange={(e) => setFallback(e.target.value as UpstreamFallback)}>
          <option value="answer">answer as the local CSMS</option>
          <option value="close">close the charger’s link</option>
        </select>
        <span className="help-text">unreachable, refusing, closing or silent: answer locally, or close so that the charger retries</span>

        <label htmlFor="s-up-ca">Extra CA file (PEM)</label>
        <input id="s-up-ca" type="text" value={caFile} onChange={(e) => setCaFile(e.target.value)} placeholder="optional: /path/to/ca.pem" />
        <span className="help-text">trusted for wss:// back-ends besides the system’s CAs</span>
      </div>
      <div className="row">
        <button type="submit" className="btn btn-primary">Save back-end</button>
        {settings.upstream && <button type="button" className="btn" onClick={() => { setUrl(''); void patch({ upstream: null }, 'Removed: chargers are answered locally from their next connection.'); }}>Remove site back-end</button>}
      </div>
      {msg && <Notice kind={msg.kind}>{msg.text}</Notice>}
    </form>
  );
}
