import { describe, expect, it } from 'vitest';
import {
  hasAtMostOneDecimal,
  parseAllowedChargingRateUnits,
  validateChargingProfile,
  type ChargingProfile,
  type ChargingProfileContext,
} from '../../../../shared/ocpp/charging-profile.ts';

/** A profile that breaks no rule on connector 1 with a running transaction 42. */
function txDefault(overrides: Partial<ChargingProfile> = {}): ChargingProfile {
  return {
    chargingProfileId: 1,
    stackLevel: 0,
    chargingProfilePurpose: 'TxDefaultProfile',
    chargingProfileKind: 'Absolute',
    validFrom: '2024-05-10T00:00:00Z',
    validTo: '2024-05-11T00:00:00Z',
    chargingSchedule: {
      duration: 300,
      startSchedule: '2024-05-10T10:00:00Z',
      chargingRateUnit: 'A',
      chargingSchedulePeriod: [
        { startPeriod: 0, limit: 6 },
        { startPeriod: 60, limit: 8.1 },
      ],
    },
    ...overrides,
  };
}

function schedule(overrides: Partial<ChargingProfile['chargingSchedule']>): ChargingProfile['chargingSchedule'] {
  return { ...txDefault().chargingSchedule, ...overrides };
}

const onConnector1: ChargingProfileContext = { connectorId: 1 };

function rules(profile: ChargingProfile, ctx: ChargingProfileContext = onConnector1): string[] {
  return validateChargingProfile(profile, ctx).map((v) => v.rule);
}

function only(profile: ChargingProfile, ctx: ChargingProfileContext = onConnector1) {
  const violations = validateChargingProfile(profile, ctx);
  expect(violations).toHaveLength(1);
  return violations[0]!;
}

describe('validateChargingProfile: valid profiles', () => {
  it('accepts the TC_056_CSMS style Absolute TxDefaultProfile with validFrom/validTo', () => {
    expect(validateChargingProfile(txDefault(), onConnector1)).toEqual([]);
  });

  it('accepts a Relative TxProfile without transactionId inside RemoteStartTransaction (TC_059_CSMS)', () => {
    const profile = txDefault({
      chargingProfilePurpose: 'TxProfile',
      chargingProfileKind: 'Relative',
      validFrom: undefined,
      validTo: undefined,
      chargingSchedule: schedule({ startSchedule: undefined }),
    });
    expect(validateChargingProfile(profile, { connectorId: 1, inRemoteStart: true, hasActiveTransaction: false })).toEqual([]);
  });

  it('accepts the §3.13.7 daily Recurring TxDefaultProfile in W', () => {
    const profile = txDefault({
      chargingProfileKind: 'Recurring',
      recurrencyKind: 'Daily',
      chargingSchedule: {
        duration: 86400,
        startSchedule: '2013-01-01T00:00Z',
        chargingRateUnit: 'W',
        chargingSchedulePeriod: [
          { startPeriod: 0, limit: 11000 },
          { startPeriod: 28800, limit: 6000 },
          { startPeriod: 72000, limit: 11000 },
        ],
      },
    });
    expect(validateChargingProfile(profile, { connectorId: 0 })).toEqual([]);
  });

  it('accepts validFrom/validTo on a TxProfile (errata 3.65/3.66)', () => {
    const profile = txDefault({ chargingProfilePurpose: 'TxProfile', transactionId: 42 });
    expect(validateChargingProfile(profile, { connectorId: 1, hasActiveTransaction: true, activeTransactionId: 42 })).toEqual([]);
  });
});

describe('validateChargingProfile: purpose and connector', () => {
  it('refuses a ChargePointMaxProfile on connectorId 1 (§3.13.1)', () => {
    const v = only(txDefault({ chargingProfilePurpose: 'ChargePointMaxProfile' }));
    expect(v.rule).toBe('charge-point-max-on-connector-0');
    expect(v.message).toContain('ChargePointMaxProfile is only allowed on connectorId 0');
  });

  it('refuses a TxProfile on connectorId 0 (§3.13.1)', () => {
    const v = only(txDefault({ chargingProfilePurpose: 'TxProfile' }), { connectorId: 0 });
    expect(v.rule).toBe('tx-profile-on-connector');
    expect(v.message).toContain('connectorId > 0');
  });

  it('refuses a negative connectorId', () => {
    expect(rules(txDefault(), { connectorId: -1 })).toEqual(['connector-id-range']);
  });

  it('refuses a negative stackLevel (§7.8)', () => {
    const v = only(txDefault({ stackLevel: -1 }));
    expect(v.rule).toBe('stack-level-range');
    expect(v.message).toContain('stackLevel must be an integer ≥ 0');
  });
});

