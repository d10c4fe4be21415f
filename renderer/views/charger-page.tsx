/** One charger: a header with what it is and how it is connected, and a tab per task. */
import { CommandHistory } from '../commands/command-history.tsx';
import { CommandPanel } from '../commands/command-panel.tsx';
import { QuickActions } from '../commands/quick-actions.tsx';
import { useCommandContext } from '../commands/use-command-context.ts';
import { Notice } from '../components/common.tsx';
import { ago, bootField, dateTime } from '../components/format.ts';
import { useNow } from '../components/hooks.ts';
import { Dot, ErrorCodeChip, StatusChip } from '../components/status.tsx';
import { CHARGER_TABS, chargerHref, type ChargerTab } from '../router.ts';
import { useSite } from '../state/site-context.tsx';
import { TraceView } from '../trace/trace-view.tsx';
import type { Charger } from '../../shared/api/types.ts';
import { ConfigurationView } from './configuration-view.tsx';
import { ConnectionsView } from './connections-view.tsx';
import { FindingsView } from './findings-view.tsx';
import { LocalListView } from './local-list-view.tsx';
import { SmartChargingView } from '../smart-charging/smart-charging-view.tsx';
import { ChargerFiles } from '../files/charger-files.tsx';
import { RecordedFiles } from '../files/recorded-files.tsx';
import { ReservationsView } from './reservations-view.tsx';
import { TransactionsView } from './transactions-view.tsx';
import { RecordedConfiguration, RecordedLocalList, RecordedProfiles, RecordedReservations, SessionCommands } from '../sessions/recorded-state.tsx';
import { useViewing } from '../sessions/use-viewing.ts';
import { modeText, ProxyStatus, UpstreamPanel } from '../proxy/proxy-panel.tsx';
import { TestsView } from '../commissioning/tests-view.tsx';
import { ReadingLine, useReadings } from './readings.tsx';

/** Tabs that send OCPP calls and have nothing to show of a past session (Files shows a recording's received files). */
const LIVE_ONLY_TABS: readonly ChargerTab[] = ['commands'];

const TAB_LABEL: Record<ChargerTab, string> = {
  overview: 'Overview', commands: 'Commands', trace: 'Trace', configuration: 'Configuration', 'local-list': 'Local list',
  reservations: 'Reservations', profiles: 'Charging profiles', files: 'Files', transactions: 'Transactions', findings: 'Findings', connections: 'Connections', tests: 'Tests',
};

function LiveActions({ charger }: { charger: Charger }) {
  const ctx = useCommandContext(charger);
  return (
    <>
      <QuickActions key={charger.id} charger={charger} openTransactions={ctx.openTransactions} idTags={ctx.idTags.map((t) => t.idTag)} />
      <CommandHistory chargerId={charger.id} limit={10} />
    </>
  );
}

function Overview({ charger, live }: { charger: Charger; live: boolean }) {
  const readings = useReadings(charger.id);
  const now = useNow(1000);
  return (
    <div className="overview">
      <section className="panel" aria-label="Connectors">
        <h2>Connectors</h2>
        {charger.connectors.length === 0 ? (
          <p className="muted">{live ? 'No StatusNotification yet. Use TriggerMessage → StatusNotification below to ask for one.' : 'No StatusNotification in this session.'}</p>
        ) : (
          <div className="connector-cards">
            {charger.connectors.map((c) => (
              <div key={c.connectorId} className={`connector-card`} data-connector={c.connectorId} data-status={c.status}>
                <div className="cc-head">#{c.connectorId}{c.connectorId === 0 ? ' (charge point)' : ''}</div>
                <StatusChip status={c.status} />
                <div><ErrorCodeChip errorCode={c.errorCode} /></div>
                {(c.info || c.vendorErrorCode) && <div className="small muted">{[c.info, c.vendorErrorCode].filter(Boolean).join(' · ')}</div>}
                <div className="small muted" title="the charger's timestamp of this StatusNotification">{dateTime(c.timestamp ?? c.updatedAt)}</div>
                {readings.filter((r) => r.connectorId === c.connectorId).map((r) => <ReadingLine key={r.transactionId} r={r} now={now} live={live} />)}
              </div>
            ))}
          </div>
        )}
      </section>
      {live ? <LiveActions charger={charger} /> : <SessionCommands chargerId={charger.id} />}
      {live && <UpstreamPanel key={charger.id} charger={charger} />}
    </div>
  );
}

