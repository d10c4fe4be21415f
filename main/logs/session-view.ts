import type {
  Charger, ConfigurationKey, Connector, InstalledProfile, LocalList, RegistrationStatus, Reservation, SessionCharger,
} from '../../shared/api/types.ts';
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
export function sessionChargers(store: Store, chargerView: (id: string) => Charger | undefined, recordings: RecordingsRepo, sessionId: number): SessionCharger[] {
  const counts = store.findings.counts(sessionId);
  const snapshot = recordings.snapshot(sessionId);
  if (snapshot) return fromSnapshot(snapshot, counts);
  const ids = store.sessionRows.chargerIds(sessionId);
  const out: SessionCharger[] = [];
  for (const id of ids) {
    const c = chargerView(id);
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
