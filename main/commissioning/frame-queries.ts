import type { Frame } from '../../shared/api/types.ts';
import type { Db } from '../store/db.ts';
import { rowToFrame } from '../store/frames.ts';

type Row = Parameters<typeof rowToFrame>[0];

/** Read-only lookups of a charger's frames by action, for the cases and the report. Prepared once. */
export function createFrameQueries(db: Db) {
  const lastIn = db.prepare<[number, string, string, string], Row>(
    'SELECT * FROM frames WHERE session_id = ? AND charger_id = ? AND action = ? AND message_type = ? AND direction = \'in\' ORDER BY seq DESC LIMIT 1',
  );
  const inAfter = db.prepare<[number, string, string, number, number], Row>(
    'SELECT * FROM frames WHERE session_id = ? AND charger_id = ? AND action = ? AND message_type = \'CALL\' AND direction = \'in\' AND seq > ? ORDER BY seq LIMIT ?',
  );
  const resultsNewest = db.prepare<[number, string, string, number], Row>(
    'SELECT * FROM frames WHERE session_id = ? AND charger_id = ? AND action = ? AND message_type = \'CALLRESULT\' AND direction = \'in\' ORDER BY seq DESC LIMIT ?',
  );
  const bySeq = db.prepare<[number], Row>('SELECT * FROM frames WHERE seq = ?');
  const firstLast = db.prepare<[number, string], { first: string | null; last: string | null; n: number }>(
    'SELECT MIN(at) AS first, MAX(at) AS last, COUNT(*) AS n FROM frames WHERE session_id = ? AND charger_id = ?',
  );
  return {
    lastCall(sessionId: number, chargerId: string, action: string): Frame | undefined {
      const r = lastIn.get(sessionId, chargerId, action, 'CALL');
      return r ? rowToFrame(r) : undefined;
    },
    callsAfter(sessionId: number, chargerId: string, action: string, afterSeq: number, limit = 200): Frame[] {
      return inAfter.all(sessionId, chargerId, action, afterSeq, limit).map(rowToFrame);
    },
    /** The newest answer to a CALL of ours whose request satisfies `pred` (looks at the last `scan` answers). */
    lastAnswer(sessionId: number, chargerId: string, action: string, pred: (request: Record<string, unknown>) => boolean, scan = 50): { call: Frame; answer: Frame } | undefined {
      for (const r of resultsNewest.all(sessionId, chargerId, action, scan)) {
        const answer = rowToFrame(r);
        const c = answer.callSeq !== null ? bySeq.get(answer.callSeq) : undefined;
        if (!c) continue;
        const call = rowToFrame(c);
        if (pred((call.payload ?? {}) as Record<string, unknown>)) return { call, answer };
      }
      return undefined;
    },
    span(sessionId: number, chargerId: string): { first: string | null; last: string | null; n: number } {
      return firstLast.get(sessionId, chargerId) ?? { first: null, last: null, n: 0 };
    },
  };
}
export type FrameQueries = ReturnType<typeof createFrameQueries>;
