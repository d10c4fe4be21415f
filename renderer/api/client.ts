/**
 * The typed control API client, derived from the one contract in shared/api/routes.ts. Views call
 * `call('GET /api/chargers/:id', { params: { id } })`; this file is the only place that builds URLs.
 */
import type { Input, Output, RouteKey } from '../../shared/api/routes.ts';
import type { SchemaIssue } from '../../shared/api/types.ts';
import { humanIssue } from './humanize.ts';
import { getToken } from './token.ts';

type Part<N extends string, T> = {} extends T ? { [P in N]?: T } : { [P in N]: T };
type BodyPart<T> = undefined extends T ? { body?: T } : { body: T };
/** A route's input with the empty parts optional. */
export type CallInput<K extends RouteKey> = Part<'params', Input<K>['params']> & Part<'query', Input<K>['query']> & BodyPart<Input<K>['body']>;
type CallArgs<K extends RouteKey> = {} extends CallInput<K> ? [input?: CallInput<K>] : [input: CallInput<K>];

/** A failed API call: the server's words, its stable code and the HTTP status. */
export class ApiFailure extends Error {
  readonly status: number;
  readonly code: string;
  readonly issues: SchemaIssue[];
  constructor(status: number, code: string, message: string, issues: SchemaIssue[] = [], options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ApiFailure';
    this.status = status;
    this.code = code;
    this.issues = issues;
  }
}

/** Status 0: the request never reached ChargeScope. */
export const UNREACHABLE = 0;

const unauthorizedListeners = new Set<() => void>();
/** Called whenever the server answers 401 (token missing or wrong). */
export function onUnauthorized(fn: () => void): () => void {
  unauthorizedListeners.add(fn);
  return () => unauthorizedListeners.delete(fn);
}

/** Routes that read one session's data (`?session=`, default the live one). */
const SESSION_SCOPED: ReadonlySet<RouteKey> = new Set<RouteKey>([
  'GET /api/frames', 'GET /api/transactions', 'GET /api/meter-values', 'GET /api/findings', 'GET /api/connections', 'GET /api/chargers/:id/commands',
]);
let viewedSession: number | null = null;

/**
 * The session the page shows, or null for the live one: from then on every session-scoped call asks for it (unless
 * the call names a session itself), so every view shows the session the engineer picked.
 */
export function setViewedSession(id: number | null): void {
  viewedSession = id;
}

export function viewedSessionId(): number | null {
  return viewedSession;
}

export function routeUrl<K extends RouteKey>(key: K, input: { params?: object; query?: object } = {}): { method: string; url: string } {
  const [method, pattern] = key.split(' ') as [string, string];
  const params = (input.params ?? {}) as Record<string, string | number>;
  const path = pattern.replace(/:([a-zA-Z]+)/g, (_m, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`${key}: missing path parameter ${name}`);
    return encodeURIComponent(String(value));
  });
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(input.query ?? {})) if (v !== undefined && v !== null && v !== '') search.set(k, String(v));
  if (viewedSession !== null && SESSION_SCOPED.has(key) && !search.has('session')) search.set('session', String(viewedSession));
  const qs = search.toString();
  return { method, url: qs ? `${path}?${qs}` : path };
}

/** Calls one route of the control API with the tab's token. Throws ApiFailure with the server's message. */
export async function call<K extends RouteKey>(key: K, ...args: CallArgs<K>): Promise<Output<K>> {
  const input = (args[0] ?? {}) as { params?: object; query?: object; body?: unknown };
  const { method, url } = routeUrl(key, input);
  const headers: Record<string, string> = { Accept: 'application/json' };
  const token = getToken();
  if (token) headers['Authorization'] = `Bearer ${token}`;
  let body: BodyInit | undefined;
  if (input.body instanceof Uint8Array) {
    headers['Content-Type'] = 'application/octet-stream';
    body = input.body as unknown as BodyInit;
  } else if (input.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(input.body);
  }
  let res: Response;
  try {
    res = await fetch(url, { method, headers, ...(body !== undefined ? { body } : {}), cache: 'no-store' });
  } catch (err) {
    throw new ApiFailure(UNREACHABLE, 'UNREACHABLE', 'ChargeScope does not answer: check that `npm run serve` (or the app) is still running, then reload this page', [], { cause: err });
  }
  if ((res.headers.get('content-type') ?? '').includes('application/octet-stream')) {
    if (!res.ok) throw new ApiFailure(res.status, 'HTTP', `${method} ${url} failed with HTTP ${res.status}`);
    return new Uint8Array(await res.arrayBuffer()) as Output<K>;
  }
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch (err) {
    throw new ApiFailure(res.status, 'BAD_RESPONSE', `${method} ${url} answered something that is not JSON (HTTP ${res.status})`, [], { cause: err });
  }
  if (!res.ok) {
    const e = (parsed ?? {}) as { error?: string; code?: string; issues?: SchemaIssue[] };
    if (res.status === 401) for (const fn of unauthorizedListeners) fn();
    throw new ApiFailure(res.status, e.code ?? 'HTTP', e.error ?? `${method} ${url} failed with HTTP ${res.status}`, e.issues ?? []);
  }
  return parsed as Output<K>;
}

/** The message to show for a failed call: the server's words, plus what to do next where it helps. */
export function describeFailure(err: unknown): string {
  if (err instanceof ApiFailure) {
    if (err.status === 401) return 'The token is missing or wrong: open the URL printed at start (npm run serve prints `UI: http://127.0.0.1:PORT/#token=...`).';
    // The server's words usually say what to do; add it only where they do not.
    if (err.status === 409 && !/reconnect|retry|try again/i.test(err.message)) return `${err.message} — wait for the charger to reconnect (see Connections), then try again.`;
    if (err.status === 504 && !/timeout|Settings/i.test(err.message)) return `${err.message} — check the charger's link in the trace, or raise the call timeout in Settings.`;
    // A refused body: say which field and what it needs, not the validator's words.
    if (err.status === 400 && err.issues.length > 0) return err.issues.map(humanIssue).join('; ');
    return err.message;
  }
  return err instanceof Error ? err.message : String(err);
}
