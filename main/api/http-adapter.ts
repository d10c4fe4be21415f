import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { API_ERROR_STATUS, ROUTE_KEYS, type RouteKey } from '../../shared/api/routes.ts';
import { ApiError } from './errors.ts';
import type { ApiServices, RouteHandler, RouteTable } from './routes.ts';

const MAX_JSON_BODY = 4 * 1024 * 1024;

interface CompiledRoute { key: RouteKey; method: string; regex: RegExp; names: string[] }

function compile(key: RouteKey): CompiledRoute {
  const [method, pattern] = key.split(' ') as [string, string];
  const names: string[] = [];
  const regex = new RegExp(`^${pattern.replace(/:([a-zA-Z]+)/g, (_m, name: string) => {
    names.push(name);
    return '([^/]+)';
  })}$`);
  return { key, method, regex, names };
}

const COMPILED = ROUTE_KEYS.map(compile);

/** Host must be the loopback name with our port; Origin, when present, must be http:// one of those. */
export function checkHostAndOrigin(req: IncomingMessage, port: number): string | null {
  const allowed = [`127.0.0.1:${port}`, `localhost:${port}`];
  if (!allowed.includes(req.headers.host ?? '')) return `Host ${JSON.stringify(req.headers.host ?? '')} is not allowed: open http://127.0.0.1:${port}/`;
  const origin = req.headers.origin;
  if (origin !== undefined && !allowed.map((h) => `http://${h}`).includes(origin)) return `Origin ${origin} is not allowed`;
  return null;
}

export function tokenMatches(presented: string | null | undefined, token: string): boolean {
  if (!presented) return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-store' });
  res.end(text);
}

export function sendError(res: ServerResponse, err: unknown): void {
  if (err instanceof ApiError) {
    sendJson(res, API_ERROR_STATUS[err.code], { error: err.message, code: err.code, ...err.extra });
    return;
  }
  process.stderr.write(`control API error: ${(err as Error).stack ?? String(err)}\n`);
  sendJson(res, 500, { error: `internal error: ${(err as Error).message}`, code: 'INTERNAL' });
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const type = req.headers['content-type'] ?? '';
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_JSON_BODY) throw new ApiError('TOO_LARGE', `request body over ${MAX_JSON_BODY} bytes`);
    chunks.push(chunk as Buffer);
  }
  if (size === 0) return undefined;
  if (!type.includes('json')) throw new ApiError('UNSUPPORTED_MEDIA', 'send the body as application/json');
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch (err) {
    throw new ApiError('BAD_REQUEST', `the body is not valid JSON: ${(err as Error).message}`);
  }
}

/** Routes whose bodies are raw bytes: the handler reads the request stream itself. */
const STREAM_BODY: ReadonlySet<RouteKey> = new Set<RouteKey>(['POST /api/firmware', 'POST /api/sessions/import']);
/** POST routes that create something answer 201. */
const CREATED: ReadonlySet<RouteKey> = new Set<RouteKey>(['POST /api/firmware', 'POST /api/sessions/import', 'POST /api/sessions/open', 'POST /api/chargers/:id/test-runs']);

/**
 * A file download streamed with backpressure (session exports). To the contract the route's output is the
 * file's bytes; a handler returns this instead of buffering them. A client that goes away destroys the stream.
 */
export class FileReply {
  constructor(
    readonly stream: Readable,
    readonly contentType: string,
    readonly fileName: string,
    readonly length: number | null = null,
    readonly headers: Record<string, string> = {},
  ) {}
}

async function sendFile(res: ServerResponse, f: FileReply): Promise<void> {
  const ascii = f.fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  res.writeHead(200, {
    'Content-Type': f.contentType, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff',
    'Content-Disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(f.fileName)}`,
    ...(f.length !== null ? { 'Content-Length': String(f.length) } : {}), ...f.headers,
  });
  await pipeline(f.stream, res);
}

/**
 * Dispatches one /api request: token, route match, body, handler, envelope. Host and Origin are checked
 * by the caller for every request, pages included.
 */
export async function dispatchApi(req: IncomingMessage, res: ServerResponse, url: URL, table: RouteTable, services: ApiServices, token: string): Promise<void> {
  const path = url.pathname;
  const match = findRoute(req.method ?? 'GET', path);
  if (match === 'METHOD') throw new ApiError('NOT_FOUND', `${req.method} is not supported on ${path}`);
  if (match === null) throw new ApiError('NOT_FOUND', `no route ${req.method} ${path}`);
  if (match.key !== 'GET /api/health') {
    const auth = req.headers.authorization;
    const bearer = auth?.startsWith('Bearer ') ? auth.slice(7).trim() : null;
    if (!tokenMatches(bearer, token)) throw new ApiError('UNAUTHORIZED', 'missing or wrong token: open the UI URL printed at start (it carries #token=...)');
  }
  const query: Record<string, string> = {};
  for (const [k, v] of url.searchParams) query[k] = v;
  const body = STREAM_BODY.has(match.key) ? req : await readJson(req);
  const handler = table[match.key] as RouteHandler<RouteKey>;
  const out = await handler({ params: match.params, query, body }, services, res);
  if (out instanceof FileReply) return sendFile(res, out);
  if (out instanceof Uint8Array) {
    res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': out.byteLength });
    res.end(out);
    return;
  }
  if (out === undefined && res.headersSent) return;
  sendJson(res, CREATED.has(match.key) ? 201 : 200, out);
}

function findRoute(method: string, path: string): { key: RouteKey; params: Record<string, string> } | 'METHOD' | null {
  let pathMatched = false;
  for (const r of COMPILED) {
    const m = r.regex.exec(path);
    if (!m) continue;
    pathMatched = true;
    if (r.method !== method) continue;
    const params: Record<string, string> = {};
    try {
      r.names.forEach((n, i) => (params[n] = decodeURIComponent(m[i + 1]!)));
    } catch {
      throw new ApiError('BAD_REQUEST', `a path parameter of ${path} is not valid percent-encoding`);
    }
    return { key: r.key, params };
  }
  return pathMatched ? 'METHOD' : null;
}
