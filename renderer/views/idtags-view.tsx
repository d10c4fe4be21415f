/** The CSMS's idTag list: what Authorize / StartTransaction are answered with, and the source of local lists. */
import { useState } from 'react';
import type { IdTag, IdTagStatus } from '../../shared/api/types.ts';
import { call, describeFailure } from '../api/client.ts';
import { useResource } from '../api/live.tsx';
import { LoadState, Notice, PageHeader } from '../components/common.tsx';
import { idTagProblem } from '../components/id-tag.ts';
import { dateTime } from '../components/format.ts';
import { useSite } from '../state/site-context.tsx';

const STATUSES: IdTagStatus[] = ['Accepted', 'Blocked', 'Expired', 'Invalid'];

/** datetime-local value (local time) ↔ ISO UTC. */
function toLocalInput(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}
function fromLocalInput(v: string): string | null {
  return v ? new Date(v).toISOString() : null;
}

interface Draft { idTag: string; status: IdTagStatus; expiry: string; parent: string }
const emptyDraft: Draft = { idTag: '', status: 'Accepted', expiry: '', parent: '' };

export function IdTagsView() {
  const res = useResource('GET /api/idtags', {});
  const { settings } = useSite();
  const [draft, setDraft] = useState<Draft>(emptyDraft);
  const [editing, setEditing] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function put(idTag: string, status: IdTagStatus, expiryDate: string | null, parentIdTag: string | null) {
    setBusy(true);
    try {
      await call('PUT /api/idtags/:idTag', { params: { idTag }, body: { status, expiryDate, parentIdTag } });
      setError(null);
      res.reload();
      return true;
    } catch (err) {
      setError(describeFailure(err));
      return false;
    } finally {
      setBusy(false);
    }
  }
  async function remove(idTag: string) {
    try {
      await call('DELETE /api/idtags/:idTag', { params: { idTag } });
      res.reload();
    } catch (err) {
      setError(describeFailure(err));
    }
  }
  const edit = (t: IdTag) => {
    setEditing(t.idTag);
    setDraft({ idTag: t.idTag, status: t.status, expiry: toLocalInput(t.expiryDate), parent: t.parentIdTag ?? '' });
  };
  const submit = async () => {
    const ok = await put(draft.idTag.trim(), draft.status, fromLocalInput(draft.expiry), draft.parent.trim() || null);
    if (ok) {
      setDraft(emptyDraft);
      setEditing(null);
    }
  };
  const list = res.data ?? [];
  const tagProblem = idTagProblem(draft.idTag);
  const parentProblem = idTagProblem(draft.parent, false);
  return (
    <div className="page">
      <PageHeader title="idTags" sub={<>Answers to Authorize and StartTransaction. Tags not listed here are answered {settings ? <strong>{settings.unknownIdTags === 'accept' ? 'Accepted' : 'Invalid'}</strong> : '…'} (Settings → unknown idTags).</>} />
      <form className="panel add-form" onSubmit={(e) => { e.preventDefault(); void submit(); }} aria-label="add or edit an idTag">
        <h2>{editing ? `Edit ${editing}` : 'Add an idTag'}</h2>
        <div className="row">
          <label>idTag<input value={draft.idTag} required disabled={editing !== null} onChange={(e) => setDraft({ ...draft, idTag: e.target.value })} placeholder="up to 20 characters" aria-invalid={tagProblem !== null && draft.idTag !== ''} aria-label="idTag" /></label>
          <label>status<select value={draft.status} onChange={(e) => setDraft({ ...draft, status: e.target.value as IdTagStatus })}>{STATUSES.map((s) => <option key={s}>{s}</option>)}</select></label>
          <label>expiry (your local time)<input type="datetime-local" value={draft.expiry} onChange={(e) => setDraft({ ...draft, expiry: e.target.value })} /></label>
          <label>parent idTag<input value={draft.parent} onChange={(e) => setDraft({ ...draft, parent: e.target.value })} placeholder="optional" aria-invalid={parentProblem !== null} aria-label="parent idTag" /></label>
          <button type="submit" className="btn btn-primary" disabled={busy || tagProblem !== null || parentProblem !== null}>{editing ? 'Save' : 'Add'}</button>
          {editing && <button type="button" className="btn" onClick={() => { setEditing(null); setDraft(emptyDraft); }}>Cancel</button>}
        </div>
        {draft.idTag !== '' && tagProblem && <p className="field-error" role="alert" data-testid="idtag-problem">{tagProblem}</p>}
        {parentProblem && <p className="field-error" role="alert">parent {parentProblem}</p>}
      </form>
      {error && <Notice>{error}</Notice>}
      <LoadState loading={res.loading} error={res.error} empty={list.length === 0} emptyText="No idTags yet. Add the tags you will test with; use Blocked / Expired to test refusals." />
      {list.length > 0 && (
        <table className="table" data-testid="idtag-table">
          <thead><tr><th>idTag</th><th>status</th><th>expiry (UTC)</th><th>parent</th><th>updated (UTC)</th><th /></tr></thead>
          <tbody>
            {list.map((t) => {
              const expired = t.expiryDate !== null && new Date(t.expiryDate).getTime() < Date.now();
              return (
                <tr key={t.idTag} data-idtag={t.idTag}>
                  <td className="mono">{t.idTag}</td>
                  <td><span className={`chip tone-${t.status === 'Accepted' ? 'ok' : 'bad'}`}>{t.status}</span></td>
                  <td className="mono">{dateTime(t.expiryDate)}{expired && <span className="chip tone-warn">past</span>}</td>
                  <td className="mono">{t.parentIdTag ?? '—'}</td>
                  <td className="mono small">{dateTime(t.updatedAt)}</td>
                  <td className="actions">
                    <button type="button" className="btn btn-small" onClick={() => edit(t)}>Edit</button>
                    {t.status !== 'Blocked' && <button type="button" className="btn btn-small" onClick={() => void put(t.idTag, 'Blocked', t.expiryDate, t.parentIdTag)}>Block</button>}
                    {t.status !== 'Accepted' && <button type="button" className="btn btn-small" onClick={() => void put(t.idTag, 'Accepted', t.expiryDate, t.parentIdTag)}>Accept</button>}
                    <button type="button" className="btn btn-small" onClick={() => void put(t.idTag, 'Expired', new Date().toISOString(), t.parentIdTag)}>Expire now</button>
                    <button type="button" className="btn btn-small btn-danger" onClick={() => void remove(t.idTag)}>Delete</button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </div>
  );
}
