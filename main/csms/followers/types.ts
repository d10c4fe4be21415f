import type { CsmsAction } from '../../../shared/ocpp/actions.ts';
import type { OutgoingPayloads } from '../../../shared/ocpp/payloads.ts';
import type { Payload } from '../../ocpp/frame.ts';
import type { CsmsEnv, Recorder } from '../env.ts';

export interface FollowerInput {
  chargerId: string;
  /** seq of the CALLRESULT frame. */
  seq: number;
  at: string;
  action: CsmsAction;
  request: Payload;
  response: Payload;
}

/** What one follower sees: the request it sent and the (schema-valid) reply, typed for its action. */
export type TypedInput<A extends CsmsAction> = Omit<FollowerInput, 'action' | 'request' | 'response'> & {
  action: A;
  request: OutgoingPayloads[A]['req'];
  response: OutgoingPayloads[A]['res'];
};

export type Follower<A extends CsmsAction = CsmsAction> = (env: CsmsEnv, rec: Recorder, input: TypedInput<A>) => void;

/** One profile's followers: each profile file exports its slice, index.ts merges them. */
export type FollowerTable = { [A in CsmsAction]?: Follower<A> };

/** Re-publishes the charger view (local list version, password flag) once the commit is done. */
export function chargerChangedAfterCommit(env: CsmsEnv, rec: Recorder, chargerId: string): void {
  rec.after.push(() => env.hooks.chargerChanged?.(chargerId));
}
