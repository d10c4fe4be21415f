import { describe, expect, it } from 'vitest';
import type { LiveEvent } from '../../../shared/api/types.ts';
import { scaledTimers } from '../../../main/commissioning/timers.ts';
import { concerns, Watch } from '../../../main/commissioning/watch.ts';
import { selectCases, withDefaults } from '../../../main/commissioning/runner.ts';

const frame = (seq: number, chargerId = 'A', action = 'Heartbeat'): LiveEvent => ({
  type: 'frame',
  frame: { seq, sessionId: 1, chargerId, direction: 'in', messageType: 'CALL', messageId: String(seq), action, payload: {}, raw: '', at: '', latencyMs: null, valid: true, issues: [], callSeq: null, errorCode: null },
});
const seqOf = (e: LiveEvent | undefined) => (e?.type === 'frame' ? e.frame.seq : null);

describe('Watch', () => {
  it('finds what came before the wait began, and what comes after', async () => {
    const w = new Watch(scaledTimers(1000));
    const from = w.mark();
    w.push(frame(1));
    const signal = new AbortController().signal;
    expect(seqOf((await w.wait(from, () => true, 10, signal))?.event)).toBe(1);
    const later = w.wait(w.mark(), (s) => seqOf(s.event) === 3, 60_000, signal);
    w.push(frame(2));
    w.push(frame(3));
    expect(seqOf((await later)?.event)).toBe(3);
  });

  it('gives null when the time passes and rejects when cancelled', async () => {
    const w = new Watch(scaledTimers(1000));
    const ac = new AbortController();
    expect(await w.wait(0, () => true, 5_000, ac.signal)).toBeNull();
    const pending = w.wait(0, () => true, 600_000, ac.signal);
    ac.abort(new Error('cancelled'));
    await expect(pending).rejects.toThrow('cancelled');
  });

  it('keeps only the charger under test', () => {
    expect(concerns(frame(1, 'A'), 'A')).toBe(true);
    expect(concerns(frame(1, 'B'), 'A')).toBe(false);
    expect(concerns({ type: 'settings', settings: {} as never }, 'A')).toBe(false);
  });
});

describe('case selection', () => {
  it('"all" leaves out the firmware update, "all-automatic" every manual case too', () => {
    const all = selectCases(['all']).map((c) => c.id);
    expect(all).not.toContain('firmware.update');
    expect(all).toContain('remote.start-stop');
    const auto = selectCases(['all-automatic']);
    expect(auto.some((c) => c.manual)).toBe(false);
    expect(selectCases(['firmware.update']).map((c) => c.id)).toEqual(['firmware.update']);
    expect(() => selectCases(['nope'])).toThrow(/does not exist/);
    expect(withDefaults({}).connectorId).toBe(1);
  });
});
