import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import type { Settings, UpstreamFallback } from '../../shared/api/types.ts';
import type { UpstreamRecord } from '../store/upstreams.ts';

/** Where one charger's connection is relayed to, resolved when it connects. */
export interface UpstreamTarget {
  /** `<url>/<identity>`. */
  url: string;
  host: string;
  fallback: UpstreamFallback;
  source: 'charger' | 'site';
  password: string | null;
}

/** The subprotocols a relayed charger may speak (the back-end decides among those the charger offers). */
export const RELAYED_PROTOCOLS = ['ocpp1.6', 'ocpp2.0.1'];

/** The charger's own upstream wins over the site default; null when the charger is answered locally. */
export function resolveTarget(id: string, own: UpstreamRecord | undefined, settings: Settings): UpstreamTarget | null {
  const source = own ? 'charger' : settings.upstream ? 'site' : null;
  if (source === null) return null;
  const base = own?.url ?? settings.upstream!.url;
  const url = `${base.replace(/\/+$/, '')}/${encodeURIComponent(id)}`;
  return {
    url, host: hostOf(base), source,
    fallback: own?.fallback ?? settings.upstream?.fallback ?? 'answer',
    password: own ? own.password : settings.upstream?.password ?? null,
  };
}

export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/**
 * The Authorization header towards the back-end: Basic with the configured password (user = the identity), else
 * the charger's own header as it sent it, else none.
 */
export function backendAuthorization(id: string, password: string | null, chargerHeader: string | undefined): string | undefined {
  if (password !== null) return `Basic ${Buffer.from(`${id}:${password}`, 'utf8').toString('base64')}`;
  return chargerHeader;
}

/** TLS trust for a wss:// back-end: the system's CAs (Node's store), plus one extra CA file when set. */
export function trustedCas(caFile: string | null): { ca?: (string | Buffer)[] } {
  if (caFile === null) return {};
  let extra: Buffer;
  try {
    extra = readFileSync(caFile);
  } catch (err) {
    throw new Error(`cannot read the extra CA file ${caFile} (settings upstreamCaFile): ${(err as Error).message}`, { cause: err });
  }
  return { ca: [...rootCertificates, extra] };
}
