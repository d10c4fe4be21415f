import type { Connector, RegistrationStatus } from '../../shared/api/types.ts';
import type { Db } from './db.ts';
import { parseJson } from './json.ts';

export interface ChargerRecord {
  id: string;
  registration: RegistrationStatus | null;
  everAccepted: boolean;
  boot: Record<string, unknown> | null;
  bootAt: string | null;
  firstSeen: string;
  lastSeen: string | null;
  passwordHash: string | null;
  localListVersion: number;
  /** The security profile the charger accepted through ChargeScope (0-3); null when never set. */
  securityProfile: number | null;
}

interface ChargerRow {
  id: string; registration: string | null; ever_accepted: number; boot: string | null; boot_at: string | null;
  first_seen: string; last_seen: string | null; password_hash: string | null; local_list_version: number;
  security_profile: number | null;
}
interface ConnectorRow {
  charger_id: string; connector_id: number; status: string; error_code: string; info: string | null;
  vendor_error_code: string | null; timestamp: string | null; updated_at: string;
}

const toRecord = (r: ChargerRow): ChargerRecord => ({
  id: r.id, registration: r.registration as RegistrationStatus | null, everAccepted: r.ever_accepted === 1,
  boot: parseJson(r.boot, null), bootAt: r.boot_at, firstSeen: r.first_seen, lastSeen: r.last_seen,
  passwordHash: r.password_hash, localListVersion: r.local_list_version, securityProfile: r.security_profile,
});
const toConnector = (r: ConnectorRow): Connector => ({
  connectorId: r.connector_id, status: r.status, errorCode: r.error_code, info: r.info,
  vendorErrorCode: r.vendor_error_code, timestamp: r.timestamp, updatedAt: r.updated_at,
});

const SEEN_WRITE_MS = 5_000;

/**
 * Chargers are remembered per identity across sessions and restarts (registration, password, boot), so a
 * reconnecting charger need not boot again (OCPP-J §5.4). Records are cached: they are read on every frame.
 */
