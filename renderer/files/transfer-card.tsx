/** One transfer, live: what moves where, a progress bar with rate and ETA, the charger's statuses, the URL used. */
import type { Charger, Transfer } from '../../shared/api/types.ts';
import { CopyButton } from '../components/common.tsx';
import { useResource } from '../api/live.tsx';
import { bootField, dateTime } from '../components/format.ts';
import { bytes, duration, percent, rate } from './format.ts';
import { StatusTimeline } from './status-timeline.tsx';
import { rateOf, type RateTrack } from './transfer-rate.ts';

const STATE_TONE: Record<Transfer['state'], string> = { waiting: 'quiet', transferring: 'busy', done: 'ok', failed: 'bad', expired: 'warn' };
const STATE_TEXT: Record<Transfer['state'], string> = {
  waiting: 'waiting for the charger', transferring: 'transferring', done: 'done', failed: 'failed', expired: 'expired',
};

/** The location with the FTP password masked (it is still copied whole). */
function shownLocation(location: string): string {
  return location.replace(/^(ftp:\/\/[^:/@]+:)[^@]*@/, '$1••••••@');
}

function ProgressBar({ transfer, track, now }: { transfer: Transfer; track: RateTrack | undefined; now: number }) {
  const pct = percent(transfer.bytes, transfer.totalBytes);
  const r = track ? rateOf(track, transfer, now) : { bytesPerSecond: null, etaSeconds: null, averaged: transfer.state !== 'transferring' };
  const indeterminate = pct === null && transfer.state === 'transferring';
  const verb = transfer.kind === 'firmware' ? 'served' : 'received';
  return (
    <div className="fx-progress">
      <div
        className={`fx-bar fx-bar-${transfer.state}${indeterminate ? ' fx-bar-indeterminate' : ''}`}
        role="progressbar" aria-label={`bytes ${verb}`} aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct ?? undefined}
        data-testid="transfer-progress" data-percent={pct ?? ''}
      >
        <div className="fx-fill" style={{ width: `${indeterminate ? 100 : pct ?? 0}%` }} />
        <span className="fx-bar-text">{pct !== null ? `${pct} %` : transfer.state === 'waiting' ? 'not started' : ''}</span>
      </div>
      <div className="fx-figures small">
        <span data-testid="transfer-bytes">{bytes(transfer.bytes)}{transfer.totalBytes !== null ? ` of ${bytes(transfer.totalBytes)}` : ''} {verb}</span>
        <span title={r.averaged ? 'average while this page watched' : 'over the last 3 s'}>{r.averaged ? 'avg ' : ''}{rate(r.bytesPerSecond)}</span>
        {transfer.state === 'transferring' && <span>ETA {duration(r.etaSeconds)}</span>}
      </div>
    </div>
  );
}

const VERSION_RULES = new Set(['firmware-updated', 'firmware-unchanged']);

/**
 * After an Installed, the next boot should carry a new firmwareVersion: the core records a finding either
 * way (firmware-updated, or the warning firmware-unchanged); show it here.
 */
function AfterInstall({ installedAt, charger }: { installedAt: string; charger: Charger }) {
  const findings = useResource('GET /api/findings', { query: { charger: charger.id } }, (e) => e.type === 'finding' && e.finding.chargerId === charger.id);
  const verdict = (findings.data ?? []).filter((f) => VERSION_RULES.has(f.rule) && f.at >= installedAt).at(-1);
  const booted = charger.bootAt !== null && Date.parse(charger.bootAt) >= Date.parse(installedAt);
  return (
    <div className="fx-after small" data-testid="after-install">
      {verdict ? (
        <span className={`fx-verdict fx-verdict-${verdict.rule === 'firmware-updated' ? 'ok' : 'warn'}`} data-rule={verdict.rule}>BootNotification after the install: {verdict.message}</span>
      ) : booted ? (
        <>BootNotification after the install: firmwareVersion <span className="mono">{bootField(charger.boot, 'firmwareVersion')}</span></>
      ) : (
        <span className="muted">Waiting for the reboot: the BootNotification after an install must carry the new firmwareVersion.</span>
      )}
    </div>
  );
}

export function TransferCard({ transfer, track, now, charger }: { transfer: Transfer; track: RateTrack | undefined; now: number; charger: Charger }) {
  const title = transfer.kind === 'firmware' ? 'UpdateFirmware' : 'GetDiagnostics';
  const installed = transfer.kind === 'firmware' ? transfer.statuses.find((s) => s.status === 'Installed') : undefined;
  return (
    <article className={`fx-card fx-card-${transfer.state}`} data-transfer={transfer.id} data-kind={transfer.kind} data-state={transfer.state}>
      <header className="fx-card-head">
        <span className="fx-kind">{title}</span>
        <span className="mono fx-file" title={transfer.fileName ?? ''}>{transfer.fileName ?? (transfer.kind === 'diagnostics' ? 'file name not known yet' : '—')}</span>
        <span className="chip tone-quiet">{transfer.protocol.toUpperCase()}</span>
        <span className={`chip tone-${STATE_TONE[transfer.state]}`} data-testid="transfer-state">{STATE_TEXT[transfer.state]}</span>
        <span className="spacer" />
        <span className="muted small" title="when ChargeScope created the transfer (UTC)">{dateTime(transfer.createdAt)}</span>
      </header>
      <ProgressBar transfer={transfer} track={track} now={now} />
      <StatusTimeline transfer={transfer} />
      {installed && <AfterInstall installedAt={installed.at} charger={charger} />}
      {transfer.error && <div className="fx-error small" role="alert">{transfer.error}</div>}
      <div className="fx-location small">
        <span className="muted">{transfer.kind === 'firmware' ? 'location' : 'upload location'}</span>
        <code className="fx-url" title={transfer.location}>{shownLocation(transfer.location)}</code>
        <CopyButton text={transfer.location} />
        {(transfer.state === 'waiting' || transfer.state === 'transferring') && <span className="muted">valid until {dateTime(transfer.expiresAt)}</span>}
      </div>
    </article>
  );
}
