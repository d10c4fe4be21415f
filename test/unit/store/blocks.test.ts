import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BLOCK } from '../../../main/store/blocks.ts';
import { createStore, type Store } from '../../../main/store/store.ts';

/**
 * Frames and meter values are read block by block (main/store/blocks.ts): a charger's or a transaction's rows
 * spread over many blocks of 1,024 frames, and two sessions interleave. Every walk must return exactly what a
 * plain filter over all rows returns, in order, and use the block indexes (a query that spells the expression
 * differently from the index would scan the table instead).
 */
describe('block-clustered frame and meter-value indexes', () => {
  let store: Store;
  const CHARGERS = ['CP-A', 'CP-B', 'CP-C', 'CP-RARE'];
  let live: number;
  let other: number;
  let txA: number;

  beforeAll(() => {
    store = createStore(join(mkdtempSync(join(tmpdir(), 'cs-blocks-')), 'x.db'), '2026-11-01T00:00:00.000Z');
    live = store.sessions.liveId;
    other = store.sessions.addReadOnly('imported', 'x.jsonl', '2026-11-01T00:00:00.000Z', null);
    store.db.transaction(() => {
      txA = store.transactions.start({
        sessionId: live, chargerId: 'CP-A', connectorId: 1, idTag: 'T', idTagStatus: 'Accepted', meterStart: 0,
        startedAt: '2026-11-01T00:00:00.000Z', reservationId: null, startSeq: 1,
      });
      // 3.5 blocks of frames; CP-RARE speaks twice, once in the first block and once in the last.
      for (let i = 0; i < BLOCK * 3.5; i++) {
        const chargerId = i === 6 || i === BLOCK * 3 + 7 ? 'CP-RARE' : CHARGERS[i % 3]!;
        const sessionId = i % 5 === 0 ? other : live;
        const seq = store.frames.insert({
          sessionId, chargerId, direction: 'in', messageType: 'CALL', messageId: String(i), action: 'MeterValues',
          payload: {}, raw: `[2,"${i}","MeterValues",{}]`, at: '2026-11-01T00:00:00.000Z', latencyMs: null, valid: true,
          issues: [], callSeq: null, errorCode: null,
        });
        if (i % 7 === 0) {
          store.transactions.addSample({
            sessionId, seq, chargerId, connectorId: 1, transactionId: chargerId === 'CP-A' ? txA : null,
            timestamp: '2026-11-01T00:00:00.000Z', value: String(i), measurand: 'Energy.Active.Import.Register',
            unit: 'Wh', phase: null, context: null, location: null, format: null,
          });
        }
      }
    })();
  });
  afterAll(() => store.close());

  const allFrames = () => store.db.prepare('SELECT seq, session_id AS s, charger_id AS c FROM frames ORDER BY seq').all() as { seq: number; s: number; c: string }[];
  const allSamples = () => store.db.prepare('SELECT id, seq, session_id AS s, charger_id AS c, transaction_id AS t FROM meter_values ORDER BY id').all() as { seq: number; s: number; c: string; t: number | null }[];

  test('a charger\'s frames of one session, paged across blocks, equal a plain filter', () => {
    for (const c of CHARGERS) {
      for (const s of [live, other]) {
        const want = allFrames().filter((f) => f.c === c && f.s === s).map((f) => f.seq);
        const got: number[] = [];
        let after = 0;
        for (let guard = 0; guard < 100; guard++) {
          const page = store.frames.list({ sessionId: s, chargerId: c, after, limit: 300 });
          if (page.length === 0) break;
          got.push(...page.map((f) => f.seq));
          after = page.at(-1)!.seq;
        }
        expect(got).toEqual(want);
      }
    }
    expect(store.frames.list({ sessionId: live, chargerId: 'CP-RARE', after: 0, limit: 10 }).map((f) => f.action)).toEqual(['MeterValues', 'MeterValues']);
    expect(store.frames.list({ sessionId: live, chargerId: 'nobody', after: 0, limit: 10 })).toEqual([]);
  });

  test('meter values by session, by charger and by transaction equal a plain filter', () => {
    const rows = allSamples();
    const seqs = (xs: { seq: number }[]) => xs.map((x) => x.seq);
    expect(seqs(store.transactions.samples({ sessionId: live }))).toEqual(seqs(rows.filter((r) => r.s === live)));
    expect(seqs(store.transactions.samples({ sessionId: other, chargerId: 'CP-B' }))).toEqual(seqs(rows.filter((r) => r.s === other && r.c === 'CP-B')));
    const ofTx = rows.filter((r) => r.t === txA);
    expect(ofTx.length).toBeGreaterThan(50);
    expect(seqs(store.transactions.samples({ sessionId: live, transactionId: txA }))).toEqual(seqs(ofTx));
    expect(store.transactions.samples({ sessionId: live, transactionId: 999_999 })).toEqual([]);
  });

  test('the block queries use the block indexes', () => {
    const plan = (sql: string) => (store.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join(' | ');
    expect(plan("SELECT * FROM frames WHERE (seq >> 10) = 1 AND charger_id = 'x' AND session_id = 1 AND seq > 0 ORDER BY seq")).toMatch(/USING INDEX frames_block/);
    expect(plan("SELECT * FROM meter_values WHERE (seq >> 10) = 1 AND charger_id = 'x' AND transaction_id = 3")).toMatch(/USING INDEX meter_values_block/);
    expect(plan("SELECT * FROM transactions WHERE charger_id = 'x' AND connector_id = 1 AND stopped_at IS NULL")).toMatch(/USING INDEX transactions_open/);
  });
});
