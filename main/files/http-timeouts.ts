import type { Server } from 'node:http';

/** A charger-facing HTTP connection with no bytes either way for this long is closed (uploads that trickle live on). */
export const HTTP_IDLE_TIMEOUT_MS = 120_000;
/** Headers of a request must arrive within this (a connection that never sends a request is closed). */
export const HTTP_HEADERS_TIMEOUT_MS = 30_000;

/**
 * Timeouts of the charger-facing HTTP server (the OCPP port, /files/ under it): no total request time (Node's default
 * cuts every request at 300 s, and a 50 MB diagnostics file over a slow modem takes longer), but an idle timeout
 * and a headers timeout, so a silent or half-open connection from the site network does not stay forever.
 * WebSocket upgrades are not affected: ws takes the socket over and turns its timeout off.
 */
export function applyChargerHttpTimeouts(server: Server, o: { idleMs?: number; headersMs?: number } = {}): Server {
  const idle = o.idleMs ?? HTTP_IDLE_TIMEOUT_MS;
  server.requestTimeout = 0;
  server.headersTimeout = Math.min(o.headersMs ?? HTTP_HEADERS_TIMEOUT_MS, idle);
  server.setTimeout(idle, (socket) => socket.destroy());
  return server;
}
