/**
 * Sessions: one per site visit. Which one is live and which one is on screen, start a new one, edit name, site
 * and notes, view any of them, export, open a file as a recording, delete a recording.
 */
import { Fragment, useState } from 'react';
import type { Session } from '../../shared/api/types.ts';
import { call, describeFailure } from '../api/client.ts';
import { Notice, PageHeader } from '../components/common.tsx';
import { dateTime } from '../components/format.ts';
import { useSite, useSiteState } from '../state/site-context.tsx';
import { ExportPanel } from './export-panel.tsx';
import { SessionReport } from '../commissioning/session-report.tsx';
import { ImportPanel } from './import-panel.tsx';
import { SessionForm, type SessionFields } from './session-form.tsx';
import './sessions.css';

type Open = { id: number; what: 'edit' | 'export' | 'delete' | 'report' } | null;

function Badges({ s, viewed }: { s: Session; viewed: boolean }) {
  return (
    <>
      {s.live && <span className="chip tone-ok" data-badge="live">live</span>}
      {s.readOnly && <span className="chip tone-reserved" data-badge="recording">recording</span>}
      {!s.live && !s.readOnly && <span className="chip tone-quiet" data-badge="ended">ended</span>}
      {viewed && <span className="chip tone-busy" data-badge="viewing">on screen</span>}
    </>
  );
}

function NewSession({ live, onDone }: { live: Session | null; onDone(): void }) {
  const site = useSiteState();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const start = (f: SessionFields) => {
    setBusy(true);
    setError(null);
    call('POST /api/sessions', { body: { name: f.name, ...(f.site ? { site: f.site } : {}), ...(f.notes ? { notes: f.notes } : {}) } }).then(() => {
      site.view(null);
      onDone();
    }, (err: unknown) => setError(describeFailure(err))).finally(() => setBusy(false));
  };
  return (
    <section className="panel" aria-label="Start a new session" data-testid="new-session">
      <h2>Start a new session</h2>
      <SessionForm initial={{ name: `Site visit ${new Date().toISOString().slice(0, 10)}`, site: live?.site ?? '', notes: '' }} submitLabel="Start session" busy={busy} onSubmit={start} onCancel={onDone}>
        <p className="small muted">
          {live ? <>The live session <strong>{live.name}</strong> ends now. </> : null}
          Connected chargers stay connected; from now on what they send belongs to the new session.
        </p>
      </SessionForm>
      {error && <Notice>{error}</Notice>}
    </section>
  );
}

