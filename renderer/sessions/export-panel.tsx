/** Export one session: the format, anonymize, a progress bar with counts and Cancel, then the browser's download. */
import { useRef, useState } from 'react';
import type { ExportFormat, Session } from '../../shared/api/types.ts';
import { ApiFailure, describeFailure } from '../api/client.ts';
import { Notice } from '../components/common.tsx';
import { downloadExport, newJobId, type Running } from './file-transfer.ts';
import { cancelRunning, ProgressBar, useJob } from './job-progress.tsx';

export const EXPORT_FORMATS: { format: ExportFormat; label: string; hint: string }[] = [
  { format: 'chargescope', label: 'ChargeScope session (.chargescope)', hint: 'everything, re-opens in ChargeScope with nothing lost' },
  { format: 'trace-jsonl', label: 'OCPP Trace Format v1.1 (JSONL)', hint: 'every frame with its raw text, for other OCPP tools and bug reports' },
  { format: 'meter-values-csv', label: 'Meter values (CSV)', hint: 'one row per sampled value, for a spreadsheet' },
  { format: 'transactions-csv', label: 'Transactions (CSV)', hint: 'one row per transaction, for a spreadsheet' },
];

function size(bytes: number): string {
  return bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function ExportPanel({ session }: { session: Session }) {
  const [format, setFormat] = useState<ExportFormat>('chargescope');
  const [anonymize, setAnonymize] = useState(false);
  const [jobId, setJobId] = useState<string | null>(null);
  const [bytes, setBytes] = useState<{ done: number; total: number | null }>({ done: 0, total: null });
  const [outcome, setOutcome] = useState<{ kind: 'ok' | 'warn' | 'error'; text: string } | null>(null);
  const running = useRef<Running<{ fileName: string; bytes: number }> | null>(null);
  const job = useJob(jobId);

  const start = () => {
    const id = newJobId('export');
    setJobId(id);
    setBytes({ done: 0, total: null });
    setOutcome(null);
    const r = downloadExport({ sessionId: session.id, format, anonymize, jobId: id }, (done, total) => setBytes({ done, total }));
    running.current = r;
    r.done.then(
      (f) => setOutcome({ kind: 'ok', text: `Saved ${f.fileName} (${size(f.bytes)}) to the browser’s downloads.` }),
      (err: unknown) => setOutcome(err instanceof ApiFailure && err.code === 'ABORTED'
        ? { kind: 'warn', text: 'Export cancelled: nothing was saved.' }
        : { kind: 'error', text: `The export failed: ${describeFailure(err)}` }),
    ).finally(() => {
      running.current = null;
      setJobId(null);
    });
  };

  const cancel = () => cancelRunning(jobId, job, running.current);

  const busy = jobId !== null;
  return (
    <div className="session-export" data-testid="export-panel">
      <fieldset className="export-formats" disabled={busy}>
        <legend>Export “{session.name}” as</legend>
        {EXPORT_FORMATS.map((f) => (
          <label key={f.format} className="export-format">
            <input type="radio" name={`format-${session.id}`} value={f.format} checked={format === f.format} onChange={() => setFormat(f.format)} />
            <span><strong>{f.label}</strong> <span className="muted small">— {f.hint}</span></span>
          </label>
        ))}
        <label className="check export-anon">
          <input type="checkbox" checked={anonymize} onChange={(e) => setAnonymize(e.target.checked)} data-testid="export-anonymize" />{' '}
          Anonymize: idTags, serial numbers, AuthorizationKey and passwords replaced by pseudonyms (the same value, the same pseudonym)
        </label>
      </fieldset>
      <div className="form-send">
        <button type="button" className="btn btn-primary" onClick={start} disabled={busy} data-testid="export-start">Export</button>
      </div>
      {busy && <ProgressBar label="Exporting" job={job?.state === 'running' ? job : null} local={{ done: bytes.done, total: bytes.total, what: 'received' }} onCancel={cancel} />}
      {outcome && <Notice kind={outcome.kind === 'ok' ? 'info' : outcome.kind}><span data-testid="export-outcome">{outcome.text}</span></Notice>}
    </div>
  );
}
