import { blockOf, createSeqBounds } from './blocks.ts';
import type { Db } from './db.ts';

/** A frame row as the trace export reads it (proxy columns absent in rows read by older queries). */
export interface TraceFrameRow {
  seq: number; charger_id: string; direction: string; message_type: string | null; message_id: string | null; action: string | null;
  payload: string | null; raw: string; at: string; latency_ms: number | null; valid: number; issues: string | null; call_seq: number | null;
  error_code: string | null;
  relay?: string | null; ocpp_version?: string | null; time_unknown?: number | null;
}

/** Rows per page of the export walks. */
export const EXPORT_PAGE = 5_000;

/**
 * The reads of a session export (trace JSONL, CSV) and of a session's charger list: whole rows of one session, paged
 * by key, statements prepared once.
 */
export function createSessionRowsRepo(db: Db) {
  const extent = db.prepare<[number], { m: number; n: number }>('SELECT COALESCE(MAX(seq), 0) AS m, COUNT(*) AS n FROM frames WHERE session_id = ?');
  // A frame the trace format cannot carry: not an OCPP-J array (no messageType), or a CALL whose action was unreadable.
  const untraceable = db.prepare<[number], { n: number }>(
    "SELECT COUNT(*) AS n FROM frames WHERE session_id = ? AND (message_type IS NULL OR (message_type = 'CALL' AND action IS NULL))",
  );
  const framePage = db.prepare<[number, number, number], TraceFrameRow>(
    `SELECT seq, charger_id, direction, message_type, message_id, action, payload, raw, at, latency_ms, valid, issues, call_seq, error_code,
       relay, ocpp_version, time_unknown
     FROM frames WHERE session_id = ? AND seq > ? AND seq <= ? ORDER BY seq LIMIT ${EXPORT_PAGE}`,
  );
  const transactions = db.prepare<[number], Record<string, unknown>>('SELECT * FROM transactions WHERE session_id = ? ORDER BY id');
  // Walk the id (`+session_id`: the session index is not in id order, SQLite would sort the session for every page).
  const meterPage = db.prepare<[number, number], Record<string, unknown>>(
    `SELECT * FROM meter_values WHERE +session_id = ? AND id > ? ORDER BY id LIMIT ${EXPORT_PAGE}`,
  );
  const meterPageOfTx = db.prepare<[number, number, number], Record<string, unknown>>(
    `SELECT * FROM meter_values WHERE +session_id = ? AND id > ? AND transaction_id = ? ORDER BY id LIMIT ${EXPORT_PAGE}`,
  );
  // The block index holds charger and session: the session's blocks are read from the index alone.
  const chargerIds = db.prepare<[number, number, number, number], { id: string }>(
    `SELECT charger_id AS id FROM frames INDEXED BY frames_block WHERE (seq >> 10) BETWEEN ? AND ? AND session_id = ?
     UNION SELECT charger_id FROM connection_events WHERE session_id = ? AND charger_id IS NOT NULL ORDER BY 1`,
  );
  const bounds = createSeqBounds(db);

  return {
    /** The last seq of the session's frames (0 when none) and how many it has. */
    extent(sessionId: number): { upTo: number; frames: number } {
      const r = extent.get(sessionId)!;
      return { upTo: r.m, frames: r.n };
    },
    /** Frames the OCPP Trace Format cannot carry (left out of a trace export and counted). */
    untraceableFrames(sessionId: number): number {
      return untraceable.get(sessionId)!.n;
    },
    /** Up to EXPORT_PAGE frames of the session with after < seq <= upTo, in seq order. */
    framesAfter(sessionId: number, after: number, upTo: number): TraceFrameRow[] {
      return framePage.all(sessionId, after, upTo);
    },
    transactions(sessionId: number): Record<string, unknown>[] {
      return transactions.all(sessionId);
    },
    /** Up to EXPORT_PAGE meter values of the session (or of one transaction in it) with id > after, in id order. */
    meterValuesAfter(sessionId: number, after: number, transactionId: number | null): Record<string, unknown>[] {
      return transactionId === null ? meterPage.all(sessionId, after) : meterPageOfTx.all(sessionId, after, transactionId);
    },
    /** Every charger the session saw (a frame or a connection attempt), by id. */
    chargerIds(sessionId: number): string[] {
      const range = bounds.session(sessionId);
      return chargerIds.all(blockOf(range?.lo ?? 0), range ? blockOf(range.hi) : -1, sessionId, sessionId).map((r) => r.id);
    },
  };
}
export type SessionRowsRepo = ReturnType<typeof createSessionRowsRepo>;
