/** The page: left navigation of views, the site bar, and the current view. */
import { useMemo, useRef } from 'react';
import { StreamProvider, useStream } from './api/live.tsx';
import { href, useRoute, type SiteView } from './router.ts';
import { useSite } from './state/site-context.tsx';
import { RecordedReservations } from './sessions/recorded-state.tsx';
import { sessionStream } from './sessions/session-stream.ts';
import { SessionsView } from './sessions/sessions-view.tsx';
import { ViewingBanner } from './sessions/viewing-banner.tsx';
import { TraceView } from './trace/trace-view.tsx';
import { ChargerPage } from './views/charger-page.tsx';
import { ChargersView } from './views/chargers-view.tsx';
import { ConnectionsView } from './views/connections-view.tsx';
import { FindingsView } from './views/findings-view.tsx';
import { IdTagsView } from './views/idtags-view.tsx';
import { ReservationsView } from './views/reservations-view.tsx';
import { SettingsView } from './views/settings-view.tsx';
import { FirmwareView } from './files/firmware-view.tsx';
import { SiteBar } from './views/site-bar.tsx';
import { TransactionsView } from './views/transactions-view.tsx';
import { Dot } from './components/status.tsx';
import { chargerHref } from './router.ts';
import { ConfirmHost } from './commands/confirm.tsx';

const LABEL: Record<SiteView, string> = {
  chargers: 'Chargers', trace: 'Live trace', transactions: 'Transactions', reservations: 'Reservations', findings: 'Findings',
  connections: 'Connections', sessions: 'Sessions', idtags: 'idTags', firmware: 'Firmware', settings: 'Settings',
};
const SITE_GROUP: SiteView[] = ['chargers', 'trace', 'transactions', 'reservations', 'findings', 'connections', 'sessions'];
const CSMS_GROUP: SiteView[] = ['idtags', 'firmware', 'settings'];

function Nav() {
  const route = useRoute();
  const { chargers, info } = useSite();
  const current = route.view === 'charger' ? 'chargers' : route.view;
  const item = (v: SiteView) => (
    <a key={v} href={href({ view: v })} className={current === v ? 'nav-item nav-on' : 'nav-item'} aria-current={current === v ? 'page' : undefined} data-nav={v}>
      {LABEL[v]}
    </a>
  );
  return (
    <nav className="nav" aria-label="views">
      <div className="brand">Charge<span>Scope</span></div>
      <div className="nav-group">Site</div>
      {item('chargers')}
      {chargers.length > 0 && (
        <div className="nav-chargers">
          {chargers.slice(0, 30).map((c) => (
            <a key={c.id} href={chargerHref(c.id)} className={route.view === 'charger' && route.id === c.id ? 'nav-charger nav-on' : 'nav-charger'} title={c.id}>
              <Dot on={c.connected} /> <span>{c.id}</span>
            </a>
          ))}
          {chargers.length > 30 && <a href="#/chargers" className="nav-charger muted">{chargers.length - 30} more…</a>}
        </div>
      )}
      {SITE_GROUP.filter((v) => v !== 'chargers').map(item)}
      <div className="nav-group">Central system</div>
      {CSMS_GROUP.map(item)}
      <div className="nav-foot">{info ? `v${info.version}` : ''}</div>
    </nav>
  );
}

function Current() {
  const route = useRoute();
  const { scope } = useSite();
  switch (route.view) {
    case 'charger': return <ChargerPage key={route.id} id={route.id} tab={route.tab} item={route.item} />;
    case 'chargers': return <ChargersView />;
    case 'trace': return <div className="page page-fill"><TraceView key={route.item ?? 'tail'} focusSeq={route.item} /></div>;
    case 'transactions': return <TransactionsView selected={route.item} />;
    case 'reservations': return scope === null ? <ReservationsView /> : <RecordedReservations />;
    case 'findings': return <FindingsView />;
    case 'connections': return <ConnectionsView />;
    case 'idtags': return <IdTagsView />;
    case 'firmware': return <FirmwareView />;
    case 'settings': return <SettingsView />;
    case 'sessions': return <SessionsView />;
  }
}

/**
 * The views of the session on screen. Switching sessions (or a new live one starting) remounts them, so each
 * refetches through the API client, which adds the viewed session; a session other than the live one sees only
 * its own live events (none, for a recording).
 */
function SessionViews() {
  const stream = useStream();
  const { scope, info } = useSite();
  const scoped = useMemo(() => (scope === null ? stream : sessionStream(stream, scope)), [stream, scope]);
  const route = useRoute();
  // The live session the page started with keeps the plain key: no remount when the info first arrives.
  const firstLive = useRef<number | null>(null);
  if (firstLive.current === null && info) firstLive.current = info.liveSessionId;
  const liveKey = info && info.liveSessionId !== firstLive.current ? `live-${info.liveSessionId}` : 'live';
  // The Sessions view shows every session and keeps its state (an import's result) across a switch.
  if (route.view === 'sessions') return <SessionsView />;
  return (
    <StreamProvider stream={scoped}>
      <Current key={scope ?? liveKey} />
    </StreamProvider>
  );
}

export function App() {
  return (
    <div className="app">
      <Nav />
      <div className="main">
        <SiteBar />
        <ViewingBanner />
        <main className="content">
          <SessionViews />
        </main>
      </div>
      <ConfirmHost />
    </div>
  );
}


