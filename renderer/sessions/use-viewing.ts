/** Which session is on screen, and whether commands may be offered (only in the live one). */
import type { Session } from '../../shared/api/types.ts';
import { useSite } from '../state/site-context.tsx';

export interface Viewing {
  /** The session on screen (null until the sessions are loaded). */
  session: Session | null;
  /** True when the live session is on screen: the only one that OCPP calls may be sent from. */
  live: boolean;
  /** An imported or re-opened file: read-only (changes answer 409). */
  recording: boolean;
}

export function useViewing(): Viewing {
  const { viewed, scope } = useSite();
  const live = scope === null;
  return { session: viewed, live, recording: Boolean(viewed?.readOnly) && !live };
}
