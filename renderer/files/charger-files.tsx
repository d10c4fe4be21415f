/**
 * The charger's "Files" tab: push firmware and pull diagnostics with locations of ours, follow each
 * transfer live, and open what the charger uploaded.
 */
import { useState } from 'react';
import type { Charger, Transfer } from '../../shared/api/types.ts';
import { describeFailure } from '../api/client.ts';
import { Notice } from '../components/common.tsx';
import { useNow } from '../components/hooks.ts';
import { DiagnosticsPullForm } from './diagnostics-pull-form.tsx';
import { downloadTransferContent } from './download.ts';
import { FirmwarePushForm } from './firmware-push-form.tsx';
import { ReceivedList } from './received-list.tsx';
import { ReceivedViewer } from './received-viewer.tsx';
import { TransferCard } from './transfer-card.tsx';
import { useTransfers } from './use-transfers.ts';
import { ofSession } from './recorded-files.tsx';
import './files.css';

const SHOWN = 4;

export function ChargerFiles({ charger }: { charger: Charger }) {
  const all0 = useTransfers(charger.id);
  // A recording's transfers of the same charger belong to the recording, not to this live tab.
  const live = { ...all0, transfers: ofSession(all0.transfers, null) };
  useNow(500); // re-render twice a second: rates and ETAs age even when no event comes
  const now = performance.now();
  const [all, setAll] = useState(false);
  const [opened, setOpened] = useState<string | null>(null);
  const [downloadError, setDownloadError] = useState<string | null>(null);
  const shown = all ? live.transfers : live.transfers.slice(0, SHOWN);
  const openedTransfer = live.transfers.find((t) => t.id === opened) ?? null;

  const download = (t: Transfer) => {
    setDownloadError(null);
    downloadTransferContent(t.id, t.fileName ?? `diagnostics-${t.id}`).catch((err: unknown) => setDownloadError(describeFailure(err)));
  };

  return (
    <div className="fx-tab" data-testid="charger-files">
      <div className="split">
        <FirmwarePushForm charger={charger} />
        <DiagnosticsPullForm charger={charger} />
      </div>
      <section aria-label="transfers">
        <h3>Transfers</h3>
        {live.error && <Notice>{live.error}</Notice>}
        {live.loaded && live.transfers.length === 0 && <p className="empty">No firmware push or diagnostics pull for this charger yet.</p>}
        <div className="fx-cards">
          {shown.map((t) => <TransferCard key={t.id} transfer={t} track={live.tracks.get(t.id)} now={now} charger={charger} />)}
        </div>
        {live.transfers.length > SHOWN && (
          <button type="button" className="link small" onClick={() => setAll(!all)}>{all ? 'Show the newest only' : `Show ${live.transfers.length - SHOWN} older transfers`}</button>
        )}
      </section>
      <ReceivedList transfers={live.transfers} openId={opened} onOpen={(t) => setOpened(t.id)} onDownload={download} />
      {downloadError && <Notice>{downloadError}</Notice>}
      {openedTransfer && <ReceivedViewer key={openedTransfer.id} transfer={openedTransfer} onClose={() => setOpened(null)} onDownload={() => download(openedTransfer)} />}
    </div>
  );
}
