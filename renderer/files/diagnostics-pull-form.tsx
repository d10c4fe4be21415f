/** GetDiagnostics with an upload location of ours: HTTP or FTP, optional startTime/stopTime, retries. */
import { useState } from 'react';
import type { Charger } from '../../shared/api/types.ts';
import { call, describeFailure } from '../api/client.ts';
import { useSite } from '../state/site-context.tsx';
import { ProtocolChoice } from './firmware-push-form.tsx';
import { SendOutcome, type SendState } from './send-outcome.tsx';
import { fromLocalInput, optionalInt } from './time-input.ts';

export function DiagnosticsPullForm({ charger }: { charger: Charger }) {
  const { info } = useSite();
  const [protocol, setProtocol] = useState<'http' | 'ftp'>('ftp');
  const [startTime, setStartTime] = useState('');
  const [stopTime, setStopTime] = useState('');
  const [retries, setRetries] = useState('');
  const [retryInterval, setRetryInterval] = useState('');
  const [state, setState] = useState<SendState>({ kind: 'idle' });
  const ftpRunning = info?.ftpPort !== null;
  const chosen = protocol === 'ftp' && !ftpRunning ? 'http' : protocol;
  const r = optionalInt(retries);
  const ri = optionalInt(retryInterval);
  const start = fromLocalInput(startTime);
  const stop = fromLocalInput(stopTime);
  const problems = [
    Number.isNaN(r) || Number.isNaN(ri) ? 'retries and retryInterval are whole numbers of attempts and seconds' : null,
    start && stop && start > stop ? 'startTime is after stopTime: the charger may answer with no file' : null,
  ].filter((p): p is string => p !== null);

  async function send() {
    setState({ kind: 'pending' });
    try {
      const out = await call('POST /api/chargers/:id/diagnostics', {
        params: { id: charger.id },
        body: {
          protocol: chosen, ...(start ? { startTime: start } : {}), ...(stop ? { stopTime: stop } : {}),
          ...(r !== undefined ? { retries: r } : {}), ...(ri !== undefined ? { retryInterval: ri } : {}),
        },
      });
      const { transferId: _t, location, ...outcome } = out;
      setState({ kind: 'answered', outcome, location });
    } catch (err) {
      setState({ kind: 'refused', message: describeFailure(err) });
    }
  }

  return (
    <form className="panel fx-form" aria-label="diagnostics pull" onSubmit={(e) => { e.preventDefault(); void send(); }} data-testid="diagnostics-pull">
      <h2>Pull diagnostics <span className="muted small">GetDiagnostics</span></h2>
      <div className="row">
        <label>protocol<ProtocolChoice value={chosen} onChange={setProtocol} ftpRunning={ftpRunning} name="diagnostics" /></label>
        <label>startTime<input type="datetime-local" value={startTime} onChange={(e) => setStartTime(e.target.value)} aria-label="startTime" /></label>
        <label>stopTime<input type="datetime-local" value={stopTime} onChange={(e) => setStopTime(e.target.value)} aria-label="stopTime" /></label>
      </div>
      <div className="row">
        <label>retries<input className="input-narrow" inputMode="numeric" value={retries} onChange={(e) => setRetries(e.target.value)} placeholder="charger's" aria-label="diagnostics retries" /></label>
        <label>retryInterval (s)<input className="input-narrow" inputMode="numeric" value={retryInterval} onChange={(e) => setRetryInterval(e.target.value)} placeholder="charger's" aria-label="diagnostics retryInterval" /></label>
      </div>
      <p className="help-text">Many chargers upload only over FTP. Times are your local time, sent as UTC; leave them empty for everything the charger keeps.</p>
      {problems.map((p) => <p key={p} className="warn-text small">{p}</p>)}
      <div className="form-send">
        <button type="submit" className="btn btn-primary" disabled={state.kind === 'pending' || !charger.connected || Number.isNaN(r) || Number.isNaN(ri)} data-command="pull-diagnostics">
          Send GetDiagnostics
        </button>
        {!charger.connected && <span className="muted small">not connected</span>}
        <SendOutcome state={state} action="GetDiagnostics" />
      </div>
    </form>
  );
}
