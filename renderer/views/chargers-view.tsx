/** The site's chargers, live: connection, identity, boot data, connectors, last seen, findings. */
import { useState } from 'react';
import { PageHeader } from '../components/common.tsx';
import { BulkPanel } from './bulk-panel.tsx';
import { ago, bootField, dateTime } from '../components/format.ts';
import { useNow } from '../components/hooks.ts';
import { ConnectorChip, Dot } from '../components/status.tsx';
import { chargerHref } from '../router.ts';
import { useSite } from '../state/site-context.tsx';
import { useViewing } from '../sessions/use-viewing.ts';
import { ReadingLine, useReadings } from './readings.tsx';

export function ChargersView() {
  const { chargers, loaded, error } = useSite();
  const { live } = useViewing();
  const now = useNow(1000);
  const readings = useReadings();
  const [bulk, setBulk] = useState(false);
  return (
    <div className="page">
      <PageHeader
        title="Chargers"
        sub={live ? 'Every charger that has connected in this data folder. Click one for its trace, commands and configuration.'
          : 'The chargers of the session on screen, as it recorded them. Click one for its trace, transactions and findings.'}
      >
        {live && chargers.length > 0 && (
          <button type="button" className={`btn${bulk ? ' btn-on' : ''}`} onClick={() => setBulk(!bulk)} data-testid="bulk-open" aria-expanded={bulk}>
            Send to several…
          </button>
        )}
      </PageHeader>
      {live && bulk && chargers.length > 0 && <BulkPanel chargers={chargers} />}
      {error && <div className="notice notice-error" role="alert">{error}</div>}
      {loaded && chargers.length === 0 && !live && <p className="empty">No charger in this session.</p>}
      {loaded && chargers.length === 0 && live && (
        <div className="empty-state">
          <h2>No charger has connected yet</h2>
          <p>Type one of the charger URLs above into the charger’s OCPP settings (Central System URL), with its identity as the last part.</p>
          <p>If it still does not appear, open <a href="#/connections">Connections</a>: refused attempts (wrong path, subprotocol, password) are listed there with the reason.</p>
        </div>
      )}
      {chargers.length > 0 && (
        <table className="table chargers" data-testid="charger-list">
          <thead>
            <tr>
              <th className="col-dot" aria-label="connected" />
              <th>identity</th>
              <th>vendor / model</th>
              <th>firmware</th>
              <th>connectors</th>
              <th>live readings</th>
              <th>last seen</th>
              <th className="num">findings</th>
              <th>boot</th>
            </tr>
          </thead>
          <tbody>
            {chargers.map((c) => (
              <tr key={c.id} data-charger={c.id} data-connected={c.connected}>
                <td className="col-dot"><Dot on={c.connected} /></td>
                <td><a className="charger-link" href={chargerHref(c.id)}>{c.id}</a></td>
                <td>{bootField(c.boot, 'chargePointVendor')} <span className="muted">/</span> {bootField(c.boot, 'chargePointModel')}</td>
                <td className="mono">{bootField(c.boot, 'firmwareVersion')}</td>
                <td>
                  <div className="connectors-cell">
                    {c.connectors.length === 0 ? <span className="muted small">no StatusNotification yet</span> : c.connectors.map((k) => <ConnectorChip key={k.connectorId} c={k} />)}
                  </div>
                </td>
                <td className="readings-cell">
                  {readings.filter((r) => r.chargerId === c.id).map((r) => (
                    <div key={r.transactionId} className="reading-row"><span className="connector-id">#{r.connectorId}</span> <ReadingLine r={r} now={now} live={live} compact /></div>
                  ))}
                </td>
                <td className="nowrap" title={c.lastSeen ?? ''}>
                  {/* A session's "last seen" is a moment of that session: it does not keep counting. */}
                  {!live ? <span className="muted">{dateTime(c.lastSeen)}</span> : c.connected ? <span>{ago(c.lastSeen, now)}</span> : <span className="muted">{ago(c.lastSeen, now)}</span>}
                </td>
                <td className="num">{c.findings > 0 ? <a className="findings-count" href={chargerHref(c.id, 'findings')}>{c.findings}</a> : <span className="muted">0</span>}</td>
                <td>{c.registration ? <span className={`chip tone-${c.registration === 'Accepted' ? 'ok' : c.registration === 'Pending' ? 'warn' : 'bad'}`}>{c.registration}</span> : <span className="muted small">never booted</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
