import type { CsmsAction } from '../../../shared/ocpp/actions.ts';
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

export type Follower = (env: CsmsEnv, rec: Recorder, input: FollowerInput) => void;

/** CSMS state that follows a charger's answer to an operator call; filled per profile. */
const followers: Partial<Record<CsmsAction, Follower>> = {};

/** Runs inside the commit that records the CALLRESULT. */
export function applyFollower(env: CsmsEnv, rec: Recorder, input: FollowerInput): void {
  followers[input.action]?.(env, rec, input);
}
