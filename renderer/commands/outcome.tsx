import { useEffect, useState } from 'react';
import { answerSummary, answerTone, type Outcome } from './send.ts';

function Elapsed({ since }: { since: number }) {
  const [now, setNow] = useState(() => performance.now());
  useEffect(() => {
    const t = window.setInterval(() => setNow(performance.now()), 250);
    return () => window.clearInterval(t);
  }, []);
  return <>{((now - since) / 1000).toFixed(1)} s</>;
}

/** pending → the charger's answer, CALLERROR, timeout or "not connected", inline next to the button. */
export function OutcomeView({ outcome }: { outcome: Outcome | undefined }) {
  if (!outcome) return null;
  switch (outcome.kind) {
    case 'pending':
      return <span className="outcome outcome-pending" data-outcome="pending">waiting for the charger… <Elapsed since={outcome.startedAt} /></span>;
    case 'result': {
      const text = answerSummary(outcome.payload);
      const tone = typeof outcome.payload['status'] === 'string' ? answerTone(text) : 'ok';
      return <span className={`outcome outcome-${tone}`} data-outcome="result" title={JSON.stringify(outcome.payload)}>{text || 'answered'} <small>{outcome.ms} ms</small></span>;
    }
    case 'callError':
      return (
        <span className="outcome outcome-bad" data-outcome="callError" title={outcome.error.errorDescription}>
          CALLERROR {outcome.error.errorCode}{outcome.error.errorDescription ? `: ${outcome.error.errorDescription}` : ''}
        </span>
      );
    case 'failed':
      return <span className="outcome outcome-bad" data-outcome={outcome.reason}>{outcome.reason === 'timeout' ? 'timeout: ' : ''}{outcome.message}</span>;
  }
}
