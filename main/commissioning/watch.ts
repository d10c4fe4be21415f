import type { LiveEvent } from '../../shared/api/types.ts';
import type { Timers } from './timers.ts';

/** What the engine saw happen at the charger under test, in order. */
export interface Seen {
  /** Position in the watch (0, 1, ...). */
  i: number;
  /** Engine time when it was seen (ms). */
  t: number;
  event: LiveEvent;
}

/** Events about one charger: its frames, connections, transactions, transfers and its record. */
export function concerns(event: LiveEvent, chargerId: string): boolean {
  switch (event.type) {
    case 'frame': return event.frame.chargerId === chargerId;
    case 'connection': return event.event.chargerId === chargerId;
    case 'transaction': return event.transaction.chargerId === chargerId;
    case 'transfer': return event.transfer.chargerId === chargerId;
    case 'charger': return event.charger.id === chargerId;
    default: return false;
  }
}

const MAX_SEEN = 20_000;

/**
 * The charger's events since a case began, and waits on them. A wait scans from a mark, so what the charger did
 * between sending its answer and the case asking for it is never missed. Bounded: a chatty charger cannot grow
 * it past MAX_SEEN (the oldest go; a case never needs more than its last minutes).
 */
export class Watch {
  private items: Seen[] = [];
  private dropped = 0;
  private readonly waiters = new Set<{ from: number; pred: (s: Seen) => boolean; done: (s: Seen) => void }>();
  constructor(private readonly timers: Timers) {}

  /** The position the next event will take. */
  mark(): number {
    return this.dropped + this.items.length;
  }

  push(event: LiveEvent): void {
    const seen: Seen = { i: this.mark(), t: this.timers.now(), event };
    this.items.push(seen);
    if (this.items.length > MAX_SEEN) {
      this.items.shift();
      this.dropped++;
    }
    for (const w of this.waiters) {
      if (seen.i >= w.from && w.pred(seen)) {
        this.waiters.delete(w);
        w.done(seen);
      }
    }
  }

  /** Events from position `from` on. */
  since(from: number): Seen[] {
    return this.items.slice(Math.max(0, from - this.dropped));
  }

  find(from: number, pred: (s: Seen) => boolean): Seen | undefined {
    return this.since(from).find(pred);
  }

  /** The first event from `from` on that matches, or null when `ms` pass first. Rejects when the signal aborts. */
  async wait(from: number, pred: (s: Seen) => boolean, ms: number, signal: AbortSignal): Promise<Seen | null> {
    const already = this.find(from, pred);
    if (already) return already;
    const stop = new AbortController();
    const onAbort = () => stop.abort(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    let waiter: { from: number; pred: (s: Seen) => boolean; done: (s: Seen) => void } | undefined;
    try {
      return await new Promise<Seen | null>((resolve, reject) => {
        waiter = { from, pred, done: resolve };
        this.waiters.add(waiter);
        this.timers.sleep(ms, stop.signal).then(() => resolve(null), (err: unknown) => {
          if (!signal.aborted) return resolve(null);
          reject(err as Error);
        });
      });
    } finally {
      if (waiter) this.waiters.delete(waiter);
      signal.removeEventListener('abort', onAbort);
      stop.abort(new Error('wait settled'));
    }
  }

  clear(): void {
    this.dropped += this.items.length;
    this.items = [];
  }
}
