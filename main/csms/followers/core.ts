/**
 * Core profile: the configuration the CSMS knows a charger holds, after GetConfiguration and
 * ChangeConfiguration (OCPP 1.6 §5.3, §5.8, §9.1), and the Basic Auth password after a ChangeConfiguration
 * of AuthorizationKey (security whitepaper A01.FR.03–04, OCTT TC_073).
 */
import { hashAuthorizationKey } from '../auth.ts';
import { chargerChangedAfterCommit, type FollowerTable } from './types.ts';

/** Write-only keys: their value is never stored or shown (security whitepaper §7, J-ERR 3.12). */
const SECRET_KEYS = new Set(['AuthorizationKey']);

export const coreFollowers = {
  GetConfiguration(env, rec, { chargerId, seq, at, request: req, response: res }) {
    for (const k of res.configurationKey ?? []) {
      const secret = SECRET_KEYS.has(k.key);
      if (secret && k.value !== undefined && k.value !== '') {
        rec.finding(seq, 'secret-key-readable', 'warning', `GetConfiguration reveals the value of ${k.key}, a write-only key (security whitepaper §7); ChargeScope does not store it`, at);
      }
      env.store.configuration.upsert(chargerId, { key: k.key, value: secret ? null : k.value ?? null, readonly: k.readonly, unknown: false }, at);
    }
    for (const key of res.unknownKey ?? []) {
      env.store.configuration.upsert(chargerId, { key, value: null, readonly: null, unknown: true }, at);
    }
    const asked = req.key ?? [];
    if (asked.length > 0) {
      const answered = new Set([...(res.configurationKey ?? []).map((k) => k.key), ...(res.unknownKey ?? [])]);
      const missing = asked.filter((k) => !answered.has(k));
      if (missing.length > 0) {
        rec.finding(seq, 'configuration-key-missing', 'warning', `GetConfiguration asked for ${missing.join(', ')}, which the charger reported neither in configurationKey nor in unknownKey (OCPP 1.6 §6.23)`, at);
      }
    }
  },

  ChangeConfiguration(env, rec, { chargerId, seq, at, request, response }) {
    const { key, value } = request;
    const { status } = response;
    const secret = SECRET_KEYS.has(key);
    if (status === 'Accepted' || status === 'RebootRequired') {
      env.store.configuration.upsert(chargerId, { key, value: secret ? null : value, readonly: null, unknown: false, lastChange: status }, at);
    } else if (status === 'NotSupported') {
      env.store.configuration.upsert(chargerId, { key, value: null, readonly: null, unknown: true, lastChange: status }, at);
    }
    if (key !== 'AuthorizationKey') return;
    if (status === 'Accepted') {
      // From now on the charger presents the new key; the old one is refused (A01.FR.03).
      env.store.chargers.setPasswordHash(chargerId, hashAuthorizationKey(value), at);
      chargerChangedAfterCommit(env, rec, chargerId);
      rec.finding(seq, 'authorization-key-changed', 'info', 'AuthorizationKey Accepted: the charger\'s Basic Auth password is now the new key', at);
    } else if (status === 'RebootRequired') {
      rec.finding(seq, 'authorization-key-reboot', 'warning', 'AuthorizationKey answered RebootRequired: the stored Basic Auth password was not changed; after the reboot set it with PUT /api/chargers/:id/auth if the charger uses the new key', at);
    }
  },
} satisfies FollowerTable;
