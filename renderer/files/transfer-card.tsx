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
const FAILED = new Set(['DownloadFailed', 'InstallationFailed', 'UploadFailed']);
const DONE = new Set(['Installed', 'Uploaded']);
/** Statuses after which the charger has the image and may reboot to install it. */
const HAS_IMAGE = new Set(['Downloaded', 'Installing', 'Installed']);

/**
 * What the card's chip says: the charger's own newest status once it reported one (it knows best: a charger that
 * downloaded and waits for its sessions to end is fine even when our location has expired), else our transfer's state.
 */
export function cardState(transfer: Transfer): { text: string; tone: string; note: string | null } {
  const last = transfer.statuses.at(-1)?.status;
  const expiredNote = transfer.state === 'expired' ? 'the download location has expired (the charger already had what it needed)' : null;
  if (last && FAILED.has(last)) return { text: last, tone: 'bad', note: null };
  if (last && DONE.has(last)) return { text: last, tone: 'ok', note: null };
  if (last && transfer.statuses.some((x) => HAS_IMAGE.has(x.status) || x.status === 'Uploading')) {
    const waiting = last === 'Downloaded' ? ' — the charger installs when it is ready (often after its sessions end)' : '';
    return { text: `${last}${waiting}`, tone: 'busy', note: expiredNote };
  }
  return { text: STATE_TEXT[transfer.state], tone: STATE_TONE[transfer.state], note: null };
}

/** From when a BootNotification counts as the one after this firmware: the charger's first Downloaded (else Installing, Installed, the request). */
export function installFrom(transfer: Transfer): string | null {
  const first = transfer.statuses.find((x) => HAS_IMAGE.has(x.status));
  return first ? first.at : null;
}

/**
 * After the charger has the image, the next boot should carry a new firmwareVersion: the core records a finding
 * either way (firmware-updated, or the warning firmware-unchanged); show it, or the boot itself as soon as it comes
 * (many chargers boot before they report Installed).
 */
function AfterInstall({ from, installed, charger }: { from: string; installed: boolean; charger: Charger }) {
  const findings = useResource('GET /api/findings', { query: { charger: charger.id } }, (e) => e.type === 'finding' && e.finding.chargerId === charger.id);
  const verdict = (findings.data ?? []).filter((f) => VERSION_RULES.has(f.rule) && f.at >= from).at(-1);
  const booted = charger.bootAt !== null && Date.parse(charger.bootAt) >= Date.parse(from);
  return (
    <div className="fx-after small" data-testid="after-install" data-booted={booted}>
      {verdict ? (
        <span className={`fx-verdict fx-verdict-${verdict.rule === 'firmware-updated' ? 'ok' : 'warn'}`} data-rule={verdict.rule}>BootNotification after the install: {verdict.message}</span>
      ) : booted ? (
        <>Booted at <span className="mono">{dateTime(charger.bootAt)}</span> with firmwareVersion <span className="mono">{bootField(charger.boot, 'firmwareVersion')}</span>{installed ? '' : ' (no Installed reported yet)'}</>
      ) : installed ? (
        <span className="muted">Waiting for the reboot: the BootNotification after an install must carry the new firmwareVersion.</span>
      ) : (
        <span className="muted">The charger has the image; its reboot into it will show here.</span>
      )}
    </div>
  );
}

export function TransferCard({ transfer, track, now, charger }: { transfer: Transfer; track: RateTrack | undefined; now: number; charger: Charger }) {
  const title = transfer.kind === 'firmware' ? 'UpdateFirmware' : 'GetDiagnostics';
  const from = transfer.kind === 'firmware' ? installFrom(transfer) : null;
  const installed = transfer.statuses.some((x) => x.status === 'Installed');
  const shown = cardState(transfer);
  return (
    <article className={`fx-card fx-card-${transfer.state}`} data-transfer={transfer.id} data-kind={transfer.kind} data-state={transfer.state}>
      <header className="fx-card-head">
        <span className="fx-kind">{title}</span>
        <span className="mono fx-file" title={transfer.fileName ?? ''}>{transfer.fileName ?? (transfer.kind === 'diagnostics' ? 'file name not known yet' : '—')}</span>
        <span className="chip tone-quiet">{transfer.protocol.toUpperCase()}</span>
        <span className={`chip tone-${shown.tone}`} data-testid="transfer-state" title={`transfer ${transfer.state}`}>{shown.text}</span>
        <span className="spacer" />
        <span className="muted small" title="when ChargeScope created the transfer (UTC)">{dateTime(transfer.createdAt)}</span>
      </header>
      <ProgressBar transfer={transfer} track={track} now={now} />
      <StatusTimeline transfer={transfer} />
      {from !== null && <AfterInstall from={from} installed={installed} charger={charger} />}
      {shown.note && <div className="small muted" data-testid="transfer-note">{shown.note}</div>}
      {transfer.error && !shown.note && <div className="fx-error small" role="alert">{transfer.error}</div>}
      <div className="fx-location small">
        <span className="muted">{transfer.kind === 'firmware' ? 'location' : 'upload location'}</span>
        <code className="fx-url" title={transfer.location}>{shownLocation(transfer.location)}</code>
        <CopyButton text={transfer.location} />
        {(transfer.state === 'waiting' || transfer.state === 'transferring') && <span className="muted">valid until {dateTime(transfer.expiresAt)}</span>}
      </div>
    </article>
  );
}
