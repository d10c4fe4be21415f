import { useCallback, useEffect, useRef, useState } from 'react';
import type { CsmsAction } from '../../shared/ocpp/actions.ts';
import { sendCommand, type Outcome } from './send.ts';

/** Outcomes of the commands sent from one panel, keyed by the button that sent them. */
export function useCommands(chargerId: string) {
  const [outcomes, setOutcomes] = useState<Record<string, Outcome>>({});
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  const send = useCallback(async (slot: string, action: CsmsAction, payload: Record<string, unknown>): Promise<Outcome> => {
    setOutcomes((o) => ({ ...o, [slot]: { kind: 'pending', action, startedAt: performance.now() } }));
    const out = await sendCommand(chargerId, action, payload);
    if (mounted.current) setOutcomes((o) => ({ ...o, [slot]: out }));
    return out;
  }, [chargerId]);
  const busy = (slot: string) => outcomes[slot]?.kind === 'pending';
  return { outcomes, send, busy };
}
