/**
 * Smart Charging: the charging profiles the CSMS knows a charger holds, per connector, after
 * SetChargingProfile, ClearChargingProfile and RemoteStartTransaction with a profile (OCPP 1.6 §3.13,
 * §5.5, §5.16; errata 3.25, 3.26, 3.41, 3.42). The list arithmetic is the pure model in
 * smart-charging/profiles-model.ts; this file only maps it onto the store.
 */
import type { InstalledProfile as StoredProfile } from '../../../shared/api/types.ts';
import type { ChargingProfile } from '../../../shared/ocpp/charging-profile.ts';
import type { Store } from '../../store/store.ts';
import {
  applyClearChargingProfile, applySetChargingProfile, type InstalledProfile as ModelProfile, type SetChargingProfileContext,
} from '../smart-charging/profiles-model.ts';
import type { FollowerTable } from './types.ts';

/** A model entry that remembers the stored row it came from (to keep its install time and transaction). */
type Entry = ModelProfile & { row?: StoredProfile };

/** The stored set in install order (the model and the composite read "later in the list = installed later"). */
function installed(store: Store, chargerId: string): Entry[] {
  return store.chargingProfiles.list(chargerId)
    .map((row, i) => ({ row, i }))
    .sort((a, b) => a.row.installedAt.localeCompare(b.row.installedAt) || a.i - b.i)
    .map(({ row }) => ({ connectorId: row.connectorId, profile: row.profile as unknown as ChargingProfile, row }));
}

function save(store: Store, chargerId: string, entries: readonly Entry[], at: string, transactionId: number | null): void {
  store.chargingProfiles.replaceAll(chargerId, entries.map((e) => e.row ?? {
    chargerId, connectorId: e.connectorId, chargingProfileId: e.profile.chargingProfileId, stackLevel: e.profile.stackLevel,
    purpose: e.profile.chargingProfilePurpose, transactionId: e.profile.chargingProfilePurpose === 'TxProfile' ? e.profile.transactionId ?? transactionId : e.profile.transactionId ?? null,
    profile: e.profile as unknown as Record<string, unknown>, installedAt: at,
  }));
}

/** Install `profile` on `connectorId` as the charger does when it accepts it. */
function install(store: Store, chargerId: string, connectorId: number, profile: ChargingProfile, ctx: SetChargingProfileContext, at: string, transactionId: number | null): void {
  save(store, chargerId, applySetChargingProfile(installed(store, chargerId), connectorId, profile, ctx) as Entry[], at, transactionId);
}

export const smartChargingFollowers = {
  SetChargingProfile(env, _rec, { chargerId, at, request, response }) {
    const { connectorId, csChargingProfiles } = request;
    const { status } = response;
    if (status !== 'Accepted') return;
    const profile = csChargingProfiles as ChargingProfile;
    let active: number | null = null;
    const ctx: SetChargingProfileContext = {};
    if (profile.chargingProfilePurpose === 'TxProfile') {
      const open = connectorId > 0 ? env.store.transactions.openOnConnector(chargerId, connectorId, env.store.sessions.liveId)[0] : undefined;
      if (open === undefined) {
        active = profile.transactionId ?? null;
      } else if (profile.transactionId !== undefined && profile.transactionId !== open.id) {
        active = profile.transactionId;
      } else {
        active = open.id;
        ctx.activeTransactionId = open.id;
      }
    }
    install(env.store, chargerId, connectorId, profile, ctx, at, active);
  },

  ClearChargingProfile(env, _rec, { chargerId, at, request: req, response }) {
    if (response.status !== 'Accepted') return;
    const { remaining } = applyClearChargingProfile(installed(env.store, chargerId), req);
    save(env.store, chargerId, remaining as Entry[], at, null);
  },

  /** A TxProfile in RemoteStartTransaction.req waits for its transaction (errata 3.41); bound at StartTransaction. */
  RemoteStartTransaction(env, _rec, { chargerId, at, request: req, response }) {
    if (response.status !== 'Accepted' || req.chargingProfile === undefined) return;
    const profile = req.chargingProfile as ChargingProfile;
    if (profile.chargingProfilePurpose !== 'TxProfile') return;
    install(env.store, chargerId, req.connectorId ?? 0, profile, {}, at, null);
  },
} satisfies FollowerTable;

/**
 * When a transaction starts, the TxProfile a RemoteStartTransaction brought along (installed without a
 * transaction, on its connector or on 0 when the charger chose the connector) becomes that transaction's
 * profile, so it shows with the transaction and goes when the transaction ends (OCPP 1.6 §3.13.4).
 * Call inside the transaction that records the StartTransaction.
 */
export function bindRemoteStartProfiles(store: Store, chargerId: string, connectorId: number, transactionId: number): number {
  if (!store.chargingProfiles.hasUnboundTxProfile(chargerId)) return 0;
  const rows = store.chargingProfiles.list(chargerId);
  const waiting = (r: StoredProfile, on: number) => r.purpose === 'TxProfile' && r.transactionId === null && r.connectorId === on;
  const onConnector = rows.filter((r) => waiting(r, connectorId));
  const bound = onConnector.length > 0 ? onConnector : rows.filter((r) => waiting(r, 0));
  if (bound.length === 0) return 0;
  store.chargingProfiles.replaceAll(chargerId, rows.map((r) => (bound.includes(r) ? { ...r, connectorId, transactionId } : r)));
  return bound.length;
}
