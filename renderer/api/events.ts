/**
 * The live event socket (/api/events): batches of LiveEvent every ~80 ms. Reconnects with back-off; after a
 * reconnect, or when the server says this page fell behind (`overflow`), listeners get `resync` and refetch.
 */
import type { LiveEvent } from '../../shared/api/types.ts';
import { getToken } from './token.ts';

export type StreamState = 'connecting' | 'open' | 'closed';
export type EventListener = (events: LiveEvent[]) => void;

export interface EventStream {
  subscribe(fn: EventListener): () => void;
  onResync(fn: () => void): () => void;
  onState(fn: (s: StreamState) => void): () => void;
  readonly state: StreamState;
  close(): void;
}

export function eventUrl(token: string): string {
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${window.location.host}/api/events?token=${encodeURIComponent(token)}`;
}

export function createEventStream(): EventStream {
  const listeners = new Set<EventListener>();
  const resyncs = new Set<() => void>();
  const states = new Set<(s: StreamState) => void>();
  let state: StreamState = 'connecting';
  let ws: WebSocket | null = null;
  let retryMs = 500;
  let timer: number | null = null;
  let closed = false;
  let everOpened = false;

  const setState = (s: StreamState) => {
    state = s;
    for (const fn of states) fn(s);
  };

  function connect(): void {
    const token = getToken();
    if (closed || !token) return;
    setState('connecting');
    const socket = new WebSocket(eventUrl(token));
    ws = socket;
    socket.onopen = () => {
      retryMs = 500;
      setState('open');
      // Anything may have happened while the socket was down: let the views refetch.
      if (everOpened) for (const fn of resyncs) fn();
      everOpened = true;
    };
    socket.onmessage = (msg) => {
      let batch: unknown;
      try {
        batch = JSON.parse(String(msg.data));
      } catch (err) {
        console.warn('ChargeScope: a live event batch is not JSON', err);
        return;
      }
      if (!Array.isArray(batch)) return;
      const events = batch as (LiveEvent | { type: 'overflow' })[];
      if (events.some((e) => e.type === 'overflow')) {
        for (const fn of resyncs) fn();
        return;
      }
      for (const fn of listeners) fn(events as LiveEvent[]);
    };
    socket.onclose = () => {
      if (ws !== socket) return;
      ws = null;
      setState('closed');
      if (closed) return;
      timer = window.setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, 5000);
    };
  }

  connect();
  return {
    subscribe(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    onResync(fn) {
      resyncs.add(fn);
      return () => resyncs.delete(fn);
    },
    onState(fn) {
      states.add(fn);
      return () => states.delete(fn);
    },
    get state() {
      return state;
    },
    close() {
      closed = true;
      if (timer !== null) window.clearTimeout(timer);
      ws?.close();
    },
  };
}
