import { mkdirSync, accessSync, constants } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import { readTlsCa, readTlsFiles, selfSignedTls } from './tls.ts';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import type { ServerInfo } from '../../shared/api/routes.ts';
import type { ImportResult, LiveEvent } from '../../shared/api/types.ts';
import { createApiServer } from '../api/api-server.ts';
import { createEventHub } from '../api/events.ts';
import { coreRoutes, type ApiServices, type RouteTable } from '../api/routes.ts';
import { smartChargingRoutes } from '../api/smart-charging-routes.ts';
import { readingsRoutes } from '../api/readings-routes.ts';
import { chargerEndpoints } from './endpoints.ts';
import { createCsms } from '../csms/csms.ts';
import { proxyRoutes } from '../proxy/routes.ts';
import { fileRoutes } from '../api/file-routes.ts';
import { createFileService, FileError } from '../files/index.ts';
import { applyChargerHttpTimeouts } from '../files/http-timeouts.ts';
import { createLogs } from '../logs/logs.ts';
import type { SessionFileBudget } from '../logs/import/session-file-reader.ts';
import { logRoutes } from '../api/session-log-routes.ts';
import { createStore } from '../store/store.ts';
import { createCommissioning } from '../commissioning/index.ts';
import type { Timers } from '../commissioning/timers.ts';
import { ConfigError, type Config } from './config.ts';
import { VERSION } from './version.ts';

/** Every non-internal IPv4 address of this machine (loopback when there is none). */
export function localIPv4(): string[] {
  const out: string[] = [];
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) out.push(a.address);
  }
  return out.length ? out : ['127.0.0.1'];
}

function listen(server: Server, port: number, host: string, what: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      reject(new ConfigError(err.code === 'EADDRINUSE'
        ? `${what} port ${port} is already in use: stop the other program or choose another port (0 picks a free one)`
        : `cannot listen on ${host}:${port} for ${what}: ${err.message}`));
    });
    server.listen(port, host, () => resolve((server.address() as { port: number }).port));
  });
}

