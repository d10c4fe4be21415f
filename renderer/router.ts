/**
 * Hash routes (`#/chargers/CP-1/trace`): the server serves one page, and the token fragment is gone from
 * the address bar before routing starts.
 */
import { useEffect, useState } from 'react';

export const SITE_VIEWS = ['chargers', 'trace', 'transactions', 'reservations', 'findings', 'connections', 'sessions', 'idtags', 'firmware', 'settings'] as const;
export type SiteView = (typeof SITE_VIEWS)[number];

export const CHARGER_TABS = ['overview', 'commands', 'trace', 'configuration', 'local-list', 'reservations', 'profiles', 'files', 'transactions', 'findings', 'connections', 'tests'] as const;
export type ChargerTab = (typeof CHARGER_TABS)[number];

/**
 * `item` picks one thing in the view: in a trace the frame with that seq (`#/trace/1234`), in transactions the
 * transaction with that id (`#/transactions/17`, with its plots).
 */
export type Route = { view: SiteView; item?: number } | { view: 'charger'; id: string; tab: ChargerTab; item?: number };

function itemOf(part: string | undefined): { item?: number } {
  return part !== undefined && /^\d+$/.test(part) ? { item: Number(part) } : {};
}

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean);
  if (parts[0] === 'chargers' && parts[1] !== undefined) {
    const tab = (CHARGER_TABS as readonly string[]).includes(parts[2] ?? '') ? (parts[2] as ChargerTab) : 'overview';
    let id = parts[1];
    try {
      id = decodeURIComponent(parts[1]);
    } catch {
      // a hand-typed, half-encoded identity: use it as it is
    }
    return { view: 'charger', id, tab, ...itemOf(parts[3]) };
  }
  const view = (SITE_VIEWS as readonly string[]).includes(parts[0] ?? '') ? (parts[0] as SiteView) : 'chargers';
  return { view, ...itemOf(parts[1]) };
}

export function href(route: Route): string {
  const item = route.item !== undefined ? `/${route.item}` : '';
  if (route.view === 'charger') return `#/chargers/${encodeURIComponent(route.id)}/${route.tab}${item}`;
  return `#/${route.view}${item}`;
}

/** The trace with the frame `seq` selected (the charger's trace when a charger is given). */
export function frameHref(seq: number, chargerId?: string): string {
  return chargerId ? href({ view: 'charger', id: chargerId, tab: 'trace', item: seq }) : href({ view: 'trace', item: seq });
}

export function chargerHref(id: string, tab: ChargerTab = 'overview'): string {
  return href({ view: 'charger', id, tab });
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const on = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return route;
}
