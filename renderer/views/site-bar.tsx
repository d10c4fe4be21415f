/** The top bar: where chargers connect, how many are connected, the live session and the one on screen, and whether the live feed is up. */
import type { Session } from '../../shared/api/types.ts';
import { CopyButton } from '../components/common.tsx';
import { useSite, useSiteState } from '../state/site-context.tsx';

const kindOf = (s: Session) => (s.live ? 'live' : s.readOnly ? 'recording' : 'ended');

/** Which session every view shows: the live one, or a past one or a recording picked here or in Sessions. */
function SessionPicker() {
  const site = useSiteState();
  const { sessions, viewed, scope, session: live } = useSite();
  const list = [...sessions].sort((a, b) => Number(b.live) - Number(a.live) || b.startedAt.localeCompare(a.startedAt) || b.id - a.id);
  return (
    <div className={`stat stat-wide session-pick${scope === null ? '' : ' session-pick-other'}`}>
      <select
        aria-label="session on screen"
        data-testid="session-select"
        value={viewed?.id ?? live?.id ?? ''}
        onChange={(e) => site.view(Number(e.target.value) === live?.id ? null : Number(e.target.value))}
      >
        {list.map((s) => <option key={s.id} value={s.id}>{s.name} · {kindOf(s)} · {s.startedAt.slice(0, 10)}</option>)}
      </select>
      <span className="stat-l">{scope === null ? 'on screen: the live session' : <>on screen · <a href="#/sessions">sessions</a></>}</span>
    </div>
  );
}

export function SiteBar() {
  // The live site's chargers, also while another session is on screen.
  const { info, liveChargers: chargers, stream, session } = useSite();
  const connected = chargers.filter((c) => c.connected).length;
  const urls = info?.chargerUrls ?? [];
  return (
    <header className="sitebar" data-testid="site-bar">
      <div className="sitebar-urls">
        <div className="sitebar-label">Charger URL{urls.length > 1 ? 's' : ''}</div>
        {urls.length === 0 && <span className="muted">loading…</span>}
        {urls.map((u) => (
          <div key={u} className="url-row">
            <code className="url" data-testid="charger-url">{u}</code>
            <CopyButton text={u} />
          </div>
        ))}
        <div className="hint">
          Type this into the charger’s OCPP Central System URL; the last part is the charger’s identity, e.g.{' '}
          <code>{(urls[0] ?? 'ws://192.168.1.20:8887/ocpp/')}CP-0001</code>
        </div>
      </div>
      <div className="sitebar-stats">
        <div className="stat" data-testid="connected-count">
          <span className="stat-n">{connected}</span>
          <span className="stat-l">connected</span>
        </div>
        <div className="stat">
          <span className="stat-n">{chargers.length}</span>
          <span className="stat-l">known</span>
        </div>
        <div className="stat stat-wide">
          <span className="stat-s" title={session ? `started ${session.startedAt}` : undefined} data-testid="live-session">{session?.name ?? '—'}</span>
          <span className="stat-l">live session</span>
        </div>
        <SessionPicker />
        <div className={`stream stream-${stream}`} title="the live event feed from ChargeScope">
          {stream === 'open' ? '● live' : stream === 'connecting' ? '◌ connecting…' : '○ reconnecting…'}
        </div>
      </div>
    </header>
  );
}
