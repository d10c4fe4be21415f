import type { CsmsAction } from '../../../shared/ocpp/actions.ts';
import type { CsmsEnv, Recorder } from '../env.ts';
import { coreFollowers } from './core.ts';
import { localAuthListFollowers } from './local-auth-list.ts';
import { reservationFollowers } from './reservation.ts';
import { smartChargingFollowers } from './smart-charging.ts';
import type { FollowerInput, FollowerTable } from './types.ts';

export type { Follower, FollowerInput, FollowerTable } from './types.ts';
export { bindRemoteStartProfiles } from './smart-charging.ts';

type AnyFollower = (env: CsmsEnv, rec: Recorder, input: FollowerInput) => void;

/**
 * CSMS state that follows a charger's answer to an operator call, one slice per profile. An action has
 * at most one follower: two slices claiming the same action is a bug, found at load.
 */
const followers = mergeSlices([coreFollowers, localAuthListFollowers, reservationFollowers, smartChargingFollowers]);

function mergeSlices(slices: FollowerTable[]): Map<CsmsAction, AnyFollower> {
  const merged = new Map<CsmsAction, AnyFollower>();
  for (const slice of slices) {
    for (const [action, follower] of Object.entries(slice)) {
      if (merged.has(action as CsmsAction)) throw new Error(`two followers for ${action}`);
      merged.set(action as CsmsAction, follower as AnyFollower);
    }
  }
  return merged;
}

/**
 * Runs inside the commit that records the CALLRESULT. Lenient like the rest: a reply that breaks its
 * schema is still followed where it can be (its finding is on the frame). A follower that fails is undone
 * on its own (its savepoint) and reported as a finding: the frame it follows must still be recorded.
 */
export function applyFollower(env: CsmsEnv, rec: Recorder, input: FollowerInput): void {
  const follower = followers.get(input.action);
  if (follower === undefined) return;
  const events = rec.events.length;
  const after = rec.after.length;
  try {
    env.store.db.transaction(() => follower(env, rec, input))();
  } catch (err) {
    rec.events.length = events;
    rec.after.length = after;
    env.store.chargers.forget(input.chargerId);
    if (!env.validator.validate(input.action, 'Response', input.response).valid) {
      rec.finding(input.seq, 'state-not-followed', `ChargeScope could not follow this invalid ${input.action}.conf: its view of ${input.chargerId} is unchanged`, input.at);
      return;
    }
    env.log(`following ${input.action} of ${input.chargerId} failed: ${(err as Error).stack ?? String(err)}`);
    rec.finding(input.seq, 'internal-error', `ChargeScope could not update its view after ${input.action}: ${(err as Error).message}`, input.at);
  }
}
