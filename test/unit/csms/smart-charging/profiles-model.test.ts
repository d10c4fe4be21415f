import { describe, expect, it } from 'vitest';
import {
  applyClearChargingProfile,
  applySetChargingProfile,
  dropTxProfiles,
  type InstalledProfile,
} from '../../../../main/csms/smart-charging/profiles-model.ts';
import type { ChargingProfile, ChargingProfilePurpose } from '../../../../shared/ocpp/charging-profile.ts';

function profile(id: number, purpose: ChargingProfilePurpose, stackLevel: number, transactionId?: number): ChargingProfile {
  const p: ChargingProfile = {
    chargingProfileId: id,
    stackLevel,
    chargingProfilePurpose: purpose,
    chargingProfileKind: 'Relative',
    chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 6 }] },
  };
  if (transactionId !== undefined) p.transactionId = transactionId;
  return p;
}

/** Installed profiles as [connectorId, chargingProfileId] pairs, in list order. */
const ids = (list: readonly InstalledProfile[]): [number, number][] => list.map((e) => [e.connectorId, e.profile.chargingProfileId]);

function install(...steps: [number, ChargingProfile][]): InstalledProfile[] {
  return steps.reduce<InstalledProfile[]>((list, [connectorId, p]) => applySetChargingProfile(list, connectorId, p), []);
}

describe('applySetChargingProfile: replacement (§3.13.2, §5.16.3)', () => {
  it('adds a profile with a new id, stackLevel and purpose next to the installed ones', () => {
    const list = install([1, profile(1, 'TxDefaultProfile', 0)], [1, profile(2, 'TxDefaultProfile', 1)]);
    expect(ids(list)).toEqual([
      [1, 1],
      [1, 2],
    ]);
  });

  it('replaces the profile with the same chargingProfileId, even on another connector and stack level', () => {
    const list = install([1, profile(1, 'TxDefaultProfile', 0)], [2, profile(1, 'TxDefaultProfile', 3)]);
    expect(list).toEqual([{ connectorId: 2, profile: profile(1, 'TxDefaultProfile', 3) }]);
  });

  it('replaces the profile with the same stackLevel and purpose on the same connector', () => {
    const list = install([1, profile(1, 'TxDefaultProfile', 0)], [1, profile(2, 'TxDefaultProfile', 0)]);
    expect(ids(list)).toEqual([[1, 2]]);
  });

  it('keeps a same stackLevel and purpose profile on another connector (connector 0 default stays for the others)', () => {
    const list = install([0, profile(1, 'TxDefaultProfile', 0)], [1, profile(2, 'TxDefaultProfile', 0)]);
    expect(ids(list)).toEqual([
      [0, 1],
      [1, 2],
    ]);
  });

  it('keeps a same stackLevel profile of another purpose', () => {
    const list = install([0, profile(1, 'ChargePointMaxProfile', 0)], [0, profile(2, 'TxDefaultProfile', 0)]);
    expect(ids(list)).toEqual([
      [0, 1],
      [0, 2],
    ]);
  });

  it('replaces a RemoteStart TxProfile by a TxProfile for its transaction at the same stackLevel (errata 3.42)', () => {
    const remoteStart = install([1, profile(1, 'TxProfile', 2)]);
    const list = applySetChargingProfile(remoteStart, 1, profile(5, 'TxProfile', 2, 42), { activeTransactionId: 42 });
    expect(ids(list)).toEqual([[1, 5]]);
  });

  it('stacks a TxProfile at another stackLevel next to the RemoteStart one (errata 3.42)', () => {
    const remoteStart = install([1, profile(1, 'TxProfile', 2)]);
    const list = applySetChargingProfile(remoteStart, 1, profile(5, 'TxProfile', 3, 42), { activeTransactionId: 42 });
    expect(ids(list)).toEqual([
      [1, 1],
      [1, 5],
    ]);
  });

  it('does not mutate the list it is given', () => {
    const before = install([1, profile(1, 'TxDefaultProfile', 0)]);
    const snapshot = structuredClone(before);
    applySetChargingProfile(before, 1, profile(2, 'TxDefaultProfile', 0));
    expect(before).toEqual(snapshot);
  });
});

describe('applySetChargingProfile: TxProfiles and transactions (§3.13.1)', () => {
  const base = install([0, profile(1, 'TxDefaultProfile', 0)]);

  it('drops a TxProfile when no transaction runs on the connector', () => {
    expect(ids(applySetChargingProfile(base, 1, profile(2, 'TxProfile', 0, 42), { activeTransactionId: null }))).toEqual([[0, 1]]);
  });

  it('drops a TxProfile for a transaction that has ended (another one now runs)', () => {
    expect(ids(applySetChargingProfile(base, 1, profile(2, 'TxProfile', 0, 41), { activeTransactionId: 42 }))).toEqual([[0, 1]]);
  });

  it('installs a TxProfile for the running transaction', () => {
    expect(ids(applySetChargingProfile(base, 1, profile(2, 'TxProfile', 0, 42), { activeTransactionId: 42 }))).toEqual([
      [0, 1],
      [1, 2],
    ]);
  });

  it('prunes TxProfiles of ended transactions on the connector when a new profile arrives', () => {
    const stale = [...base, { connectorId: 1, profile: profile(2, 'TxProfile', 0, 41) }, { connectorId: 2, profile: profile(3, 'TxProfile', 0, 50) }];
    const list = applySetChargingProfile(stale, 1, profile(4, 'TxProfile', 1, 42), { activeTransactionId: 42 });
    expect(ids(list)).toEqual([
      [0, 1],
      [2, 3],
      [1, 4],
    ]);
  });

  it('checks nothing about transactions when the running transaction is unknown', () => {
    expect(ids(applySetChargingProfile(base, 1, profile(2, 'TxProfile', 0, 41)))).toEqual([
      [0, 1],
      [1, 2],
    ]);
  });
});

