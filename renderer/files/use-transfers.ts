/**
 * A charger's transfers, live: GET /api/transfers?charger= once (and after a resync), then every `transfer`
 * event merged in, with a rate track per transfer for the progress bars.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Transfer } from '../../shared/api/types.ts';
import { call, describeFailure } from '../api/client.ts';
import { useLiveEvents } from '../api/live.tsx';
import { emptyTrack, observe, type RateTrack } from './transfer-rate.ts';

export interface LiveTransfers {
  transfers: Transfer[];
  tracks: ReadonlyMap<string, RateTrack>;
  error: string | null;
  loaded: boolean;
  reload(): void;
}

const newestFirst = (a: Transfer, b: Transfer) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0);

export function useTransfers(chargerId: string): LiveTransfers {
  const [byId, setById] = useState<Map<string, Transfer>>(new Map());
  const [tracks, setTracks] = useState<Map<string, RateTrack>>(new Map());
  const [error, setError] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(false);
  const generation = useRef(0);

  const load = useCallback(() => {
    const gen = ++generation.current;
    call('GET /api/transfers', { query: { charger: chargerId } }).then(
      (list) => {
        if (gen !== generation.current) return;
        // Events that arrived while the list was in flight are newer than it: keep them.
        setById((prev) => {
          const next = new Map(list.map((t) => [t.id, t] as const));
          for (const [id, t] of prev) {
            const listed = next.get(id);
            if (!listed || listed.statuses.length < t.statuses.length || (listed.state === t.state && listed.bytes < t.bytes)) next.set(id, t);
          }
          return next;
        });
        setError(null);
        setLoaded(true);
      },
      (err: unknown) => {
        if (gen !== generation.current) return;
        setError(describeFailure(err));
        setLoaded(true);
      },
    );
  }, [chargerId]);

  useEffect(() => {
    setById(new Map());
    setTracks(new Map());
    setLoaded(false);
    load();
  }, [load]);

  useLiveEvents((events) => {
    const mine = events.flatMap((e) => (e.type === 'transfer' && e.transfer.chargerId === chargerId ? [e.transfer] : []));
    if (mine.length === 0) return;
    const t = performance.now();
    setById((prev) => {
      const next = new Map(prev);
      for (const x of mine) next.set(x.id, x);
      return next;
    });
    setTracks((prev) => {
      const next = new Map(prev);
      for (const x of mine) next.set(x.id, observe(next.get(x.id) ?? emptyTrack(), x, t));
      return next;
    });
  }, load);

  return { transfers: [...byId.values()].sort(newestFirst), tracks, error, loaded, reload: load };
}
