/**
 * Local Auth List Management: the list and its version the CSMS knows a charger holds (OCPP 1.6 §3.5,
 * §5.10, §5.15; errata 3.52 forbids listVersion 0 and -1 in SendLocalList.req).
 */
import type { LocalListEntry } from '../../../shared/api/types.ts';
import { chargerChangedAfterCommit, type FollowerTable } from './types.ts';

export const localAuthListFollowers = {
  SendLocalList(env, rec, { chargerId, at, request: req, response }) {
    if (response.status !== 'Accepted') return;
    const entries = req.localAuthorizationList ?? [];
    const list: LocalListEntry[] = entries.map((e) => ({ idTag: e.idTag, idTagInfo: e.idTagInfo ?? null }));
    env.store.localList.apply(chargerId, req.updateType, list);
    env.store.chargers.setLocalListVersion(chargerId, req.listVersion, at);
    chargerChangedAfterCommit(env, rec, chargerId);
  },

  GetLocalListVersion(env, rec, { chargerId, at, response }) {
    const { listVersion } = response;
    env.store.chargers.setLocalListVersion(chargerId, listVersion, at);
    chargerChangedAfterCommit(env, rec, chargerId);
  },
} satisfies FollowerTable;