function EditSession({ s, onDone }: { s: Session; onDone(): void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const save = (f: SessionFields) => {
    setBusy(true);
    call('PATCH /api/sessions/:id', { params: { id: String(s.id) }, body: { name: f.name, site: f.site || null, notes: f.notes || null } })
      .then(onDone, (err: unknown) => setError(describeFailure(err))).finally(() => setBusy(false));
  };
  return (
    <>
      <SessionForm initial={{ name: s.name, site: s.site ?? '', notes: s.notes ?? '' }} submitLabel="Save" busy={busy} onSubmit={save} onCancel={onDone} />
      {error && <Notice>{error}</Notice>}
    </>
  );
}

function DeleteSession({ s, onDone }: { s: Session; onDone(): void }) {
  const site = useSiteState();
  const [error, setError] = useState<string | null>(null);
  const remove = () => {
    // A deletion sends no live event: refetch the sessions (a deleted session on screen falls back to the live one).
    call('DELETE /api/sessions/:id', { params: { id: String(s.id) } }).then(() => {
      onDone();
      void site.reload();
    }, (err: unknown) => setError(describeFailure(err)));
  };
  return (
    <div className="row">
      <span>Delete the recording <strong>{s.name}</strong> and everything in it from this computer? The file it came from is not touched.</span>
      <button type="button" className="btn btn-danger" onClick={remove} data-testid="session-delete-confirm">Delete</button>
      <button type="button" className="btn" onClick={onDone}>Keep</button>
      {error && <Notice>{error}</Notice>}
    </div>
  );
}

function SessionRow({ s, viewed, open, setOpen }: { s: Session; viewed: boolean; open: Open; setOpen(o: Open): void }) {
  const site = useSiteState();
  const mine = open?.id === s.id ? open.what : null;
  const toggle = (what: 'edit' | 'export' | 'delete' | 'report') => setOpen(mine === what ? null : { id: s.id, what });
  return (
    <Fragment>
      <tr data-session={s.id} data-live={s.live} data-readonly={s.readOnly} className={viewed ? 'row-viewed' : ''}>
        <td><span className="session-name">{s.name}</span> <Badges s={s} viewed={viewed} /></td>
        <td className="nowrap">{s.site ?? <span className="muted">—</span>}</td>
        <td className="session-notes" title={s.notes ?? ''}>{s.notes ?? <span className="muted">—</span>}</td>
        <td className="mono small nowrap">{dateTime(s.startedAt)}</td>
        <td className="mono small nowrap">
          {s.live ? <span className="muted">running</span> : s.endedAt ? dateTime(s.endedAt) : <span className="muted" title="exported while it was the live session">live at export</span>}
        </td>
        <td className="small">{s.readOnly ? s.source ?? 'imported' : 'this laptop'}</td>
        <td className="nowrap session-actions">
          {!viewed && <button type="button" className="btn btn-small" onClick={() => site.view(s.live ? null : s.id)} data-action="view">View</button>}
          {!s.readOnly && <button type="button" className="btn btn-small" onClick={() => toggle('edit')} data-action="edit">Edit</button>}
          <button type="button" className="btn btn-small" onClick={() => toggle('export')} data-action="export">Export…</button>
          <button type="button" className="btn btn-small" onClick={() => toggle('report')} data-action="report">Report…</button>
          {s.readOnly && <button type="button" className="btn btn-small btn-danger" onClick={() => toggle('delete')} data-action="delete">Delete</button>}
        </td>
      </tr>
      {mine && (
        <tr className="session-open" data-session-open={s.id}>
          <td colSpan={7}>
            {mine === 'edit' && <EditSession s={s} onDone={() => setOpen(null)} />}
            {mine === 'export' && <ExportPanel session={s} />}
            {mine === 'delete' && <DeleteSession s={s} onDone={() => setOpen(null)} />}
            {mine === 'report' && <SessionReport session={s} />}
          </td>
        </tr>
      )}
    </Fragment>
  );
}

export function SessionsView() {
  const { sessions, session: live, viewed, loaded, error } = useSite();
  const [panel, setPanel] = useState<'new' | 'import' | null>(null);
  const [open, setOpen] = useState<Open>(null);
  const list = [...sessions].sort((a, b) => Number(b.live) - Number(a.live) || b.startedAt.localeCompare(a.startedAt) || b.id - a.id);
  return (
    <div className="page sessions-page">
      <PageHeader title="Sessions" sub="A session is one site visit: its frames, chargers, transactions, meter values and findings. View one to see it in every view; export it to share it.">
        <button type="button" className="btn btn-primary" onClick={() => setPanel(panel === 'new' ? null : 'new')} data-testid="new-session-open">Start a new session</button>
        <button type="button" className="btn" onClick={() => setPanel(panel === 'import' ? null : 'import')} data-testid="import-open">Open a file…</button>
      </PageHeader>
      {error && <Notice>{error}</Notice>}
      {panel === 'new' && <NewSession live={live} onDone={() => setPanel(null)} />}
      {panel === 'import' && <ImportPanel />}
      {loaded && list.length === 0 && <p className="empty">No sessions yet.</p>}
      {list.length > 0 && (
        <table className="table sessions" data-testid="sessions">
          <thead><tr><th>name</th><th>site</th><th>notes</th><th>started (UTC)</th><th>ended (UTC)</th><th>source</th><th /></tr></thead>
          <tbody>
            {list.map((s) => <SessionRow key={s.id} s={s} viewed={viewed?.id === s.id} open={open} setOpen={setOpen} />)}
          </tbody>
        </table>
      )}
    </div>
  );
}
