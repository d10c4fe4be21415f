import { createContext, useContext, type ReactNode } from 'react';
import { useSiteSnapshot, type SiteSnapshot, type SiteState } from './site.ts';

const SiteContext = createContext<SiteState | null>(null);

export function SiteProvider({ site, children }: { site: SiteState; children: ReactNode }) {
  return <SiteContext.Provider value={site}>{children}</SiteContext.Provider>;
}

export function useSiteState(): SiteState {
  const s = useContext(SiteContext);
  if (!s) throw new Error('useSite outside SiteProvider');
  return s;
}

/** The live site snapshot: chargers, info, settings, session, stream state. */
export function useSite(): SiteSnapshot {
  return useSiteSnapshot(useSiteState());
}
