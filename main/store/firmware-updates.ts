import type { Db } from './db.ts';
import { parseJson } from './json.ts';

export interface FirmwareUpdateRecord {
  transferId: string;
  createdAt: string;
  firmwareName: string | null;
  statuses: { status: string; at: string }[];
}

/** The newest firmware push to a charger, read when it boots to check that the update took effect. */
export function createFirmwareUpdateRepo(db: Db) {
  const latest = db.prepare<[string], { id: string; created_at: string; name: string | null; statuses: string }>(
    `SELECT t.id, t.created_at, f.name, t.statuses FROM transfers t LEFT JOIN firmware f ON f.id = t.firmware_id
     WHERE t.charger_id = ? AND t.kind = 'firmware' ORDER BY t.created_at DESC LIMIT 1`,
  );
  return {
    latest(chargerId: string): FirmwareUpdateRecord | undefined {
      const r = latest.get(chargerId);
      return r ? { transferId: r.id, createdAt: r.created_at, firmwareName: r.name, statuses: parseJson(r.statuses, []) } : undefined;
    },
  };
}
