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
    if (key === 'SecurityProfile') return followSecurityProfile(env, rec, chargerId, seq, at, value, status);
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

const PROFILE_NEEDS = ['no Basic Auth and no TLS', 'Basic Auth over ws://', 'Basic Auth over wss:// (TLS)', 'a client certificate over wss:// (TLS)'];

/**
 * A charger that accepted SecurityProfile N connects from its next connection on at that level (security whitepaper
 * §2.4, §3): ChargeScope then refuses a connection below it (OCTT TC_083). A lower value is a downgrade the charger
 * should have rejected; it is followed (the charger will use it) and reported.
 */
function followSecurityProfile(env: CsmsEnv, rec: Recorder, chargerId: string, seq: number, at: string, value: string, status: string): void {
  if (status !== 'Accepted' && status !== 'RebootRequired') return;
  const profile = /^[0-3]$/.test(value.trim()) ? Number(value.trim()) : null;
  if (profile === null) {
    rec.finding(seq, 'security-profile-invalid', 'warning', `SecurityProfile ${JSON.stringify(value)} was ${status}, but profiles are 0 to 3; ChargeScope keeps what it knew`, at);
    return;
  }
  const before = env.store.chargers.get(chargerId)?.securityProfile ?? null;
  env.store.chargers.setSecurityProfile(chargerId, profile, at);
  chargerChangedAfterCommit(env, rec, chargerId);
  if (before !== null && profile < before) {
    rec.finding(seq, 'security-profile-downgrade', 'warning', `SecurityProfile lowered from ${before} to ${profile} and the charger answered ${status}: a charger shall not accept a downgrade (security whitepaper §2.4)`, at);
  }
  rec.finding(seq, 'security-profile-set', 'info', `SecurityProfile ${profile} ${status}: from its next connection the charger must use ${PROFILE_NEEDS[profile]}; ChargeScope refuses connections below that (clear it with DELETE /api/chargers/:id/auth)`, at);
}