export function createChargerRepo(db: Db) {
  const byId = db.prepare<[string], ChargerRow>('SELECT * FROM chargers WHERE id = ?');
  const all = db.prepare<[], ChargerRow>('SELECT * FROM chargers ORDER BY id');
  const insert = db.prepare<[string, string]>('INSERT OR IGNORE INTO chargers (id, first_seen) VALUES (?, ?)');
  const seen = db.prepare<[string, string]>('UPDATE chargers SET last_seen = ? WHERE id = ?');
  const boot = db.prepare<[string, string, string, number, string]>(
    'UPDATE chargers SET boot = ?, boot_at = ?, registration = ?, ever_accepted = MAX(ever_accepted, ?) WHERE id = ?',
  );
  const setPassword = db.prepare<[string | null, string]>('UPDATE chargers SET password_hash = ? WHERE id = ?');
  const setProfile = db.prepare<[number | null, string]>('UPDATE chargers SET security_profile = ? WHERE id = ?');
  const allow = db.prepare<[string]>('UPDATE chargers SET ever_accepted = 1 WHERE id = ?');
  const setListVersion = db.prepare<[number, string, string]>(
    'UPDATE chargers SET local_list_version = ?, local_list_updated_at = ? WHERE id = ?',
  );
  const del = db.prepare<[string]>('DELETE FROM chargers WHERE id = ?');
  // What the live session recorded of a stranger's connections goes with its charger row (recordings keep theirs).
  const delConnections = db.prepare<[string, number]>('DELETE FROM connection_events WHERE charger_id = ? AND session_id = ?');
  const delConnectionFindings = db.prepare<[string, number]>("DELETE FROM findings WHERE charger_id = ? AND session_id = ? AND seq IS NULL AND rule = 'connection'");
  // Never booted, never configured by the operator: what a stranger's connection leaves behind.
  const UNBOOTED = 'registration IS NULL AND ever_accepted = 0 AND password_hash IS NULL AND security_profile IS NULL';
  const countUnbooted = db.prepare<[], { n: number }>(`SELECT COUNT(*) AS n FROM chargers WHERE ${UNBOOTED}`);
  const oldestUnbooted = db.prepare<[number], { id: string }>(`SELECT id FROM chargers WHERE ${UNBOOTED} ORDER BY first_seen, rowid LIMIT ?`);
  const connectorsOf = db.prepare<[string], ConnectorRow>('SELECT * FROM connectors WHERE charger_id = ? ORDER BY connector_id');
  const connectorOne = db.prepare<[string, number], ConnectorRow>('SELECT * FROM connectors WHERE charger_id = ? AND connector_id = ?');
  const upsertConnector = db.prepare(
    `INSERT INTO connectors (charger_id, connector_id, status, error_code, info, vendor_error_code, timestamp, updated_at)
     VALUES (@chargerId, @connectorId, @status, @errorCode, @info, @vendorErrorCode, @timestamp, @updatedAt)
     ON CONFLICT (charger_id, connector_id) DO UPDATE SET status = excluded.status, error_code = excluded.error_code,
       info = excluded.info, vendor_error_code = excluded.vendor_error_code, timestamp = excluded.timestamp,
       updated_at = excluded.updated_at`,
  );
  const history = db.prepare(
    `INSERT INTO status_history (session_id, seq, charger_id, connector_id, status, error_code, timestamp, at)
     VALUES (@sessionId, @seq, @chargerId, @connectorId, @status, @errorCode, @timestamp, @updatedAt)`,
  );
  const cache = new Map<string, ChargerRecord>();
  /** Unbooted chargers, counted once and then kept up to date by pruneUnbooted (-1: not counted yet). */
  let unbooted = -1;
  const seenWritten = new Map<string, number>();

  function get(id: string): ChargerRecord | undefined {
    let rec = cache.get(id);
    if (rec === undefined) {
      const row = byId.get(id);
      if (row === undefined) return undefined;
      rec = toRecord(row);
      cache.set(id, rec);
    }
    return rec;
  }
  function refresh(id: string): ChargerRecord | undefined {
    cache.delete(id);
    return get(id);
  }

  return {
    get,
    list(): ChargerRecord[] {
      return all.all().map((r) => get(r.id) ?? toRecord(r));
    },
    /** Creates the record when new; updates last seen. Inside the committing transaction. */
    touch(id: string, at: string): ChargerRecord {
      let rec = get(id);
      if (rec === undefined) {
        insert.run(id, at);
        rec = get(id)!;
      }
      rec.lastSeen = at;
      // last_seen is not acknowledged data: the cached record is exact, the row may lag by SEEN_WRITE_MS.
      // Writing it on every frame put one more page into every commit.
      const t = Date.parse(at);
      if (!(t - (seenWritten.get(id) ?? -Infinity) < SEEN_WRITE_MS)) {
        seen.run(at, id);
        seenWritten.set(id, t);
      }
      return rec;
    },
    recordBoot(id: string, payload: Record<string, unknown>, status: RegistrationStatus, at: string): void {
      boot.run(JSON.stringify(payload), at, status, status === 'Accepted' ? 1 : 0, id);
      refresh(id);
    },
    setSecurityProfile(id: string, profile: number | null, at: string): void {
      insert.run(id, at);
      setProfile.run(profile, id);
      refresh(id);
    },
    setPasswordHash(id: string, hash: string | null, at: string): void {
      insert.run(id, at);
      setPassword.run(hash, id);
      refresh(id);
    },
    /** The operator accepts the charger: its next BootNotification is answered Accepted. */
    allow(id: string): void {
      allow.run(id);
      refresh(id);
    },
    setLocalListVersion(id: string, version: number, at: string): void {
      setListVersion.run(version, at, id);
      refresh(id);
    },
    /**
     * Keeps at most `cap` chargers that never had a BootNotification answered (nor a password or profile set),
     * oldest removed first, never one that `connected` says is connected now. Counted only when a new one is added.
     */
    /**
     * Keeps the newest `cap` never-booted chargers (and every connected one); a removed one's connection records and
     * connection findings in the live session `sessionId` go with it, so a flood of new identities leaves a bounded list.
     */
    pruneUnbooted(cap: number, connected: (id: string) => boolean, sessionId: number): number {
      // An estimate (a charger that boots leaves the set unseen): counted exactly only when it passes the cap.
      unbooted = unbooted < 0 ? countUnbooted.get()!.n : unbooted + 1;
      if (unbooted <= cap) return 0;
      unbooted = countUnbooted.get()!.n;
      if (unbooted <= cap) return 0;
      let removed = 0;
      for (const { id } of oldestUnbooted.all(unbooted - cap + 64)) {
        if (unbooted - removed <= cap) break;
        if (connected(id)) continue;
        cache.delete(id);
        seenWritten.delete(id);
        delConnections.run(id, sessionId);
        delConnectionFindings.run(id, sessionId);
        removed += del.run(id).changes;
      }
      unbooted -= removed;
      return removed;
    },
    delete(id: string): boolean {
      cache.delete(id);
      return del.run(id).changes > 0;
    },
    /** Drops cached records (after a transaction that touched them rolled back). */
    forget(id?: string): void {
      if (id === undefined) cache.clear();
      else cache.delete(id);
    },
    connectors(id: string): Connector[] {
      return connectorsOf.all(id).map(toConnector);
    },
    connector(id: string, connectorId: number): Connector | undefined {
      const r = connectorOne.get(id, connectorId);
      return r ? toConnector(r) : undefined;
    },
    setConnectorStatus(c: Connector & { chargerId: string; sessionId: number; seq: number | null }): void {
      upsertConnector.run(c);
      history.run(c);
    },
  };
}
export type ChargerRepo = ReturnType<typeof createChargerRepo>;
