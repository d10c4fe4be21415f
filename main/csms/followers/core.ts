/**
 * Core profile: the configuration the CSMS knows a charger holds, after GetConfiguration and
 * ChangeConfiguration (OCPP 1.6 §5.3, §5.8, §9.1), and the Basic Auth password after a ChangeConfiguration
 * of AuthorizationKey (security whitepaper A01.FR.03–04, OCTT TC_073).
 */
import { hashAuthorizationKey } from '../auth.ts';
import type { CsmsEnv, Recorder } from '../env.ts';
import { chargerChangedAfterCommit, type FollowerTable } from './types.ts';

/** Write-only keys: their value is never stored or shown (security whitepaper §7, J-ERR 3.12). */
const SECRET_KEYS = new Set(['AuthorizationKey']);

export const coreFollowers = {
  GetConfiguration(env, _rec, { chargerId, at, response: res }) {
    for (const k of res.configurationKey ?? []) {
      const secret = SECRET_KEYS.has(k.key);
      env.store.configuration.upsert(chargerId, { key: k.key, value: secret ? null : k.value ?? null, readonly: k.readonly, unknown: false }, at);
    }
    for (const key of res.unknownKey ?? []) {
      env.store.configuration.upsert(chargerId, { key, value: null, readonly: null, unknown: true }, at);
    }
  },

  ChangeConfiguration(env, rec, { chargerId, at, request, response }) {
    const { key, value } = request;
    const { status } = response;
    const secret = SECRET_KEYS.has(key);
    if (status === 'Accepted' || status === 'RebootRequired') {
      env.store.configuration.upsert(chargerId, { key, value: secret ? null : value, readonly: null, unknown: false, lastChange: status }, at);
    } else if (status === 'NotSupported') {
      env.store.configuration.upsert(chargerId, { key, value: null, readonly: null, unknown: true, lastChange: status }, at);
    }
    if (key === 'SecurityProfile') return followSecurityProfile(env, rec, chargerId, at, value, status);
    if (key === 'AuthorizationKey' && status === 'Accepted') {
      // From now on the charger presents the new key; the old one is refused (A01.FR.03).
      env.store.chargers.setPasswordHash(chargerId, hashAuthorizationKey(value), at);
      chargerChangedAfterCommit(env, rec, chargerId);
    }
  },
} satisfies FollowerTable;

/**
 * A charger that accepted SecurityProfile N connects from its next connection on at that level (security whitepaper
 * §2.4, §3): ChargeScope then refuses a connection below it (OCTT TC_083). A lower value is a downgrade the charger
 * should have rejected; it is followed (the charger will use it) and reported.
 */
function followSecurityProfile(env: CsmsEnv, rec: Recorder, chargerId: string, at: string, value: string, status: string): void {
  if (status !== 'Accepted' && status !== 'RebootRequired') return;
  const profile = /^[0-3]$/.test(value.trim()) ? Number(value.trim()) : null;
  if (profile === null) return;
  env.store.chargers.setSecurityProfile(chargerId, profile, at);
  chargerChangedAfterCommit(env, rec, chargerId);
}
