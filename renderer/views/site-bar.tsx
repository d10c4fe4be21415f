/** The top bar: where chargers connect, how many are connected, and whether the live feed is up. */
import { CopyButton } from '../components/common.tsx';
import { useSite } from '../state/site-context.tsx';

export function SiteBar() {
  const { info, chargers, stream, session } = useSite();
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
          <span className="stat-s" title={session ? `started ${session.startedAt}` : undefined}>{session?.name ?? '—'}</span>
          <span className="stat-l">live session</span>
        </div>
        <div className={`stream stream-${stream}`} title="the live event feed from ChargeScope">
          {stream === 'open' ? '● live' : stream === 'connecting' ? '◌ connecting…' : '○ reconnecting…'}
        </div>
      </div>
    </header>
  );
}
