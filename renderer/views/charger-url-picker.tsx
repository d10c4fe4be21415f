/**
 * The charger URL to type into a charger (item 12): the address on one network interface, named (Wi-Fi, Ethernet),
 * plus an identity the engineer types or picks from the known chargers; Copy copies the whole URL.
 */
import { useState } from 'react';
import type { ChargerEndpoint } from '../../shared/api/endpoints.ts';
import { CopyButton } from '../components/common.tsx';

export function endpointLabel(e: ChargerEndpoint): string {
  const tls = e.url.startsWith('wss:') ? ' · TLS' : '';
  return e.kind && e.kind !== null ? `${e.kind} (${e.interface})${tls}` : `${e.interface}${tls}`;
}

/** The full URL: the interface's base URL and the identity, URL-encoded as the last path segment. */
export function chargerUrl(base: string, identity: string): string {
  const id = identity.trim();
  return id ? `${base}${encodeURIComponent(id)}` : base;
}

export function ChargerUrlPicker({ endpoints, urls, knownIds }: { endpoints: ChargerEndpoint[] | undefined; urls: string[]; knownIds: string[] }) {
  // Servers without the named list (older builds) still have the plain URLs.
  const list: ChargerEndpoint[] = endpoints?.length ? endpoints : urls.map((url) => ({ interface: new URL(url).hostname, kind: null, address: new URL(url).hostname, url }));
  const [picked, setPicked] = useState(0);
  const [identity, setIdentity] = useState('');
  const endpoint = list[Math.min(picked, list.length - 1)];
  if (!endpoint) return <span className="muted">loading…</span>;
  const full = chargerUrl(endpoint.url, identity);
  return (
    <div className="url-picker">
      <div className="url-row">
        <code className="url" data-testid="charger-url" title={full}>{endpoint.url}</code>
        <span className="url-entry">
          <input
            className="url-identity mono" value={identity} onChange={(e) => setIdentity(e.target.value)} placeholder="CP-0042"
            aria-label="charger identity (last part of the URL)" list="known-charger-ids" spellCheck={false} data-testid="url-identity"
          />
          <datalist id="known-charger-ids">{knownIds.slice(0, 200).map((id) => <option key={id} value={id} />)}</datalist>
          <CopyButton text={full} label={identity.trim() ? 'Copy URL' : 'Copy'} />
        </span>
      </div>
      <div className="hint">
        {list.length > 1 ? (
          <select className="url-iface" value={picked} onChange={(e) => setPicked(Number(e.target.value))} aria-label="network interface" data-testid="url-interface">
            {list.map((e, i) => <option key={e.url} value={i}>{endpointLabel(e)} — {e.address}</option>)}
          </select>
        ) : <span data-testid="url-interface">{endpointLabel(endpoint)}</span>}
        {' '}· into the charger’s Central System URL; the identity is its last part
      </div>
    </div>
  );
}
