import { LIMITS } from './types.ts';

/** One line of JSON: the value, or why it is not one. Shared by the JSON format families. */
export function parseJsonLine(line: string): { value: unknown } | { skip: string } {
  if (line.length > LIMITS.lineChars) return { skip: `a line longer than ${LIMITS.lineChars} characters` };
  try {
    return { value: JSON.parse(line) as unknown };
  } catch {
    return { skip: 'a line that starts like JSON but is not valid JSON' };
  }
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The first of `keys` (any letter case) that `o` has, with its value. */
export function field(o: Record<string, unknown>, keys: readonly string[]): { key: string; value: unknown } | null {
  for (const k of keys) if (o[k] !== undefined) return { key: k, value: o[k] };
  const lower = new Map(Object.keys(o).slice(0, 64).map((k) => [k.toLowerCase(), k]));
  for (const k of keys) {
    const real = lower.get(k.toLowerCase());
    if (real !== undefined) return { key: real, value: o[real] };
  }
  return null;
}

/** Share of the non-blank head lines that `test` accepts. */
export function share(head: readonly string[], test: (line: string) => boolean): number {
  let n = 0;
  let yes = 0;
  for (const l of head) {
    const t = l.trim();
    if (t === '') continue;
    n++;
    if (test(t)) yes++;
  }
  return n === 0 ? 0 : yes / n;
}
