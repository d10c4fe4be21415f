import { readFileSync } from 'node:fs';
import type { Settings, UpstreamConfig } from '../../shared/api/types.ts';
import { checkBody } from '../api/body-schemas.ts';
import { badRequest, notFound } from '../api/errors.ts';
import type { RouteTable } from '../api/routes.ts';

/** Control API of proxy mode: a charger's own back-end, from its next connection. */
export const proxyRoutes: Pick<RouteTable, 'PUT /api/chargers/:id/upstream' | 'DELETE /api/chargers/:id/upstream'> = {
  'PUT /api/chargers/:id/upstream': (r, s) => {
    const id = r.params['id']!;
    const body = checkBody<UpstreamConfig>('upstreamPut', r.body);
    checkUpstreamUrl(body.url);
    // No password: the one already set is kept (the UI never sees it to send it back); null clears it.
    const password = body.password === undefined ? s.store.upstreams.get(id)?.password ?? null : body.password;
    // A charger never seen may be given its back-end before it first connects.
    s.store.upstreams.set(id, { ...body, password }, s.clock().toISOString());
    s.csms.publishCharger(id);
    return s.csms.proxy.view(id, s.csms.links.get(id));
  },
  'DELETE /api/chargers/:id/upstream': (r, s) => {
    const id = r.params['id']!;
    if (!s.store.upstreams.delete(id)) throw notFound(`${id} has no upstream of its own (a site default is changed in settings)`);
    s.csms.publishCharger(id);
    return s.csms.proxy.view(id, s.csms.links.get(id));
  },
};

/** A back-end URL: ws:// or wss://, a host, no credentials in it (they go in `password`). */
export function checkUpstreamUrl(url: string): void {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw badRequest(`upstream url ${JSON.stringify(url)} is not a URL: give ws://host[:port]/path or wss://...`);
  }
  if (u.protocol !== 'ws:' && u.protocol !== 'wss:') throw badRequest('the upstream url must start with ws:// or wss://');
  if (u.username || u.password) throw badRequest('put no credentials in the upstream url: give the Basic Auth password as `password`');
  if (u.search || u.hash) throw badRequest('the upstream url takes no query or fragment: the charger identity is appended to its path');
}

/**
 * The proxy parts of a settings patch, checked and completed: a site back-end without `password` keeps the one
 * already set (null clears it).
 */
export function proxySettingsPatch(patch: Partial<Settings>, current: Settings): Partial<Settings> {
  checkProxySettings(patch);
  const up = patch.upstream;
  if (!up) return patch;
  const password = up.password === undefined ? current.upstream?.password ?? null : up.password;
  const { password: _given, ...rest } = up;
  return { ...patch, upstream: password === null ? rest : { ...rest, password } };
}

/** The proxy parts of a settings patch: a back-end URL as above, an extra CA file that can be read and holds a PEM certificate. */
export function checkProxySettings(patch: Partial<Settings>): void {
  if (patch.upstream) checkUpstreamUrl(patch.upstream.url);
  if (patch.upstreamCaFile) {
    let text: string;
    try {
      text = readFileSync(patch.upstreamCaFile, 'utf8').slice(0, 1_000_000);
    } catch (err) {
      throw badRequest(`cannot read the CA file ${patch.upstreamCaFile}: ${(err as Error).message}`);
    }
    if (!text.includes('-----BEGIN CERTIFICATE-----')) throw badRequest(`${patch.upstreamCaFile} holds no PEM certificate (-----BEGIN CERTIFICATE-----)`);
  }
}
