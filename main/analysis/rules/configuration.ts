/**
 * Configuration: what the charger reports and accepts (OCPP 1.6 §5.3, §5.8, §9), its write-only key, its Basic Auth
 * password and security profile (security whitepaper §2, §7, A01).
 */
import type { ChangeConfigurationRequest, GetConfigurationRequest, GetConfigurationResponse } from '../../../shared/ocpp/payloads.ts';
import type { CheckContext, RuleFamily } from '../types.ts';
import { setInterval } from './charger.ts';

const SECRET_KEYS = new Set(['AuthorizationKey']);

/** Keys each feature profile requires (OCPP 1.6 §9.1–9.4; StopTransactionOnEVSideDisconnect optional since errata 3.80). */
export const REQUIRED_KEYS: Record<string, readonly string[]> = {
  Core: ['AuthorizeRemoteTxRequests', 'ClockAlignedDataInterval', 'ConnectionTimeOut', 'ConnectorPhaseRotation', 'GetConfigurationMaxKeys', 'HeartbeatInterval',
    'LocalAuthorizeOffline', 'LocalPreAuthorize', 'MeterValuesAlignedData', 'MeterValuesSampledData', 'MeterValueSampleInterval', 'NumberOfConnectors',
    'ResetRetries', 'StopTransactionOnInvalidId', 'StopTxnAlignedData', 'StopTxnSampledData', 'SupportedFeatureProfiles', 'TransactionMessageAttempts',
    'TransactionMessageRetryInterval', 'UnlockConnectorOnEVSideDisconnect'],
  LocalAuthListManagement: ['LocalAuthListEnabled', 'LocalAuthListMaxLength', 'SendLocalListMaxLength'],
  SmartCharging: ['ChargeProfileMaxStackLevel', 'ChargingScheduleAllowedChargingRateUnit', 'ChargingScheduleMaxPeriods', 'MaxChargingProfilesInstalled'],
};

const INTEGER_KEYS = new Set(['HeartbeatInterval', 'MeterValueSampleInterval', 'ClockAlignedDataInterval', 'ConnectionTimeOut', 'NumberOfConnectors', 'ResetRetries',
  'TransactionMessageAttempts', 'TransactionMessageRetryInterval', 'GetConfigurationMaxKeys', 'LocalAuthListMaxLength', 'SendLocalListMaxLength',
  'ChargeProfileMaxStackLevel', 'ChargingScheduleMaxPeriods', 'MaxChargingProfilesInstalled', 'WebSocketPingInterval', 'MinimumStatusDuration',
  'BlinkRepeat', 'LightIntensity', 'MeterValuesAlignedDataMaxLength', 'MeterValuesSampledDataMaxLength', 'StopTxnAlignedDataMaxLength',
  'StopTxnSampledDataMaxLength', 'SupportedFeatureProfilesMaxLength', 'ConnectorPhaseRotationMaxLength']);
const BOOLEAN_KEYS = new Set(['AuthorizeRemoteTxRequests', 'LocalAuthorizeOffline', 'LocalPreAuthorize', 'StopTransactionOnInvalidId',
  'UnlockConnectorOnEVSideDisconnect', 'StopTransactionOnEVSideDisconnect', 'LocalAuthListEnabled', 'AuthorizationCacheEnabled', 'AllowOfflineTxForUnknownId',
  'ReserveConnectorZeroSupported', 'ConnectorSwitch3to1PhaseSupported']);

/** Why a value does not fit its key, or null. */
export function valueProblem(key: string, value: string): string | null {
  if (INTEGER_KEYS.has(key) && !/^\s*\d+\s*$/.test(value)) return `${key}=${JSON.stringify(value)} is not a non-negative integer`;
  if (BOOLEAN_KEYS.has(key) && !/^\s*(true|false)\s*$/i.test(value)) return `${key}=${JSON.stringify(value)} is not true or false`;
  return null;
}

