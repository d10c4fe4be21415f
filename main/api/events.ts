import type { LiveEvent } from '../../shared/api/types.ts';
import { WebSocketServer, type WebSocket } from 'ws';
import { eventBatchText } from './json-out.ts';

const FLUSH_MS = 80;
const MAX_BUFFERED = 16 * 1024 * 1024;

/**
 * Live events for the UI, batched: events collect for ~80 ms and leave as one JSON array per client, so a
 * busy site does not flood the window. A client that cannot keep up gets `{ type: "overflow" }` once and
 * should refetch.
 */
export function createEventHub() {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const clients = new Set<WebSocket>();
  const lagging = new WeakSet<WebSocket>();
  let batch: LiveEvent[] = [];
  let timer: NodeJS.Timeout | null = null;

  function flush(): void {
    timer = null;
    if (batch.length === 0) return;
    const text = eventBatchText(batch);
    batch = [];
    for (const ws of clients) {
      if (ws.bufferedAmount > MAX_BUFFERED) {
        if (!lagging.has(ws)) {
          lagging.add(ws);
          ws.send(JSON.stringify([{ type: 'overflow' }]));
        }
        continue;
      }
      lagging.delete(ws);
      ws.send(text);
    }
  }

  return {
    wss,
    add(ws: WebSocket): void {
      clients.add(ws);
      ws.on('close', () => clients.delete(ws));
      ws.on('error', () => clients.delete(ws));
    },
    publish(event: LiveEvent): void {
      if (clients.size === 0) return;
      batch.push(event);
      if (timer === null) timer = setTimeout(flush, FLUSH_MS);
    },
    close(): void {
      if (timer) clearTimeout(timer);
      for (const ws of clients) ws.terminate();
      wss.close();
    },
    get size(): number {
      return clients.size;
    },
  };
}
export type EventHub = ReturnType<typeof createEventHub>;
