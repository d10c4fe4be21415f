/**
 * What a stranger on the site network can make ChargeScope keep: bounded. None of these gets in the way of a real
 * site (1,000 chargers powering up at once, 10,000 connected): they bound what is *recorded* about failed or idle
 * attempts, never whom the CSMS serves.
 */

/** An identity longer than this is refused at the upgrade (OCPP 2.0.1 allows 48; 1.6 names no limit). */
export const MAX_IDENTITY_CHARS = 255;
/** What a refused-upgrade record keeps of the request path, the offered subprotocols and the reason. */
export const RECORDED_PATH_CHARS = 512;
export const RECORDED_PROTOCOLS_CHARS = 256;
export const RECORDED_REASON_CHARS = 1024;
/** Refused upgrades recorded per remote address and minute; the rest are counted into the next record. */
export const REFUSALS_PER_ADDRESS_PER_MINUTE = 20;
/**
 * Accepted connections recorded (connected and closed) per remote address and minute. A charger in a reconnect loop
 * shows plainly at one a second; a flood of new identities from one address cannot grow the connection list past it.
 */
export const CONNECTIONS_PER_ADDRESS_PER_MINUTE = 60;
/** Addresses the rate limiter remembers at once (a flood from many addresses cannot grow it without bound). */
export const MAX_TRACKED_ADDRESSES = 4096;
/** Chargers that connected but never had a BootNotification answered, kept beyond those connected now. */
export const MAX_UNBOOTED_CHARGERS = 2000;

const WINDOW_MS = 60_000;

export function clip(text: string | null | undefined, max: number): string | null {
  if (text === null || text === undefined) return null;
  return text.length <= max ? text : `${text.slice(0, max)}… [${text.length} characters]`;
}

/**
 * Per-address rate limit for connection records: the first `perMinute` of a minute are recorded; later ones only
 * counted, and the count is said in the next record that is written.
 */
export function createRefusalLimiter(clock: () => Date, perMinute = REFUSALS_PER_ADDRESS_PER_MINUTE) {
  const windows = new Map<string, { start: number; recorded: number; suppressed: number }>();
  return {
    /** Whether to record this refusal, and how many from the address were left out before it. */
    admit(address: string): { record: boolean; suppressedBefore: number } {
      const now = clock().getTime();
      let w = windows.get(address);
      if (w === undefined || now - w.start >= WINDOW_MS) {
        const suppressedBefore = w?.suppressed ?? 0;
        if (w === undefined && windows.size >= MAX_TRACKED_ADDRESSES) {
          // Oldest first (Map keeps insertion order): forget the first half.
          let n = 0;
          for (const k of windows.keys()) {
            if (n++ >= MAX_TRACKED_ADDRESSES / 2) break;
            windows.delete(k);
          }
        }
        windows.delete(address);
        windows.set(address, { start: now, recorded: 1, suppressed: 0 });
        return { record: true, suppressedBefore };
      }
      if (w.recorded < perMinute) {
        w.recorded++;
        const suppressedBefore = w.suppressed;
        w.suppressed = 0;
        return { record: true, suppressedBefore };
      }
      w.suppressed++;
      return { record: false, suppressedBefore: 0 };
    },
    get size(): number {
      return windows.size;
    },
  };
}
