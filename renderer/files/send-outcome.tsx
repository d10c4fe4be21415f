/** The charger's answer to UpdateFirmware / GetDiagnostics, or why the request did not go out. */
import type { CallOutcome } from '../../shared/api/types.ts';

export type SendState =
  | { kind: 'idle' }
  | { kind: 'pending' }
  | { kind: 'answered'; outcome: CallOutcome; location: string }
  | { kind: 'refused'; message: string };

export function SendOutcome({ state, action }: { state: SendState; action: 'UpdateFirmware' | 'GetDiagnostics' }) {
  switch (state.kind) {
    case 'idle': return null;
    case 'pending': return <span className="outcome outcome-pending" data-outcome="pending">waiting for the charger’s {action}.conf…</span>;
    case 'refused': return <span className="outcome outcome-bad" data-outcome="refused" role="alert">{state.message}</span>;
    case 'answered': {
      if ('callError' in state.outcome) {
        const e = state.outcome.callError;
        return <span className="outcome outcome-bad" data-outcome="callError" title={e.errorDescription}>CALLERROR {e.errorCode}{e.errorDescription ? `: ${e.errorDescription}` : ''}</span>;
      }
      const fileName = state.outcome.callResult['fileName'];
      if (action === 'GetDiagnostics') {
        return typeof fileName === 'string'
          ? <span className="outcome outcome-ok" data-outcome="result">accepted: the charger will upload <span className="mono">{fileName}</span></span>
          : <span className="outcome outcome-warn" data-outcome="result">answered without fileName: the charger has no diagnostics to upload</span>;
      }
      return <span className="outcome outcome-ok" data-outcome="result">UpdateFirmware.conf received: follow the download below</span>;
    }
  }
}
