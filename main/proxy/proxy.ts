import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import * as schemas201 from 'typed-ocpp/dist/ocpp20/schemas.js';
import type { WebSocket } from 'ws';
import type { ConnectionEvent, OcppVersion, ProxyView, UpstreamEventKind } from '../../shared/api/types.ts';
import type { CsmsEnv } from '../csms/env.ts';
import type { ChargerLink } from '../csms/link.ts';
import { createOcppValidator, type OcppValidator } from '../ocpp/validation.ts';
import { openBackend } from './backend-link.ts';
import { Relay } from './relay.ts';
import { backendAuthorization, RELAYED_PROTOCOLS, resolveTarget, type UpstreamTarget } from './target.ts';

/** The back-end must accept the upgrade within this time, else it counts as unreachable. */
const CONNECT_TIMEOUT_MS = 10_000;
const HTTP_TEXT: Record<number, string> = { 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout' };

/** An upgrade decided by the proxy: relayed to an open back-end link, or answered locally (fallback answer). */
export interface ProxyUpgrade {
  backend: { ws: WebSocket; target: UpstreamTarget } | null;
  /** With no backend: why, for the charger's page (fallback answer). */
  failure?: NonNullable<ProxyView['link']>;
}

/**
 * Proxy mode: which chargers are relayed, opening their back-end link before their own upgrade completes (so the
 * charger gets the subprotocol the back-end chose), and the relay on each such link. The OCPP endpoint calls
 * `target`, `intercept`, `protocolFor` and `attach`; nothing here touches a local CSMS answer.
 */
export function createProxy(env: CsmsEnv, onChange: (id: string) => void) {
  const chosen = new WeakMap<IncomingMessage, string | false>();
  /** Links answered locally because their back-end failed at connect time (fallback answer). */
  const fallbacks = new WeakMap<ChargerLink, NonNullable<ProxyView['link']>>();
  let validator201: OcppValidator | null = null;
  const validatorFor = (v: OcppVersion) => (v === '1.6' ? env.validator : (validator201 ??= createOcppValidator(schemas201 as unknown as Record<string, object>)));

  function target(id: string): UpstreamTarget | null {
    return resolveTarget(id, env.store.upstreams.get(id), env.store.settings.get());
  }

  function record(chargerId: string, kind: ConnectionEvent['kind'], reason: string, code: number | null, remote: string | null, path: string | null): void {
    const at = env.clock().toISOString();
    env.committer.enqueue(() => env.store.connections.insert({
      chargerId, kind, reason, code, remoteAddress: remote, path, subprotocols: null, sessionId: env.store.sessions.liveId, at,
    }), (err, event) => {
      if (err) return env.log(`recording a back-end link event failed: ${err.message}`);
      if (event) env.publish({ type: 'connection', event });
    });
  }

  function refuse(socket: Duplex, status: number, reason: string): void {
    const text = `ChargeScope (proxy) refused the connection: ${reason}\n`;
    socket.end(`HTTP/1.1 ${status} ${HTTP_TEXT[status] ?? 'Bad Gateway'}\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`);
  }

  return {
    /** The subprotocols this charger may offer: 2.0.1 too when it is relayed; null when answered locally. */
    protocolsFor(id: string): string[] | null {
      return target(id) === null ? null : RELAYED_PROTOCOLS;
    },

    /** The subprotocol to answer the charger's upgrade with, when the proxy decided it. */
    protocolFor(req: IncomingMessage): string | false | undefined {
      return chosen.get(req);
    },

    /**
     * Takes over an accepted upgrade of a relayed charger: opens its back-end link first, then calls `upgrade`
     * (relayed, or local under fallback answer) or refuses the charger. False when the charger is not relayed.
     */
    intercept(req: IncomingMessage, socket: Duplex, id: string, upgrade: (u: ProxyUpgrade) => void): boolean {
      const t = target(id);
      if (t === null) return false;
      const offered = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((s) => s.trim()).filter(Boolean);
      const remote = `${req.socket.remoteAddress ?? '?'}:${req.socket.remotePort ?? '?'}`;
      const abort = new AbortController();
      const onGone = () => abort.abort();
      socket.once('close', onGone);
      const settings = env.store.settings.get();
      let authorization: string | undefined;
      let opening;
      try {
        authorization = backendAuthorization(id, t.password, req.headers.authorization);
        opening = openBackend({ url: t.url, protocols: offered, authorization, caFile: settings.upstreamCaFile, timeoutMs: CONNECT_TIMEOUT_MS, maxPayload: settings.maxFrameBytes }, abort.signal);
      } catch (err) {
        opening = Promise.resolve({ ok: false as const, kind: 'upstream-unreachable' as const, status: null, reason: (err as Error).message });
      }
      void opening.then((opened) => {
        socket.off('close', onGone);
        if (abort.signal.aborted) {
          if (opened.ok) opened.ws.terminate();
          return;
        }
        if (opened.ok) {
          record(id, 'upstream-connected', `relaying to ${t.url} (${t.source === 'charger' ? "the charger's own upstream" : 'the site default'})${opened.protocol ? ` with subprotocol ${opened.protocol}` : ''}`, null, null, null);
          chosen.set(req, opened.protocol ?? false);
          upgrade({ backend: { ws: opened.ws, target: t } });
          return;
        }
        const answerable = offered.length === 0 || offered.includes('ocpp1.6');
        if (t.fallback === 'answer' && answerable) {
          record(id, opened.kind, `${opened.reason} (${t.url}); fallback answer: ChargeScope answers the charger as the local CSMS`, opened.status, remote, null);
          upgrade({ backend: null, failure: { url: t.url, host: t.host, state: 'failed', protocol: null, since: env.clock().toISOString(), reason: opened.reason } });
          return;
        }
        // Refused the way the back-end refused it (its HTTP status), else 502: the charger retries as it would.
        const status = opened.status !== null && opened.status >= 400 && opened.status <= 599 ? opened.status : 502;
        const why = t.fallback === 'answer' ? 'ChargeScope answers only OCPP 1.6 itself, and this charger offered ' + offered.join(', ') : 'fallback close';
        record(id, opened.kind, `${opened.reason} (${t.url}); ${why}: the charger's upgrade is refused with HTTP ${status} so that it retries`, opened.status, remote, null);
        record(id, 'refused', `back-end unavailable (${opened.kind.replace('upstream-', '')}); refused with HTTP ${status}`, status, remote, req.url ?? null);
        refuse(socket, status, opened.reason);
      });
      return true;
    },

    /** Puts a relay on a charger link whose back-end link is open (or notes why there is none). */
    attach(link: ChargerLink, u: ProxyUpgrade): void {
      const backend = u.backend;
      if (backend === null) {
        if (u.failure) fallbacks.set(link, u.failure);
        return;
      }
      const version: OcppVersion = link.subprotocol === 'ocpp2.0.1' ? '2.0.1' : '1.6';
      const relay = new Relay(env, link, backend.ws, backend.target, version, validatorFor(version), {
        event: (kind: UpstreamEventKind, reason: string, code: number | null) => record(link.id, kind, reason, code, null, null),
        changed: () => onChange(link.id),
      });
      link.relay = relay;
    },

    /** Mode, configured upstream and live back-end link, for the charger's page. */
    view(id: string, link: ChargerLink | undefined): ProxyView {
      const t = target(id);
      const own = env.store.upstreams.get(id);
      const relay = link?.relay instanceof Relay ? link.relay : null;
      const configured = t === null ? null : {
        host: t.host, url: own?.url ?? env.store.settings.get().upstream?.url ?? t.url, fallback: t.fallback, source: t.source, hasPassword: t.password !== null,
      };
      const failed = link ? fallbacks.get(link) : undefined;
      if (failed) return { mode: 'fallback', configured, link: { ...failed } };
      const mode = relay === null ? 'local' : relay.mode === 'proxied' ? 'proxied' : relay.mode === 'fallback' ? 'fallback' : 'local';
      return { mode, configured, link: relay ? { ...relay.state } : null };
    },
  };
}
export type Proxy = ReturnType<typeof createProxy>;
