/**
 * Helpers for the control-API tests: a strict ocpp-rpc charger that records every CSMS CALL it receives
 * and answers from a table the test can change, the operator call through the API, and the reusable
 * OCTT states (Booted, Authorized, Charging; test case document Tables 192–195).
 */
import { createRPCError, type RPCClient } from 'ocpp-rpc';
import { connectCharger, type TestApp } from '../../support/harness.ts';

export const now = () => new Date().toISOString();
export const inSeconds = (s: number) => new Date(Date.now() + s * 1000).toISOString();

/** A charger's answer to one CSMS CALL: a payload, a function of the request, or a thrown RPC error. */
export type Answer = Record<string, unknown> | ((params: any) => unknown);

/** Throw this from an Answer to make the charger reply CALLERROR. */
export const callError = (code: string, description = '', details: Record<string, unknown> = {}) => createRPCError(code, description, details);

export const HASH = { hashAlgorithm: 'SHA256', issuerNameHash: 'a1b2c3', issuerKeyHash: 'd4e5f6', serialNumber: '0a1b' };
export const PEM = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU\n-----END CERTIFICATE-----\n';

/** Positive answers for every CSMS-initiated action (what a charger that agrees would say). */
export const ACCEPTING: Record<string, Answer> = {
  CancelReservation: { status: 'Accepted' },
  ChangeAvailability: { status: 'Accepted' },
  ChangeConfiguration: { status: 'Accepted' },
  ClearCache: { status: 'Accepted' },
  ClearChargingProfile: { status: 'Accepted' },
  DataTransfer: { status: 'Accepted' },
  GetCompositeSchedule: (p: any) => ({
    status: 'Accepted', connectorId: p.connectorId, scheduleStart: now(),
    chargingSchedule: { chargingRateUnit: p.chargingRateUnit ?? 'A', duration: p.duration, chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }] },
  }),
  GetConfiguration: { configurationKey: [{ key: 'HeartbeatInterval', readonly: false, value: '60' }] },
  GetDiagnostics: { fileName: 'diagnostics.zip' },
  GetLocalListVersion: { listVersion: 0 },
  RemoteStartTransaction: { status: 'Accepted' },
  RemoteStopTransaction: { status: 'Accepted' },
  ReserveNow: { status: 'Accepted' },
  Reset: { status: 'Accepted' },
  SendLocalList: { status: 'Accepted' },
  SetChargingProfile: { status: 'Accepted' },
  TriggerMessage: { status: 'Accepted' },
  UnlockConnector: { status: 'Unlocked' },
  UpdateFirmware: {},
  CertificateSigned: { status: 'Accepted' },
  DeleteCertificate: { status: 'Accepted' },
  ExtendedTriggerMessage: { status: 'Accepted' },
  GetInstalledCertificateIds: { status: 'Accepted', certificateHashData: [HASH] },
  GetLog: { status: 'Accepted', filename: 'security.log' },
  InstallCertificate: { status: 'Accepted' },
  SignedUpdateFirmware: { status: 'Accepted' },
};

export interface Received { action: string; params: any; messageId: string }

export interface Station {
  id: string;
  client: RPCClient;
  /** Every CSMS CALL this charger received, in arrival order. */
  received: Received[];
  /** Changes the answer to one action from now on. */
  answer(action: string, answer: Answer): void;
  /** The params of the next CALL of `action` not yet taken (one already received, or the next to arrive). */
  nextCall(action: string, timeoutMs?: number): Promise<any>;
  /** A charger-initiated CALL. */
  call(action: string, payload: Record<string, unknown>): Promise<any>;
  close(): Promise<void>;
}

