/**
 * A recording's received diagnostics (item 4): the files its chargers uploaded, opened in place or downloaded, as in
 * the live Files tab. A recording's transfers carry ids `r<session>-<id>` (main/logs/reopen.ts); only this session's show.
 */
import { useState } from 'react';
import type { Transfer } from '../../shared/api/types.ts';
import { describeFailure } from '../api/client.ts';
import { useResource } from '../api/live.tsx';
import { Notice } from '../components/common.tsx';
import { downloadTransferContent } from './download.ts';
import { ReceivedList } from './received-list.tsx';
import { ReceivedViewer } from './received-viewer.tsx';
import './files.css';

/** Transfers of one recording, by the id prefix the re-open gives them; for the live session, the others. */
export function ofSession(transfers: readonly Transfer[], sessionId: number | null): Transfer[] {
  if (sessionId === null) return transfers.filter((t) => !/^r\d+-/.test(t.id));
  return transfers.filter((t) => t.id.startsWith(`r${sessionId}-`));
}

export function RecordedFiles({ chargerId, sessionId }: { chargerId: string; sessionId: number }) {
  const res = useResource('GET /api/transfers', { query: { charger: chargerId } });
  const [opened, setOpened] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const transfers = ofSession(res.data ?? [], sessionId);
  const openedTransfer = transfers.find((t) => t.id === opened) ?? null;
  const download = (t: Transfer) => {
    setError(null);
    downloadTransferContent(t.id, t.fileName ?? `diagnostics-${t.id}`).catch((err: unknown) => setError(describeFailure(err)));
  };
  return (
    <div className="fx-tab" data-testid="recorded-files">
      {res.error && <Notice>{res.error}</Notice>}
      <ReceivedList transfers={transfers} openId={opened} onOpen={(t) => setOpened(t.id)} onDownload={download} />
      {error && <Notice>{error}</Notice>}
      {openedTransfer && <ReceivedViewer key={openedTransfer.id} transfer={openedTransfer} onClose={() => setOpened(null)} onDownload={() => download(openedTransfer)} />}
    </div>
  );
}
