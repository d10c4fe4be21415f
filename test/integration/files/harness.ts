import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { Transfer } from '../../../shared/api/types.ts';
import { createFileService, type FileService, type FileServiceOptions } from '../../../main/files/index.ts';
import { openDatabase, type Db } from '../../../main/store/db.ts';
import { applyChargerHttpTimeouts } from '../../../main/files/http-timeouts.ts';

export const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

export interface Harness {
  dir: string;
  db: Db;
  files: FileService;
  /** The OCPP-port stand-in: an http server that hands /files/ to handleHttp. */
  http: Server;
  httpPort: number;
  /** host as the charger reached us: 127.0.0.1:<httpPort>. */
  host: string;
  events: Transfer[];
  /** Moves the injected clock. */
  advance(ms: number): void;
  /** Resolves with the first state of the transfer (now or in a later event) that satisfies pred. */
  waitFor(id: string, pred: (t: Transfer) => boolean, what?: string): Promise<Transfer>;
  /** Files under <dataDir>/uploads (relative paths). */
  uploadedFiles(): string[];
  close(): Promise<void>;
}

export interface HarnessOptions extends Partial<Pick<FileServiceOptions, 'maxFirmwareBytes' | 'maxUploadBytes' | 'transferTtlMs'>> {
  dir?: string;
  ftpHost?: string;
  pasvPorts?: [number, number];
  ftpPort?: number;
  now?: number;
  ftpLoginTimeoutMs?: number;
  ftpIdleTimeoutMs?: number;
  /** Charger-facing HTTP timeouts as the app sets them (main/files/http-timeouts.ts), shortened for a test. */
  httpIdleMs?: number;
}

export async function startHarness(o: HarnessOptions = {}): Promise<Harness> {
  const dir = o.dir ?? mkdtempSync(join(tmpdir(), 'cs-files-'));
  const db = openDatabase(join(dir, 'chargescope.db'));
  let now = o.now ?? Date.parse('2025-03-01T10:00:00.000Z');
  const events: Transfer[] = [];
  const listeners = new Set<(t: Transfer) => void>();
  const errors: string[] = [];
  const files = createFileService({
    db,
    dataDir: dir,
    clock: () => new Date(now),
    sessionId: () => 1,
    ftp: {
      port: o.ftpPort ?? 0, host: o.ftpHost ?? '127.0.0.1', pasvPorts: o.pasvPorts ?? [0, 0],
      ...(o.ftpLoginTimeoutMs !== undefined ? { loginTimeoutMs: o.ftpLoginTimeoutMs } : {}),
      ...(o.ftpIdleTimeoutMs !== undefined ? { idleTimeoutMs: o.ftpIdleTimeoutMs } : {}),
    },
    maxFirmwareBytes: o.maxFirmwareBytes ?? 64 * 1024 * 1024,
    maxUploadBytes: o.maxUploadBytes ?? 8 * 1024 * 1024,
    transferTtlMs: o.transferTtlMs ?? 60 * 60 * 1000,
    onTransfer: (t) => {
      events.push(t);
      for (const l of listeners) l(t);
    },
    onError: (err, context) => errors.push(`${context}: ${err.message}`),
  });
  const http = createServer((req, res) => {
    if (!files.handleHttp(req, res)) {
      res.writeHead(404).end('not files');
    }
  });
  if (o.httpIdleMs !== undefined) applyChargerHttpTimeouts(http, { idleMs: o.httpIdleMs });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  await files.start();
  const httpPort = (http.address() as AddressInfo).port;

  return {
    dir, db, files, http, httpPort, host: `127.0.0.1:${httpPort}`, events,
    advance(ms) {
      now += ms;
    },
    waitFor(id, pred, what = 'the expected transfer state') {
      const t = files.getTransfer(id);
      if (t && pred(t)) return Promise.resolve(t);
      return new Promise<Transfer>((resolve, reject) => {
        const timer = setTimeout(() => {
          listeners.delete(l);
          reject(new Error(`timed out waiting for ${what}; last: ${JSON.stringify(files.getTransfer(id))}`));
        }, 10_000);
        const l = (e: Transfer) => {
          if (e.id === id && pred(e)) {
            clearTimeout(timer);
            listeners.delete(l);
            resolve(e);
          }
        };
        listeners.add(l);
      });
    },
    uploadedFiles() {
      if (!existsSync(join(dir, 'uploads'))) return [];
      return readdirSync(join(dir, 'uploads'), { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => join(e.parentPath, e.name).slice(join(dir, 'uploads').length + 1));
    },
    async close() {
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
      await files.stop();
      db.close();
      if (errors.length > 0) throw new Error(`unexpected file-service errors: ${errors.join('; ')}`);
      if (!o.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function randomFirmware(size: number): Buffer {
  return randomBytes(size);
}

export async function addFirmware(h: Harness, name: string, bytes: Buffer) {
  return h.files.addFirmware(name, Readable.from([bytes.subarray(0, bytes.length >> 1), bytes.subarray(bytes.length >> 1)]));
}

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** An HTTP request with the path sent exactly as given (fetch would normalise `..` and `%2e`). */
export function rawRequest(port: number, method: string, path: string, body?: Buffer, headers: Record<string, string | number> = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers: body ? { 'Content-Length': body.length, ...headers } : headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}
