import type { ReportNotes, TestCase, TestRun } from '../../../shared/api/commissioning.ts';
import type { Connector, MeterSample, Session, Transaction } from '../../../shared/api/types.ts';
import type { Store } from '../../store/store.ts';
import type { FrameQueries } from '../frame-queries.ts';

export interface ConfigRow { key: string; value: string | null; readonly: boolean | null; previous: string | null | undefined; changed: boolean }
export interface FindingGroup { rule: string; severity: string; count: number; example: string; firstSeq: number | null; title: string | null; advice: string | null; spec: string | null }
export interface SeriesPoint { t: number; w: number | null; a: number | null }
export interface TxReport { tx: Transaction; series: SeriesPoint[] }

/** A busy session's report stays readable and quick: every transaction in the table up to a cap, plots for the last few. */
export const MAX_TX_ROWS = 500;
export const MAX_TX_PLOTS = 10;

/** Everything the commissioning report shows, gathered once; the HTML and the PDF only lay it out. */
export interface ReportData {
  generatedAt: string;
  chargerId: string;
  session: Session;
  notes: ReportNotes;
  boot: Record<string, unknown> | null;
  bootAt: string | null;
  connection: { url: string | null; subprotocol: string | null; securityProfile: string; remoteAddress: string | null; connectedAt: string | null };
  connectors: Connector[];
  config: ConfigRow[];
  configSource: string;
  previousVisit: { sessionId: number; name: string; startedAt: string } | null;
  runs: TestRun[];
  cases: Map<string, TestCase>;
  findings: FindingGroup[];
  transactions: Transaction[];
  /** Transactions beyond MAX_TX_ROWS, left out of the table. */
  moreTransactions: number;
  plots: TxReport[];
  frames: { n: number; first: string | null; last: string | null };
}

export interface RuleInfo { title: string; advice: string; spec: string }

export interface ReportSources {
  store: Store;
  frames: FrameQueries;
  runs: (sessionId: number, chargerId: string) => TestRun[];
  catalogue: TestCase[];
  notes: (sessionId: number, chargerId: string) => ReportNotes | undefined;
  /** The analysis catalogue's words for a rule, when it has them. */
  ruleInfo?: (rule: string) => RuleInfo | undefined;
  now: () => Date;
}

const MAX_POINTS = 600;

type ConfigKeys = { key: string; value?: string; readonly?: boolean }[];

function configOf(src: ReportSources, sessionId: number, chargerId: string): ConfigKeys | undefined {
  const hit = src.frames.lastAnswer(sessionId, chargerId, 'GetConfiguration', (req) => !Array.isArray(req['key']) || (req['key'] as unknown[]).length === 0);
  const keys = hit ? (hit.answer.payload as Record<string, unknown>)['configurationKey'] : undefined;
  return Array.isArray(keys) ? keys as ConfigKeys : undefined;
}

/** Power (W) and current (A, highest phase) per sample time, thinned to at most MAX_POINTS. */
export function seriesOf(samples: readonly MeterSample[]): SeriesPoint[] {
  const byTime = new Map<number, SeriesPoint>();
  for (const s of samples) {
    const t = Date.parse(s.timestamp);
    const v = Number(s.value);
    if (!Number.isFinite(t) || !Number.isFinite(v)) continue;
    const p = byTime.get(t) ?? { t, w: null, a: null };
    if (s.measurand === 'Power.Active.Import') p.w = (p.w ?? 0) + (s.unit === 'kW' ? v * 1000 : v);
    else if (s.measurand === 'Current.Import') p.a = Math.max(p.a ?? 0, v);
    else continue;
    byTime.set(t, p);
  }
  const all = [...byTime.values()].sort((x, y) => x.t - y.t);
  if (all.length <= MAX_POINTS) return all;
  const step = all.length / MAX_POINTS;
  return Array.from({ length: MAX_POINTS }, (_x, i) => all[Math.floor(i * step)]!);
}