function getConfiguration(c: CheckContext): void {
  const { f, pair } = c;
  if (pair === null || !f.valid) return;
  const req = (pair.payload ?? {}) as unknown as GetConfigurationRequest;
  const res = f.payload as unknown as GetConfigurationResponse;
  const keys = res.configurationKey ?? [];
  const bad: string[] = [];
  for (const k of keys) {
    if (SECRET_KEYS.has(k.key) && k.value !== undefined && k.value !== '') {
      c.report('secret-key-readable', `GetConfiguration reveals the value of ${k.key}, a write-only key (security whitepaper §7); ChargeScope does not store it`);
    }
    const problem = k.value === undefined ? null : valueProblem(k.key, k.value);
    if (problem) bad.push(problem);
  }
  if (bad.length > 0) c.report('configuration-value-invalid', bad.join('; '));
  const asked = req.key ?? [];
  if (asked.length > 0) {
    const answered = new Set([...keys.map((k) => k.key), ...(res.unknownKey ?? [])]);
    const missing = asked.filter((k) => !answered.has(k));
    if (missing.length > 0) c.report('configuration-key-missing', `GetConfiguration asked for ${missing.join(', ')}, which the charger reported neither in configurationKey nor in unknownKey (OCPP 1.6 §6.23)`);
    return;
  }
  const have = new Set(keys.map((k) => k.key));
  const profiles = keys.find((k) => k.key === 'SupportedFeatureProfiles')?.value ?? 'Core';
  const missing: string[] = [];
  for (const p of ['Core', ...profiles.split(',').map((s) => s.trim())]) {
    for (const k of REQUIRED_KEYS[p] ?? []) if (!have.has(k) && !missing.includes(k)) missing.push(k);
  }
  if (missing.length > 0) c.report('required-key-missing', `the full configuration lacks ${missing.join(', ')} (required by ${profiles})`);
}

function getConfigurationFollow(c: CheckContext): void {
  const { f, pair, cs } = c;
  if (pair === null || !f.valid) return;
  for (const k of (f.payload as unknown as GetConfigurationResponse).configurationKey ?? []) {
    cs.configuration.set(k.key, SECRET_KEYS.has(k.key) ? null : k.value ?? null);
  }
  const hb = cs.intKey('HeartbeatInterval');
  if (hb !== null && hb > 0) setInterval(cs, hb);
}

const PROFILE_NEEDS = ['no Basic Auth and no TLS', 'Basic Auth over ws://', 'Basic Auth over wss:// (TLS)', 'a client certificate over wss:// (TLS)'];

function changeConfiguration(c: CheckContext): void {
  const { f, pair, cs } = c;
  if (pair === null || !f.valid || !pair.valid) return;
  const { key, value } = pair.payload as unknown as ChangeConfigurationRequest;
  const status = String(f.payload!['status']);
  const taken = status === 'Accepted' || status === 'RebootRequired';
  if (key === 'AuthorizationKey') {
    if (status === 'Accepted') c.report('authorization-key-changed', 'AuthorizationKey Accepted: the charger\'s Basic Auth password is now the new key');
    else if (status === 'RebootRequired') c.report('authorization-key-reboot', 'AuthorizationKey answered RebootRequired: the stored Basic Auth password was not changed; after the reboot set it with PUT /api/chargers/:id/auth if the charger uses the new key');
  }
  if (key === 'SecurityProfile' && taken) {
    const profile = /^[0-3]$/.test(value.trim()) ? Number(value.trim()) : null;
    if (profile === null) {
      c.report('security-profile-invalid', `SecurityProfile ${JSON.stringify(value)} was ${status}, but profiles are 0 to 3`);
    } else {
      const before = cs.securityProfile;
      if (before !== null && profile < before) {
        c.report('security-profile-downgrade', `SecurityProfile lowered from ${before} to ${profile} and the charger answered ${status}: a charger shall not accept a downgrade (security whitepaper §2.4)`);
      }
      c.report('security-profile-set', `SecurityProfile ${profile} ${status}: from its next connection the charger must use ${PROFILE_NEEDS[profile]}`);
      cs.securityProfile = profile;
    }
  }
  if (!taken) return;
  const problem = valueProblem(key, value);
  if (problem) c.report('configuration-value-invalid', `the charger answered ${status} to ${problem}; it should have been Rejected`);
  cs.configuration.set(key, SECRET_KEYS.has(key) ? null : value);
  if (key === 'HeartbeatInterval' && status === 'Accepted') {
    const hb = cs.intKey(key);
    if (hb !== null && hb > 0) setInterval(cs, hb);
  }
}

export const configurationRules: RuleFamily = {
  name: 'configuration',
  rules: ['secret-key-readable', 'configuration-value-invalid', 'configuration-key-missing', 'required-key-missing', 'authorization-key-changed',
    'authorization-key-reboot', 'security-profile-invalid', 'security-profile-downgrade', 'security-profile-set'],
  checks: { 'in:CALLRESULT:GetConfiguration': getConfiguration },
  follow: {
    'in:CALLRESULT:GetConfiguration': getConfigurationFollow,
    'in:CALLRESULT:ChangeConfiguration': changeConfiguration,
  },
};