describe('applyClearChargingProfile: TC_067_CSMS [TCD-2024] three TxDefaultProfiles at s, s+1, s+2 (s = 0)', () => {
  const installed = install([1, profile(1, 'TxDefaultProfile', 0)], [1, profile(2, 'TxDefaultProfile', 1)], [1, profile(3, 'TxDefaultProfile', 2)]);

  it('clears by id only: profile 1 goes, 2 and 3 stay', () => {
    const { remaining, removed } = applyClearChargingProfile(installed, { id: 1 });
    expect(ids(removed)).toEqual([[1, 1]]);
    expect(ids(remaining)).toEqual([
      [1, 2],
      [1, 3],
    ]);
  });

  it('clears by connectorId + TxDefaultProfile + stackLevel s+1: only profile 2 goes', () => {
    const { remaining, removed } = applyClearChargingProfile(installed, { connectorId: 1, chargingProfilePurpose: 'TxDefaultProfile', stackLevel: 1 });
    expect(ids(removed)).toEqual([[1, 2]]);
    expect(ids(remaining)).toEqual([
      [1, 1],
      [1, 3],
    ]);
  });

  it('clears everything when no field is given (errata 3.25)', () => {
    const { remaining, removed } = applyClearChargingProfile(installed, {});
    expect(remaining).toEqual([]);
    expect(ids(removed)).toEqual([
      [1, 1],
      [1, 2],
      [1, 3],
    ]);
  });
});

describe('applyClearChargingProfile: TC_067_CSMS [TCD-2025-11] one profile per purpose, same stackLevel', () => {
  const installed: InstalledProfile[] = [
    { connectorId: 0, profile: profile(1, 'ChargePointMaxProfile', 0) },
    { connectorId: 1, profile: profile(2, 'TxDefaultProfile', 0) },
    { connectorId: 1, profile: profile(3, 'TxProfile', 0, 42) },
  ];

  it('clears the ChargePointMaxProfile by id only', () => {
    const { remaining, removed } = applyClearChargingProfile(installed, { id: 1 });
    expect(ids(removed)).toEqual([[0, 1]]);
    expect(ids(remaining)).toEqual([
      [1, 2],
      [1, 3],
    ]);
  });

  it('clears by connectorId + TxDefaultProfile + stackLevel: the TxProfile on the same connector and level stays (logical AND)', () => {
    const { remaining, removed } = applyClearChargingProfile(installed, { connectorId: 1, chargingProfilePurpose: 'TxDefaultProfile', stackLevel: 0 });
    expect(ids(removed)).toEqual([[1, 2]]);
    expect(ids(remaining)).toEqual([
      [0, 1],
      [1, 3],
    ]);
  });

  it('clears all three when no field is given', () => {
    expect(applyClearChargingProfile(installed, {}).remaining).toEqual([]);
  });
});

describe('applyClearChargingProfile: matching rules (errata 3.25/3.26)', () => {
  const installed: InstalledProfile[] = [
    { connectorId: 0, profile: profile(1, 'TxDefaultProfile', 0) },
    { connectorId: 1, profile: profile(2, 'TxDefaultProfile', 0) },
    { connectorId: 2, profile: profile(3, 'TxDefaultProfile', 1) },
  ];

  it('ignores the other fields when id is given', () => {
    const { removed } = applyClearChargingProfile(installed, { id: 2, connectorId: 0, chargingProfilePurpose: 'ChargePointMaxProfile', stackLevel: 9 });
    expect(ids(removed)).toEqual([[1, 2]]);
  });

  it('removes nothing for an unknown id (the charger answers Unknown)', () => {
    const { remaining, removed } = applyClearChargingProfile(installed, { id: 99 });
    expect(removed).toEqual([]);
    expect(remaining).toEqual(installed);
  });

  it('connectorId 0 matches only profiles installed on connectorId 0', () => {
    expect(ids(applyClearChargingProfile(installed, { connectorId: 0 }).removed)).toEqual([[0, 1]]);
  });

  it('a purpose alone matches it on every connector', () => {
    expect(ids(applyClearChargingProfile(installed, { chargingProfilePurpose: 'TxDefaultProfile' }).removed)).toEqual([
      [0, 1],
      [1, 2],
      [2, 3],
    ]);
  });

  it('a stackLevel alone matches it on every connector and purpose', () => {
    expect(ids(applyClearChargingProfile(installed, { stackLevel: 0 }).removed)).toEqual([
      [0, 1],
      [1, 2],
    ]);
  });
});

describe('dropTxProfiles: transaction end (§3.13.1)', () => {
  const installed: InstalledProfile[] = [
    { connectorId: 0, profile: profile(1, 'TxDefaultProfile', 0) },
    { connectorId: 1, profile: profile(2, 'TxProfile', 0, 42) },
    { connectorId: 1, profile: profile(3, 'TxProfile', 1) },
    { connectorId: 2, profile: profile(4, 'TxProfile', 0, 43) },
  ];

  it('removes the TxProfiles that name the transaction and keeps everything else', () => {
    expect(ids(dropTxProfiles(installed, 42))).toEqual([
      [0, 1],
      [1, 3],
      [2, 4],
    ]);
  });

  it('with the connectorId also removes the RemoteStart TxProfile without transactionId on that connector', () => {
    expect(ids(dropTxProfiles(installed, 42, 1))).toEqual([
      [0, 1],
      [2, 4],
    ]);
  });
});
