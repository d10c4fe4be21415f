/** The trace's rows in memory: bounded window, one filter predicate for append and refresh, CALL ↔ result pairing. */
import { describe, expect, test } from 'vitest';
import type { Frame } from '../../../shared/api/types.ts';
import { EMPTY_FILTER, makePredicate } from '../../../renderer/trace/trace-filter.ts';
import { TraceModel } from '../../../renderer/trace/trace-model.ts';

function frame(seq: number, over: Partial<Frame> = {}): Frame {
  const call = seq % 2 === 1;
  return {
    seq, sessionId: 1, chargerId: 'CP-1', direction: call ? 'in' : 'out', messageType: call ? 'CALL' : 'CALLRESULT',
    messageId: `m${Math.ceil(seq / 2)}`, action: 'Heartbeat', payload: {}, raw: `[${call ? 2 : 3},"m${Math.ceil(seq / 2)}"]`,
    at: new Date(1_700_000_000_000 + seq).toISOString(), latencyMs: call ? null : 3, valid: true, issues: [],
    callSeq: call ? null : seq - 1, errorCode: null, ...over,
  };
}
const frames = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => frame(from + i));

describe('TraceModel', () => {
  test('while following, the window keeps the newest frames and stays bounded', () => {
    const m = new TraceModel(EMPTY_FILTER, 1000);
    m.reset(frames(1, 1000), false);
    for (let s = 1001; s <= 5000; s += 100) m.append(frames(s, s + 99), true);
    expect(m.frames.length).toBeLessThanOrEqual(1000 + 1000 / 20);
    expect(m.newestSeq).toBe(5000);
    expect(m.hasOlder).toBe(true);
  });

  test('while paused, a full window keeps its rows, counts what it misses, and marks the gap', () => {
    const m = new TraceModel(EMPTY_FILTER, 100);
    m.reset(frames(1, 100), false);
    m.append(frames(101, 110), false);
    expect(m.newestSeq).toBe(100);
    expect(m.gapAtEnd).toBe(true);
    expect(m.newWhilePaused).toBe(10);
  });

  test('one predicate filters both a refresh and live appends', () => {
    const m = new TraceModel(EMPTY_FILTER);
    m.reset(frames(1, 10), false);
    m.setFilter({ ...EMPTY_FILTER, direction: 'in' });
    expect(m.visible.map((f) => f.seq)).toEqual([1, 3, 5, 7, 9]);
    m.append(frames(11, 14), true);
    expect(m.visible.map((f) => f.seq)).toEqual([1, 3, 5, 7, 9, 11, 13]);
  });

  test('a result is paired with its CALL both ways, and older pages go on top', () => {
    const m = new TraceModel(EMPTY_FILTER);
    m.reset(frames(101, 110), true);
    expect(m.pairOf(m.bySeq(101)!)!.seq).toBe(102);
    expect(m.pairOf(m.bySeq(102)!)!.seq).toBe(101);
    const added = m.prepend(frames(91, 100), true);
    expect(added).toBe(10);
    expect(m.visible[0]!.seq).toBe(91);
    expect(m.hasOlder).toBe(false);
    expect(m.pairOf(m.bySeq(99)!)!.seq).toBe(100);
  });

  test('frames already held are not appended twice (a reconnect may replay them)', () => {
    const m = new TraceModel(EMPTY_FILTER);
    m.reset(frames(1, 10), false);
    m.append(frames(5, 12), true);
    expect(m.frames.map((f) => f.seq)).toEqual(frames(1, 12).map((f) => f.seq));
  });
});

describe('trace filter', () => {
  test('text matches the raw frame and the charger, case-insensitively; only invalid keeps invalid frames', () => {
    const f = frame(1, { raw: '[2,"abc","Authorize",{"idTag":"TAG-77"}]', action: 'Authorize' });
    expect(makePredicate({ ...EMPTY_FILTER, text: 'tag-77' })(f)).toBe(true);
    expect(makePredicate({ ...EMPTY_FILTER, text: 'cp-1' })(f)).toBe(true);
    expect(makePredicate({ ...EMPTY_FILTER, text: 'nope' })(f)).toBe(false);
    expect(makePredicate({ ...EMPTY_FILTER, onlyInvalid: true })(f)).toBe(false);
    expect(makePredicate({ ...EMPTY_FILTER, onlyInvalid: true })({ ...f, valid: false })).toBe(true);
    expect(makePredicate({ ...EMPTY_FILTER, action: 'Heartbeat' })(f)).toBe(false);
  });
});
