/**
 * The guard where charger data enters: a frame's size and JSON nesting depth are checked on its text, before
 * JSON.parse, so nothing downstream (the handlers, the event socket, the API, exports, the UI) ever holds a
 * structure too deep to serialise or too big to show. OCPP 1.6 payloads nest at most 6 levels (a
 * SetChargingProfile's periods, a MeterValues' sampled values); 64 leaves vendors' DataTransfer room.
 */
export const MAX_JSON_DEPTH = 64;
/** What a refused frame keeps of its text (the record is bounded, the rest is counted). */
export const RECORDED_FRAME_CHARS = 4096;

/**
 * Whether the nesting of arrays and objects in a JSON text passes `limit`, found without parsing: strings are skipped
 * (escapes included), the pass stops as soon as it is over. No allocation.
 */
export function jsonDepthOver(text: string, limit = MAX_JSON_DEPTH): boolean {
  // Depth needs as many opening brackets: counted with indexOf (native, ~0.4 µs a frame), the scan runs only past it.
  let open = 0;
  for (let i = text.indexOf('{'); i !== -1 && open <= limit; i = text.indexOf('{', i + 1)) open++;
  for (let i = text.indexOf('['); i !== -1 && open <= limit; i = text.indexOf('[', i + 1)) open++;
  if (open <= limit) return false;
  let depth = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // Skip a string: up to the next quote that no backslash escapes.
      for (i++; i < n; i++) {
        const s = text.charCodeAt(i);
        if (s === 0x5c) i++;
        else if (s === 0x22) break;
      }
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return true;
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return false;
}

/** A text shortened for storage: its first `max` characters and how long it was. */
export function truncateText(text: string, max = RECORDED_FRAME_CHARS): string {
  return text.length <= max ? text : `${text.slice(0, max)}… [truncated by ChargeScope: ${text.length} characters in all]`;
}

/**
 * The message type and id of a frame that may not be parsed whole (too deep or too big), read from its head:
 * `[2, "id", ...`. Null when the head is not that shape.
 */
export function headOf(text: string): { type: number; id: string | undefined } | null {
  const m = /^\s*\[\s*(\d{1,3})\s*,\s*("(?:[^"\\]|\\.){0,1024}")/.exec(text.slice(0, 2200));
  if (!m) return null;
  let id: string | undefined;
  try {
    const v: unknown = JSON.parse(m[2]!);
    id = typeof v === 'string' ? v : undefined;
  } catch {
    id = undefined;
  }
  return { type: Number(m[1]), id };
}
