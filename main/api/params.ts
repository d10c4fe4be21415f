import { badRequest } from './errors.ts';

type Query = Record<string, string | undefined>;

/** An optional integer query parameter, refused with a message when it is not one. */
export function optInt(q: Query, name: string, range: { min?: number; max?: number } = {}): number | undefined {
  const v = q[name];
  if (v === undefined || v === '') return undefined;
  if (!/^-?\d+$/.test(v)) throw badRequest(`query parameter ${name} must be an integer, got ${JSON.stringify(v.slice(0, 40))}`);
  const n = Number(v);
  // 400 digits are digits too: past 2^53 a number is no longer exact (and 1e400 is Infinity).
  if (!Number.isSafeInteger(n)) throw badRequest(`query parameter ${name} must be an integer from ${Number.MIN_SAFE_INTEGER} to ${Number.MAX_SAFE_INTEGER}, got one of ${v.length} characters`);
  if (range.min !== undefined && n < range.min) throw badRequest(`query parameter ${name} must be at least ${range.min}`);
  if (range.max !== undefined && n > range.max) throw badRequest(`query parameter ${name} must be at most ${range.max}`);
  return n;
}

export function reqInt(q: Query, name: string, range: { min?: number; max?: number } = {}): number {
  const n = optInt(q, name, range);
  if (n === undefined) throw badRequest(`query parameter ${name} is required`);
  return n;
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function requireObject(body: unknown): Record<string, unknown> {
  if (!isObject(body)) throw badRequest('the request body must be a JSON object');
  return body;
}
