/**
 * Time as the test engine sees it, injected so tests can run a charger's minutes in seconds. The engine never
 * reads Date or setTimeout directly: every wait and every timestamp of a run goes through one of these.
 */
export interface Timers {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after ms, or rejects with the signal's reason when it aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const realTimers: Timers = {
  now: () => Date.now(),
  sleep: (ms, signal) => sleepWith(ms, signal, (fn, t) => setTimeout(fn, t)),
};

/**
 * Time that runs `factor` times faster than the wall clock from the moment it is made: a charger simulator and
 * the engine sharing it see the same minutes, while the test waits seconds.
 */
export function scaledTimers(factor: number, origin = Date.now()): Timers {
  return {
    now: () => origin + (Date.now() - origin) * factor,
    sleep: (ms, signal) => sleepWith(ms / factor, signal, (fn, t) => setTimeout(fn, t)),
  };
}

function sleepWith(ms: number, signal: AbortSignal | undefined, schedule: (fn: () => void, ms: number) => NodeJS.Timeout): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason as Error);
    };
    const timer = schedule(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, Math.max(0, ms));
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
