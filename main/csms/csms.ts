import type { Charger, CallOutcome, LiveEvent, ProxyView } from '../../shared/api/types.ts';
import type { CsmsAction } from '../../shared/ocpp/actions.ts';
import { RULES } from '../../shared/rules/catalogue.ts';
import { createOcppValidator, type OcppValidator } from '../ocpp/validation.ts';
import type { Store } from '../store/store.ts';
import { callCharger } from './calls.ts';
import { createCommitter } from './committer.ts';
import type { CsmsHooks } from './context.ts';
import { liveAnalysis, type CsmsEnv } from './env.ts';
import { CallFailure, type ChargerLink } from './link.ts';
import { createOcppEndpoint } from './ocpp-server.ts';
import { createProxy } from '../proxy/proxy.ts';

export interface CsmsOptions {
  store: Store;
  clock?: () => Date;
  publish?: (event: LiveEvent) => void;
  /** Whether anyone listens to live events; charger views are built for publishing only then. */
  listening?: () => boolean;
  log?: (message: string) => void;
  hooks?: CsmsHooks;
  validator?: OcppValidator;
  /** The TLS port checks client certificates against a CA (--tls-ca, security profile 3). */
  tlsClientCa?: boolean;
}

/** The Central System: charger links, handlers, operator calls, and the state views the API reads. */
export function createCsms(options: CsmsOptions) {
  const { store } = options;
  const links = new Map<string, ChargerLink>();
  const hooks: CsmsHooks = { ...options.hooks };
  const env: CsmsEnv = {
    store,
    validator: options.validator ?? createOcppValidator(),
    committer: createCommitter(store.db, { onRollback: () => store.chargers.forget() }),
    clock: options.clock ?? (() => new Date()),
    publish: options.publish ?? (() => undefined),
    listening: options.listening ?? (() => true),
    hooks,
    log: options.log ?? ((m) => process.stderr.write(`${m}\n`)),
    tlsClientCa: options.tlsClientCa === true,
    analysis: liveAnalysis(store),
    isConnected: (id) => links.has(id),
  };
  const publishCharger = (id: string) => {
    if (options.listening && !options.listening()) return;
    const charger = chargerView(id);
    if (charger) env.publish({ type: 'charger', charger });
  };
  const userChanged = hooks.chargerChanged;
  hooks.chargerChanged = (id) => {
    publishCharger(id);
    userChanged?.(id);
  };
  const proxy = createProxy(env, (id) => hooks.chargerChanged?.(id));
  const endpoint = createOcppEndpoint(env, links, publishCharger, proxy);
  let pingTimer: NodeJS.Timeout | null = null;

  function chargerView(id: string): Charger | undefined {
    const rec = store.chargers.get(id);
    if (rec === undefined) return undefined;
    const link = links.get(id);
    return {
      id: rec.id, connected: link !== undefined, lastSeen: rec.lastSeen, firstSeen: rec.firstSeen, boot: rec.boot,
      bootAt: rec.bootAt, registration: rec.registration, connectors: store.chargers.connectors(id),
      localAddress: link?.localAddress ?? null, remoteAddress: link?.remoteAddress ?? null, subprotocol: link?.subprotocol ?? null,
      hasPassword: rec.passwordHash !== null, securityProfile: rec.securityProfile, findings: store.findings.count(store.sessions.liveId, id),
      localListVersion: rec.localListVersion, ...proxyOf(id, link),
    };
  }

  /** Proxy mode's view, only on chargers that have something to show (a local charger keeps its shape). */
  function proxyOf(id: string, link: ChargerLink | undefined): { proxy?: ProxyView } {
    const view = proxy.view(id, link);
    return view.mode === 'local' && view.configured === null ? {} : { proxy: view };
  }

  return {
    env,
    links,
    proxy,
    handleUpgrade: endpoint.handleUpgrade,
    recordRefusal: endpoint.recordRefusal,
    chargerView,
    chargers(): Charger[] {
      const counts = store.findings.counts(store.sessions.liveId);
      return store.chargers.list().map((r) => ({ ...chargerView(r.id)!, findings: counts.get(r.id) ?? 0 }));
    },
    /** Sends one operator call and waits for the answer (CallFailure NOT_CONNECTED / TIMEOUT otherwise). */
    call(chargerId: string, action: CsmsAction, payload: Record<string, unknown>, timeoutMs?: number): Promise<CallOutcome> {
      const link = links.get(chargerId);
      if (link === undefined) return Promise.reject(new CallFailure('NOT_CONNECTED', `${chargerId} is not connected: wait for it to reconnect, then retry`));
      if (link.subprotocol === 'ocpp2.0.1') return Promise.reject(new CallFailure('BAD_REQUEST', `${chargerId} speaks OCPP 2.0.1: ChargeScope injects OCPP 1.6 calls only`));
      return callCharger(env, link, action, payload, timeoutMs ?? store.settings.get().callTimeoutMs);
    },
    publishCharger,
    /**
     * The live session ends (a new one starts): what the analysis still expected and the calls never answered become
     * findings of it, as the end of an imported log does, so a re-analysis of its export finds the same.
     */
    endLiveSession(at: string): void {
      const sessionId = store.sessions.liveId;
      const found = env.analysis(sessionId).finish(at);
      const rows = store.db.transaction(() => found.map((x) => store.findings.insert({ sessionId, chargerId: x.chargerId, seq: x.seq, rule: x.rule, severity: RULES[x.rule].severity, message: x.message, at: x.at })))();
      for (const finding of rows) env.publish({ type: 'finding', finding });
    },
    start(): void {
      const interval = Math.max(1, store.settings.get().pingIntervalSec) * 1000;
      pingTimer = setInterval(endpoint.heartbeat, interval);
      pingTimer.unref();
    },
    /** Closes every link and commits what is queued. */
    async stop(): Promise<void> {
      if (pingTimer) clearInterval(pingTimer);
      const closing = [...links.values()].map((l) => new Promise<void>((resolve) => {
        l.ws.once('close', () => resolve());
        l.ws.close(1001, 'ChargeScope is stopping');
        setTimeout(() => { l.ws.terminate(); resolve(); }, 1000).unref();
      }));
      await Promise.all(closing);
      endpoint.close();
      env.committer.flushNow();
    },
  };
}
export type Csms = ReturnType<typeof createCsms>;
