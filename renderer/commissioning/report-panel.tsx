/** The commissioning report of one charger in one session: the cover fields (editable) and the two downloads. */
import { useEffect, useState } from 'react';
import { call, describeFailure } from '../api/client.ts';

async function download(chargerId: string, sessionId: number | null, format: 'html' | 'pdf'): Promise<void> {
  const bytes = await call('GET /api/chargers/:id/report', { params: { id: chargerId }, query: { format, ...(sessionId !== null ? { session: sessionId } : {}) } });
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: format === 'html' ? 'text/html' : 'application/pdf' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = `commissioning-${chargerId.replace(/[^A-Za-z0-9._-]/g, '_')}${sessionId !== null ? `-session${sessionId}` : ''}.${format}`;
  document.body.appendChild(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function ReportPanel({ chargerId, sessionId }: { chargerId: string; sessionId: number | null }) {
  const [notes, setNotes] = useState({ engineer: '', site: '', notes: '' });
  const [state, setState] = useState<string | null>(null);
  const query = sessionId !== null ? { session: sessionId } : {};
  useEffect(() => {
    call('GET /api/chargers/:id/report-notes', { params: { id: chargerId }, query: sessionId !== null ? { session: sessionId } : {} })
      .then(setNotes, (e: unknown) => setState(describeFailure(e)));
  }, [chargerId, sessionId]);
  const save = async (): Promise<boolean> => {
    try {
      await call('PUT /api/chargers/:id/report-notes', { params: { id: chargerId }, query, body: notes });
      return true;
    } catch (e) {
      setState(describeFailure(e));
      return false;
    }
  };
  const get = async (format: 'html' | 'pdf') => {
    setState(`Making the ${format.toUpperCase()}…`);
    if (!(await save())) return;
    try {
      await download(chargerId, sessionId, format);
      setState(`Report saved (${format.toUpperCase()}).`);
    } catch (e) {
      setState(describeFailure(e));
    }
  };
  return (
    <section className="panel report-panel" aria-label="Commissioning report" data-testid="report-panel">
      <h2>Commissioning report</h2>
      <div className="report-fields">
        <label>Engineer<input value={notes.engineer} maxLength={200} onChange={(e) => setNotes({ ...notes, engineer: e.target.value })} data-field="engineer" /></label>
        <label>Site<input value={notes.site} maxLength={200} onChange={(e) => setNotes({ ...notes, site: e.target.value })} data-field="site" /></label>
        <label className="report-notes">Notes<textarea value={notes.notes} maxLength={10_000} rows={3} onChange={(e) => setNotes({ ...notes, notes: e.target.value })} data-field="notes" /></label>
      </div>
      <div className="report-actions">
        <button type="button" className="btn btn-primary" onClick={() => void get('html')} data-action="report-html">Download HTML</button>
        <button type="button" className="btn" onClick={() => void get('pdf')} data-action="report-pdf">Download PDF</button>
        {state && <span className="muted small" role="status">{state}</span>}
      </div>
    </section>
  );
}
