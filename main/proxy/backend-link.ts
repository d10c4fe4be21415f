import { WebSocket } from 'ws';
import { trustedCas } from './target.ts';

export type BackendOpen =
  | { ok: true; ws: WebSocket; protocol: string | null }
  | { ok: false; kind: 'upstream-refused' | 'upstream-unreachable'; status: number | null; reason: string };

export interface BackendRequest {
  url: string;
  /** The subprotocols the charger offered, in its order. */
  protocols: string[];
  authorization: string | undefined;
  caFile: string | null;
  timeoutMs: number;
  maxPayload: number;
}

/**
 * Opens the back-end link for one charger connection. A refused upgrade keeps its HTTP status; anything that keeps
 * the WebSocket from opening (DNS, TCP, TLS, timeout) is `unreachable`, with the error's own words.
 */
export function openBackend(req: BackendRequest, abort: AbortSignal): Promise<BackendOpen> {
  return new Promise((resolve) => {
    let ws: WebSocket;
    try {
      ws = new WebSocket(req.url, req.protocols, {
        ...trustedCas(req.caFile),
        headers: req.authorization ? { Authorization: req.authorization } : {},
        handshakeTimeout: req.timeoutMs,
        maxPayload: req.maxPayload,
        perMessageDeflate: false,
        followRedirects: false,
      });
    } catch (err) {
      resolve({ ok: false, kind: 'upstream-unreachable', status: null, reason: (err as Error).message });
      return;
    }
    let settled = false;
    const done = (r: BackendOpen) => {
      if (settled) return;
      settled = true;
      abort.removeEventListener('abort', onAbort);
      resolve(r);
    };
    const onAbort = () => {
      ws.terminate();
      done({ ok: false, kind: 'upstream-unreachable', status: null, reason: 'the charger left before the back-end answered' });
    };
    abort.addEventListener('abort', onAbort);
    ws.once('open', () => done({ ok: true, ws, protocol: ws.protocol || null }));
    ws.once('unexpected-response', (request, res) => {
      const status = res.statusCode ?? 0;
      done({ ok: false, kind: 'upstream-refused', status, reason: `the back-end refused the WebSocket upgrade with HTTP ${status} ${res.statusMessage ?? ''}`.trim() });
      res.resume();
      request.destroy();
    });
    ws.on('error', (err) => {
      const code = (err as { code?: string }).code;
      const refused = /subprotocol/i.test(err.message);
      done({
        ok: false, kind: refused ? 'upstream-refused' : 'upstream-unreachable', status: null,
        reason: refused ? `the back-end's subprotocol answer: ${err.message}` : `back-end unreachable: ${err.message}${code && !err.message.includes(code) ? ` (${code})` : ''}`,
      });
      ws.terminate();
    });
  });
}
