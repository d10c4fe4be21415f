/**
 * The live feed as seen from a session that is not the live one: only events of that session pass (none, for a
 * recording), and nothing about the live chargers. Views keep calling useLiveEvents; a past session simply stays
 * still instead of growing with the live site's frames.
 */
import type { LiveEvent } from '../../shared/api/types.ts';
import type { EventStream } from '../api/events.ts';

/** The session an event belongs to; null for events that belong to no session (settings, jobs, sessions). */
export function eventSession(e: LiveEvent): number | null | 'live-only' {
  switch (e.type) {
    case 'frame': return e.frame.sessionId;
    case 'finding': return e.finding.sessionId;
    case 'transaction': return e.transaction.sessionId;
    case 'connection': return e.event.sessionId;
    case 'command': return e.command.sessionId;
    case 'testRun': return e.run.sessionId;
    case 'charger':
    case 'transfer': return 'live-only';
    case 'session':
    case 'settings':
    case 'progress': return null;
  }
}

export function sessionStream(stream: EventStream, sessionId: number): EventStream {
  const keep = (e: LiveEvent) => {
    const s = eventSession(e);
    return s === null || s === sessionId;
  };
  return {
    subscribe(fn) {
      return stream.subscribe((events) => {
        const mine = events.filter(keep);
        if (mine.length > 0) fn(mine);
      });
    },
    onResync: (fn) => stream.onResync(fn),
    onState: (fn) => stream.onState(fn),
    get state() {
      return stream.state;
    },
    // The page's stream is closed by its owner, never through a view's filtered copy.
    close() {},
  };
}
