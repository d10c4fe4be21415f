/** Diagnostics files this charger uploaded completely: size, time, open in place, download. */
import type { Transfer } from '../../shared/api/types.ts';
import { dateTime } from '../components/format.ts';
import { bytes } from './format.ts';

/** When the file was known complete: the charger's Uploaded, else when ChargeScope asked for it. */
export function receivedAt(t: Transfer): string {
  return [...t.statuses].reverse().find((s) => s.status === 'Uploaded')?.at ?? t.createdAt;
}

export function isReceived(t: Transfer): boolean {
  return t.kind === 'diagnostics' && t.state === 'done' && t.fileName !== null;
}

export function ReceivedList({ transfers, openId, onOpen, onDownload }: {
  transfers: Transfer[]; openId: string | null; onOpen(t: Transfer): void; onDownload(t: Transfer): void;
}) {
  const received = transfers.filter(isReceived);
  return (
    <section aria-label="received diagnostics">
      <h3>Received diagnostics</h3>
      {received.length === 0 ? (
        <p className="empty">No diagnostics received from this charger yet. Send GetDiagnostics above; a file shows here once the charger reports Uploaded and the whole file has arrived.</p>
      ) : (
        <table className="table" data-testid="received-files">
          <thead><tr><th>file</th><th className="num">size</th><th>received (UTC)</th><th>via</th><th /></tr></thead>
          <tbody>
            {received.map((t) => (
              <tr key={t.id} data-transfer={t.id} className={openId === t.id ? 'row-open' : undefined}>
                <td className="mono">{t.fileName}</td>
                <td className="num mono">{bytes(t.bytes)}</td>
                <td className="mono small">{dateTime(receivedAt(t))}</td>
                <td>{t.protocol.toUpperCase()}</td>
                <td className="actions">
                  <button type="button" className="btn btn-small" onClick={() => onOpen(t)} data-command="open-received">{openId === t.id ? 'Opened' : 'Open'}</button>
                  <button type="button" className="btn btn-small" onClick={() => onDownload(t)}>Download</button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
