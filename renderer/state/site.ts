/**
 * Site-wide live state: the chargers (GET /api/chargers, then `charger` events), the server info and the
 * settings. One instance per page, fed by the event stream; views read it with useSite().
 */
import { useSyncExternalStore } from 'react';
import type { ServerInfo } from '../../shared/api/routes.ts';
import type { Charger, LiveEvent, Session, Settings } from '../../shared/api/types.ts';
import { call, describeFailure } from '../api/client.ts';
import type { EventStream, StreamState } from '../api/events.ts';

export interface SiteSnapshot {
  chargers: Charger[];
  info: ServerInfo | null;
  settings: Settings | null;
  session: Session | null;
  stream: StreamState;
  error: string | null;
  loaded: boolean;
}

export interface SiteState {
  get(): SiteSnapshot;
  subscribe(fn: () => void): () => void;
  reload(): Promise<void>;
  dispose(): void;
}

const byId = (a: Charger, b: Charger) => a.id.localeCompare(b.id, undefined, { numeric: true });

export function createSiteState(stream: EventStream): SiteState {
  const chargers = new Map<string, Charger>();
  let snap: SiteSnapshot = { chargers: [], info: null, settings: null, session: null, stream: stream.state, error: null, loaded: false };
  const subs = new Set<() => void>();
  const pendingRefetch = new Set<string>();
  let refetchTimer: number | null = null;
  /** The newest frame time per charger, applied to lastSeen once a second (not on every batch). */
  const seen = new Map<string, string>();
  const seenTimer = window.setInterval(() => {
    if (seen.size === 0) return;
    let changed = false;
    for (const [id, at] of seen) {
      const c = chargers.get(id);
      if (c && (c.lastSeen === null || c.lastSeen < at)) {
        chargers.set(id, { ...c, lastSeen: at });
        changed = true;
      }
    }
    seen.clear();
    if (changed) chargersChanged();
  }, 1000);

  const emit = (patch: Partial<SiteSnapshot>) => {
    snap = { ...snap, ...patch };
    for (const fn of subs) fn();
  };
  const chargersChanged = () => emit({ chargers: [...chargers.values()].sort(byId) });

  async function reload(): Promise<void> {
    try {
      const [list, info, settings, sessions] = await Promise.all([
        call('GET /api/chargers'), call('GET /api/info'), call('GET /api/settings'), call('GET /api/sessions'),
      ]);
      chargers.clear();
      for (const c of list) chargers.set(c.id, c);
      emit({ chargers: [...chargers.values()].sort(byId), info, settings, session: sessions.find((s) => s.id === info.liveSessionId) ?? null, error: null, loaded: true });
    } catch (err) {
      emit({ error: describeFailure(err), loaded: true });
    }
  }

  /** Findings do not come with a charger event: refetch those chargers, batched. */
  function refetchSoon(id: string): void {
    pendingRefetch.add(id);
    if (refetchTimer !== null) return;
    refetchTimer = window.setTimeout(() => {
      refetchTimer = null;
      const ids = [...pendingRefetch];
      pendingRefetch.clear();
      for (const cid of ids) {
        call('GET /api/chargers/:id', { params: { id: cid } }).then((c) => {
          chargers.set(c.id, c);
          chargersChanged();
        }, (err: unknown) => console.warn(`ChargeScope: cannot refresh ${cid}: ${describeFailure(err)}`));
      }
    }, 500);
  }

  function onEvents(events: LiveEvent[]): void {
    let changed = false;
    for (const e of events) {
      if (e.type === 'charger') {
        chargers.set(e.charger.id, e.charger);
        changed = true;
      } else if (e.type === 'frame') {
        if (e.frame.direction === 'in') seen.set(e.frame.chargerId, e.frame.at);
      } else if (e.type === 'finding') {
        refetchSoon(e.finding.chargerId);
      } else if (e.type === 'settings') {
        emit({ settings: e.settings });
      } else if (e.type === 'session') {
        emit({ session: e.session.live ? e.session : snap.session });
      }
    }
    if (changed) chargersChanged();
  }

  const offEvents = stream.subscribe(onEvents);
  const offResync = stream.onResync(() => void reload());
  const offState = stream.onState((s) => emit({ stream: s }));
  void reload();

  return {
    get: () => snap,
    subscribe(fn) {
      subs.add(fn);
      return () => subs.delete(fn);
    },
    reload,
    dispose() {
      offEvents();
      offResync();
      offState();
      if (refetchTimer !== null) window.clearTimeout(refetchTimer);
      window.clearInterval(seenTimer);
    },
  };
}

export function useSiteSnapshot(site: SiteState): SiteSnapshot {
  return useSyncExternalStore(site.subscribe, site.get);
}
