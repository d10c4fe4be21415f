import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ConnectionEvent } from '../../shared/api/types.ts';
import { checkPassword, parseBasicAuth } from './auth.ts';
import { failAll } from './calls.ts';
import { checkClientCertificate } from './client-cert.ts';
import type { CsmsEnv } from './env.ts';
import { onChargerFrame } from './incoming.ts';
import type { ChargerLink } from './link.ts';
import {
  clip, CONNECTIONS_PER_ADDRESS_PER_MINUTE, createRefusalLimiter, MAX_IDENTITY_CHARS, MAX_UNBOOTED_CHARGERS, RECORDED_PATH_CHARS, RECORDED_PROTOCOLS_CHARS, RECORDED_REASON_CHARS,
} from './site-limits.ts';
import type { Proxy, ProxyUpgrade } from '../proxy/proxy.ts';

const SUBPROTOCOL = 'ocpp1.6';
const STATUS_TEXT: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found' };
const PING_SLICE = 256;

interface Refusal { status: number; reason: string; chargerId: string | null }

/** Reads the identity: the last path segment, URL-decoded (OCPP-J §3.1.1). */
export function identityFromPath(url: string | undefined): { id: string | null; path: string; error?: string } {
  const path = (url ?? '/').split('?')[0]!;
  const last = path.slice(path.lastIndexOf('/') + 1);
  const shown = clip(path, 200);
  if (last === '') return { id: null, path, error: `no charge point identity in path ${shown}: the URL must end with /<chargePointId>` };
  let id: string;
  try {
    id = decodeURIComponent(last);
  } catch {
    return { id: null, path, error: `the identity in ${shown} is not valid percent-encoding` };
  }
  if (id.length > MAX_IDENTITY_CHARS) return { id: null, path, error: `the identity is ${id.length} characters long; ChargeScope takes up to ${MAX_IDENTITY_CHARS}` };
  return { id, path };
}

function offeredProtocols(req: IncomingMessage): string[] {
  const h = req.headers['sec-websocket-protocol'];
  return h ? h.split(',').map((s) => s.trim()).filter(Boolean) : [];
}

/**
 * The WebSocket side of the OCPP endpoint: authenticate in the `upgrade` event, then one ChargerLink per
 * connection. Refused attempts are recorded with their reason ("it does not connect" is the first problem).
 */
