/** The top bar: where chargers connect, how many are connected, the live session and the one on screen, and whether the live feed is up. */
import type { Session } from '../../shared/api/types.ts';
import { ChargerUrlPicker } from './charger-url-picker.tsx';
import { useSite, useSiteState } from '../state/site-context.tsx';

const kindOf = (s: Session) => (s.live ? 'live' : s.readOnly ? 'recording' : 'ended');

/** A session as the picker names it: its kind, its name, and its day unless the name already says it. */
function optionText(s: Session): string {
  if (kindOf(s) === 'live') return `${s.name} · live`;
  const day = s.startedAt.slice(0, 10);
  return `${kindOf(s) === 'recording' ? 'Recording' : 'Ended'}: ${s.name}${s.name.includes(day) ? '' : ` · ${day}`}`;
}

/** Which session every view shows: the live one, or a past one or a recording picked here or in Sessions. */
function SessionPicker() {
  const site = useSiteState();
  const { sessions, viewed, scope, session: live } = useSite();
  const list = [...sessions].sort((a, b) => Number(b.live) - Number(a.live) || b.startedAt.localeCompare(a.startedAt) || b.id - a.id);
  const shown = viewed ?? live;
  return (
    <div className={`stat stat-wide session-pick${scope === null ? '' : ' session-pick-other'}`}>
      <select
        aria-label="session on screen"
        title={shown ? optionText(shown) : undefined}
        data-testid="session-select"
        value={viewed?.id ?? live?.id ?? ''}
        onChange={(e) => site.view(Number(e.target.value) === live?.id ? null : Number(e.target.value))}
      >
        {list.map((s) => <option key={s.id} value={s.id}>{optionText(s)}</option>)}
      </select>
      <span className="stat-l">{scope === null ? 'on screen: the live session' : <>on screen · <a href="#/sessions">sessions</a></>}</span>
    </div>
  );
}

export function SiteBar() {
  // The live site's chargers, also while another session is on screen.
  const { info, liveChargers: chargers, stream, session, scope, viewed } = useSite();
  const connected = chargers.filter((c) => c.connected).length;
  const urls = info?.chargerUrls ?? [];
  // Another session on screen: the header says what it is, and its live figures say they are the live site's.
  const other = scope !== null && viewed !== null;
  const otherKind = viewed?.readOnly ? 'recording' : 'past session';
  return (
    <header className={`sitebar${other ? ' sitebar-other' : ''}`} data-testid="site-bar" data-viewing={other ? (viewed?.readOnly ? 'recording' : 'past') : 'live'}>
      <div className="sitebar-urls">
        <div className="sitebar-label">Charger URL{urls.length > 1 ? ` (${urls.length} addresses)` : ''}</div>
        {urls.length === 0 ? <span className="muted">loading…</span> : (
          <ChargerUrlPicker endpoints={info?.chargerEndpoints} urls={urls} knownIds={chargers.map((c) => c.id)} />
        )}
      </div>
      <div className="sitebar-stats">
        {other && (
          <div className="stat stat-viewing" data-testid="header-viewing">
            <span className="viewing-badge">{otherKind === 'recording' ? '▣ Recording' : 'Past session'}</span>
            <span className="stat-l" title={viewed?.name}>{viewed?.name}</span>
          </div>
        )}
        <div className={`stat${other ? ' stat-dim' : ''}`} data-testid="connected-count" title={other ? 'chargers connected to the live site now, not in the session on screen' : undefined}>
          <span className="stat-n">{connected}</span>
          <span className="stat-l">{other ? 'live: connected' : 'connected'}</span>
        </div>
        <div className={`stat stat-known${other ? ' stat-dim' : ''}`}>
          <span className="stat-n">{chargers.length}</span>
          <span className="stat-l">{other ? 'live: known' : 'known'}</span>
        </div>
        <div className="stat stat-wide stat-live-session">
          <span className="stat-s" title={session ? `started ${session.startedAt}` : undefined} data-testid="live-session">{session?.name ?? '—'}</span>
          <span className="stat-l">live session</span>
        </div>
        <SessionPicker />
        <div className={`stream stream-${stream}${other ? ' stream-other' : ''}`} title="the live event feed from ChargeScope (the live site, whatever session is on screen)">
          {stream === 'open' ? (other ? '● live site' : '● live') : stream === 'connecting' ? '◌ connecting…' : '○ reconnecting…'}
        </div>
      </div>
    </header>
  );
}
