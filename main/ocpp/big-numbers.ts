/**
 * Integers a charger may send that JSON and the schemas' `integer` allow but JavaScript and SQLite cannot hold
 * exactly: past ±(2^53 − 1) (1e308, 1.5e20, 2^63, 2^64). The frame's raw text keeps them exactly; the handler gets
 * the payload with each clamped to the nearest exact integer, and a finding quotes the text as the charger sent it,
 * so the CALL is answered as the schema says (never InternalError from a STRICT INTEGER column).
 */
export interface BigNumber { path: string; text: string; storedAs: number }

/** Whether any number in the value is an integer past ±(2^53 − 1): a walk that allocates nothing (~0.5 µs a frame). */
function hasBig(v: unknown): boolean {
  if (typeof v === 'number') return Number.isInteger(v) && !Number.isSafeInteger(v);
  if (typeof v !== 'object' || v === null) return false;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) if (hasBig(v[i])) return true;
    return false;
  }
  for (const k in v) if (hasBig((v as Record<string, unknown>)[k])) return true;
  return false;
}

/** Number literals of a JSON text, in order, outside strings. */
function numberLiterals(text: string): string[] {
  const out: string[] = [];
  const re = /"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) if (m[0].charCodeAt(0) !== 0x22) out.push(m[0]);
  return out;
}

/**
 * The payload with every unsafe integer clamped (a copy, only when there is one), and what was clamped. Null when
 * nothing was: the common case allocates nothing.
 */
export function clampBigIntegers<T>(payload: T, raw: string): { payload: T; clamped: BigNumber[] } | null {
  if (!hasBig(payload)) return null;
  const found: { path: string; value: number; index: number }[] = [];
  let count = 0;
  const walk = (v: unknown, path: string): unknown => {
    if (typeof v === 'number') {
      const index = count++;
      if (!Number.isInteger(v) || Number.isSafeInteger(v)) return v;
      found.push({ path, value: v, index });
      return v > 0 ? Number.MAX_SAFE_INTEGER : Number.MIN_SAFE_INTEGER;
    }
    if (Array.isArray(v)) return v.map((x, i) => walk(x, `${path}[${i}]`));
    if (typeof v === 'object' && v !== null) {
      const o: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) o[k] = walk(x, path ? `${path}.${k}` : k);
      return o;
    }
    return v;
  };
  const copy = walk(payload, '') as T;
  if (found.length === 0) return null;
  // The CALL's message type is the text's first number literal; the payload's follow in order (when the counts
  // disagree, e.g. an object with integer-like keys that JavaScript reorders, the value's own text is given).
  const literals = numberLiterals(raw);
  const aligned = literals.length === count + 1;
  return {
    payload: copy,
    clamped: found.map((f) => ({ path: f.path, text: aligned ? literals[f.index + 1]! : String(f.value), storedAs: f.value > 0 ? Number.MAX_SAFE_INTEGER : Number.MIN_SAFE_INTEGER })),
  };
}