export function createOcppEndpoint(env: CsmsEnv, links: Map<string, ChargerLink>, onLinkChange: (id: string) => void, proxy?: Proxy) {
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: transportLimit(env.store.settings.get().maxFrameBytes),
    // Proxy mode: a relayed charger gets the subprotocol its back-end chose.
    handleProtocols: (protocols, req) => proxy?.protocolFor(req) ?? (protocols.has(SUBPROTOCOL) ? SUBPROTOCOL : false),
    clientTracking: false,
  });

  const refusals = createRefusalLimiter(env.clock);
  const accepted = createRefusalLimiter(env.clock, CONNECTIONS_PER_ADDRESS_PER_MINUTE);

  /**
   * Inside a commit: a charger that connects is known from then on, even if it never sends a frame; of those that never
   * had a BootNotification answered, only the newest MAX_UNBOOTED_CHARGERS are kept (and every connected one).
   */
  function knowCharger(id: string, at: string): void {
    const isNew = env.store.chargers.get(id) === undefined;
    env.store.chargers.touch(id, at);
    if (isNew) env.store.chargers.pruneUnbooted(MAX_UNBOOTED_CHARGERS, (x) => links.has(x), env.store.sessions.liveId);
  }

  function recordConnection(e: Omit<ConnectionEvent, 'id' | 'sessionId' | 'at'>, after?: () => void): void {
    const at = env.clock().toISOString();
    env.committer.enqueue(() => {
      if (e.kind === 'connected' && e.chargerId !== null) knowCharger(e.chargerId, at);
      return env.store.connections.insert({ ...e, sessionId: env.store.sessions.liveId, at });
    }, (err, event) => {
      if (err) env.log(`recording a connection event failed: ${err.message}`);
      if (event) env.publish({ type: 'connection', event });
      after?.();
    });
  }

  function check(req: IncomingMessage): Refusal | { id: string; protocol: string | null; findings: string[] } {
    const settings = env.store.settings.get();
    const ident = identityFromPath(req.url);
    if (ident.id === null) return { status: 404, reason: ident.error!, chargerId: null };
    const offered = offeredProtocols(req);
    const findings: string[] = [];
    const supported = proxy?.protocolsFor(ident.id) ?? [SUBPROTOCOL];
    if (offered.length > 0 && !offered.some((p) => supported.includes(p))) {
      return { status: 400, reason: `offered subprotocols ${offered.join(', ')} but not ${supported.join(' or ')}`, chargerId: ident.id };
    }
    if (offered.length === 0) {
      if (settings.strict) return { status: 400, reason: `no Sec-WebSocket-Protocol offered; strict mode requires ${SUBPROTOCOL}`, chargerId: ident.id };
      findings.push(`the charger offered no Sec-WebSocket-Protocol; OCPP-J §3.2 requires it to offer ${SUBPROTOCOL}`);
    }
    const known = env.store.chargers.get(ident.id);
    const stored = known?.passwordHash ?? null;
    // A charger that accepted a security profile connects at that level or not at all (security whitepaper §2.4, TC_083).
    const profile = known?.securityProfile ?? 0;
    const tls = (req.socket as { encrypted?: boolean }).encrypted === true;
    if (profile >= 2 && !tls) {
      return {
        status: 403, chargerId: ident.id,
        reason: `security profile ${profile} was accepted by this charger: it must connect over wss:// (TLS); a plain ws:// connection is refused (clear the profile with DELETE /api/chargers/:id/auth)`,
      };
    }
    if (profile === 3) {
      const boot = known?.boot ?? {};
      const serials = [boot['chargePointSerialNumber'], boot['chargeBoxSerialNumber']].filter((v): v is string => typeof v === 'string' && v !== '');
      const cert = checkClientCertificate(req, { identity: ident.id, serials, caConfigured: env.tlsClientCa === true, strict: settings.strict });
      if ('refuse' in cert) return { status: 403, reason: cert.refuse, chargerId: ident.id };
      findings.push(...cert.findings);
      // Profile 3 authenticates with the certificate; Basic Auth is that of profiles 1 and 2 (whitepaper §2.3).
      return { id: ident.id, protocol: offered.includes(SUBPROTOCOL) ? SUBPROTOCOL : null, findings };
    }
    const auth = parseBasicAuth(req.headers.authorization);
    if (stored !== null || settings.requireAuth || profile >= 1) {
      const why = profile >= 1 ? `security profile ${profile} needs Basic Auth` : 'requireAuth is on or a password is set for this charger';
      if (auth === null) return { status: 401, reason: `no Basic Auth credentials (${why})`, chargerId: ident.id };
      if (stored === null) return { status: 401, reason: `no password is set for this charger in ChargeScope (${why}): set its AuthorizationKey with PUT /api/chargers/:id/auth`, chargerId: ident.id };
      if (!checkPassword(stored, auth.password)) {
        return { status: 401, reason: 'wrong Basic Auth password (compared both as the AuthorizationKey text and as its hex-decoded bytes)', chargerId: ident.id };
      }
      if (auth.user !== ident.id) findings.push(`Basic Auth user ${auth.user} differs from the identity ${ident.id}`);
    }
    return { id: ident.id, protocol: offered.includes(SUBPROTOCOL) ? SUBPROTOCOL : null, findings };
  }

  function handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const remote = `${req.socket.remoteAddress ?? '?'}:${req.socket.remotePort ?? '?'}`;
    const result = check(req);
    if ('status' in result) {
      // Bounded, truncated and rate-limited per address: a flood of refused upgrades cannot fill the disk.
      const admit = refusals.admit(req.socket.remoteAddress ?? '?');
      if (admit.record) {
        const more = admit.suppressedBefore > 0 ? ` (${admit.suppressedBefore} more refused attempts from this address were counted, not recorded)` : '';
        recordConnection({
          chargerId: result.chargerId, kind: 'refused', remoteAddress: remote, path: clip(req.url, RECORDED_PATH_CHARS),
          subprotocols: clip(req.headers['sec-websocket-protocol'], RECORDED_PROTOCOLS_CHARS), reason: clip(result.reason, RECORDED_REASON_CHARS)! + more, code: result.status,
        });
      }
      const text = `ChargeScope refused the connection: ${result.reason}\n`;
      const extra = result.status === 401 ? 'WWW-Authenticate: Basic realm="ChargeScope"\r\n' : '';
      socket.end(`HTTP/1.1 ${result.status} ${STATUS_TEXT[result.status] ?? 'Bad Request'}\r\n${extra}Content-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`);
      return;
    }
    const upgrade = (relayed?: ProxyUpgrade) => {
      // The frame limit is a live setting: ws reads maxPayload from its options at each upgrade.
      (wss.options as { maxPayload?: number }).maxPayload = transportLimit(env.store.settings.get().maxFrameBytes);
      wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws, req, result.id, result.findings, remote, relayed));
    };
    // Proxy mode: a relayed charger's back-end link opens first; the proxy then upgrades it or refuses it.
    if (proxy?.intercept(req, socket, result.id, upgrade)) return;
    upgrade();
  }

  function onConnection(ws: WebSocket, req: IncomingMessage, id: string, findings: string[], remote: string, relayed?: ProxyUpgrade): void {
    const local = req.socket.localAddress ?? '127.0.0.1';
    const localAddress = `${local.includes(':') && !local.startsWith('::ffff:') ? `[${local}]` : local.replace(/^::ffff:/, '')}:${req.socket.localPort}`;
    const previous = links.get(id);
    const link: ChargerLink = {
      id, ws, localAddress, remoteAddress: remote, subprotocol: ws.protocol || null, connectedAt: env.clock().toISOString(),
      pending: null, queue: [], late: new Map(), alive: true, closed: false,
    };
    links.set(id, link);
    if (relayed) proxy?.attach(link, relayed);
    if (previous) {
      previous.closed = true;
      failAll(previous, env);
      previous.ws.close(4000, 'replaced by a new connection with the same identity');
      recordConnection({ chargerId: id, kind: 'replaced', remoteAddress: previous.remoteAddress, path: null, subprotocols: null, reason: 'a new connection with the same identity replaced this one', code: 4000 });
    }
    // Rate-limited per address like refusals: a reconnect loop or a flood of new identities cannot fill the list.
    // A connection left out is left out with its close; the next one recorded says how many were.
    const admit = accepted.admit(req.socket.remoteAddress ?? '?');
    const more = admit.suppressedBefore > 0 ? ` (${admit.suppressedBefore} more connections from this address were counted, not recorded)` : '';
    if (admit.record) {
      recordConnection({
        chargerId: id, kind: 'connected', remoteAddress: remote, path: clip(req.url, RECORDED_PATH_CHARS),
        subprotocols: clip(req.headers['sec-websocket-protocol'], RECORDED_PROTOCOLS_CHARS), reason: `connected on ${localAddress}${more}`, code: null,
      }, () => onLinkChange(id));
    } else {
      // Not recorded, but known: the charger row exists (and counts against the cap of never-booted chargers).
      const at = env.clock().toISOString();
      env.committer.enqueue(() => knowCharger(id, at), (err) => {
        if (err) env.log(`recording a connection failed: ${err.message}`);
        onLinkChange(id);
      });
    }
    if (findings.length > 0) recordFindings(id, findings);
    ws.on('message', (data, isBinary) => {
      link.alive = true;
      // ws hands over a Buffer (binaryType nodebuffer): decode it in place, no copy.
      const text = Buffer.isBuffer(data) ? data.toString('utf8') : Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data).toString('utf8');
      if (isBinary) recordFindings(id, ['binary WebSocket frame received; OCPP-J uses text frames only (§4.1.2)']);
      if (link.relay) link.relay.fromCharger(text);
      else onChargerFrame(env, link, text);
    });
    ws.on('pong', () => (link.alive = true));
    ws.on('error', (err) => {
      const tooBig = (err as { code?: string }).code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH';
      recordFindings(id, [tooBig ? `frame larger than ${transportLimit(env.store.settings.get().maxFrameBytes)} bytes (twice maxFrameBytes): link closed with 1009` : `WebSocket error: ${err.message}`]);
    });
    ws.on('close', (code, reason) => {
      link.closed = true;
      link.relay?.chargerClosed(code, reason.toString());
      failAll(link, env);
      if (links.get(id) === link) links.delete(id);
      if (admit.record) recordConnection({ chargerId: id, kind: 'closed', remoteAddress: remote, path: null, subprotocols: null, reason: clip(reason.toString(), RECORDED_REASON_CHARS) || closeReason(code), code }, () => onLinkChange(id));
      else onLinkChange(id);
    });
  }

  function recordFindings(chargerId: string, messages: string[]): void {
    const at = env.clock().toISOString();
    env.committer.enqueue(() => {
      env.store.chargers.touch(chargerId, at);
      return messages.map((message) => env.store.findings.insert({ sessionId: env.store.sessions.liveId, chargerId, seq: null, severity: 'warning', rule: 'connection', message, at }));
    }, (err, list) => {
      if (err) return env.log(`recording findings failed: ${err.message}`);
      for (const finding of list ?? []) env.publish({ type: 'finding', finding });
    });
  }

  /**
   * Ping every link; one that did not answer since the last round is dropped. The round goes in slices of
   * PING_SLICE links per event-loop turn, so thousands of links never stall the frames in between.
   */
  function heartbeat(): void {
    const round = [...links.values()];
    const slice = (from: number): void => {
      for (const link of round.slice(from, from + PING_SLICE)) {
        if (link.closed) continue;
        if (!link.alive) {
          link.ws.terminate();
          continue;
        }
        link.alive = false;
        link.ws.ping();
      }
      if (from + PING_SLICE < round.length) setImmediate(slice, from + PING_SLICE);
    };
    slice(0);
  }

  /** A failure before the WebSocket upgrade (TLS), recorded like a refused upgrade. */
  function recordRefusal(remoteAddress: string, reason: string): void {
    const admit = refusals.admit(remoteAddress.replace(/:\d+$/, ''));
    if (!admit.record) return;
    const more = admit.suppressedBefore > 0 ? ` (${admit.suppressedBefore} more refused attempts from this address were counted, not recorded)` : '';
    recordConnection({ chargerId: null, kind: 'refused', remoteAddress, path: null, subprotocols: null, reason: clip(reason, RECORDED_REASON_CHARS)! + more, code: null });
  }

  return { handleUpgrade, heartbeat, recordRefusal, close: () => wss.close() };
}

/**
 * What ws accepts at all: twice maxFrameBytes. A frame between the two is read and refused with a CALLERROR that
 * carries its id (frame-guard.ts); only one beyond this closes the link (1009), as nothing of it can be read.
 */
export function transportLimit(maxFrameBytes: number): number {
  return maxFrameBytes * 2;
}

function closeReason(code: number): string {
  const names: Record<number, string> = {
    1000: 'closed normally', 1001: 'going away', 1006: 'connection lost without a close frame (network drop, or dropped for missing pongs)',
    1009: 'frame too large', 1011: 'charger-side error',
  };
  return names[code] ?? `closed with code ${code}`;
}
