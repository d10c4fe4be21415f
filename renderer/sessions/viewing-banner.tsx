/**
 * Above every view while a session other than the live one is on screen: which one, from when to when, where it
 * came from, and that nothing can be sent from it. One click goes back to the live session.
 */
import type { Recording, Session } from '../../shared/api/types.ts';
import { readingNotes } from './import-reading.tsx';
import { useResource } from '../api/live.tsx';
import { dateTime } from '../components/format.ts';
import { useSiteState } from '../state/site-context.tsx';
import { useViewing } from './use-viewing.ts';
import './sessions.css';

const FORMAT_LABEL: Record<Recording['format'], string> = {
  chargescope: 'ChargeScope export', 'trace-jsonl': 'OCPP Trace Format JSONL', jsonl: 'JSONL of frames', 'text-log': 'text log',
};

/** "app.chargescope, ChargeScope export of 2025-01-01 10:00:00Z, anonymized" */
export function sourceText(session: Session, rec: Recording | undefined): string {
  const parts = [rec?.fileName ?? session.source ?? 'imported file'];
  if (rec) parts.push(rec.exportedAt ? `${FORMAT_LABEL[rec.format]} of ${dateTime(rec.exportedAt)}` : rec.reading?.title ?? FORMAT_LABEL[rec.format]);
  if (rec?.reading) parts.push(...readingNotes(rec.reading));
  if (rec?.anonymized) parts.push('anonymized');
  return parts.join(', ');
}

/** When a recording ends: its end, else when it was exported (it was still live then), else when it was imported. */
export function recordingEnd(session: Session, rec: Recording | undefined): string {
  if (session.endedAt) return dateTime(session.endedAt);
  if (rec?.exportedAt) return `${dateTime(rec.exportedAt)} (exported while live)`;
  return 'its last frame';
}

function RecordingBanner({ session, onLive }: { session: Session; onLive: () => void }) {
  const rec = useResource('GET /api/sessions/:id/recording', { params: { id: String(session.id) } });
  return (
    <div className="view-banner view-banner-recording" role="status" data-testid="viewing-banner" data-session={session.id} data-kind="recording">
      <span className="view-banner-badge">Recording</span>
      <span className="view-banner-text">
        Recording <strong>{session.name}</strong> from <span className="mono">{dateTime(session.startedAt)}</span> to{' '}
        <span className="mono">{recordingEnd(session, rec.data)}</span> ({sourceText(session, rec.data)}) — read-only
      </span>
      <span className="view-banner-note">No OCPP call is sent from a recording.</span>
      <button type="button" className="btn btn-small" onClick={onLive}>Back to the live session</button>
    </div>
  );
}

function PastBanner({ session, onLive }: { session: Session; onLive: () => void }) {
  return (
    <div className="view-banner view-banner-past" role="status" data-testid="viewing-banner" data-session={session.id} data-kind="past">
      <span className="view-banner-badge">Past session</span>
      <span className="view-banner-text">
        Session <strong>{session.name}</strong>{session.site ? ` at ${session.site}` : ''} from <span className="mono">{dateTime(session.startedAt)}</span> to{' '}
        <span className="mono">{dateTime(session.endedAt)}</span> — commands are offered only in the live session
      </span>
      <button type="button" className="btn btn-small" onClick={onLive}>Back to the live session</button>
    </div>
  );
}

export function ViewingBanner() {
  const site = useSiteState();
  const { session, live, recording } = useViewing();
  if (live || !session) return null;
  const onLive = () => site.view(null);
  return recording ? <RecordingBanner key={session.id} session={session} onLive={onLive} /> : <PastBanner session={session} onLive={onLive} />;
}
