/** A running export or import as the server reports it (`progress` events, GET /api/jobs after a resync), as a bar. */
import { useCallback, useState } from 'react';
import type { JobProgress } from '../../shared/api/types.ts';
import { ApiFailure, call, describeFailure } from '../api/client.ts';
import { useLiveEvents } from '../api/live.tsx';

/** The latest progress of job `id` (null before the first report). */
export function useJob(id: string | null): JobProgress | null {
  const [job, setJob] = useState<JobProgress | null>(null);
  const [forId, setForId] = useState(id);
  if (forId !== id) {
    setForId(id);
    setJob(null);
  }
  const resync = useCallback(() => {
    if (!id) return;
    call('GET /api/jobs').then((list) => {
      const j = list.find((x) => x.id === id);
      if (j) setJob(j);
    }, (err: unknown) => console.warn(`ChargeScope: cannot read the jobs: ${describeFailure(err)}`));
  }, [id]);
  useLiveEvents((events) => {
    if (!id) return;
    let last: JobProgress | null = null;
    for (const e of events) if (e.type === 'progress' && e.progress.id === id) last = e.progress;
    if (last) setJob(last);
  }, resync);
  return job;
}

const PHASE: Record<string, string> = {
  reading: 'reading', copying: 'copying rows', writing: 'writing', sending: 'sending', cleaning: 'cleaning up',
};

function amount(n: number, unit: JobProgress['unit']): string {
  if (unit !== 'bytes') return `${n.toLocaleString('en-US')} ${unit}`;
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

export interface ProgressBarProps {
  label: string;
  job: JobProgress | null;
  /** What the page itself counts (bytes uploaded or received), shown until the server reports. */
  local?: { done: number; total: number | null; what: string };
  onCancel?: () => void;
}

export function ProgressBar({ label, job, local, onCancel }: ProgressBarProps) {
  const done = job ? job.done : local?.done ?? 0;
  const total = job ? job.total : local?.total ?? null;
  const pct = total && total > 0 ? Math.min(100, Math.round((done / total) * 100)) : null;
  const counts = job
    ? `${PHASE[job.phase] ?? job.phase}: ${amount(job.done, job.unit)}${job.total !== null ? ` of ${amount(job.total, job.unit)}` : ''}`
    : local ? `${local.what}: ${amount(local.done, 'bytes')}${local.total !== null ? ` of ${amount(local.total, 'bytes')}` : ''}` : 'starting…';
  const extra = job && job.kind === 'import' ? ` · ${job.frames.toLocaleString('en-US')} frames · ${job.skippedLines.toLocaleString('en-US')} skipped lines` : '';
  return (
    <div className="job" data-testid="job-progress" data-state={job?.state ?? 'running'}>
      <div className="job-head">
        <strong>{label}</strong>
        <span className="job-counts" data-testid="job-counts">{counts}{extra}</span>
        {pct !== null && <span className="job-pct">{pct} %</span>}
        <span className="spacer" />
        {onCancel && <button type="button" className="btn btn-small btn-danger" onClick={onCancel} data-testid="job-cancel">Cancel</button>}
      </div>
      <div className={`job-track${pct === null ? ' job-indeterminate' : ''}`} role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} {...(pct !== null ? { 'aria-valuenow': pct } : {})}>
        <div className="job-fill" style={pct !== null ? { width: `${pct}%` } : undefined} />
      </div>
    </div>
  );
}

/** Cancels a job on the server; one that already ended is fine. */
export async function cancelJob(id: string): Promise<void> {
  try {
    await call('DELETE /api/jobs/:id', { params: { id } });
  } catch (err) {
    if (!(err instanceof ApiFailure && err.status === 404)) throw err;
  }
}

/**
 * Cancels an export or import: the server job first, then the request. A job the server has already
 * finished (the rest is in flight to the page) needs only the request aborted.
 */
export function cancelRunning(jobId: string | null, job: JobProgress | null, request: { abort(): void } | null): void {
  if (!jobId || !request) return;
  if (job !== null && job.state !== 'running') {
    request.abort();
    return;
  }
  cancelJob(jobId).catch((err: unknown) => console.warn(`ChargeScope: cannot cancel ${jobId}: ${describeFailure(err)}`)).finally(() => request.abort());
}
