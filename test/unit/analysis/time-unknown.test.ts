/**
 * Frames whose log gave them no time (an import of a log without times: FrameReplay hands the engine NaN for them):
 * no rule that measures time may fire on them, while every other rule still does.
 */
import { describe, expect, test } from 'vitest';
import type { RuleId } from '../../../shared/rules/catalogue.ts';
import { CASES } from './cases.ts';
import { Sim } from './sim.ts';

/** The rules that measure the frames' time: answer times, cadence, boots in a window, clocks, gaps, deadlines, expiries. */
const MEASURED_IN_TIME: RuleId[] = [
  'late-answer', 'slow-charger-answer', 'slow-csms-answer', 'boot-repeated', 'heartbeat-late', 'heartbeat-too-frequent', 'clock-skew',
  'meter-values-gap', 'start-not-accepted-continued', 'availability-not-followed', 'reset-no-reboot', 'remote-start-no-transaction',
  'remote-stop-not-followed', 'trigger-not-sent', 'reservation-not-active', 'reservation-already-expired',
];

/** A case's `fires` script, with or without the frames' times, without the end of the log (whose findings need no time). */
function run(id: RuleId, timeUnknown: boolean): RuleId[] {
  const s = new Sim();
  s.timeUnknown = timeUnknown;
  CASES[id]!.fires(s);
  return s.rules();
}

describe('a frame whose time is unknown', () => {
  for (const id of MEASURED_IN_TIME) {
    test(`${id} fires with the frames' times and not without them`, () => {
      expect(run(id, false), `${id} with times`).toContain(id);
      expect(run(id, true), `${id} without times`).not.toContain(id);
    });
  }

  test('rules that measure no time still fire without the times (a schema violation, a meter that runs backwards, a very short transaction from the charger\'s own timestamps)', () => {
    for (const id of ['schema-violation', 'meter-decreased', 'transaction-very-short', 'status-transition', 'unmatched-result'] as RuleId[]) {
      expect(run(id, true), id).toContain(id);
    }
  });

  test('in a log mixing frames with and without times, only the timed ones are measured', () => {
    // An untimed CALL, then timed frames: those are measured as usual.
    const s = new Sim();
    s.timeUnknown = true;
    s.cs('ClearCache', {}, {}, { noAnswer: true, id: 'c1' });
    s.timeUnknown = false;
    s.wait(40);
    s.cs('Reset', { type: 'Soft' }, { status: 'Accepted' }, { latencyMs: 31_000 });
    expect(s.rules()).toContain('late-answer');
    const quiet = new Sim();
    quiet.timeUnknown = true;
    quiet.cs('ClearCache', {}, { status: 'Accepted' }, { latencyMs: 31_000 }).boot().boot().boot().heartbeat().heartbeat();
    expect(quiet.rules()).toEqual([]);
  });
});
