/** The trace's filters and the one predicate used both for live append and for a refresh. */
import type { Frame } from '../../shared/api/types.ts';
import { onLeg, type Leg } from '../proxy/relay-labels.ts';

export interface TraceFilter {
  /** Fixed for a charger's own trace; a choice on the site-wide trace. */
  chargerId: string;
  action: string;
  direction: '' | 'in' | 'out';
  onlyInvalid: boolean;
  text: string;
  /** Proxy mode: both legs, the back-end leg (relayed frames) or the charger's leg alone (local, injected). */
  leg: Leg;
}

export const EMPTY_FILTER: TraceFilter = { chargerId: '', action: '', direction: '', onlyInvalid: false, text: '', leg: '' };

export function isFiltered(f: TraceFilter, fixedCharger: boolean): boolean {
  return Boolean((!fixedCharger && f.chargerId) || f.action || f.direction || f.onlyInvalid || f.text || f.leg);
}

export function makePredicate(f: TraceFilter): (frame: Frame) => boolean {
  const text = f.text.trim().toLowerCase();
  return (frame) => {
    if (f.chargerId && frame.chargerId !== f.chargerId) return false;
    if (f.action && frame.action !== f.action) return false;
    if (f.direction && frame.direction !== f.direction) return false;
    if (f.onlyInvalid && frame.valid) return false;
    if (f.leg && !onLeg(frame, f.leg)) return false;
    if (text && !frame.raw.toLowerCase().includes(text) && !frame.chargerId.toLowerCase().includes(text)) return false;
    return true;
  };
}
