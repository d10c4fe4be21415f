/** datetime-local values (the engineer's local time) ↔ ISO UTC, for retrieveDate / startTime / stopTime. */

export function toLocalInput(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

export function fromLocalInput(v: string): string | undefined {
  if (!v) return undefined;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/** "" → undefined, else a non-negative integer or NaN (shown as a form error). */
export function optionalInt(v: string): number | undefined {
  if (v.trim() === '') return undefined;
  return /^\d+$/.test(v.trim()) ? Number(v.trim()) : Number.NaN;
}
