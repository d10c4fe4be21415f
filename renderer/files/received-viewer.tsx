/**
 * A received diagnostics file opened in place: an archive's entries (zip, tar, tar.gz) and the chosen entry
 * as text with search; a text or .gz file opens straight away. Binary is explained, with the download.
 */
import { useEffect, useState } from 'react';
import type { ReceivedEntry, Transfer } from '../../shared/api/types.ts';
import { useResource } from '../api/live.tsx';
import { Notice } from '../components/common.tsx';
import { dateTime } from '../components/format.ts';
import { bytes } from './format.ts';
import { TextView } from './text-view.tsx';

function EntryText({ transferId, entry }: { transferId: string; entry: ReceivedEntry }) {
  const res = useResource('GET /api/transfers/:id/entries/:index/text', { params: { id: transferId, index: String(entry.index) } });
  if (res.error) return <Notice kind="warn">{res.error}</Notice>;
  if (!res.data) return <p className="muted">Reading {entry.name}…</p>;
  const t = res.data;
  return (
    <div className="fx-entry-text">
      <div className="small muted fx-entry-meta">
        <span className="mono">{t.name}</span> · {t.encoding} · {bytes(t.bytes)} shown
        {t.truncated && <span className="chip tone-warn" title="the entry is larger than what ChargeScope reads in place">first {bytes(t.bytes)} only — download for the rest</span>}
      </div>
      <TextView key={`${transferId}-${entry.index}`} text={t.text} name={t.name} />
    </div>
  );
}

function EntryList({ entries, chosen, onChoose }: { entries: ReceivedEntry[]; chosen: number | null; onChoose(i: number): void }) {
  return (
    <div className="fx-entries" role="listbox" aria-label="files in the archive" data-testid="archive-entries">
      {entries.map((e) => (
        <button
          key={e.index} type="button" role="option" aria-selected={chosen === e.index} disabled={e.kind !== 'file'}
          className={chosen === e.index ? 'fx-entry fx-entry-on' : 'fx-entry'} onClick={() => onChoose(e.index)} data-entry={e.name}
          title={e.unsafeName ? `unsafe name (${e.unsafeName}); shown only, never extracted` : e.name}
        >
          <span className={`fx-entry-name mono${e.kind === 'directory' ? ' muted' : ''}`}>{e.name}</span>
          {e.unsafeName && <span className="chip tone-bad">unsafe name</span>}
          <span className="fx-entry-size small muted">{e.kind === 'file' ? bytes(e.size) : e.kind === 'directory' ? 'folder' : 'link'}</span>
        </button>
      ))}
    </div>
  );
}

export function ReceivedViewer({ transfer, onClose, onDownload }: { transfer: Transfer; onClose(): void; onDownload(): void }) {
  const listing = useResource('GET /api/transfers/:id/entries', { params: { id: transfer.id } });
  const [chosen, setChosen] = useState<number | null>(null);
  const data = listing.data;
  const single = data !== undefined && (data.format === 'text' || data.format === 'gzip');
  useEffect(() => {
    if (!data) return;
    // One file, or an archive with exactly one: open it. Otherwise the engineer picks.
    const files = data.entries.filter((e) => e.kind === 'file');
    if (single || files.length === 1) setChosen(files[0]!.index);
  }, [data, single]);
  const entry = data?.entries.find((e) => e.index === chosen) ?? null;
  return (
    <section className="panel fx-viewer" aria-label={`opened ${transfer.fileName ?? ''}`} data-testid="received-viewer">
      <header className="fx-viewer-head">
        <h2 className="mono">{transfer.fileName}</h2>
        {data && <span className="chip tone-quiet" data-testid="received-format">{data.format}</span>}
        <span className="muted small">{bytes(transfer.bytes)}{data && !single ? ` · ${data.entries.length} entries` : ''}</span>
        <span className="spacer" />
        <button type="button" className="btn btn-small" onClick={onDownload}>Download</button>
        <button type="button" className="btn btn-small" onClick={onClose} aria-label="close the file">Close</button>
      </header>
      {listing.error && <Notice kind="warn">{listing.error}</Notice>}
      {!data && !listing.error && <p className="muted">Opening…</p>}
      {data?.note && <Notice kind="info">{data.note}</Notice>}
      {data && (single ? (
        entry && <EntryText transferId={transfer.id} entry={entry} />
      ) : (
        <div className="fx-archive">
          <EntryList entries={data.entries} chosen={chosen} onChoose={setChosen} />
          <div className="fx-archive-main">
            {entry ? <EntryText transferId={transfer.id} entry={entry} /> : <p className="muted">Choose a file of the {data.format} to read it here{data.entries[0]?.modifiedAt ? ` (times as stored, e.g. ${dateTime(data.entries[0].modifiedAt)})` : ''}.</p>}
          </div>
        </div>
      ))}
    </section>
  );
}
