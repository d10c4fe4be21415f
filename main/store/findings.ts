import type { ConnectionEvent, Finding, Severity } from '../../shared/api/types.ts';
import type { RuleId } from '../../shared/rules/catalogue.ts';
import type { Db } from './db.ts';

interface FindingRow {
  id: number; session_id: number; charger_id: string; seq: number | null; severity: string; rule: string; message: string; at: string;
  /** The finding's frame's `frames.time_unknown` (1: its log gave it no time); null without a frame or with a time. */
  time_unknown: number | null;
}
interface ConnectionRow {
  id: number; session_id: number; charger_id: string | null; at: string; kind: string; remote_address: string | null;
  path: string | null; subprotocols: string | null; reason: string; code: number | null;
}

/** Findings with their frame's time mark, joined on the frame's primary key (exported for the query-plan test). */
export const FINDINGS_SELECT = 'SELECT f.*, fr.time_unknown AS time_unknown FROM findings f LEFT JOIN frames fr ON fr.seq = f.seq';

export function createFindingRepo(db: Db) {
  const insert = db.prepare<[number, string, number | null, string, string, string, string]>(
    'INSERT INTO findings (session_id, charger_id, seq, severity, rule, message, at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  // A finding on an imported frame whose log gave it no time carries only a stand-in `at`: the frame's mark comes along
  // by its primary key (one rowid look-up a finding, no scan of the frames, however big the session).
  const list = db.prepare<[number], FindingRow>(`${FINDINGS_SELECT} WHERE f.session_id = ? ORDER BY f.id`);
  const listByCharger = db.prepare<[number, string], FindingRow>(`${FINDINGS_SELECT} WHERE f.session_id = ? AND f.charger_id = ? ORDER BY f.id`);
  const countByCharger = db.prepare<[number], { charger_id: string; n: number }>(
    'SELECT charger_id, COUNT(*) AS n FROM findings WHERE session_id = ? GROUP BY charger_id',
  );
  const countOne = db.prepare<[number, string], { n: number }>('SELECT COUNT(*) AS n FROM findings WHERE session_id = ? AND charger_id = ?');
  const toFinding = (r: FindingRow): Finding => {
    const finding: Finding = {
      id: r.id, sessionId: r.session_id, chargerId: r.charger_id, seq: r.seq, severity: r.severity as Severity,
      rule: r.rule as RuleId, message: r.message, at: r.at,
    };
    if (r.time_unknown === 1) finding.timeUnknown = true;
    return finding;
  };
  return {
    insert(f: Omit<Finding, 'id'>): Finding {
      const info = insert.run(f.sessionId, f.chargerId, f.seq, f.severity, f.rule, f.message, f.at);
      return { ...f, id: Number(info.lastInsertRowid) };
    },
    list(sessionId: number, chargerId?: string): Finding[] {
      return (chargerId === undefined ? list.all(sessionId) : listByCharger.all(sessionId, chargerId)).map(toFinding);
    },
    count(sessionId: number, chargerId: string): number {
      return countOne.get(sessionId, chargerId)?.n ?? 0;
    },
    counts(sessionId: number): Map<string, number> {
      return new Map(countByCharger.all(sessionId).map((r) => [r.charger_id, r.n]));
    },
  };
}
export type FindingRepo = ReturnType<typeof createFindingRepo>;

export function createConnectionRepo(db: Db) {
  const insert = db.prepare(
    `INSERT INTO connection_events (session_id, charger_id, at, kind, remote_address, path, subprotocols, reason, code)
     VALUES (@sessionId, @chargerId, @at, @kind, @remoteAddress, @path, @subprotocols, @reason, @code)`,
  );
  const list = db.prepare<[number], ConnectionRow>('SELECT * FROM connection_events WHERE session_id = ? ORDER BY id');
  const listByCharger = db.prepare<[number, string], ConnectionRow>(
    'SELECT * FROM connection_events WHERE session_id = ? AND charger_id = ? ORDER BY id',
  );
  const toEvent = (r: ConnectionRow): ConnectionEvent => ({
    id: r.id, sessionId: r.session_id, chargerId: r.charger_id, at: r.at, kind: r.kind as ConnectionEvent['kind'],
    remoteAddress: r.remote_address, path: r.path, subprotocols: r.subprotocols, reason: r.reason, code: r.code,
  });
  return {
    insert(e: Omit<ConnectionEvent, 'id'>): ConnectionEvent {
      const info = insert.run(e);
      return { ...e, id: Number(info.lastInsertRowid) };
    },
    list(sessionId: number, chargerId?: string): ConnectionEvent[] {
      return (chargerId === undefined ? list.all(sessionId) : listByCharger.all(sessionId, chargerId)).map(toEvent);
    },
  };
}
export type ConnectionRepo = ReturnType<typeof createConnectionRepo>;
