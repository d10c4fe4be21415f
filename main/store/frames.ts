import type { Direction, Frame, OcppVersion, RelayTag, SchemaIssue } from '../../shared/api/types.ts';
import type { MessageTypeName } from '../../shared/ocpp/actions.ts';
import { createSeqBounds, walkBlocks, walkBlocksDown } from './blocks.ts';
import type { Db } from './db.ts';
import { payloadOf } from '../ocpp/frame.ts';
import { parseJson } from './json.ts';

/** A frame before the store gives it its seq. */
export type NewFrame = Omit<Frame, 'seq'>;

interface FrameRow {
  seq: number; session_id: number; charger_id: string; direction: string; message_type: string | null;
  message_id: string | null; action: string | null; payload: string | null; raw: string; at: string;
  latency_ms: number | null; valid: number; issues: string | null; call_seq: number | null; error_code: string | null;
  relay?: string | null; ocpp_version?: string | null; time_unknown?: number | null;
}

export function rowToFrame(r: FrameRow): Frame {
  const frame: Frame = {
    seq: r.seq, sessionId: r.session_id, chargerId: r.charger_id, direction: r.direction as Direction,
    messageType: r.message_type as MessageTypeName | null, messageId: r.message_id, action: r.action,
    payload: r.payload !== null ? parseJson(r.payload, null) : payloadOf(r.raw, r.message_type as MessageTypeName | null), raw: r.raw, at: r.at, latencyMs: r.latency_ms, valid: r.valid === 1,
    issues: parseJson<SchemaIssue[]>(r.issues, []), callSeq: r.call_seq, errorCode: r.error_code,
  };
  // Proxy mode's marks, only on the frames that have them (local traffic keeps its shape).
  if (r.relay) frame.relay = r.relay as RelayTag;
  if (r.ocpp_version) frame.ocppVersion = r.ocpp_version as OcppVersion;
  // An imported frame without a time of its own (live frames never carry the mark).
  if (r.time_unknown === 1) frame.timeUnknown = true;
  return frame;
}

export const MAX_FRAME_PAGE = 5000;

export function createFrameRepo(db: Db) {
  const insert = db.prepare(
    `INSERT INTO frames (session_id, charger_id, direction, message_type, message_id, action, payload, raw, at,
       latency_ms, valid, issues, call_seq, error_code, relay, ocpp_version)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const page = db.prepare<[number, number, number], FrameRow>(
    'SELECT * FROM frames WHERE session_id = ? AND seq > ? ORDER BY seq LIMIT ?',
  );
  const blockOfCharger = db.prepare<[number, string, number, number, number], FrameRow>(
    'SELECT * FROM frames INDEXED BY frames_block WHERE (seq >> 10) = ? AND charger_id = ? AND session_id = ? AND seq > ? ORDER BY seq LIMIT ?',
  );
  // Newest first, below `before`: the trace opens at the end of a session and pages back.
  const pageBefore = db.prepare<[number, number, number, number], FrameRow>(
    'SELECT * FROM frames WHERE session_id = ? AND seq > ? AND seq < ? ORDER BY seq DESC LIMIT ?',
  );
  const blockOfChargerBefore = db.prepare<[number, string, number, number, number, number], FrameRow>(
    'SELECT * FROM frames INDEXED BY frames_block WHERE (seq >> 10) = ? AND charger_id = ? AND session_id = ? AND seq > ? AND seq < ? ORDER BY seq DESC LIMIT ?',
  );
  const bounds = createSeqBounds(db);
  const bySeq = db.prepare<[number], FrameRow>('SELECT * FROM frames WHERE seq = ?');

  function listBefore(sessionId: number, chargerId: string | undefined, after: number, before: number, limit: number): Frame[] {
    let rows: FrameRow[];
    if (chargerId === undefined) {
      rows = pageBefore.all(sessionId, after, before, limit);
    } else {
      const range = bounds.session(sessionId);
      if (!range) return [];
      rows = walkBlocksDown(Math.min(before - 1, range.hi), Math.max(after + 1, range.lo), limit,
        (block, remaining) => blockOfChargerBefore.all(block, chargerId, sessionId, after, before, remaining));
    }
    return rows.reverse().map(rowToFrame);
  }

  return {
    /** Inserts a frame and returns its seq. Call inside the committing transaction. */
    insert(f: NewFrame): number {
      return this.insertFor(f.sessionId, f.chargerId, f);
    },
    /** The same, with session and charger given apart (the hot path builds no object to carry them). */
    insertFor(sessionId: number, chargerId: string, f: Omit<NewFrame, 'sessionId' | 'chargerId'>): number {
      // Positional parameters: this runs twice per message, and named ones cost an object per row. The payload
      // column stays NULL: the payload is read back from `raw` (rows of older versions still have it filled).
      const info = insert.run(
        sessionId, chargerId, f.direction, f.messageType, f.messageId, f.action, null, f.raw, f.at, f.latencyMs, f.valid ? 1 : 0,
        f.issues.length ? JSON.stringify(f.issues) : null, f.callSeq, f.errorCode, f.relay ?? null, f.ocppVersion === '2.0.1' ? '2.0.1' : null,
      );
      return Number(info.lastInsertRowid);
    },
    /**
     * Frames of a session (or of one charger in it) in seq order: the first `limit` after `after`, or with
     * `before`, the last `limit` below it (and still after `after`).
     */
    list(q: { sessionId: number; chargerId?: string; after: number; before?: number; limit: number }): Frame[] {
      const { chargerId, before } = q;
      if (before !== undefined) return listBefore(q.sessionId, chargerId, q.after, before, q.limit);
      if (chargerId === undefined) return page.all(q.sessionId, q.after, q.limit).map(rowToFrame);
      const range = bounds.session(q.sessionId);
      if (!range) return [];
      return walkBlocks(Math.max(q.after + 1, range.lo), range.hi, q.limit,
        (block, remaining) => blockOfCharger.all(block, chargerId, q.sessionId, q.after, remaining)).map(rowToFrame);
    },
    get(seq: number): Frame | undefined {
      const r = bySeq.get(seq);
      return r ? rowToFrame(r) : undefined;
    },
  };
}
export type FrameRepo = ReturnType<typeof createFrameRepo>;
