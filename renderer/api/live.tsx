/** React glue for the control API: the live event stream in a context, and a fetch-and-refresh hook. */
import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import type { Output, RouteKey } from '../../shared/api/routes.ts';
import type { LiveEvent } from '../../shared/api/types.ts';
import { call, describeFailure, type CallInput } from './client.ts';
import type { EventStream } from './events.ts';

const StreamContext = createContext<EventStream | null>(null);

export function StreamProvider({ stream, children }: { stream: EventStream; children: ReactNode }) {
  return <StreamContext.Provider value={stream}>{children}</StreamContext.Provider>;
}

export function useStream(): EventStream {
  const s = useContext(StreamContext);
  if (!s) throw new Error('useStream outside StreamProvider');
  return s;
}

/** Calls `fn` with every batch of live events, and `onResync` when the page must refetch. */
export function useLiveEvents(fn: (events: LiveEvent[]) => void, onResync?: () => void): void {
  const stream = useStream();
  const ref = useRef(fn);
  const resyncRef = useRef(onResync);
  ref.current = fn;
  resyncRef.current = onResync;
  useEffect(() => {
    const off1 = stream.subscribe((events) => ref.current(events));
    const off2 = stream.onResync(() => resyncRef.current?.());
    return () => {
      off1();
      off2();
    };
  }, [stream]);
}

export interface Resource<T> {
  data: T | undefined;
  error: string | null;
  loading: boolean;
  reload(): void;
}

/**
 * Fetches one route and refetches it (debounced) when a live event matches `refreshOn`, and after a resync.
 * `input === null` skips the call.
 */
export function useResource<K extends RouteKey>(
  key: K, input: CallInput<K> | null, refreshOn?: (e: LiveEvent) => boolean,
): Resource<Output<K>> {
  const [data, setData] = useState<Output<K> | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const inputKey = input === null ? null : JSON.stringify(input);
  const inputRef = useRef(input);
  inputRef.current = input;
  const generation = useRef(0);
  const timer = useRef<number | null>(null);

  const load = useCallback(() => {
    if (inputRef.current === null) return;
    const gen = ++generation.current;
    setLoading(true);
    (call as (k: K, i: CallInput<K>) => Promise<Output<K>>)(key, inputRef.current).then(
      (out) => {
        if (gen !== generation.current) return;
        setData(out);
        setError(null);
        setLoading(false);
      },
      (err: unknown) => {
        if (gen !== generation.current) return;
        setError(describeFailure(err));
        setLoading(false);
      },
    );
  }, [key]);

  useEffect(() => {
    setData(undefined);
    setError(null);
    load();
    return () => {
      generation.current++;
      if (timer.current !== null) window.clearTimeout(timer.current);
    };
  }, [load, inputKey]);

  const refreshRef = useRef(refreshOn);
  refreshRef.current = refreshOn;
  useLiveEvents((events) => {
    const match = refreshRef.current;
    if (!match || !events.some(match)) return;
    if (timer.current !== null) return;
    timer.current = window.setTimeout(() => {
      timer.current = null;
      load();
    }, 250);
  }, load);

  return { data, error, loading, reload: load };
}
