/** The Sessions view's Report: pick one of the session's chargers, then its commissioning report. */
import { useEffect, useState } from 'react';
import type { Session } from '../../shared/api/types.ts';
import { call, describeFailure } from '../api/client.ts';
import { ReportPanel } from './report-panel.tsx';

export function SessionReport({ session }: { session: Session }) {
  const [ids, setIds] = useState<string[] | null>(null);
  const [picked, setPicked] = useState<string>('');
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    call('GET /api/sessions/:id/chargers', { params: { id: String(session.id) } }).then((list) => {
      setIds(list.map((c) => c.id));
      setPicked(list[0]?.id ?? '');
    }, (e: unknown) => setError(describeFailure(e)));
  }, [session.id]);
  if (error) return <p className="error">{error}</p>;
  if (ids === null) return <p className="muted">Loading…</p>;
  if (ids.length === 0) return <p className="muted">No charger in this session.</p>;
  return (
    <div className="session-report" data-testid="session-report">
      <label>Charger{' '}
        <select value={picked} onChange={(e) => setPicked(e.target.value)} data-field="report-charger">
          {ids.map((id) => <option key={id} value={id}>{id}</option>)}
        </select>
      </label>
      {picked && <ReportPanel key={picked} chargerId={picked} sessionId={session.live ? null : session.id} />}
    </div>
  );
}
