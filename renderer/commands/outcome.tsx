import { useEffect, useState } from 'react';
import { useNow } from '../components/hooks.ts';
import { answerSummary, answerTone, type Outcome } from './send.ts';

function Elapsed({ since }: { since: number }) {
  const [now, setNow] = useState(() => performance.now());
  useEffect(() => {
    const t = window.setInterval(() => setNow(performance.now()), 250);
    return () => window.clearInterval(t);
  }, []);
  return <>{((now - since) / 1000).toFixed(1)} s</>;
}

/** After this, an answer is old news: it is shown faded, with its age, so it is not read as the charger's state now. */
export const STALE_MS = 30_000;

/** "just now", "12 s ago", "3 min ago": an answer is a moment, not a state. */
export function answerAge(at: number, now: number): string {
  const s = Math.max(0, Math.round((now - at) / 1000));
  if (s < 5) return 'just now';
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  return `${Math.floor(s / 3600)} h ago`;
}

function Age({ at }: { at: number }) {
  const now = useNow(1000);
  return <small className="outcome-age" title={`answered at ${new Date(at).toISOString()} (UTC); the charger's own answer time is in the command history`}>{answerAge(at, now)}</small>;
}

/**
 * pending → the charger's answer, CALLERROR, timeout or "not connected", inline next to the button, with its age
 * (faded after 30 s). No latency here: the command history shows the one figure, the charger's answer time.
 */
export function OutcomeView({ outcome }: { outcome: Outcome | undefined }) {
  const now = useNow(5000);
  if (!outcome) return null;
  const stale = outcome.kind !== 'pending' && now - outcome.at > STALE_MS ? ' outcome-stale' : '';
  switch (outcome.kind) {
    case 'pending':
      return <span className="outcome outcome-pending" data-outcome="pending">waiting for the charger… <Elapsed since={outcome.startedAt} /></span>;
    case 'result': {
      const text = answerSummary(outcome.payload);
      const tone = typeof outcome.payload['status'] === 'string' ? answerTone(text) : 'ok';
      return <span className={`outcome outcome-${tone}${stale}`} data-outcome="result" title={JSON.stringify(outcome.payload)}>{text || 'answered'} <Age at={outcome.at} /></span>;
    }
    case 'callError':
      return (
        <span className={`outcome outcome-bad${stale}`} data-outcome="callError" title={outcome.error.errorDescription}>
          CALLERROR {outcome.error.errorCode}{outcome.error.errorDescription ? `: ${outcome.error.errorDescription}` : ''} <Age at={outcome.at} />
        </span>
      );
    case 'failed':
      return <span className={`outcome outcome-bad${stale}`} data-outcome={outcome.reason}>{outcome.reason === 'timeout' ? 'timeout: ' : ''}{outcome.message} <Age at={outcome.at} /></span>;
  }
}