/** Builds the whole app from a config: no Electron, no globals. Both shells call this. */
export function createApp(config: Config, options: { clock?: () => Date; log?: (m: string) => void; testTimers?: Timers; sessionFileBudget?: SessionFileBudget } = {}) {
  const clock = options.clock ?? (() => new Date());
  try {
    mkdirSync(config.dataDir, { recursive: true });
    accessSync(config.dataDir, constants.W_OK);
  } catch (err) {
    throw new ConfigError(`data dir ${config.dataDir} is not usable (${(err as Error).message}): choose a writable folder with --data-dir`);
  }
  const store = createStore(join(config.dataDir, 'chargescope.db'), clock().toISOString());
  if (config.strict !== null) store.settings.patch({ strict: config.strict });
  const events = createEventHub();
  // Charger tests watch the CSMS's live events: frames are built for publishing while a run goes on, UI or not.
  let observe: (e: LiveEvent) => void = () => undefined;
  let testing = () => false;
  const publish = (e: LiveEvent) => {
    events.publish(e);
    observe(e);
  };
  const files = createFileService({
    db: store.db, dataDir: config.dataDir, clock, sessionId: () => store.sessions.liveId,
    ftp: { port: config.ftpPort, host: config.ocppHost, pasvPorts: config.ftpPasvPorts },
    maxFirmwareBytes: () => store.settings.get().maxFirmwareBytes, maxUploadBytes: () => store.settings.get().maxUploadBytes,
    onTransfer: (transfer) => publish({ type: 'transfer', transfer }),
    onError: (err, context) => (options.log ?? ((m: string) => process.stderr.write(`${m}\n`)))(`file transfer (${context}): ${err.message}`),
  });
  const csms = createCsms({
    store, clock, publish, listening: () => events.size > 0 || testing(), ...(options.log ? { log: options.log } : {}), tlsClientCa: config.tlsCa !== null,
    hooks: {
      firmwareStatus: (id, status, at) => void files.onChargerStatus(id, 'firmware', status, at),
      diagnosticsStatus: (id, status, at) => void files.onChargerStatus(id, 'diagnostics', status, at),
    },
  });
  const logs = createLogs({ store, validator: csms.env.validator, dataDir: config.dataDir, version: VERSION, clock, publish: events.publish, ...(options.sessionFileBudget ? { fileBudget: options.sessionFileBudget } : {}) });
  const commissioning = createCommissioning({ store, csms, files, clock, publish: events.publish, ...(options.testTimers ? { timers: options.testTimers } : {}), ...(options.log ? { log: options.log } : {}) });
  observe = commissioning.runner.observe;
  testing = commissioning.runner.active;
  const ports = { ocpp: config.ocppPort, ocpps: null as number | null, ui: config.uiPort, ftp: null as number | null };

  const info = (): ServerInfo => ({
    version: VERSION,
    chargerUrls: localIPv4().map((ip) => `ws://${ip}:${ports.ocpp}/ocpp/`),
    ocppPort: ports.ocpp, ocppsPort: ports.ocpps, uiPort: ports.ui, ftpPort: ports.ftp, dataDir: config.dataDir,
    liveSessionId: store.sessions.liveId, viewedSessionId: store.sessions.liveId,
    connected: csms.links.size, known: store.chargers.list().length,
    chargerEndpoints: chargerEndpoints(ports.ocpp, ports.ocpps),
  });
  const services: ApiServices = { store, csms, version: VERSION, clock, info };
  const table: RouteTable = {
    ...coreRoutes,
    ...smartChargingRoutes,
    ...readingsRoutes,
    ...logRoutes(logs),
    ...fileRoutes(files),
    ...proxyRoutes,
    ...commissioning.routes,
  };
  const api = createApiServer({ port: config.uiPort, token: config.token, staticDir: config.staticDir, table, services, events });

  const onHttp = (req: IncomingMessage, res: ServerResponse) => {
    // Firmware downloads and diagnostics uploads share the charger-facing port, under /files/.
    if (files.handleHttp(req, res)) return;
    res.writeHead(426, { 'Content-Type': 'text/plain; charset=utf-8', Upgrade: 'websocket' });
    res.end('ChargeScope OCPP 1.6-J endpoint: connect a charger with WebSocket to ws://<this address>:<port>/ocpp/<chargePointId>\n');
  };
  const ocppServer = applyChargerHttpTimeouts(createServer(onHttp));
  ocppServer.on('upgrade', csms.handleUpgrade);
  let tlsServer: Server | null = null;
  async function startTls(): Promise<void> {
    const material = config.tlsCert && config.tlsKey
      ? readTlsFiles(config.tlsCert, config.tlsKey)
      : config.tlsSelfSigned ? await selfSignedTls(config.dataDir, localIPv4()) : null;
    if (material === null) return;
    // Profile 3: a client certificate is asked for, not required at the handshake (chargers at profile 2 have none);
    // the upgrade refuses a profile-3 charger whose certificate is missing or does not chain to the CA.
    const ca = config.tlsCa ? { ca: readTlsCa(config.tlsCa), requestCert: true, rejectUnauthorized: false } : {};
    tlsServer = applyChargerHttpTimeouts(createTlsServer({ cert: material.cert, key: material.key, minVersion: 'TLSv1.2', ...ca }, onHttp) as unknown as Server);
    tlsServer.on('upgrade', csms.handleUpgrade);
    // "It does not connect" over wss is mostly a TLS failure: record its reason.
    tlsServer.on('tlsClientError', (err: Error, socket: { remoteAddress?: string; remotePort?: number }) => {
      csms.recordRefusal(`${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`, `TLS handshake failed: ${err.message}`);
    });
    ports.ocpps = await listen(tlsServer, config.ocppsPort, config.ocppHost, 'OCPP over TLS');
  }

  return {
    config, store, csms, services, table, events, api, logs, commissioning,
    async start(): Promise<{ ocppPort: number; ocppsPort: number | null; uiPort: number; chargerUrls: string[]; uiUrl: string; opened: ImportResult[] }> {
      // --open FILE|FOLDER: re-open recordings read-only before anything listens, so a bad file stops the start.
      let opened: ImportResult[] = [];
      if (config.open) {
        try {
          const r = await logs.openPath(config.open);
          if (r.failed.length) throw new Error(r.failed.map((f) => `${f.path}: ${f.error}`).join('; '));
          opened = r.opened;
        } catch (err) {
          throw new ConfigError(`--open ${config.open}: ${(err as Error).message}`);
        }
      }
      ports.ocpp = await listen(ocppServer, config.ocppPort, config.ocppHost, 'OCPP');
      await startTls();
      try {
        ports.ftp = await files.start();
      } catch (err) {
        if (err instanceof FileError && err.code === 'LISTEN') throw new ConfigError(`FTP port ${config.ftpPort}: ${err.message} (choose another with --ftp-port; 0 picks a free one)`);
        throw err;
      }
      try {
        ports.ui = await api.listen();
      } catch (err) {
        const e = err as NodeJS.ErrnoException;
        throw new ConfigError(e.code === 'EADDRINUSE' ? `UI port ${config.uiPort} is already in use: choose another with --ui-port (0 picks a free one)` : `cannot listen on 127.0.0.1:${config.uiPort}: ${e.message}`);
      }
      csms.start();
      const i = info();
      const urls = [...i.chargerUrls, ...(ports.ocpps ? localIPv4().map((ip) => `wss://${ip}:${ports.ocpps}/ocpp/`) : [])];
      return { ocppPort: ports.ocpp, ocppsPort: ports.ocpps, uiPort: ports.ui, chargerUrls: urls, uiUrl: `http://127.0.0.1:${ports.ui}/#token=${config.token}`, opened };
    },
    async stop(): Promise<void> {
      await logs.close();
      await commissioning.runner.close();
      ocppServer.close();
      tlsServer?.close();
      await csms.stop();
      ocppServer.closeAllConnections();
      await api.close();
      await files.stop();
      store.close();
    },
  };
}
export type App = ReturnType<typeof createApp>;
