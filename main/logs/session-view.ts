import type {
  ConfigurationKey, Connector, InstalledProfile, LocalList, RegistrationStatus, Reservation, SessionCharger,
} from '../../shared/api/types.ts';
import type { Csms } from '../csms/csms.ts';
import { blockOf, createSeqBounds } from '../store/blocks.ts';
import { parseJson } from '../store/json.ts';
import type { Store } from '../store/store.ts';
import type { RecordingsRepo, Snapshot } from '../store/recordings.ts';

type Row = Record<string, unknown>;
const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);

/**
 * The chargers of one session. A live (or ended) session lists the chargers it saw, with their state in the live
 * tables; a recording lists the chargers of its snapshot, as they were when it was exported (or as the imported
 * trace shows them), never connected.
 */
export function sessionChargers(store: Store, csms: Csms, recordings: RecordingsRepo, sessionId: number): SessionCharger[] {
  const findings = store.db.prepare('SELECT charger_id, COUNT(*) AS n FROM findings WHERE session_id = ? GROUP BY charger_id').all(sessionId) as { charger_id: string; n: number }[];
  const counts = new Map(findings.map((f) => [f.charger_id, f.n]));
  const snapshot = recordings.snapshot(sessionId);
  if (snapshot) return fromSnapshot(snapshot, counts);
  // The block index holds charger and session: the session's blocks are read from the index alone.
  const range = createSeqBounds(store.db).session(sessionId);
  const ids = (store.db.prepare(
    `SELECT charger_id AS id FROM frames INDEXED BY frames_block WHERE (seq >> 10) BETWEEN ? AND ? AND session_id = ?
     UNION SELECT charger_id FROM connection_events WHERE session_id = ? AND charger_id IS NOT NULL ORDER BY 1`,
  ).all(blockOf(range?.lo ?? 0), range ? blockOf(range.hi) : -1, sessionId, sessionId) as { id: string }[]).map((r) => r.id);
  const out: SessionCharger[] = [];
  for (const id of ids) {
    const c = csms.chargerView(id);
    if (!c) continue;
    out.push({
      ...c, findings: counts.get(id) ?? 0, configuration: store.configuration.list(id), localList: store.localList.get(id),
      reservations: store.reservations.list(id), chargingProfiles: store.chargingProfiles.list(id),
    });
  }
  return out;
}

function fromSnapshot(s: Snapshot, counts: Map<string, number>): SessionCharger[] {
  const by = (rows: Row[] | undefined, id: string) => (rows ?? []).filter((r) => r['charger_id'] === id);
  return (s.chargers ?? []).map((c): SessionCharger => {
    const id = String(c['id']);
    const connectors: Connector[] = by(s.connectors, id).map((r) => ({
      connectorId: Number(r['connector_id']), status: String(r['status']), errorCode: String(r['error_code']), info: str(r['info']),
      vendorErrorCode: str(r['vendor_error_code']), timestamp: str(r['timestamp']), updatedAt: String(r['updated_at']),
    })).sort((a, b) => a.connectorId - b.connectorId);
    const configuration: ConfigurationKey[] = by(s.configuration, id).map((r) => ({
      key: String(r['key']), value: str(r['value']), readonly: r['readonly'] === null || r['readonly'] === undefined ? null : r['readonly'] === 1,
      unknown: r['unknown'] === 1, updatedAt: String(r['updated_at']), lastChange: str(r['last_change']),
    }));
    const localList: LocalList = {
      chargerId: id, version: num(c['local_list_version']) ?? 0, updatedAt: str(c['local_list_updated_at']),
      entries: by(s.local_list, id).map((r) => ({ idTag: String(r['id_tag']), idTagInfo: parseJson(str(r['id_tag_info']), null) })),
    };
    const reservations: Reservation[] = by(s.reservations, id).map((r) => ({
      chargerId: id, reservationId: Number(r['reservation_id']), connectorId: Number(r['connector_id']), idTag: String(r['id_tag']),
      parentIdTag: str(r['parent_id_tag']), expiryDate: String(r['expiry_date']), state: String(r['state']) as Reservation['state'],
      transactionId: num(r['transaction_id']), createdAt: String(r['created_at']),
    }));
    const chargingProfiles: InstalledProfile[] = by(s.charging_profiles, id).map((r) => ({
      chargerId: id, connectorId: Number(r['connector_id']), chargingProfileId: Number(r['charging_profile_id']), stackLevel: Number(r['stack_level']),
      purpose: String(r['purpose']) as InstalledProfile['purpose'], transactionId: num(r['transaction_id']),
      profile: parseJson<Record<string, unknown>>(str(r['profile']), {}), installedAt: String(r['installed_at']),
    }));
    return {
      id, connected: false, lastSeen: str(c['last_seen']), firstSeen: String(c['first_seen']), boot: parseJson(str(c['boot']), null), bootAt: str(c['boot_at']),
      registration: str(c['registration']) as RegistrationStatus | null, connectors, localAddress: null, remoteAddress: null, subprotocol: null,
      hasPassword: false, securityProfile: null, findings: counts.get(id) ?? 0, localListVersion: localList.version, configuration, localList, reservations, chargingProfiles,
    };
  });
}
