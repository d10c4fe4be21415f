/** The pieces behind "the session on screen": which live events reach its views, links into the trace, file names of exports. */
import { describe, expect, test } from 'vitest';
import type { EventStream } from '../../../../renderer/api/events.ts';
import { href, parseRoute } from '../../../../renderer/router.ts';
import { dispositionName } from '../../../../renderer/sessions/file-transfer.ts';
import { sessionStream } from '../../../../renderer/sessions/session-stream.ts';
import type { Frame, LiveEvent } from '../../../../shared/api/types.ts';

function fakeStream() {
  const listeners = new Set<(e: LiveEvent[]) => void>();
  const stream: EventStream = {
    subscribe(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    onResync: () => () => undefined,
    onState: () => () => undefined,
    state: 'open',
    close() {},
  };
  return { stream, send: (events: LiveEvent[]) => listeners.forEach((fn) => fn(events)) };
}

const frame = (sessionId: number, seq: number): LiveEvent => ({ type: 'frame', frame: { seq, sessionId } as Frame });

describe('a session other than the live one', () => {
  test('sees only its own frames, no live charger state, and the events of no session (jobs, sessions)', () => {
    const { stream, send } = fakeStream();
    const seen: LiveEvent[][] = [];
    const off = sessionStream(stream, 7).subscribe((events) => seen.push(events));
    send([frame(3, 1), frame(7, 2)]);
    send([{ type: 'charger', charger: { id: 'CP-1' } as never }, frame(3, 3)]);
    send([{ type: 'progress', progress: { id: 'export-1' } as never }]);
    expect(seen).toEqual([[frame(7, 2)], [{ type: 'progress', progress: { id: 'export-1' } }]]);
    off();
    send([frame(7, 4)]);
    expect(seen).toHaveLength(2);
  });
});

describe('routes to one item', () => {
  test('a frame in the site trace and in a charger trace, a transaction with its plots', () => {
    expect(parseRoute('#/trace/1234')).toEqual({ view: 'trace', item: 1234 });
    expect(parseRoute('#/chargers/CP%2F1/trace/99')).toEqual({ view: 'charger', id: 'CP/1', tab: 'trace', item: 99 });
    expect(parseRoute('#/transactions/17')).toEqual({ view: 'transactions', item: 17 });
    expect(parseRoute('#/transactions/x')).toEqual({ view: 'transactions' });
    expect(parseRoute('#/sessions')).toEqual({ view: 'sessions' });
    expect(href({ view: 'charger', id: 'CP/1', tab: 'transactions', item: 5 })).toBe('#/chargers/CP%2F1/transactions/5');
  });
});

describe('the name of a downloaded export', () => {
  test('takes filename* (UTF-8) first, then the plain filename, else the fallback', () => {
    expect(dispositionName(`attachment; filename="Depot-visit.chargescope"; filename*=UTF-8''D%C3%A9p%C3%B4t%20visit.chargescope`, 'x')).toBe('Dépôt visit.chargescope');
    expect(dispositionName('attachment; filename="trace.jsonl"', 'x')).toBe('trace.jsonl');
    expect(dispositionName(null, 'session-3')).toBe('session-3');
  });
});