describe('validateChargingProfile: transactions', () => {
  const tx = txDefault({ chargingProfilePurpose: 'TxProfile' });

  it('refuses a TxProfile when the context says no transaction is running (§3.13.1)', () => {
    const v = only(tx, { connectorId: 1, hasActiveTransaction: false });
    expect(v.rule).toBe('tx-profile-needs-transaction');
    expect(v.message).toContain('needs an active transaction on connector 1');
  });

  it('does not check the transaction when the context does not say', () => {
    expect(rules(tx)).toEqual([]);
  });

  it('refuses a TxProfile naming another transaction than the running one', () => {
    const v = only({ ...tx, transactionId: 7 }, { connectorId: 1, hasActiveTransaction: true, activeTransactionId: 42 });
    expect(v.rule).toBe('tx-profile-transaction-id');
    expect(v.message).toContain('transactionId 7 is not the transaction running on connector 1 (42)');
  });

  it('refuses a transactionId on a TxDefaultProfile (§7.8)', () => {
    const v = only(txDefault({ transactionId: 42 }));
    expect(v.rule).toBe('transaction-id-only-tx-profile');
    expect(v.message).toContain('only valid on a TxProfile');
  });

  it('refuses a transactionId in a RemoteStartTransaction profile (errata 3.41)', () => {
    const v = only({ ...tx, transactionId: 42 }, { connectorId: 1, inRemoteStart: true });
    expect(v.rule).toBe('remote-start-no-transaction-id');
    expect(v.message).toContain('must not carry a transactionId');
  });

  it('refuses a TxDefaultProfile in RemoteStartTransaction (errata 3.41)', () => {
    const v = only(txDefault(), { connectorId: 1, inRemoteStart: true });
    expect(v.rule).toBe('remote-start-tx-profile');
    expect(v.message).toContain('must be a TxProfile');
  });
});

describe('validateChargingProfile: kind, recurrence and startSchedule', () => {
  it('refuses recurrencyKind on an Absolute profile (errata 3.56)', () => {
    const v = only(txDefault({ recurrencyKind: 'Daily' }));
    expect(v.rule).toBe('recurrency-kind-with-recurring');
    expect(v.message).toContain('only be used with chargingProfileKind Recurring, not Absolute (errata 3.56)');
  });

  it('refuses a Recurring profile without recurrencyKind (errata 3.56)', () => {
    const v = only(txDefault({ chargingProfileKind: 'Recurring' }));
    expect(v.rule).toBe('recurrency-kind-with-recurring');
    expect(v.message).toContain('needs recurrencyKind');
  });

  it('refuses an Absolute profile without startSchedule', () => {
    const v = only(txDefault({ chargingSchedule: schedule({ startSchedule: undefined }) }));
    expect(v.rule).toBe('start-schedule-required');
    expect(v.message).toContain('An Absolute profile needs chargingSchedule.startSchedule');
  });

  it('refuses a Recurring profile without startSchedule', () => {
    const profile = txDefault({ chargingProfileKind: 'Recurring', recurrencyKind: 'Weekly', chargingSchedule: schedule({ startSchedule: undefined }) });
    expect(rules(profile)).toEqual(['start-schedule-required']);
  });

  it('refuses a Relative profile with startSchedule', () => {
    const v = only(txDefault({ chargingProfileKind: 'Relative' }));
    expect(v.rule).toBe('relative-without-start-schedule');
    expect(v.message).toContain('A Relative profile must not have chargingSchedule.startSchedule');
  });

  it('refuses a zero duration', () => {
    expect(rules(txDefault({ chargingSchedule: schedule({ duration: 0 }) }))).toEqual(['duration-positive']);
  });
});

