/**
 * Site-wide live state: the chargers (GET /api/chargers, then `charger` events), the server info and the
 * settings. One instance per page, fed by the event stream; views read it with useSite().
 */
import { useSyncExternalStore } from 'react';
import type { ServerInfo } from '../../shared/api/routes.ts';
import type { Charger, LiveEvent, Session, SettingsView } from '../../shared/api/types.ts';
import { call, describeFailure, setViewedSession } from '../api/client.ts';
import type { EventStream, StreamState } from '../api/events.ts';

export interface SiteSnapshot {
  /** The chargers of the session on screen (the live ones while the live session is on screen). */
  chargers: Charger[];
  /** The live chargers, whatever session is on screen (the site bar counts them). */
  liveChargers: Charger[];
  info: ServerInfo | null;
  settings: SettingsView | null;
  /** The live session. */
  session: Session | null;
  sessions: Session[];
  /** The session on screen: the live one unless the engineer picked another (Sessions view, site bar). */
  viewed: Session | null;
  /** The picked session, or null to follow the live one (also across "start a new session"). */
  scope: number | null;
  stream: StreamState;
  error: string | null;
  loaded: boolean;
}

export interface SiteState {
  get(): SiteSnapshot;
  subscribe(fn: () => void): () => void;
  reload(): Promise<void>;
  /** Shows another session (null: the live one); chargers come from that session and views refetch. */
  view(sessionId: number | null): void;
  dispose(): void;
}

const byId = (a: Charger, b: Charger) => a.id.localeCompare(b.id, undefined, { numeric: true });
const VIEW_KEY = 'chargescope.viewedSession';

function storedScope(): number | null {
  const v = Number(sessionStorage.getItem(VIEW_KEY));
  return Number.isInteger(v) && v > 0 ? v : null;
}

export function createSiteState(stream: EventStream): SiteState {
  /** The live chargers; the chargers of another session on screen are `sessionChargers`. */
  const chargers = new Map<string, Charger>();
  let sessionChargers: Charger[] = [];
  let scope = storedScope();
  setViewedSession(scope);
  let snap: SiteSnapshot = {
    chargers: [], liveChargers: [], info: null, settings: null, session: null, sessions: [], viewed: null, scope, stream: stream.state, error: null, loaded: false,
  };
  let sessionsTimer: number | null = null;
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
  const chargersChanged = () => {
    const live = [...chargers.values()].sort(byId);
    emit({ liveChargers: live, chargers: scope === null ? live : sessionChargers });
  };

  let generation = 0;

  function setScope(next: number | null): void {
    scope = next;
    setViewedSession(next);
    if (next === null) sessionStorage.removeItem(VIEW_KEY);
    else sessionStorage.setItem(VIEW_KEY, String(next));
  }

  /** The sessions and which is live and viewed; a picked session that is gone (deleted) falls back to the live one. */
  async function loadSessions(): Promise<{ info: ServerInfo; sessions: Session[]; viewed: Session | null }> {
    const [info, sessions] = await Promise.all([call('GET /api/info'), call('GET /api/sessions')]);
    if (scope !== null && !sessions.some((s) => s.id === scope)) setScope(null);
    // Picking the live session is following it.
    if (scope !== null && scope === info.liveSessionId) setScope(null);
    const viewed = sessions.find((s) => s.id === (scope ?? info.liveSessionId)) ?? null;
    return { info, sessions, viewed };
  }

  async function reload(): Promise<void> {
    const gen = ++generation;
    try {
      const [{ info, sessions, viewed }, settings] = await Promise.all([loadSessions(), call('GET /api/settings')]);
      const [list, other] = await Promise.all([
        call('GET /api/chargers'), scope === null ? Promise.resolve([]) : call('GET /api/sessions/:id/chargers', { params: { id: String(scope) } }),
      ]);
      // view() was called meanwhile: the newer reload fills the chargers.
      if (gen !== generation) return;
      chargers.clear();
      for (const c of list) chargers.set(c.id, c);
      sessionChargers = [...other].sort(byId);
      const live = [...chargers.values()].sort(byId);
      emit({
        chargers: scope === null ? live : sessionChargers, liveChargers: live, info, settings, sessions, viewed, scope,
        session: sessions.find((s) => s.id === info.liveSessionId) ?? null, error: null, loaded: true,
      });
    } catch (err) {
      if (gen === generation) emit({ error: describeFailure(err), loaded: true });
    }
  }

  /** A session started, ended, was edited, imported or deleted: refetch the list (batched). */
  function sessionsSoon(): void {
    if (sessionsTimer !== null) return;
    sessionsTimer = window.setTimeout(() => {
      sessionsTimer = null;
      const before = scope;
      loadSessions().then(({ info, sessions, viewed }) => {
        if (scope !== before) void reload();
        else emit({ info, sessions, viewed, scope, session: sessions.find((s) => s.id === info.liveSessionId) ?? null });
      }, (err: unknown) => console.warn(`ChargeScope: cannot refresh the sessions: ${describeFailure(err)}`));
    }, 150);
  }

  function view(sessionId: number | null): void {
    const next = sessionId !== null && sessionId === snap.info?.liveSessionId ? null : sessionId;
    if (next === scope) return;
    setScope(next);
    // At once: the old session's chargers must not show under the new one while it loads.
    sessionChargers = [];
    emit({ scope, chargers: next === null ? [...chargers.values()].sort(byId) : [], viewed: snap.sessions.find((s) => s.id === (next ?? snap.info?.liveSessionId)) ?? null });
    void reload();
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
      if (e.type === 'session') {
        emit({ session: e.session.live ? e.session : snap.session });
        sessionsSoon();
        continue;
      }
      if (e.type === 'settings') {
        emit({ settings: e.settings });
        continue;
      }
      // The live chargers stay current whatever session is on screen (the site bar counts them).
      if (e.type === 'charger') {
        chargers.set(e.charger.id, e.charger);
        changed = true;
      } else if (e.type === 'frame') {
        if (e.frame.direction === 'in') seen.set(e.frame.chargerId, e.frame.at);
      } else if (e.type === 'finding') {
        refetchSoon(e.finding.chargerId);
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
    view,
    dispose() {
      offEvents();
      offResync();
      offState();
      if (refetchTimer !== null) window.clearTimeout(refetchTimer);
      if (sessionsTimer !== null) window.clearTimeout(sessionsTimer);
      window.clearInterval(seenTimer);
    },
  };
}

export function useSiteSnapshot(site: SiteState): SiteSnapshot {
  return useSyncExternalStore(site.subscribe, site.get);
}
