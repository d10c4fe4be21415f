/**
 * Hash routes (`#/chargers/CP-1/trace`): the server serves one page, and the token fragment is gone from
 * the address bar before routing starts.
 */
import { useEffect, useState } from 'react';

export const SITE_VIEWS = ['chargers', 'trace', 'transactions', 'reservations', 'findings', 'connections', 'idtags', 'firmware', 'settings'] as const;
export type SiteView = (typeof SITE_VIEWS)[number];

export const CHARGER_TABS = ['overview', 'commands', 'trace', 'configuration', 'local-list', 'reservations', 'profiles', 'files', 'transactions', 'findings', 'connections'] as const;
export type ChargerTab = (typeof CHARGER_TABS)[number];

export type Route = { view: SiteView } | { view: 'charger'; id: string; tab: ChargerTab };

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
    return { view: 'charger', id, tab };
  }
  const view = (SITE_VIEWS as readonly string[]).includes(parts[0] ?? '') ? (parts[0] as SiteView) : 'chargers';
  return { view };
}

export function href(route: Route): string {
  if (route.view === 'charger') return `#/chargers/${encodeURIComponent(route.id)}/${route.tab}`;
  return `#/${route.view}`;
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
