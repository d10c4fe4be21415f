/**
 * Local Auth List Management: the list and its version the CSMS knows a charger holds (OCPP 1.6 §3.5,
 * §5.10, §5.15; errata 3.52 forbids listVersion 0 and -1 in SendLocalList.req).
 */
import type { LocalListEntry } from '../../../shared/api/types.ts';
import { chargerChangedAfterCommit, type FollowerTable } from './types.ts';

export const localAuthListFollowers = {
  SendLocalList(env, rec, { chargerId, seq, at, request: req, response }) {
    const { status } = response;
    const accepted = status === 'Accepted';
    const known = env.store.chargers.get(chargerId)?.localListVersion ?? 0;
    const outcome = accepted ? 'and the charger accepted it' : `(the charger answered ${status})`;
    if (req.listVersion === 0 || req.listVersion === -1) {
      rec.finding(seq, 'local-list-version-reserved', 'warning', `SendLocalList used listVersion ${req.listVersion}, which means "${req.listVersion === 0 ? 'no list' : 'not supported'}" and SHALL NOT be sent (errata 3.52) ${outcome}`, at);
    } else if (req.updateType === 'Differential' && req.listVersion <= known) {
      rec.finding(seq, 'local-list-version-not-increased', 'warning', `Differential SendLocalList with listVersion ${req.listVersion}, not above the known version ${known} (OCPP 1.6 §3.5.3: each update raises the version) ${outcome}`, at);
    }
    const entries = req.localAuthorizationList ?? [];
    if (req.updateType === 'Full') {
      const bare = entries.filter((e) => e.idTagInfo === undefined).map((e) => e.idTag);
      if (bare.length > 0) {
        rec.finding(seq, 'local-list-full-without-info', 'warning', `Full SendLocalList entries without idTagInfo (required for Full, OCPP 1.6 §7.2): ${bare.join(', ')}; they are not in the list`, at);
      }
    }
    if (!accepted) return;
    const list: LocalListEntry[] = entries.map((e) => ({ idTag: e.idTag, idTagInfo: e.idTagInfo ?? null }));
    env.store.localList.apply(chargerId, req.updateType, list);
    env.store.chargers.setLocalListVersion(chargerId, req.listVersion, at);
    chargerChangedAfterCommit(env, rec, chargerId);
  },

  GetLocalListVersion(env, rec, { chargerId, seq, at, response }) {
    const { listVersion } = response;
    const sent = env.store.commands.lastAnswered(chargerId, 'SendLocalList', 'Accepted');
    const sentVersion = sent ? (sent.request as { listVersion?: unknown }).listVersion : undefined;
    if (typeof sentVersion === 'number' && sentVersion !== listVersion) {
      rec.finding(seq, 'local-list-version-mismatch', 'warning', `the charger reports local list version ${listVersion}, but the last list it accepted from this CSMS had version ${sentVersion}${listVersion === -1 ? ' (-1: it says it does not support a local list)' : listVersion === 0 ? ' (0: it says it has no list)' : ''}`, at);
    }
    env.store.chargers.setLocalListVersion(chargerId, listVersion, at);
    chargerChangedAfterCommit(env, rec, chargerId);
  },
} satisfies FollowerTable;