/** A booted strict ocpp-rpc charger that answers every CSMS call from `answers` (else ACCEPTING). */
export async function station(
  t: { ocppUrl: string }, id: string, answers: Record<string, Answer> = {}, opts: { boot?: boolean; password?: string; selfSignedTls?: boolean } = {},
): Promise<Station> {
  const client = await connectCharger(t, id, opts);
  const table = new Map<string, Answer>(Object.entries({ ...ACCEPTING, ...answers }));
  const received: Received[] = [];
  const taken = new Set<Received>();
  const waiters: { action: string; resolve: (r: Received) => void }[] = [];
  client.handle(async (call) => {
    const method = call.method ?? '';
    const r: Received = { action: method, params: call.params, messageId: call.messageId ?? '' };
    received.push(r);
    const w = waiters.findIndex((x) => x.action === method);
    if (w >= 0) {
      taken.add(r);
      waiters.splice(w, 1)[0]!.resolve(r);
    }
    const a = table.get(method);
    if (a === undefined) throw callError('NotImplemented', `no answer for ${method}`);
    return (typeof a === 'function' ? await a(call.params) : a) as Record<string, unknown>;
  });
  return {
    id, client, received,
    answer(action, answer) {
      table.set(action, answer);
    },
    nextCall(action, timeoutMs = 5000) {
      const ready = received.find((r) => r.action === action && !taken.has(r));
      if (ready) {
        taken.add(ready);
        return Promise.resolve(ready.params);
      }
      return new Promise((resolve, reject) => {
        const waiter = { action, resolve: (r: Received) => { clearTimeout(timer); resolve(r.params); } };
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          reject(new Error(`${id} received no ${action} within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.push(waiter);
      });
    },
    call: (action, payload) => client.call(action, payload) as Promise<any>,
    async close() {
      await client.close({ force: true });
    },
  };
}

/** Sends one operator call through the control API. */
export function op(t: TestApp, chargerId: string, action: string, body: unknown, query = '') {
  return t.api('POST', `/api/chargers/${encodeURIComponent(chargerId)}/calls/${action}${query}`, body);
}

/** Sends an operator call and expects the charger's CALLRESULT; returns it and the payload that went on the wire. */
export async function accepted(t: TestApp, st: Station, action: string, body: Record<string, unknown>, query = ''): Promise<{ result: any; wire: any }> {
  const before = st.received.length;
  const res = await op(t, st.id, action, body, query);
  if (res.status !== 200 || !('callResult' in res.body)) throw new Error(`${action}: ${res.status} ${JSON.stringify(res.body)}`);
  const wire = st.received.slice(before).find((r) => r.action === action);
  if (!wire) throw new Error(`${st.id} never received ${action}`);
  return { result: res.body.callResult, wire: wire.params };
}

/** Reusable state Booted: StatusNotification Available for connectorId 0 and each connector. */
export async function booted(st: Station, connectors = 1): Promise<void> {
  for (let c = 0; c <= connectors; c++) await st.call('StatusNotification', { connectorId: c, status: 'Available', errorCode: 'NoError' });
}

export async function status(st: Station, connectorId: number, s: string, errorCode = 'NoError'): Promise<void> {
  await st.call('StatusNotification', { connectorId, status: s, errorCode });
}

/** Reusable state Charging: Authorize, Preparing, StartTransaction (Accepted), Charging. Returns the transactionId. */
export async function charging(st: Station, idTag: string, connectorId = 1, extra: { reservationId?: number; authorize?: boolean } = {}): Promise<number> {
  if (extra.authorize !== false) {
    const auth = await st.call('Authorize', { idTag });
    if (auth.idTagInfo.status !== 'Accepted') throw new Error(`Authorize ${idTag}: ${auth.idTagInfo.status}`);
  }
  await status(st, connectorId, 'Preparing');
  const start = await st.call('StartTransaction', {
    connectorId, idTag, meterStart: 0, timestamp: now(), ...(extra.reservationId !== undefined ? { reservationId: extra.reservationId } : {}),
  });
  if (start.idTagInfo.status !== 'Accepted') throw new Error(`StartTransaction ${idTag}: ${start.idTagInfo.status}`);
  await status(st, connectorId, 'Charging');
  return start.transactionId as number;
}

/** Ends a transaction the way a charger does: StopTransaction, Finishing, Available. */
export async function stopped(st: Station, transactionId: number, reason: string, connectorId = 1): Promise<void> {
  await st.call('StopTransaction', { transactionId, meterStop: 1000, timestamp: now(), reason });
  await status(st, connectorId, 'Finishing');
  await status(st, connectorId, 'Available');
}

/** The findings recorded for one charger, optionally only one rule. */
export async function findings(t: TestApp, chargerId: string, rule?: string): Promise<any[]> {
  const all = (await t.api('GET', `/api/findings?charger=${encodeURIComponent(chargerId)}`)).body as any[];
  return rule === undefined ? all : all.filter((f) => f.rule === rule);
}

/** The frames of one charger, in seq order. */
export async function frames(t: TestApp, chargerId: string): Promise<any[]> {
  return (await t.api('GET', `/api/frames?charger=${encodeURIComponent(chargerId)}&limit=5000`)).body.frames;
}

export function get(t: TestApp, chargerId: string, what: 'local-list' | 'reservations' | 'charging-profiles' | 'configuration' | 'commands') {
  return t.api('GET', `/api/chargers/${encodeURIComponent(chargerId)}/${what}`).then((r) => {
    if (r.status !== 200) throw new Error(`GET ${what}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  });
}

/**
 * The OCTT's "<Configured Valid IdTag>", one per test: an open transaction holds its idTag (a second one
 * would be ConcurrentTx), and the tests share one CSMS.
 */
export async function validTag(t: TestApp, name: string): Promise<string> {
  const idTag = name.slice(0, 20);
  const res = await t.api('PUT', `/api/idtags/${encodeURIComponent(idTag)}`, { status: 'Accepted' });
  if (res.status !== 200) throw new Error(`PUT idTag ${idTag}: ${res.status}`);
  return idTag;
}
