import type { InstalledProfile } from '../../shared/api/types.ts';
import type { Db } from './db.ts';
import { parseJson } from './json.ts';

interface ProfileRow {
  charger_id: string; charging_profile_id: number; connector_id: number; stack_level: number; purpose: string;
  transaction_id: number | null; profile: string; installed_at: string;
}
const toProfile = (r: ProfileRow): InstalledProfile => ({
  chargerId: r.charger_id, connectorId: r.connector_id, chargingProfileId: r.charging_profile_id, stackLevel: r.stack_level,
  purpose: r.purpose as InstalledProfile['purpose'], transactionId: r.transaction_id,
  profile: parseJson<Record<string, unknown>>(r.profile, {}), installedAt: r.installed_at,
});

/** The charging profiles the CSMS knows a charger holds (after Accepted SetChargingProfile/ClearChargingProfile). */
export function createChargingProfileRepo(db: Db) {
  const list = db.prepare<[string], ProfileRow>('SELECT * FROM charging_profiles WHERE charger_id = ? ORDER BY connector_id, purpose, stack_level');
  const delAll = db.prepare<[string]>('DELETE FROM charging_profiles WHERE charger_id = ?');
  const insert = db.prepare(
    `INSERT INTO charging_profiles (charger_id, charging_profile_id, connector_id, stack_level, purpose, transaction_id, profile, installed_at)
     VALUES (@chargerId, @chargingProfileId, @connectorId, @stackLevel, @purpose, @transactionId, @profile, @installedAt)`,
  );
  const delTx = db.prepare<[string, number]>("DELETE FROM charging_profiles WHERE charger_id = ? AND purpose = 'TxProfile' AND transaction_id = ?");
  const unbound = db.prepare<[string], number>("SELECT 1 FROM charging_profiles WHERE charger_id = ? AND purpose = 'TxProfile' AND transaction_id IS NULL LIMIT 1").pluck();
  return {
    /** Whether a TxProfile waits for its transaction (RemoteStartTransaction's): checked at every StartTransaction. */
    hasUnboundTxProfile(chargerId: string): boolean {
      return unbound.get(chargerId) !== undefined;
    },
    list(chargerId: string): InstalledProfile[] {
      return list.all(chargerId).map(toProfile);
    },
    /** Replaces the whole set for a charger (the model computes the new set). */
    replaceAll(chargerId: string, profiles: InstalledProfile[]): void {
      delAll.run(chargerId);
      for (const p of profiles) insert.run({ ...p, profile: JSON.stringify(p.profile) });
    },
    /** A TxProfile lives as long as its transaction (OCPP 1.6 §3.13.4). */
    dropForTransaction(chargerId: string, transactionId: number): number {
      return delTx.run(chargerId, transactionId).changes;
    },
  };
}
export type ChargingProfileRepo = ReturnType<typeof createChargingProfileRepo>;
