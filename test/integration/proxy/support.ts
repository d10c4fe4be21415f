/**
 * Back-ends for the proxy tests: an ocpp-rpc RPCServer in strict mode (an independent CSMS that checks every
 * frame it gets), and a raw `ws` server that records the exact text it receives (for byte-for-byte checks).
 */
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { RPCServer } from 'ocpp-rpc';
import { WebSocketServer, type WebSocket } from 'ws';

export interface Backend {
  url: string;
  /** Calls the back-end received, in order: `identity action`. */
  received: string[];
  handshakes: { identity: string; password: string | null; protocols: string[] }[];
  clients: Map<string, any>;
  close(): Promise<void>;
}

const now = () => new Date().toISOString();

/** A strict ocpp-rpc CSMS. `auth` may refuse an upgrade with a status; `tls` serves wss://. */
export async function rpcBackend(opts: { protocols?: string[]; refuse?: number; tls?: { cert: string; key: string } } = {}): Promise<Backend> {
  const server = new RPCServer({ protocols: opts.protocols ?? ['ocpp1.6'], strictMode: true } as never);
  const received: string[] = [];
  const handshakes: Backend['handshakes'] = [];
  const clients = new Map<string, any>();
  server.auth((accept, reject, handshake: any) => {
    handshakes.push({ identity: handshake.identity, password: handshake.password ? handshake.password.toString('utf8') : null, protocols: [...handshake.protocols] });
    if (opts.refuse) reject(opts.refuse, 'refused by the test back-end');
    else accept();
  });
  server.on('client', (client: any) => {
    clients.set(client.identity, client);
    const log = (action: string, reply: (p: any) => unknown) => client.handle(action, ({ params }: { params: any }) => {
      received.push(`${client.identity} ${action}`);
      return reply(params);
    });
    if (client.protocol === 'ocpp2.0.1') {
      log('BootNotification', () => ({ status: 'Accepted', currentTime: now(), interval: 300 }));
      log('Heartbeat', () => ({ currentTime: now() }));
      log('StatusNotification', () => ({}));
      return;
    }
    log('BootNotification', () => ({ status: 'Accepted', currentTime: now(), interval: 300 }));
    log('Heartbeat', () => ({ currentTime: now() }));
    log('Authorize', (p) => ({ idTagInfo: { status: p.idTag === 'BLOCKED' ? 'Blocked' : 'Accepted' } }));
    log('StartTransaction', () => ({ transactionId: 4242, idTagInfo: { status: 'Accepted' } }));
    log('StatusNotification', () => ({}));
    log('MeterValues', () => ({}));
    log('StopTransaction', () => ({}));
  });
  let url: string;
  let closeExtra = async () => undefined as void;
  if (opts.tls) {
    const https = createHttpsServer({ cert: opts.tls.cert, key: opts.tls.key });
    https.on('upgrade', (server as any).handleUpgrade);
    await new Promise<void>((r) => https.listen(0, '127.0.0.1', () => r()));
    url = `wss://127.0.0.1:${(https.address() as AddressInfo).port}/csms`;
    closeExtra = () => new Promise<void>((r) => https.close(() => r()));
    https.closeAllConnections?.();
  } else {
    const http = await server.listen(0, '127.0.0.1');
    url = `ws://127.0.0.1:${(http.address() as AddressInfo).port}/csms`;
  }
  return {
    url, received, handshakes, clients,
    async close() {
      await server.close({ force: true, awaitPending: false } as never);
      await closeExtra();
    },
  };
}

/**
 * A raw back-end: records every text frame exactly; `onFrame` decides what to send back (raw text) or does anything.
 * `autoPong: false`: it answers no WebSocket ping (a back-end gone silent).
 */
export async function rawBackend(onFrame: (text: string, ws: WebSocket) => void, protocol = 'ocpp1.6', opts: { autoPong?: boolean } = {}) {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, handleProtocols: (p) => (p.has(protocol) ? protocol : false), autoPong: opts.autoPong ?? true });
  await new Promise<void>((r) => wss.once('listening', () => r()));
  const frames: string[] = [];
  const sockets: WebSocket[] = [];
  const waiters: (() => void)[] = [];
  wss.on('connection', (ws) => {
    sockets.push(ws);
    ws.on('message', (d) => {
      const text = d.toString('utf8');
      frames.push(text);
      onFrame(text, ws);
      for (const w of waiters.splice(0)) w();
    });
  });
  return {
    url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/raw`,
    frames,
    sockets,
    /** Resolves once `n` frames have arrived (bounded). */
    async frameCount(n: number, timeoutMs = 5000): Promise<void> {
      const end = Date.now() + timeoutMs;
      while (frames.length < n) {
        if (Date.now() > end) throw new Error(`the raw back-end got ${frames.length} frames, not ${n}`);
        await new Promise<void>((r) => {
          const t = setTimeout(r, 100);
          waiters.push(() => {
            clearTimeout(t);
            r();
          });
        });
      }
    },
    close: () => new Promise<void>((r) => {
      for (const s of sockets) s.terminate();
      wss.close(() => r());
    }),
  };
}
