import { useCallback, useEffect, useRef, useState } from 'react';
import type { CsmsAction } from '../../shared/ocpp/actions.ts';
import type { Transaction } from '../../shared/api/types.ts';
import { call } from '../api/client.ts';
import { confirmDisruption } from './confirm.tsx';
import { disruption } from './disruptive.ts';
import { sendCommand, type Outcome } from './send.ts';

const MAY_DISRUPT = new Set<string>(['Reset', 'ChangeAvailability', 'ClearChargingProfile', 'SendLocalList']);

/** The charger's open transactions in the live session (what a Reset Hard or Inoperative would interrupt). */
async function openTransactions(chargerId: string): Promise<Transaction[]> {
  try {
    return (await call('GET /api/transactions', { query: { charger: chargerId } })).filter((t) => t.stoppedAt === null);
  } catch {
    // Unknown: ask anyway for Reset Hard / Inoperative rather than send unasked.
    return [];
  }
}

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
    // Disruptive commands are named and confirmed first (Reset Hard during a transaction, Inoperative, …).
    if (MAY_DISRUPT.has(action)) {
      const open = action === 'Reset' || action === 'ChangeAvailability' ? await openTransactions(chargerId) : [];
      const text = disruption(chargerId, action, payload, open);
      if (text !== null && !(await confirmDisruption(action, text))) {
        const cancelled: Outcome = { kind: 'failed', action, reason: 'refused', message: 'not sent: cancelled', ms: 0, at: Date.now() };
        if (mounted.current) setOutcomes((o) => ({ ...o, [slot]: cancelled }));
        return cancelled;
      }
    }
    setOutcomes((o) => ({ ...o, [slot]: { kind: 'pending', action, startedAt: performance.now() } }));
    const out = await sendCommand(chargerId, action, payload);
    if (mounted.current) setOutcomes((o) => ({ ...o, [slot]: out }));
    return out;
  }, [chargerId]);
  const busy = (slot: string) => outcomes[slot]?.kind === 'pending';
  return { outcomes, send, busy };
}
