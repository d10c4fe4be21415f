/** How the CSMS answers: unknown chargers and idTags, heartbeat interval, call timeout, strictness, auth. */
import { useEffect, useState } from 'react';
import type { Settings } from '../../shared/api/types.ts';
import { ApiFailure, call, describeFailure } from '../api/client.ts';
import { humanIssue, issueField } from '../api/humanize.ts';
import { Notice, PageHeader } from '../components/common.tsx';
import { Dot } from '../components/status.tsx';
import { useSite } from '../state/site-context.tsx';
import { SiteUpstream } from '../proxy/site-upstream.tsx';

type Editable = Pick<Settings, 'unknownChargers' | 'unknownIdTags' | 'heartbeatInterval' | 'callTimeoutMs' | 'strict' | 'requireAuth' | 'pingIntervalSec' | 'maxFrameBytes' | 'nominalVoltage' | 'autoGetConfiguration'>;

function pick(s: Settings): Editable {
  const { unknownChargers, unknownIdTags, heartbeatInterval, callTimeoutMs, strict, requireAuth, pingIntervalSec, maxFrameBytes, nominalVoltage, autoGetConfiguration } = s;
  return { unknownChargers, unknownIdTags, heartbeatInterval, callTimeoutMs, strict, requireAuth, pingIntervalSec, maxFrameBytes, nominalVoltage, autoGetConfiguration };
}

/** What a charger at each security profile must present (OCPP 1.6 security whitepaper §2). */
const PROFILE_HINT = ['no auth', 'Basic Auth', 'Basic Auth + TLS', 'TLS client certificate'];

