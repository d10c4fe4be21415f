import type { CommissioningRouteKey, Output, RouteKey, ServerInfo, SessionLogRouteKey } from '../../shared/api/routes.ts';
import type { IdTag, Settings } from '../../shared/api/types.ts';
import type { ServerResponse } from 'node:http';
import { isCsmsAction } from '../../shared/ocpp/actions.ts';
import { ruleList } from '../../shared/rules/catalogue.ts';
import { authorizationKeyProblem, hashAuthorizationKey } from '../csms/auth.ts';
import type { Csms } from '../csms/csms.ts';
import { CallFailure } from '../csms/link.ts';
import { MAX_FRAME_PAGE } from '../store/frames.ts';
import type { Store } from '../store/store.ts';
import { checkBody } from './body-schemas.ts';
import { proxySettingsPatch } from '../proxy/routes.ts';
import { settingsView } from '../../shared/api/settings-view.ts';
import { ApiError, badRequest, notFound } from './errors.ts';
import { optInt } from './params.ts';

export interface ApiServices {
  store: Store;
  csms: Csms;
  version: string;
  clock(): Date;
  info(): ServerInfo;
}

/** What a handler gets of a request: path parameters, query and body (a route's input types are in shared/api/routes.ts). */
export interface RouteRequest {
  params: Record<string, string>;
  query: Record<string, string | undefined>;
  body: unknown;
}

/** A handler returns its output; one that streams (file downloads) writes to `res` itself and returns undefined. */
export type RouteHandler<K extends RouteKey> = (req: RouteRequest, s: ApiServices, res: ServerResponse) => Output<K> | Promise<Output<K>>;
export type RouteTable = { [K in RouteKey]: RouteHandler<K> };

export function sessionOf(q: Record<string, string | undefined>, s: ApiServices): number {
  const id = optInt(q, 'session', { min: 1 });
  if (id === undefined) return s.store.sessions.liveId;
  if (!s.store.sessions.get(id)) throw notFound(`session ${id} does not exist (GET /api/sessions lists them)`);
  return id;
}

export function knownCharger(s: ApiServices, id: string): string {
  if (!s.store.chargers.get(id)) throw notFound(`charger ${JSON.stringify(id)} is unknown: it has never connected to this ChargeScope`);
  return id;
}

/** Maps a failed operator call to the API's answer. */
export function callFailureToApi(err: unknown): never {
  if (err instanceof CallFailure) {
    throw new ApiError(err.code === 'TIMEOUT' ? 'TIMEOUT' : err.code === 'NOT_CONNECTED' ? 'CONFLICT' : 'BAD_REQUEST', err.message);
  }
  throw err;
}

export const coreRoutes: Omit<RouteTable,
  'GET /api/chargers/:id/composite-schedule' | 'GET /api/chargers/:id/composite-timeline' | 'GET /api/firmware' | 'POST /api/firmware' | 'DELETE /api/firmware/:id' |
  'POST /api/chargers/:id/firmware-update' | 'POST /api/chargers/:id/diagnostics' | 'GET /api/transfers' | 'GET /api/transfers/:id/content' |
  'GET /api/transfers/:id/entries' | 'GET /api/transfers/:id/entries/:index/text' |
  'PUT /api/chargers/:id/upstream' | 'DELETE /api/chargers/:id/upstream' |
  SessionLogRouteKey | CommissioningRouteKey |
  'GET /api/readings'
