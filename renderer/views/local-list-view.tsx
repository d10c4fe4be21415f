/**
 * The charger's local authorization list as the CSMS knows it (after SendLocalList), and the two ways to
 * change it: a Full list from ChargeScope's idTags, or the Differential from the current list to them.
 */
import { useMemo } from 'react';
import type { Charger, IdTag, LiveEvent, LocalList, LocalListEntry } from '../../shared/api/types.ts';
import { useResource } from '../api/live.tsx';
import { OutcomeView } from '../commands/outcome.tsx';
import { useCommands } from '../commands/use-commands.ts';
import { LoadState } from '../components/common.tsx';
import { dateTime } from '../components/format.ts';

function entryOf(t: IdTag): LocalListEntry {
  return { idTag: t.idTag, idTagInfo: { status: t.status, ...(t.expiryDate ? { expiryDate: t.expiryDate } : {}), ...(t.parentIdTag ? { parentIdTag: t.parentIdTag } : {}) } };
}

/** Entries to add or change, and idTags to remove (idTagInfo absent), to go from `list` to `tags`. */
export function differential(list: LocalList, tags: IdTag[]): { idTag: string; idTagInfo?: LocalListEntry['idTagInfo'] }[] {
  const current = new Map(list.entries.map((e) => [e.idTag, JSON.stringify(e.idTagInfo)]));
  const out: { idTag: string; idTagInfo?: LocalListEntry['idTagInfo'] }[] = [];
  for (const t of tags) {
    const e = entryOf(t);
    if (current.get(t.idTag) !== JSON.stringify(e.idTagInfo)) out.push(e);
  }
  const wanted = new Set(tags.map((t) => t.idTag));
  for (const e of list.entries) if (!wanted.has(e.idTag)) out.push({ idTag: e.idTag });
  return out;
}

export function LocalListView({ charger }: { charger: Charger }) {
  const refresh = useMemo(() => (e: LiveEvent) => e.type === 'command' && e.command.chargerId === charger.id && e.command.state === 'answered', [charger.id]);
  const res = useResource('GET /api/chargers/:id/local-list', { params: { id: charger.id } }, refresh);
  const tags = useResource('GET /api/idtags', {});
  const { outcomes, send, busy } = useCommands(charger.id);
  const list = res.data;
  const diff = list && tags.data ? differential(list, tags.data) : [];
  const full = (tags.data ?? []).map(entryOf);
  const next = (list?.version ?? charger.localListVersion) + 1;
  return (
    <div className="locallist">
      <div className="toolbar">
        <span>CSMS-side version <strong data-testid="local-list-version">{list?.version ?? '…'}</strong>{list?.updatedAt ? <span className="muted"> · sent {dateTime(list.updatedAt)}</span> : null}</span>
        <button type="button" className="btn" onClick={() => void send('version', 'GetLocalListVersion', {})} disabled={busy('version')}>GetLocalListVersion</button>
        <OutcomeView outcome={outcomes['version']} />
      </div>
      <div className="panel">
        <h2>Send to the charger</h2>
        <div className="row">
          <button type="button" className="btn btn-primary" disabled={busy('full')} onClick={() => void send('full', 'SendLocalList', { listVersion: next, updateType: 'Full', localAuthorizationList: full })}>
            Send Full (version {next}, {full.length} idTags from ChargeScope’s list)
          </button>
          <OutcomeView outcome={outcomes['full']} />
        </div>
        <div className="row">
          <button type="button" className="btn" disabled={busy('diff') || diff.length === 0} onClick={() => void send('diff', 'SendLocalList', { listVersion: next, updateType: 'Differential', localAuthorizationList: diff })}>
            Send Differential (version {next}, {diff.length} change{diff.length === 1 ? '' : 's'})
          </button>
          <OutcomeView outcome={outcomes['diff']} />
          {diff.length === 0 && <span className="muted small">the charger’s list already matches the idTags page</span>}
        </div>
        <div className="row">
          <button type="button" className="btn btn-small" disabled={busy('empty')} onClick={() => void send('empty', 'SendLocalList', { listVersion: next, updateType: 'Full', localAuthorizationList: [] })}>Empty the list (Full, no entries)</button>
          <OutcomeView outcome={outcomes['empty']} />
        </div>
        <p className="small muted">Edit the idTags on the <a href="#/idtags">idTags</a> page first; for any other SendLocalList use the form on the Commands tab.</p>
      </div>
      <LoadState loading={res.loading} error={res.error} empty={(list?.entries.length ?? 0) === 0} emptyText="The local list is empty (or was never sent by ChargeScope)." />
      {list && list.entries.length > 0 && (
        <table className="table">
          <thead><tr><th>idTag</th><th>status</th><th>expiry (UTC)</th><th>parent</th></tr></thead>
          <tbody>
            {list.entries.map((e) => (
              <tr key={e.idTag}>
                <td className="mono">{e.idTag}</td>
                <td>{e.idTagInfo ? <span className={`chip tone-${e.idTagInfo.status === 'Accepted' ? 'ok' : 'bad'}`}>{e.idTagInfo.status}</span> : <span className="muted">—</span>}</td>
                <td className="mono">{dateTime(e.idTagInfo?.expiryDate)}</td>
                <td className="mono">{e.idTagInfo?.parentIdTag ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