export function collectReport(src: ReportSources, sessionId: number, chargerId: string): ReportData {
  const { store } = src;
  const session = store.sessions.get(sessionId)!;
  const rec = store.chargers.get(chargerId);
  const bootFrame = src.frames.lastCall(sessionId, chargerId, 'BootNotification');
  const live = session.live;
  const conns = store.connections.list(sessionId, chargerId).filter((c) => c.kind === 'connected');
  const lastConn = conns[conns.length - 1];

  let keys = configOf(src, sessionId, chargerId);
  let configSource = keys ? 'the last full GetConfiguration of this session' : 'none';
  if (!keys && live) {
    const known = store.configuration.list(chargerId).filter((k) => !k.unknown);
    if (known.length) {
      keys = known.map((k) => ({ key: k.key, ...(k.value !== null ? { value: k.value } : {}), ...(k.readonly !== null ? { readonly: k.readonly } : {}) }));
      configSource = 'what ChargeScope last read from the charger';
    }
  }
  let previousVisit: ReportData['previousVisit'] = null;
  let previous: Map<string, string | null> | null = null;
  for (const s of store.sessions.list().filter((x) => x.id < sessionId).sort((a, b) => b.id - a.id).slice(0, 20)) {
    const prev = configOf(src, s.id, chargerId);
    if (prev) {
      previousVisit = { sessionId: s.id, name: s.name, startedAt: s.startedAt };
      previous = new Map(prev.map((k) => [k.key, k.value ?? null]));
      break;
    }
  }
  const config: ConfigRow[] = (keys ?? []).map((k) => {
    const before = previous ? (previous.has(k.key) ? previous.get(k.key)! : undefined) : undefined;
    return { key: k.key, value: k.value ?? null, readonly: k.readonly ?? null, previous: before, changed: previous !== null && before !== (k.value ?? null) };
  }).sort((a, b) => a.key.localeCompare(b.key));

  const groups = new Map<string, FindingGroup>();
  for (const f of store.findings.list(sessionId, chargerId)) {
    const g = groups.get(f.rule);
    if (g) g.count++;
    else {
      const info = src.ruleInfo?.(f.rule);
      groups.set(f.rule, { rule: f.rule, severity: f.severity, count: 1, example: f.message, firstSeq: f.seq, title: info?.title ?? null, advice: info?.advice ?? null, spec: info?.spec ?? null });
    }
  }
  const rank = (s: string) => (s === 'error' ? 0 : s === 'warning' ? 1 : 2);
  const txs = store.transactions.list(sessionId, chargerId);
  const plotted = txs.slice(-MAX_TX_PLOTS);
  const notes = src.notes(sessionId, chargerId) ?? { engineer: '', site: session.site ?? '', notes: session.notes ?? '' };
  return {
    generatedAt: src.now().toISOString(), chargerId, session, notes,
    boot: bootFrame ? bootFrame.payload as Record<string, unknown> : (live ? rec?.boot ?? null : null),
    // An imported boot whose log gave it no time has no boot time to show (its `at` only keeps the order).
    bootAt: bootFrame ? (bootFrame.timeUnknown ? null : bootFrame.at) : (live ? rec?.bootAt ?? null : null),
    connection: {
      url: lastConn?.path ?? null, subprotocol: lastConn?.subprotocols ?? null,
      securityProfile: rec?.securityProfile != null ? String(rec.securityProfile) : (rec?.passwordHash ? '1 (Basic Auth)' : 'not set'),
      remoteAddress: lastConn?.remoteAddress ?? null, connectedAt: lastConn?.at ?? null,
    },
    connectors: live ? store.chargers.connectors(chargerId) : [],
    config, configSource, previousVisit,
    runs: src.runs(sessionId, chargerId),
    cases: new Map(src.catalogue.map((c) => [c.id, c])),
    findings: [...groups.values()].sort((a, b) => rank(a.severity) - rank(b.severity) || b.count - a.count),
    transactions: txs.slice(-MAX_TX_ROWS),
    moreTransactions: Math.max(0, txs.length - MAX_TX_ROWS),
    plots: plotted.map((tx) => ({ tx, series: seriesOf(store.transactions.samples({ sessionId, chargerId, transactionId: tx.id })) })),
    frames: (() => {
      const s = src.frames.span(sessionId, chargerId);
      return { n: s.n, first: s.first, last: s.last };
    })(),
  };
}
