/**
 * Test harness: a real app (real SQLite file in a temp dir, real sockets on 127.0.0.1, port 0), an
 * independent charger (ocpp-rpc in strictMode) and a typed fetch for the control API.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RPCClient } from 'ocpp-rpc';
import WebSocket from 'ws';
import { parseArgs, type Config } from '../../main/app/config.ts';
import { createApp, type App } from '../../main/app/create-app.ts';

export const TOKEN = 'test-token-0123456789';

export interface TestApp {
  app: App;
  config: Config;
  dataDir: string;
  ocppPort: number;
  uiPort: number;
  ocppUrl: string;
  /** wss:// URL of the TLS port, when the app was started with one (--ocpps-port). */
  ocppsUrl: string | null;
  api<T = any>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: T }>;
  stop(): Promise<void>;
}

export async function startApp(options: { dataDir?: string; args?: string[]; keepDir?: boolean; appOptions?: Parameters<typeof createApp>[1] } = {}): Promise<TestApp> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'chargescope-test-'));
  const config = parseArgs(['--ocpp-port', '0', '--ui-port', '0', '--ftp-port', '0', '--ocpp-host', '127.0.0.1', '--data-dir', dataDir, '--token', TOKEN, ...(options.args ?? [])], {}) as Config;
  const app = createApp(config, { log: () => undefined, ...options.appOptions });
  const started = await app.start();
  const base = `http://127.0.0.1:${started.uiPort}`;
  return {
    app, config, dataDir, ocppPort: started.ocppPort, uiPort: started.uiPort,
    ocppUrl: `ws://127.0.0.1:${started.ocppPort}/ocpp`,
    ocppsUrl: started.ocppsPort ? `wss://127.0.0.1:${started.ocppsPort}/ocpp` : null,
    async api(method, path, body, headers = {}) {
      const init: RequestInit = { method, headers: { Authorization: `Bearer ${TOKEN}`, ...headers } };
      if (body !== undefined) {
        if (body instanceof Uint8Array) {
          init.body = body as unknown as BodyInit;
          (init.headers as Record<string, string>)['Content-Type'] = 'application/octet-stream';
        } else {
          init.body = JSON.stringify(body);
          (init.headers as Record<string, string>)['Content-Type'] = 'application/json';
        }
      }
      const res = await fetch(base + path, init);
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        /* not JSON: keep the text */
      }
      return { status: res.status, body: parsed as any };
    },
    async stop() {
      await app.stop();
      if (!options.keepDir && options.dataDir === undefined) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** An independent charger: ocpp-rpc in strictMode validates every frame against its own schema copy. */
export async function connectCharger(
  t: { ocppUrl: string }, identity: string, opts: { boot?: boolean; protocols?: string[]; password?: string; selfSignedTls?: boolean } = {},
): Promise<RPCClient> {
  const client = new RPCClient({
    endpoint: t.ocppUrl, identity, protocols: opts.protocols ?? ['ocpp1.6'], strictMode: true, reconnect: false,
    callTimeoutMs: 10_000, ...(opts.password ? { password: opts.password } : {}),
    // The test app's certificate is self-signed: a charger on site would be given it as its CSMS root.
    ...(opts.selfSignedTls ? { wsOpts: { rejectUnauthorized: false } } : {}),
  } as any);
  await client.connect();
  if (opts.boot !== false) {
    const res = await client.call('BootNotification', { chargePointVendor: 'TestVendor', chargePointModel: 'TestModel', firmwareVersion: '1.0.0' });
    if ((res as any).status !== 'Accepted') throw new Error(`boot not accepted: ${JSON.stringify(res)}`);
  }
  return client;
}

/** A raw WebSocket charger, for malformed input. `next()` resolves with the next text frame (parsed). */
export async function rawCharger(t: { ocppUrl: string }, identity: string, protocols: string[] = ['ocpp1.6']) {
  const ws = new WebSocket(`${t.ocppUrl}/${encodeURIComponent(identity)}`, protocols);
  const inbox: string[] = [];
  const waiters: ((s: string) => void)[] = [];
  ws.on('message', (d) => {
    const s = d.toString();
    const w = waiters.shift();
    if (w) w(s);
    else inbox.push(s);
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return {
    ws,
    send(text: string) {
      ws.send(text);
    },
    next(timeoutMs = 5000): Promise<any> {
      const s = inbox.shift();
      if (s !== undefined) return Promise.resolve(JSON.parse(s));
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no frame within timeout')), timeoutMs);
        waiters.push((x) => {
          clearTimeout(timer);
          resolve(JSON.parse(x));
        });
      });
    },
    /** Asserts no frame arrives within ms (for frames that must not be answered). */
    async nothingWithin(ms: number): Promise<boolean> {
      if (inbox.length) return false;
      return new Promise((resolve) => {
        const w = () => resolve(false);
        waiters.push(w);
        setTimeout(() => {
          const i = waiters.indexOf(w);
          if (i >= 0) waiters.splice(i, 1);
          resolve(i >= 0);
        }, ms);
      });
    },
    async call(action: string, payload: unknown, id = `m${Math.random().toString(36).slice(2, 10)}`) {
      ws.send(JSON.stringify([2, id, action, payload]));
      return this.next();
    },
    close() {
      ws.close();
    },
  };
}

/** Polls a condition (bounded) for things that happen after a commit. */
export async function until<T>(fn: () => T | Promise<T>, what: string, timeoutMs = 5000): Promise<NonNullable<T>> {
  const end = Date.now() + timeoutMs;
  for (let i = 0; i < 1000; i++) {
    const v = await fn();
    if (v) return v as NonNullable<T>;
    if (Date.now() > end) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}