export function ChargerPage({ id, tab, item }: { id: string; tab: ChargerTab; item?: number | undefined }) {
  const { chargers, loaded } = useSite();
  const { live, session } = useViewing();
  const now = useNow(1000);
  const charger = chargers.find((c) => c.id === id);
  if (!charger) {
    return (
      <div className="page">
        {loaded ? (
          live
            ? <Notice>Charger “{id}” is unknown: it has never connected to this ChargeScope (or was forgotten). Check the identity in its OCPP URL, and the <a href="#/connections">Connections</a> view for refused attempts.</Notice>
            : <Notice kind="info">Charger “{id}” does not appear in the session on screen. Its <a href="#/chargers">chargers</a> are listed on the left.</Notice>
        ) : <p className="muted">Loading…</p>}
      </div>
    );
  }
  return (
    <div className="page charger-page" data-charger={charger.id}>
      <header className="charger-head">
        <div className="ch-title">
          <Dot on={charger.connected} />
          <h1>{charger.id}</h1>
          {charger.registration && <span className={`chip tone-${charger.registration === 'Accepted' ? 'ok' : charger.registration === 'Pending' ? 'warn' : 'bad'}`}>{charger.registration}</span>}
          <span className="muted">
            {!live ? `in this session · last seen ${dateTime(charger.lastSeen)}`
              : charger.connected ? `connected · last frame ${ago(charger.lastSeen, now)}` : `not connected · last seen ${ago(charger.lastSeen, now)}`}
          </span>
          <a className="btn btn-small report-button" href={chargerHref(charger.id, 'tests')} data-action="report" title="Tests and the commissioning report">Report</a>
        </div>
        {/* Each label stays with its value: a field moves to the next line whole, never "mode" above "local". */}
        <dl className="kv kv-inline">
          <div className="kv-pair"><dt>vendor</dt><dd>{bootField(charger.boot, 'chargePointVendor')}</dd></div>
          <div className="kv-pair"><dt>model</dt><dd>{bootField(charger.boot, 'chargePointModel')}</dd></div>
          <div className="kv-pair"><dt>firmware</dt><dd className="mono">{bootField(charger.boot, 'firmwareVersion')}</dd></div>
          <div className="kv-pair"><dt>serial</dt><dd className="mono">{bootField(charger.boot, 'chargePointSerialNumber')}</dd></div>
          <div className="kv-pair"><dt>from</dt><dd className="mono">{charger.remoteAddress ?? '—'}</dd></div>
          <div className="kv-pair"><dt>subprotocol</dt><dd className="mono">{charger.subprotocol ?? '—'}</dd></div>
          <div className="kv-pair"><dt>booted</dt><dd className="mono">{dateTime(charger.bootAt)}</dd></div>
          {live && <div className="kv-pair"><dt>mode</dt><dd data-testid="charger-mode" title={modeText(charger.proxy)}>{modeText(charger.proxy)}</dd></div>}
        </dl>
        {live && <ProxyStatus charger={charger} />}
      </header>
      <nav className="tabs" aria-label="charger views">
        {CHARGER_TABS.filter((t) => live || !LIVE_ONLY_TABS.includes(t)).map((t) => (
          <a key={t} href={chargerHref(charger.id, t)} className={t === tab ? 'tab tab-on' : 'tab'} aria-current={t === tab ? 'page' : undefined}>
            {TAB_LABEL[t]}
            {t === 'findings' && charger.findings > 0 && <span className="tab-count">{charger.findings}</span>}
          </a>
        ))}
      </nav>
      <div className="tab-body">
        {tab === 'overview' && <Overview charger={charger} live={live} />}
        {!live && LIVE_ONLY_TABS.includes(tab) && <Notice kind="info">Commands and file transfers are offered only in the live session.</Notice>}
        {!live && tab === 'files' && (session ? <RecordedFiles chargerId={charger.id} sessionId={session.id} /> : null)}
        {live && tab === 'commands' && <CommandPanel charger={charger} />}
        {tab === 'trace' && <TraceView key={`${charger.id}/${item ?? ''}`} chargerId={charger.id} focusSeq={item} />}
        {tab === 'configuration' && (live ? <ConfigurationView charger={charger} /> : <RecordedConfiguration chargerId={charger.id} />)}
        {tab === 'local-list' && (live ? <LocalListView charger={charger} /> : <RecordedLocalList chargerId={charger.id} />)}
        {tab === 'reservations' && (live ? <ReservationsView charger={charger} /> : <RecordedReservations chargerId={charger.id} />)}
        {tab === 'profiles' && (live ? <SmartChargingView key={charger.id} charger={charger} /> : <RecordedProfiles chargerId={charger.id} />)}
        {live && tab === 'files' && <ChargerFiles key={charger.id} charger={charger} />}
        {tab === 'transactions' && <TransactionsView chargerId={charger.id} selected={item} />}
        {tab === 'findings' && <FindingsView chargerId={charger.id} />}
        {tab === 'connections' && <ConnectionsView chargerId={charger.id} />}
        {tab === 'tests' && <TestsView key={charger.id} charger={charger} live={live} sessionId={live ? null : session?.id ?? null} />}
      </div>
    </div>
  );
}
