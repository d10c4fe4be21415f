/**
 * The one place where outgoing JSON is made (API responses, the live event batches). It cannot throw: a value
 * JSON cannot express (nested too deep for the stack, a BigInt, a cycle) becomes a small error object that says
 * so, instead of a RangeError that takes the process down or a 500 for every page that holds it.
 */
export function toJsonText(value: unknown): { text: string; ok: boolean; error?: string } {
  try {
    return { text: JSON.stringify(value) ?? 'null', ok: true };
  } catch (err) {
    const error = `ChargeScope could not encode this as JSON: ${describe(err)}`;
    return { text: JSON.stringify({ error, code: 'UNENCODABLE' }), ok: false, error };
  }
}

/**
 * A batch of events as one JSON array; an event that cannot be encoded is replaced by `{ type: "overflow", reason }`
 * (the UI then refetches what it shows, as after a lagging socket) and the others still go out.
 */
export function eventBatchText(events: readonly unknown[]): string {
  const whole = toJsonText(events);
  if (whole.ok) return whole.text;
  return `[${events.map((e) => {
    const one = toJsonText(e);
    return one.ok ? one.text : JSON.stringify({ type: 'overflow', reason: `an event was left out (${one.error}): refetch` });
  }).join(',')}]`;
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
