/**
 * The charger's FirmwareStatusNotification / DiagnosticsStatusNotification statuses on a line, as OCPP
 * spells them: the steps of a good run shown ahead (hollow) until reached, failures in red, with UTC times.
 */
import type { JSX } from 'react';
import type { Transfer } from '../../shared/api/types.ts';
import { timeMs } from '../components/format.ts';

const HAPPY: Record<Transfer['kind'], string[]> = {
  firmware: ['Downloading', 'Downloaded', 'Installing', 'Installed'],
  diagnostics: ['Uploading', 'Uploaded'],
};
const FAILED = new Set(['DownloadFailed', 'InstallationFailed', 'UploadFailed']);
const FINAL_OK = new Set(['Installed', 'Uploaded']);

export function statusTone(status: string): 'ok' | 'bad' | 'busy' | 'quiet' {
  if (FAILED.has(status)) return 'bad';
  if (FINAL_OK.has(status)) return 'ok';
  if (status === 'Idle') return 'quiet';
  return 'busy';
}

export function StatusTimeline({ transfer }: { transfer: Transfer }) {
  const seen = transfer.statuses;
  const reached = new Set(seen.map((s) => s.status));
  const failed = seen.some((s) => FAILED.has(s.status));
  // Steps of a good run not reported yet, shown as what comes next (not after a failure or a finished run).
  // The charger's statuses lead: an expired location does not end a run the charger is still reporting.
  const finished = failed || seen.some((s) => FINAL_OK.has(s.status)) || transfer.state === 'done' || (transfer.state === 'expired' && seen.length === 0);
  const ahead = finished ? [] : HAPPY[transfer.kind].filter((s) => !reached.has(s));
  const gapText = (i: number): string | null => {
    if (i === 0) return null;
    const ms = Date.parse(seen[i]!.at) - Date.parse(seen[i - 1]!.at);
    if (!Number.isFinite(ms) || ms < 0) return null;
    return `+${ms < 1000 ? `${ms} ms` : ms < 60_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 60_000)} min`}`;
  };
  const items: JSX.Element[] = [];
  seen.forEach((s, i) => {
    if (i > 0) items.push(<li key={`link-${i}`} className="fx-link" aria-hidden="true"><span className="fx-gap">{gapText(i)}</span></li>);
    items.push(
      <li key={`${s.status}-${i}`} className={`fx-step fx-${statusTone(s.status)}`} data-status={s.status} title={`${s.status} at ${s.at}`}>
        <span className="fx-dot" />
        <span className="fx-name">{s.status}</span>
        <span className="fx-at mono">{timeMs(s.at)}</span>
      </li>,
    );
  });
  ahead.forEach((s, i) => {
    if (items.length > 0 || i > 0) items.push(<li key={`link-ahead-${s}`} className="fx-link fx-link-ahead" aria-hidden="true" />);
    items.push(
      <li key={`ahead-${s}`} className="fx-step fx-ahead" data-ahead={s}>
        <span className="fx-dot" />
        <span className="fx-name">{s}</span>
      </li>,
    );
  });
  return (
    <ol className="fx-timeline" aria-label={`${transfer.kind === 'firmware' ? 'FirmwareStatusNotification' : 'DiagnosticsStatusNotification'} statuses`} data-testid="status-timeline">
      {seen.length === 0 && <li className="fx-step fx-step-none muted">no {transfer.kind === 'firmware' ? 'FirmwareStatusNotification' : 'DiagnosticsStatusNotification'} yet</li>}
      {items}
    </ol>
  );
}