describe('validateChargingProfile: periods', () => {
  it('refuses a first startPeriod other than 0 (errata 3.45/3.70)', () => {
    const v = only(txDefault({ chargingSchedule: schedule({ chargingSchedulePeriod: [{ startPeriod: 10, limit: 6 }] }) }));
    expect(v.rule).toBe('first-start-period-zero');
    expect(v.message).toBe('The first period must have startPeriod 0, got 10 (errata 3.45, 3.70).');
  });

  it('refuses startPeriods that do not strictly increase', () => {
    const periods = [
      { startPeriod: 0, limit: 6 },
      { startPeriod: 60, limit: 8 },
      { startPeriod: 60, limit: 10 },
    ];
    const v = only(txDefault({ chargingSchedule: schedule({ chargingSchedulePeriod: periods }) }));
    expect(v.rule).toBe('start-periods-increasing');
    expect(v.message).toContain('period 2 starts at 60 after 60');
  });

  it('refuses an empty period list', () => {
    expect(rules(txDefault({ chargingSchedule: schedule({ chargingSchedulePeriod: [] }) }))).toEqual(['periods-present']);
  });

  it('refuses a limit with two decimals (errata 3.71)', () => {
    const v = only(txDefault({ chargingSchedule: schedule({ chargingSchedulePeriod: [{ startPeriod: 0, limit: 6.25 }] }) }));
    expect(v.rule).toBe('limit-one-decimal');
    expect(v.message).toBe('Period 0 limit 6.25 has more than one decimal (errata 3.71).');
  });

  it('refuses a minChargingRate with two decimals', () => {
    expect(rules(txDefault({ chargingSchedule: schedule({ minChargingRate: 1.05 }) }))).toEqual(['limit-one-decimal']);
  });

  it('counts decimals without being fooled by binary floating point', () => {
    expect([8.3, 0.1 + 0.2, 11000, 6.1 * 3].map(hasAtMostOneDecimal)).toEqual([true, true, true, true]);
    expect([6.25, 0.05, 10.01].map(hasAtMostOneDecimal)).toEqual([false, false, false]);
  });
});

describe('validateChargingProfile: validity window', () => {
  it('refuses validTo equal to validFrom', () => {
    const v = only(txDefault({ validTo: '2024-05-10T00:00:00Z' }));
    expect(v.rule).toBe('valid-to-after-valid-from');
    expect(v.message).toContain('validTo (2024-05-10T00:00:00Z) must be after validFrom (2024-05-10T00:00:00Z)');
  });

  it('refuses a date that is not ISO 8601', () => {
    const v = only(txDefault({ validFrom: 'yesterday' }));
    expect(v.rule).toBe('date-time');
    expect(v.message).toContain('validFrom "yesterday"');
  });
});

describe('validateChargingProfile: charger configuration keys', () => {
  it('refuses a stackLevel above ChargeProfileMaxStackLevel', () => {
    const v = only(txDefault({ stackLevel: 4 }), { connectorId: 1, maxStackLevel: 3 });
    expect(v.rule).toBe('max-stack-level');
    expect(v.message).toContain("stackLevel 4 is above the charger's ChargeProfileMaxStackLevel 3");
  });

  it('accepts a stackLevel equal to ChargeProfileMaxStackLevel', () => {
    expect(rules(txDefault({ stackLevel: 3 }), { connectorId: 1, maxStackLevel: 3 })).toEqual([]);
  });

  it('refuses more periods than ChargingScheduleMaxPeriods', () => {
    const v = only(txDefault(), { connectorId: 1, maxPeriods: 1 });
    expect(v.rule).toBe('max-periods');
    expect(v.message).toContain("2 periods are more than the charger's ChargingScheduleMaxPeriods 1");
  });

  it('refuses unit A when the charger allows only Power (errata 3.88)', () => {
    const v = only(txDefault(), { connectorId: 1, allowedUnits: ['Power'] });
    expect(v.rule).toBe('charging-rate-unit-allowed');
    expect(v.message).toContain('chargingRateUnit A (Current) is not in');
  });

  it('accepts unit A when the charger allows Current and Power', () => {
    expect(rules(txDefault(), { connectorId: 1, allowedUnits: parseAllowedChargingRateUnits('Current, Power') })).toEqual([]);
  });

  it('parses ChargingScheduleAllowedChargingRateUnit, skipping unknown items', () => {
    expect(parseAllowedChargingRateUnits('Power')).toEqual(['Power']);
    expect(parseAllowedChargingRateUnits('current,Power,Volts')).toEqual(['Current', 'Power']);
    expect(parseAllowedChargingRateUnits('')).toEqual([]);
  });
});

describe('validateChargingProfile: several rules at once', () => {
  it('lists every broken rule, each message naming its source', () => {
    const profile = txDefault({
      chargingProfilePurpose: 'ChargePointMaxProfile',
      chargingProfileKind: 'Relative',
      recurrencyKind: 'Weekly',
      chargingSchedule: schedule({ chargingSchedulePeriod: [{ startPeriod: 5, limit: 1.23 }] }),
    });
    const violations = validateChargingProfile(profile, { connectorId: 2 });
    expect(violations.map((v) => v.rule)).toEqual([
      'charge-point-max-on-connector-0',
      'recurrency-kind-with-recurring',
      'relative-without-start-schedule',
      'first-start-period-zero',
      'limit-one-decimal',
    ]);
    for (const v of violations) expect(v.message).toMatch(/\((OCPP 1\.6 §|errata )/);
  });
});
