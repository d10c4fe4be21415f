/** UpdateFirmware with a location of ours: firmware from the library, HTTP or FTP, retrieveDate, retries. */
import { useState } from 'react';
import type { Charger } from '../../shared/api/types.ts';
import { call, describeFailure } from '../api/client.ts';
import { useResource } from '../api/live.tsx';
import { useSite } from '../state/site-context.tsx';
import { bytes } from './format.ts';
import { SendOutcome, type SendState } from './send-outcome.tsx';
import { fromLocalInput, optionalInt } from './time-input.ts';

export function ProtocolChoice({ value, onChange, ftpRunning, name }: { value: 'http' | 'ftp'; onChange(v: 'http' | 'ftp'): void; ftpRunning: boolean; name: string }) {
  return (
    <div className="seg" role="radiogroup" aria-label={`${name} protocol`}>
      {(['http', 'ftp'] as const).map((p) => (
        <button key={p} type="button" role="radio" aria-checked={value === p} className={value === p ? 'seg-on' : ''} onClick={() => onChange(p)}
          disabled={p === 'ftp' && !ftpRunning} title={p === 'ftp' && !ftpRunning ? 'the FTP server is not running (see --ftp-port)' : undefined} data-protocol={p}>
          {p.toUpperCase()}
        </button>
      ))}
    </div>
  );
}

export function FirmwarePushForm({ charger }: { charger: Charger }) {
  const library = useResource('GET /api/firmware', {});
  const { info } = useSite();
  const [firmwareId, setFirmwareId] = useState('');
  const [protocol, setProtocol] = useState<'http' | 'ftp'>('http');
  const [retrieveDate, setRetrieveDate] = useState('');
  const [retries, setRetries] = useState('');
  const [retryInterval, setRetryInterval] = useState('');
  const [state, setState] = useState<SendState>({ kind: 'idle' });
  const images = library.data ?? [];
  // Never a silent default: the engineer picks the image (the only one is picked for them, and said so).
  const chosen = images.find((f) => f.id === firmwareId) ?? (images.length === 1 ? images[0] : undefined);
  const r = optionalInt(retries);
  const ri = optionalInt(retryInterval);
  const badNumber = Number.isNaN(r) || Number.isNaN(ri);

  async function send() {
    if (!chosen) return;
    setState({ kind: 'pending' });
    try {
      const retrieve = fromLocalInput(retrieveDate);
      const out = await call('POST /api/chargers/:id/firmware-update', {
        params: { id: charger.id },
        body: { firmwareId: chosen.id, protocol, ...(retrieve ? { retrieveDate: retrieve } : {}), ...(r !== undefined ? { retries: r } : {}), ...(ri !== undefined ? { retryInterval: ri } : {}) },
      });
      const { transferId: _t, location, ...outcome } = out;
      setState({ kind: 'answered', outcome, location });
    } catch (err) {
      setState({ kind: 'refused', message: describeFailure(err) });
    }
  }

  return (
    <form className="panel fx-form" aria-label="firmware push" onSubmit={(e) => { e.preventDefault(); void send(); }} data-testid="firmware-push">
      <h2>Push firmware <span className="muted small">UpdateFirmware</span></h2>
      {library.data && images.length === 0 ? (
        <p className="muted">The firmware library is empty: add an image in <a href="#/firmware">Firmware</a> first.</p>
      ) : (
        <>
          <div className="row">
            <label className="fx-grow">firmware
              <select value={chosen?.id ?? ''} onChange={(e) => setFirmwareId(e.target.value)} aria-label="firmware image" required>
                {!chosen && <option value="">choose an image ({images.length} in the library)…</option>}
                {images.map((f) => <option key={f.id} value={f.id} title={`sha256 ${f.sha256}`}>{f.warning ? '⚠ ' : ''}{f.name} · {bytes(f.size)}</option>)}
              </select>
            </label>
            <label>protocol<ProtocolChoice value={protocol} onChange={setProtocol} ftpRunning={info?.ftpPort !== null} name="firmware" /></label>
          </div>
          <div className="row">
            <label>retrieveDate (your local time)<input type="datetime-local" value={retrieveDate} onChange={(e) => setRetrieveDate(e.target.value)} aria-label="retrieveDate" /></label>
            <label>retries<input className="input-narrow" inputMode="numeric" value={retries} onChange={(e) => setRetries(e.target.value)} placeholder="charger's" aria-label="retries" /></label>
            <label>retryInterval (s)<input className="input-narrow" inputMode="numeric" value={retryInterval} onChange={(e) => setRetryInterval(e.target.value)} placeholder="charger's" aria-label="retryInterval" /></label>
          </div>
          <p className="help-text">Empty retrieveDate means now. The location uses the address at which {charger.id} reached ChargeScope{charger.localAddress ? <> (<span className="mono">{charger.localAddress}</span>)</> : null}.</p>
          {chosen && <p className="help-text mono" data-testid="push-firmware-chosen">{chosen.name}: {bytes(chosen.size)}, sha256 {chosen.sha256.slice(0, 16)}…, added {chosen.addedAt.slice(0, 10)}</p>}
          {chosen?.warning && <p className="warn-text small" data-testid="push-firmware-warning">⚠ {chosen.name}: {chosen.warning}</p>}
          {!chosen && <p className="help-text">Pick the image to push: nothing is chosen for you when the library holds several.</p>}
          {badNumber && <p className="warn-text small">retries and retryInterval are whole numbers of attempts and seconds.</p>}
          <div className="form-send">
            <button type="submit" className="btn btn-primary" disabled={!chosen || badNumber || state.kind === 'pending' || !charger.connected} data-command="push-firmware">
              Send UpdateFirmware
            </button>
            {!charger.connected && <span className="muted small">not connected: the URL must use the address it reaches us at</span>}
            <SendOutcome state={state} action="UpdateFirmware" />
          </div>
        </>
      )}
      {library.error && <p className="warn-text small">{library.error}</p>}
    </form>
  );
}
