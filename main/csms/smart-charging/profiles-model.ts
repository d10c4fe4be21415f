/**
 * The CSMS's model of the charging profiles installed on one charger, updated the way the charger
 * itself must update its own list (OCPP 1.6 §3.13.1–3.13.2, §5.5, §5.16, errata 3.25, 3.26, 3.42).
 * Pure: every function returns a new list and never mutates its input. Apply a change only after the
 * charger answered Accepted.
 */
import type { ChargingProfile, ClearChargingProfileRequest } from '../../../shared/ocpp/charging-profile.ts';

export interface InstalledProfile {
  /** connectorId of the SetChargingProfile.req (0 = the whole charger). */
  connectorId: number;
  profile: ChargingProfile;
}

export interface SetChargingProfileContext {
  /**
   * The transaction running on the target connector: its id, `null` when none is running, absent when
   * unknown (then nothing is dropped for transaction reasons). Leave it absent for the TxProfile of a
   * RemoteStartTransaction.req: it is installed before its transaction starts.
   */
  activeTransactionId?: number | null;
}

export interface ClearChargingProfileResult {
  remaining: InstalledProfile[];
  /** Empty means the charger should answer ClearChargingProfile.conf `Unknown`. */
  removed: InstalledProfile[];
}

/**
 * Installs `profile` on `connectorId`. It replaces an installed profile with the same chargingProfileId
 * (anywhere) and one with the same stackLevel and purpose on the same connector (§3.13.2, §5.16.3; a
 * RemoteStart TxProfile is thus replaced by a TxProfile for its transaction at the same stackLevel,
 * errata 3.42). When the running transaction is known, TxProfiles of ended transactions on that
 * connector are dropped, and so is `profile` itself if it is a TxProfile for no running transaction
 * (§3.13.1: the charger discards it). The new profile goes last: later in the list = installed later.
 */
export function applySetChargingProfile(
  installed: readonly InstalledProfile[],
  connectorId: number,
  profile: ChargingProfile,
  ctx: SetChargingProfileContext = {},
): InstalledProfile[] {
  const active = ctx.activeTransactionId;
  const withoutStale = active === undefined ? [...installed] : installed.filter((entry) => !isStaleTxProfile(entry, connectorId, active));
  if (active !== undefined && profile.chargingProfilePurpose === 'TxProfile' && !isForTransaction(profile, active)) {
    return withoutStale;
  }
  const kept = withoutStale.filter((entry) => !isReplacedBy(entry, connectorId, profile));
  return [...kept, { connectorId, profile }];
}

/**
 * Applies ClearChargingProfile.req (errata 3.25/3.26): with `id`, only that profile goes and the other
 * fields are ignored; otherwise every profile matching all given fields (logical AND) goes; with no
 * field at all, everything goes. connectorId 0 matches only profiles installed on connectorId 0.
 */
export function applyClearChargingProfile(
  installed: readonly InstalledProfile[],
  request: ClearChargingProfileRequest,
): ClearChargingProfileResult {
  const remaining: InstalledProfile[] = [];
  const removed: InstalledProfile[] = [];
  for (const entry of installed) {
    (matchesClear(entry, request) ? removed : remaining).push(entry);
  }
  return { remaining, removed };
}

/**
 * Removes the TxProfiles of a transaction that ended (§3.13.1, errata 3.67). A TxProfile given in
 * RemoteStartTransaction.req carries no transactionId (errata 3.41); pass the transaction's connectorId
 * to drop those as well.
 */
export function dropTxProfiles(installed: readonly InstalledProfile[], transactionId: number, connectorId?: number): InstalledProfile[] {
  return installed.filter(({ connectorId: on, profile }) => {
    if (profile.chargingProfilePurpose !== 'TxProfile') return true;
    if (profile.transactionId === transactionId) return false;
    return !(profile.transactionId === undefined && connectorId !== undefined && on === connectorId);
  });
}

function isReplacedBy(entry: InstalledProfile, connectorId: number, profile: ChargingProfile): boolean {
  if (entry.profile.chargingProfileId === profile.chargingProfileId) return true;
  return (
    entry.connectorId === connectorId &&
    entry.profile.stackLevel === profile.stackLevel &&
    entry.profile.chargingProfilePurpose === profile.chargingProfilePurpose
  );
}

/** A TxProfile on `connectorId` that belongs to no running transaction there. */
function isStaleTxProfile(entry: InstalledProfile, connectorId: number, active: number | null): boolean {
  if (entry.connectorId !== connectorId || entry.profile.chargingProfilePurpose !== 'TxProfile') return false;
  return !isForTransaction(entry.profile, active);
}

function isForTransaction(profile: ChargingProfile, active: number | null): boolean {
  return active !== null && (profile.transactionId === undefined || profile.transactionId === active);
}

function matchesClear(entry: InstalledProfile, request: ClearChargingProfileRequest): boolean {
  if (request.id !== undefined) return entry.profile.chargingProfileId === request.id;
  const { connectorId, chargingProfilePurpose, stackLevel } = request;
  return (
    (connectorId === undefined || entry.connectorId === connectorId) &&
    (chargingProfilePurpose === undefined || entry.profile.chargingProfilePurpose === chargingProfilePurpose) &&
    (stackLevel === undefined || entry.profile.stackLevel === stackLevel)
  );
}