> = {
  'GET /api/health': (_r, s) => ({ ok: true, version: s.version }),
  'GET /api/info': (_r, s) => s.info(),
  'GET /api/chargers': (_r, s) => s.csms.chargers(),
  'GET /api/chargers/:id': (r, s) => s.csms.chargerView(knownCharger(s, r.params['id']!))!,
  'DELETE /api/chargers/:id': (r, s) => {
    const id = knownCharger(s, r.params['id']!);
    if (s.csms.links.has(id)) throw new ApiError('CONFLICT', `${id} is connected; it can be forgotten only while disconnected`);
    s.store.chargers.delete(id);
    return { deleted: true };
  },
  'PUT /api/chargers/:id/auth': (r, s) => {
    const { password } = checkBody<{ password: string }>('authPut', r.body);
    const problem = authorizationKeyProblem(password);
    if (problem) throw badRequest(problem);
    s.store.chargers.setPasswordHash(r.params['id']!, hashAuthorizationKey(password), s.clock().toISOString());
    return { ok: true };
  },
  'DELETE /api/chargers/:id/auth': (r, s) => {
    // Forgets the password and the security profile: the charger may connect as it did before either was set.
    const id = knownCharger(s, r.params['id']!);
    const at = s.clock().toISOString();
    s.store.chargers.setPasswordHash(id, null, at);
    s.store.chargers.setSecurityProfile(id, null, at);
    s.csms.publishCharger(id);
    return { ok: true };
  },
  'POST /api/chargers/:id/accept': (r, s) => {
    const id = knownCharger(s, r.params['id']!);
    s.store.chargers.allow(id);
    s.csms.publishCharger(id);
    return s.csms.chargerView(id)!;
  },
  'POST /api/chargers/:id/calls/:action': async (r, s) => {
    const action = r.params['action']!;
    if (!isCsmsAction(action)) {
      throw badRequest(`${action} is not a CSMS-initiated OCPP 1.6 action (check the spelling; names are case-sensitive)`);
    }
    const id = knownCharger(s, r.params['id']!);
    const check = s.csms.env.validator.validate(action, 'Request', r.body);
    if (!check.valid) {
      throw badRequest(`the ${action} request breaks its schema: ${check.issues.map((i) => `${i.path} ${i.message}`).join('; ')}`, { issues: check.issues });
    }
    const timeoutMs = optInt(r.query, 'timeoutMs', { min: 1, max: 3_600_000 });
    return s.csms.call(id, action, r.body as Record<string, unknown>, timeoutMs).catch(callFailureToApi);
  },
  'GET /api/chargers/:id/commands': (r, s) => s.store.commands.list(sessionOf(r.query, s), knownCharger(s, r.params['id']!)),
  'GET /api/chargers/:id/local-list': (r, s) => s.store.localList.get(knownCharger(s, r.params['id']!)),
  'GET /api/chargers/:id/reservations': (r, s) => {
    const id = knownCharger(s, r.params['id']!);
    s.store.reservations.expire(s.clock().toISOString());
    return s.store.reservations.list(id);
  },
  'GET /api/chargers/:id/charging-profiles': (r, s) => s.store.chargingProfiles.list(knownCharger(s, r.params['id']!)),
  'GET /api/chargers/:id/configuration': (r, s) => s.store.configuration.list(knownCharger(s, r.params['id']!)),
  'GET /api/frames': (r, s) => {
    const after = optInt(r.query, 'after', { min: 0 }) ?? 0;
    const before = optInt(r.query, 'before', { min: 1 });
    const limit = optInt(r.query, 'limit', { min: 1, max: MAX_FRAME_PAGE }) ?? 500;
    const chargerId = r.query['charger'];
    const frames = s.store.frames.list({
      sessionId: sessionOf(r.query, s), after, limit, ...(before !== undefined ? { before } : {}), ...(chargerId ? { chargerId } : {}),
    });
    return { frames, next: frames.length ? frames[frames.length - 1]!.seq : after };
  },
  'GET /api/transactions': (r, s) => s.store.transactions.list(sessionOf(r.query, s), r.query['charger'] || undefined),
  'GET /api/meter-values': (r, s) => {
    const transactionId = optInt(r.query, 'transaction');
    const chargerId = r.query['charger'] || undefined;
    return s.store.transactions.samples({ sessionId: sessionOf(r.query, s), ...(chargerId ? { chargerId } : {}), ...(transactionId !== undefined ? { transactionId } : {}) });
  },
  'GET /api/findings': (r, s) => s.store.findings.list(sessionOf(r.query, s), r.query['charger'] || undefined),
  'GET /api/rules': () => ruleList(),
  'GET /api/connections': (r, s) => s.store.connections.list(sessionOf(r.query, s), r.query['charger'] || undefined),
  'GET /api/reservations': (_r, s) => {
    s.store.reservations.expire(s.clock().toISOString());
    return s.store.reservations.list();
  },
  'GET /api/idtags': (_r, s) => s.store.idTags.list(),
  'PUT /api/idtags/:idTag': (r, s) => {
    const idTag = r.params['idTag']!;
    if (idTag.length < 1 || idTag.length > 20) throw badRequest('an idTag is 1 to 20 characters (OCPP 1.6 IdToken = CiString20Type)');
    const b = checkBody<{ status: IdTag['status']; expiryDate?: string | null; parentIdTag?: string | null }>('idTagPut', r.body);
    return s.store.idTags.put({ idTag, status: b.status, expiryDate: b.expiryDate ?? null, parentIdTag: b.parentIdTag ?? null, updatedAt: s.clock().toISOString() });
  },
  'DELETE /api/idtags/:idTag': (r, s) => {
    if (!s.store.idTags.delete(r.params['idTag']!)) throw notFound(`idTag ${r.params['idTag']} is not in the list`);
    return { deleted: true };
  },
  'GET /api/settings': (_r, s) => settingsView(s.store.settings.get()),
  'PATCH /api/settings': (r, s) => {
    const patch = proxySettingsPatch(checkBody<Partial<Settings>>('settingsPatch', r.body), s.store.settings.get());
    const settings = settingsView(s.store.settings.patch(patch));
    s.csms.env.publish({ type: 'settings', settings });
    return settings;
  },
  'GET /api/sessions': (_r, s) => s.store.sessions.list(),
  'POST /api/sessions': (r, s) => {
    const b = checkBody<{ name: string; site?: string; notes?: string }>('sessionPost', r.body);
    s.csms.endLiveSession(s.clock().toISOString());
    const session = s.store.sessions.startNew(b.name, b.site ?? null, b.notes ?? null, s.clock().toISOString());
    s.csms.env.publish({ type: 'session', session });
    return session;
  },
};
