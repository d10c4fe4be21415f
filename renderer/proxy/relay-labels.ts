/** How the trace names a frame's way in proxy mode: relayed (charger ↔ back-end), injected, or local. */
import type { Frame } from '../../shared/api/types.ts';

/** CP = the charger, CS = ChargeScope, BE = the back-end. */
export function routeLabel(frame: Pick<Frame, 'direction' | 'relay'>): string {
  if (frame.relay === 'charger') return 'CP→BE';
  if (frame.relay === 'backend') return 'BE→CP';
  return frame.direction === 'in' ? 'CP→CS' : 'CS→CP';
}

export function routeText(frame: Pick<Frame, 'direction' | 'relay'>): string {
  if (frame.relay === 'charger') return 'from the charger, relayed to its back-end';
  if (frame.relay === 'backend') return 'from the back-end, relayed to the charger';
  if (frame.relay === 'injected') return frame.direction === 'out' ? "injected by the engineer: ChargeScope's own call, not relayed" : 'the charger’s answer to an injected call, not relayed';
  return frame.direction === 'in' ? 'from the charger' : 'to the charger';
}

/** The trace's leg filter: `backend` keeps the relayed frames (they crossed the back-end leg), `charger` the rest. */
export type Leg = '' | 'backend' | 'charger';

export function onLeg(frame: Pick<Frame, 'relay'>, leg: Leg): boolean {
  if (leg === '') return true;
  const relayed = frame.relay === 'charger' || frame.relay === 'backend';
  return leg === 'backend' ? relayed : !relayed;
}
