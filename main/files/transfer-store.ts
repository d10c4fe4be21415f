import type { Transfer, TransferState } from '../../shared/api/types.ts';
import type { Db } from '../store/db.ts';

/** A transfer as stored: the API object plus what never leaves the core. */
export interface TransferRecord extends Transfer {
  sessionId: number;
  /** HTTP: the path secret. FTP: `user:password`. */
  secret: string;
  /** A completely received diagnostics file, relative to the data dir (`uploads/<id>/<name>`); null until one arrived. */
  filePath: string | null;
}

interface TransferRow {
  id: string; session_id: number; kind: string; charger_id: string; protocol: string; location: string;
  secret: string; firmware_id: string | null; bytes: number; total_bytes: number | null; state: string;
  file_name: string | null; file_path: string | null; statuses: string; created_at: string; expires_at: string;
  error: string | null;
}

function parseStatuses(text: string): Transfer['statuses'] {
  try {
    const v: unknown = JSON.parse(text);
    return Array.isArray(v) ? (v as Transfer['statuses']) : [];
  } catch {
    return [];
  }
}

function fromRow(r: TransferRow): TransferRecord {
  return {
    id: r.id, sessionId: r.session_id, kind: r.kind as Transfer['kind'], chargerId: r.charger_id,
    protocol: r.protocol as Transfer['protocol'], location: r.location, secret: r.secret, firmwareId: r.firmware_id,
    bytes: r.bytes, totalBytes: r.total_bytes, state: r.state as TransferState, fileName: r.file_name,
    filePath: r.file_path, statuses: parseStatuses(r.statuses), createdAt: r.created_at, expiresAt: r.expires_at,
    error: r.error,
  };
}

/** The public view of a record: no secret, no path on disk. */
export function toTransfer(r: TransferRecord): Transfer {
  return {
    id: r.id, kind: r.kind, chargerId: r.chargerId, protocol: r.protocol, location: r.location, bytes: r.bytes,
    totalBytes: r.totalBytes, state: r.state, fileName: r.fileName, firmwareId: r.firmwareId,
    statuses: r.statuses.map((s) => ({ ...s })), createdAt: r.createdAt, expiresAt: r.expiresAt, error: r.error,
  };
}

export const OPEN_STATES: readonly TransferState[] = ['waiting', 'transferring'];

export type TransferStore = ReturnType<typeof createTransferStore>;

/** Prepared statements over the `transfers` table. */
export function createTransferStore(db: Db) {
  const insert = db.prepare(
    `INSERT INTO transfers (id, session_id, kind, charger_id, protocol, location, secret, firmware_id, bytes,
       total_bytes, state, file_name, file_path, statuses, created_at, expires_at, error)
     VALUES (@id, @sessionId, @kind, @chargerId, @protocol, @location, @secret, @firmwareId, @bytes,
       @totalBytes, @state, @fileName, @filePath, @statuses, @createdAt, @expiresAt, @error)`,
  );
  const update = db.prepare(
    `UPDATE transfers SET bytes = @bytes, total_bytes = @totalBytes, state = @state, file_name = @fileName,
       file_path = @filePath, statuses = @statuses, error = @error WHERE id = @id`,
  );
  const byId = db.prepare<[string], TransferRow>('SELECT * FROM transfers WHERE id = ?');
  const bySecret = db.prepare<[string, string], TransferRow>('SELECT * FROM transfers WHERE protocol = ? AND secret = ?');
  const all = db.prepare<[], TransferRow>('SELECT * FROM transfers ORDER BY created_at DESC, rowid DESC');
  const byCharger = db.prepare<[string], TransferRow>(
    'SELECT * FROM transfers WHERE charger_id = ? ORDER BY created_at DESC, rowid DESC',
  );
  const newestOfKind = db.prepare<[string, string], TransferRow>(
    `SELECT * FROM transfers WHERE charger_id = ? AND kind = ?
     ORDER BY state IN ('waiting', 'transferring') DESC, created_at DESC, rowid DESC LIMIT 1`,
  );
  // A recording's transfers (re-opened or imported sessions) are history: they never expire or change.
  const open = db.prepare<[], TransferRow>(
    "SELECT * FROM transfers WHERE state IN ('waiting', 'transferring') AND session_id NOT IN (SELECT id FROM sessions WHERE read_only = 1)",
  );
  const openByFirmware = db.prepare<[string], TransferRow>(
    "SELECT * FROM transfers WHERE firmware_id = ? AND state IN ('waiting', 'transferring')",
  );

  const params = (r: TransferRecord) => ({ ...r, statuses: JSON.stringify(r.statuses) });

  return {
    insert(r: TransferRecord): void {
      insert.run(params(r));
    },
    save(r: TransferRecord): void {
      update.run(params(r));
    },
    get(id: string): TransferRecord | null {
      const row = byId.get(id);
      return row ? fromRow(row) : null;
    },
    bySecret(protocol: Transfer['protocol'], secret: string): TransferRecord | null {
      const row = bySecret.get(protocol, secret);
      return row ? fromRow(row) : null;
    },
    list(chargerId?: string): TransferRecord[] {
      return (chargerId === undefined ? all.all() : byCharger.all(chargerId)).map(fromRow);
    },
    /** The newest open transfer of that kind for the charger, else the newest of that kind. */
    newestForStatus(chargerId: string, kind: Transfer['kind']): TransferRecord | null {
      const row = newestOfKind.get(chargerId, kind);
      return row ? fromRow(row) : null;
    },
    open(): TransferRecord[] {
      return open.all().map(fromRow);
    },
    openByFirmware(firmwareId: string): TransferRecord[] {
      return openByFirmware.all(firmwareId).map(fromRow);
    },
  };
}
