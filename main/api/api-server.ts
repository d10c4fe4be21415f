import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import type { Duplex } from 'node:stream';
import type { EventHub } from './events.ts';
import { checkHostAndOrigin, dispatchApi, sendError, sendJson, tokenMatches } from './http-adapter.ts';
import type { ApiServices, RouteTable } from './routes.ts';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.json': 'application/json', '.woff2': 'font/woff2',
};

const CSP = [
  "default-src 'self'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data: blob:",
  "connect-src 'self' ws://127.0.0.1:* ws://localhost:*", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "form-action 'none'",
].join('; ');

export interface ApiServerOptions {
  port: number;
  token: string;
  staticDir: string;
  table: RouteTable;
  services: ApiServices;
  events: EventHub;
}

/** The control API and the UI, on 127.0.0.1 only. */
export function createApiServer(o: ApiServerOptions) {
  let boundPort = o.port;
  const server = createServer((req, res) => {
    void handle(req, res).catch((err) => (res.headersSent ? res.destroy() : sendError(res, err)));
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const refuse = (status: number, text: string) =>
      socket.end(`HTTP/1.1 ${status} ${status === 401 ? 'Unauthorized' : status === 403 ? 'Forbidden' : 'Not Found'}\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`);
    const bad = checkHostAndOrigin(req, boundPort);
    if (bad) return refuse(403, bad);
    if (url.pathname !== '/api/events') return refuse(404, 'only /api/events takes WebSocket connections');
    if (!tokenMatches(url.searchParams.get('token'), o.token)) return refuse(401, 'missing or wrong token');
    o.events.wss.handleUpgrade(req, socket, head, (ws) => o.events.add(ws));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const bad = checkHostAndOrigin(req, boundPort);
    if (bad) return sendJson(res, 403, { error: bad, code: 'FORBIDDEN' });
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${boundPort}`);
    if (url.pathname.startsWith('/api/')) return dispatchApi(req, res, url, o.table, o.services, o.token);
    serveStatic(url.pathname, res);
  }

  function serveStatic(pathname: string, res: ServerResponse): void {
    let rel: string;
    try {
      rel = pathname === '/' ? 'index.html' : decodeURIComponent(pathname).replace(/^\/+/, '');
    } catch {
      return sendJson(res, 400, { error: `the path ${pathname.slice(0, 200)} is not valid percent-encoding`, code: 'BAD_REQUEST' });
    }
    const file = normalize(join(o.staticDir, rel));
    const inside = file.startsWith(normalize(o.staticDir) + sep);
    const target = inside && existsSync(file) && statSync(file).isFile() ? file : join(o.staticDir, 'index.html');
    if (!existsSync(target)) {
      res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('The UI is not built: run `npm run serve` (it builds the UI first) or `npx vite build`.\n');
      return;
    }
    const headers: Record<string, string> = {
      'Content-Type': MIME[extname(target)] ?? 'application/octet-stream', 'Content-Security-Policy': CSP,
      'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer',
      'Cache-Control': target.endsWith('index.html') ? 'no-store' : 'public, max-age=31536000, immutable',
    };
    res.writeHead(200, headers);
    createReadStream(target).pipe(res);
  }

  return {
    server,
    listen(): Promise<number> {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(o.port, '127.0.0.1', () => {
          server.off('error', reject);
          boundPort = (server.address() as { port: number }).port;
          resolve(boundPort);
        });
      });
    },
    get port(): number {
      return boundPort;
    },
    close(): Promise<void> {
      o.events.close();
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