function Passwords() {
  const { chargers } = useSite();
  const [values, setValues] = useState<Record<string, string>>({});
  const [msg, setMsg] = useState<Record<string, string>>({});
  const set = async (id: string, password: string | null) => {
    try {
      if (password === null) await call('DELETE /api/chargers/:id/auth', { params: { id } });
      else await call('PUT /api/chargers/:id/auth', { params: { id }, body: { password } });
      setMsg((m) => ({ ...m, [id]: password === null ? 'removed' : 'saved' }));
      setValues((v) => ({ ...v, [id]: '' }));
    } catch (err) {
      setMsg((m) => ({ ...m, [id]: describeFailure(err) }));
    }
  };
  if (chargers.length === 0) return <p className="muted">Passwords can be set once a charger has connected.</p>;
  return (
    <table className="table">
      <thead><tr><th /><th>charger</th><th>password (AuthorizationKey)</th><th title="accepted through ChangeConfiguration SecurityProfile; connections below it are refused">security profile</th><th /></tr></thead>
      <tbody>
        {chargers.map((c) => (
          <tr key={c.id}>
            <td className="col-dot"><Dot on={c.connected} /></td>
            <td>{c.id}</td>
            <td>{c.hasPassword ? <span className="chip tone-ok">set</span> : <span className="muted">none</span>}</td>
            <td>{c.securityProfile === null ? <span className="muted">not set</span> : <span className="chip" title={PROFILE_HINT[c.securityProfile]}>{c.securityProfile}: {PROFILE_HINT[c.securityProfile]}</span>}</td>
            <td className="actions">
              <input type="password" value={values[c.id] ?? ''} onChange={(e) => setValues((v) => ({ ...v, [c.id]: e.target.value }))} placeholder="new AuthorizationKey" aria-label={`password for ${c.id}`} />
              <button type="button" className="btn btn-small" disabled={!values[c.id]} onClick={() => void set(c.id, values[c.id] ?? '')}>Set</button>
              {(c.hasPassword || c.securityProfile !== null) && (
                <button type="button" className="btn btn-small" title="forget the password and the security profile" onClick={() => void set(c.id, null)}>Remove</button>
              )}
              {msg[c.id] && <span className="small muted">{msg[c.id]}</span>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The limits the server checks, in words, so a bad value is named at its field before anything is sent. */
const LIMITS: Partial<Record<keyof Editable, { min: number; max: number; int: boolean; what: string }>> = {
  heartbeatInterval: { min: 1, max: 86_400, int: true, what: 'seconds (at most 86400, one day)' },
  callTimeoutMs: { min: 100, max: 600_000, int: true, what: 'milliseconds (at most 600000, ten minutes)' },
  pingIntervalSec: { min: 1, max: 3600, int: true, what: 'seconds (at most 3600)' },
  maxFrameBytes: { min: 1024, max: 64 * 1024 * 1024, int: true, what: 'bytes (1024 to 67108864)' },
  nominalVoltage: { min: 1, max: 1000, int: false, what: 'volts (1 to 1000)' },
};

export function fieldProblems(d: Editable): Partial<Record<keyof Editable, string>> {
  const out: Partial<Record<keyof Editable, string>> = {};
  for (const [k, l] of Object.entries(LIMITS) as [keyof Editable, NonNullable<(typeof LIMITS)[keyof Editable]>][]) {
    const v = d[k] as number;
    if (!Number.isFinite(v)) out[k] = `Type a number of ${l.what}.`;
    else if (l.int && !Number.isInteger(v)) out[k] = `Use a whole number of ${l.what}.`;
    else if (v < l.min || v > l.max) out[k] = `${v} is out of range: use ${l.min} to ${l.max} ${l.what.replace(/ \(.*\)$/, '')}.`;
  }
  return out;
}

export function SettingsView() {
  const { settings } = useSite();
  const [draft, setDraft] = useState<Editable | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [serverField, setServerField] = useState<Partial<Record<string, string>>>({});
  useEffect(() => {
    if (settings && draft === null) setDraft(pick(settings));
  }, [settings, draft]);
  if (!draft || !settings) return <div className="page"><p className="muted">Loading…</p></div>;
  const dirty = JSON.stringify(draft) !== JSON.stringify(pick(settings));
  const set = <K extends keyof Editable>(k: K, v: Editable[K]) => {
    setDraft({ ...draft, [k]: v });
    setServerField((f) => ({ ...f, [k]: undefined }));
  };
  const problems = { ...fieldProblems(draft), ...Object.fromEntries(Object.entries(serverField).filter(([, v]) => v)) } as Partial<Record<keyof Editable, string>>;
  const bad = Object.keys(problems).length > 0;
  const save = async () => {
    if (bad) return;
    try {
      const next = await call('PATCH /api/settings', { body: draft });
      setDraft(pick(next));
      setError(null);
      setServerField({});
      setSaved(`Saved at ${new Date().toLocaleTimeString()}.`);
    } catch (err) {
      // The server's schema issues go next to their fields; anything else under the form.
      const issues = err instanceof ApiFailure ? err.issues : [];
      if (issues.length > 0) setServerField(Object.fromEntries(issues.map((i) => [issueField(i), humanIssue(i)])));
      setError(describeFailure(err));
    }
  };
  /** The help text of a field, or what is wrong with it (red, next to the field). */
  const help = (k: keyof Editable, text: string) => (problems[k]
    ? <span className="field-error" role="alert" data-testid={`problem-${k}`}>{problems[k]}</span>
    : <span className="help-text">{text}</span>);
  const invalid = (k: keyof Editable) => (problems[k] ? { 'aria-invalid': true as const, className: 'input-invalid' } : {});
  return (
    <div className="page">
      <PageHeader title="Settings" sub="How ChargeScope answers chargers. Changes apply to the next message; nothing is sent to a charger." />
      <form className="panel settings" onSubmit={(e) => { e.preventDefault(); void save(); }}>
        <div className="settings-grid">
          <label htmlFor="s-uc">Unknown chargers (BootNotification)</label>
          <select id="s-uc" value={draft.unknownChargers} onChange={(e) => set('unknownChargers', e.target.value as Editable['unknownChargers'])}>
            <option value="accept">Accepted</option><option value="pending">Pending</option><option value="reject">Rejected</option>
          </select>
          <span className="help-text">the BootNotification answer for a charger seen for the first time</span>

          <label htmlFor="s-ui">Unknown idTags</label>
          <select id="s-ui" value={draft.unknownIdTags} onChange={(e) => set('unknownIdTags', e.target.value as Editable['unknownIdTags'])}>
            <option value="accept">Accepted</option><option value="reject">Invalid</option>
          </select>
          <span className="help-text">idTagInfo for tags not on the idTags page</span>

          <label htmlFor="s-hb">Heartbeat interval (s)</label>
          <input id="s-hb" type="number" min={1} value={draft.heartbeatInterval} onChange={(e) => set('heartbeatInterval', e.target.value === '' ? NaN : Number(e.target.value))} {...invalid('heartbeatInterval')} />
          {help('heartbeatInterval', 'the interval in the BootNotification answer')}

          <label htmlFor="s-ct">Call timeout (ms)</label>
          <input id="s-ct" type="number" min={100} step={100} value={draft.callTimeoutMs} onChange={(e) => set('callTimeoutMs', e.target.value === '' ? NaN : Number(e.target.value))} {...invalid('callTimeoutMs')} />
          {help('callTimeoutMs', 'how long a command waits for the charger’s answer')}

          <label htmlFor="s-ping">WebSocket ping (s)</label>
          <input id="s-ping" type="number" min={0} value={draft.pingIntervalSec} onChange={(e) => set('pingIntervalSec', e.target.value === '' ? NaN : Number(e.target.value))} {...invalid('pingIntervalSec')} />
          {help('pingIntervalSec', 'a charger missing two pongs is dropped; a back-end silent for one interval after a ping gets the fallback')}

          <label htmlFor="s-max">Largest frame (bytes)</label>
          <input id="s-max" type="number" min={1024} value={draft.maxFrameBytes} onChange={(e) => set('maxFrameBytes', e.target.value === '' ? NaN : Number(e.target.value))} {...invalid('maxFrameBytes')} />
          {help('maxFrameBytes', 'larger frames close the link with 1009')}

          <label htmlFor="s-v">Nominal voltage (V)</label>
          <input id="s-v" type="number" min={1} value={draft.nominalVoltage} onChange={(e) => set('nominalVoltage', e.target.value === '' ? NaN : Number(e.target.value))} {...invalid('nominalVoltage')} />
          {help('nominalVoltage', 'for A ↔ W in composite schedules')}

          <label htmlFor="s-strict">Strict</label>
          <input id="s-strict" type="checkbox" checked={draft.strict} onChange={(e) => set('strict', e.target.checked)} />
          <span className="help-text">refuse connections without the ocpp1.6 subprotocol, and every schema violation</span>

          <label htmlFor="s-auth">Require Basic Auth</label>
          <input id="s-auth" type="checkbox" checked={draft.requireAuth} onChange={(e) => set('requireAuth', e.target.checked)} />
          <span className="help-text">refuse upgrades without a valid password (HTTP 401); set passwords below</span>

          <label htmlFor="s-agc">GetConfiguration after boot</label>
          <input id="s-agc" type="checkbox" checked={draft.autoGetConfiguration} onChange={(e) => set('autoGetConfiguration', e.target.checked)} />
          <span className="help-text">off by default: the OCA test tool fails unsolicited CALLs</span>
        </div>
        <div className="row">
          <button type="submit" className="btn btn-primary" disabled={!dirty || bad} title={bad ? 'fix the fields marked in red first' : undefined}>Save settings</button>
          {bad && <span className="small field-error">Fix the field{Object.keys(problems).length > 1 ? 's' : ''} marked in red.</span>}
          <button type="button" className="btn" disabled={!dirty} onClick={() => setDraft(pick(settings))}>Undo changes</button>
          {saved && !dirty && <span className="small muted">{saved}</span>}
        </div>
        {error && !bad && <Notice>{error}</Notice>}
      </form>
      <section className="panel">
        <h2>Charger authentication: Basic Auth passwords and security profiles</h2>
        <Passwords />
      </section>
      <section className="panel" aria-label="Proxy mode">
        <h2>Proxy mode: the site’s back-end</h2>
        <SiteUpstream settings={settings} />
      </section>
    </div>
  );
}
