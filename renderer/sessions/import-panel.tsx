/**
 * Open a file as a read-only session: a ChargeScope export, or a log read by one of the import format families
 * (main/logs/formats), told apart by content; how it was read, and a time-zone offer to confirm (import-reading.tsx). Progress with Cancel; then
 * what was imported and every line that was skipped, with its number and why, and the new session on screen.
 */
import { useRef, useState } from 'react';
import type { ImportFormat, ImportResult } from '../../shared/api/types.ts';
import { ApiFailure, call, describeFailure } from '../api/client.ts';
import { Notice } from '../components/common.tsx';
import { useSiteState } from '../state/site-context.tsx';
import { newJobId, uploadImport, type Running } from './file-transfer.ts';
import { ReadingRows, TzOfferNotice } from './import-reading.tsx';
import { cancelRunning, ProgressBar, useJob } from './job-progress.tsx';

const FORMAT_LABEL: Record<ImportFormat, string> = {
  chargescope: 'a ChargeScope export', 'trace-jsonl': 'OCPP Trace Format JSONL', jsonl: 'JSONL of OCPP-J frames', 'text-log': 'a text log',
};

export function ImportResultView({ result, onReimport }: { result: ImportResult; onReimport?: ((times: { tz: string }) => void) | undefined }) {
  const more = result.skippedLines - result.skipped.length;
  return (
    <div className="panel import-result" data-testid="import-result" data-session={result.sessionId}>
      <h2>{result.alreadyOpen ? 'Already open' : 'Imported'} {result.fileName}</h2>
      {result.alreadyOpen && <p className="muted">This very file (same SHA-256) was opened before: that session is shown, nothing was added.</p>}
      <dl className="kv">
        <dt>read as</dt><dd data-testid="import-read-as">{result.reading?.title ?? FORMAT_LABEL[result.format]}</dd>
        {result.reading && <ReadingRows reading={result.reading} />}
        <dt>session</dt><dd>{result.session.name} (read-only)</dd>
        <dt>frames</dt><dd data-testid="import-frames">{result.frames.toLocaleString('en-US')}</dd>
        <dt>skipped lines</dt><dd data-testid="import-skipped-count">{result.skippedLines.toLocaleString('en-US')}</dd>
      </dl>
      {result.reading?.tzOffer && <TzOfferNotice offer={result.reading.tzOffer} onReimport={onReimport} />}
      {result.skipped.length > 0 && (
        <>
          <p className="small muted">Lines that held no readable frame (also listed as findings of the session):</p>
          <table className="table skipped-lines" data-testid="skipped-lines">
            <thead><tr><th className="num">line</th><th>why</th><th>text</th></tr></thead>
            <tbody>
              {result.skipped.map((s) => (
                <tr key={s.line} data-line={s.line}>
                  <td className="num mono">{s.line}</td>
                  <td>{s.reason}</td>
                  <td className="mono small skipped-text">{s.text}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {more > 0 && <p className="small muted">…and {more.toLocaleString('en-US')} more (see the session’s findings).</p>}
        </>
      )}
      <p className="small">
        Open its <a href="#/trace">trace</a>, <a href="#/chargers">chargers</a>, <a href="#/transactions">transactions</a> or <a href="#/findings">findings</a>.
      </p>
    </div>
  );
}

/**
 * What `--open` does, from the page: re-opens a file, or every export in a folder, by its path on this computer
 * (the core reads it; nothing is uploaded).
 */
function OpenPath({ onStart }: { onStart(): void }) {
  const site = useSiteState();
  const [path, setPath] = useState('');
  const [busy, setBusy] = useState(false);
  const [out, setOut] = useState<{ opened: ImportResult[]; failed: { path: string; error: string }[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const open = () => {
    onStart();
    setBusy(true);
    setOut(null);
    setError(null);
    call('POST /api/sessions/open', { body: { path: path.trim() } }).then((r) => {
      setOut(r);
      if (r.opened[0]) site.view(r.opened[0].sessionId);
    }, (err: unknown) => setError(describeFailure(err))).finally(() => setBusy(false));
  };
  return (
    <>
      <form className="row" onSubmit={(e) => { e.preventDefault(); open(); }}>
        <label className="open-path">
          or a file or folder of exports on this computer, by its path
          <input value={path} onChange={(e) => setPath(e.target.value)} placeholder="/home/me/visits/depot-nord.chargescope" data-testid="open-path" />
        </label>
        <button type="submit" className="btn" disabled={busy || !path.trim()} data-testid="open-path-start">{busy ? 'Opening…' : 'Open path'}</button>
      </form>
      {error && <Notice>{error}</Notice>}
      {out && out.failed.length > 0 && (
        <Notice kind="warn">
          {out.failed.length} could not be opened:
          <ul className="open-failed">{out.failed.map((f) => <li key={f.path}><code>{f.path}</code>: {f.error}</li>)}</ul>
        </Notice>
      )}
      {out && out.opened.length === 0 && out.failed.length === 0 && <Notice kind="warn">Nothing to open there.</Notice>}
      {out?.opened.map((r) => <ImportResultView key={r.sessionId} result={r} />)}
    </>
  );
}

export function ImportPanel({ onDone }: { onDone?: () => void }) {
  const site = useSiteState();
  const [file, setFile] = useState<File | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const [sent, setSent] = useState<{ loaded: number; total: number }>({ loaded: 0, total: 0 });
  const [result, setResult] = useState<ImportResult | null>(null);
  const [error, setError] = useState<{ kind: 'warn' | 'error'; text: string } | null>(null);
  const running = useRef<Running<ImportResult> | null>(null);
  const job = useJob(jobId);
  // One result on screen at a time: a file import clears the path's result (by a new key) and the other way round.
  const [pathKey, setPathKey] = useState(0);

  const start = (times: { tz?: string } = {}) => {
    if (!file) return;
    setPathKey((k) => k + 1);
    const id = newJobId('import');
    setJobId(id);
    setResult(null);
    setError(null);
    setSent({ loaded: 0, total: file.size });
    const r = uploadImport(file, id, (loaded, total) => setSent({ loaded, total }), times);
    running.current = r;
    r.done.then(
      (res) => {
        setResult(res);
        site.view(res.sessionId);
        onDone?.();
      },
      (err: unknown) => setError(
        (err instanceof ApiFailure && err.code === 'ABORTED') || (err instanceof ApiFailure && err.status === 409 && /cancel/i.test(err.message))
          ? { kind: 'warn', text: 'Import cancelled: nothing of it was kept.' }
          : { kind: 'error', text: `${file.name} could not be imported: ${describeFailure(err)}` },
      ),
    ).finally(() => {
      running.current = null;
      setJobId(null);
    });
  };

  const cancel = () => cancelRunning(jobId, job, running.current);

  const busy = jobId !== null;
  return (
    <section className="panel session-import" aria-label="Open a file" data-testid="import-panel">
      <h2>Open a file</h2>
      <p className="small muted">
        A ChargeScope export (.chargescope), an OCPP Trace Format JSONL, JSON lines of OCPP-J frames or of message objects, or a text log whose
        lines hold an OCPP-J array (SteVe, evcc, Python ocpp, a proxy, a charger’s own log; frames over several lines are put back together),
        with a date-time, a time alone or no time at all. It opens as a new read-only session; a line that cannot be read is listed with its number.
      </p>
      <div className="row">
        <input type="file" aria-label="file to open" data-testid="import-file" disabled={busy}
          onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        <button type="button" className="btn btn-primary" disabled={!file || busy} onClick={() => start()} data-testid="import-start">Open as a recording</button>
      </div>
      <OpenPath key={pathKey} onStart={() => { setResult(null); setError(null); }} />
      {busy && (
        <ProgressBar label={`Importing ${file?.name ?? ''}`} job={job?.state === 'running' ? job : null}
          local={{ done: sent.loaded, total: sent.total, what: 'uploaded' }} onCancel={cancel} />
      )}
      {error && <Notice kind={error.kind}><span data-testid="import-error">{error.text}</span></Notice>}
      {result && <ImportResultView result={result} onReimport={file ? (times) => start(times) : undefined} />}
    </section>
  );
}
