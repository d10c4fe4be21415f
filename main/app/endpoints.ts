/** The charger URL on each network interface, named (issue 13, item 12). */
import { networkInterfaces } from 'node:os';
import type { ChargerEndpoint } from '../../shared/api/endpoints.ts';

/** A guess from the interface's name: Linux (wlp2s0, enp3s0, eth0, docker0), macOS (en0, utun3), Windows (Wi-Fi, Ethernet 2). */
export function interfaceKind(name: string): ChargerEndpoint['kind'] {
  if (/^(wl|wlan|wifi|wi-fi|wlp|ath|ra\d)|wireless|wi-?fi|wlan/i.test(name)) return 'Wi-Fi';
  if (/^(tun|tap|utun|wg|ppp|ipsec|tailscale|zt)|vpn/i.test(name)) return 'VPN';
  if (/^(docker|br-|veth|virbr|vmnet|vboxnet|lxc|lxd|cni|flannel|podman)|virtual|hyper-v|vethernet|vmware|virtualbox/i.test(name)) return 'virtual';
  if (/^(eth|eno|ens|enp|enx|em\d)|ethernet/i.test(name)) return 'Ethernet';
  return null;
}

/** Every non-internal IPv4 address with its interface; loopback when there is none. */
export function chargerEndpoints(ocppPort: number, ocppsPort: number | null, interfaces = networkInterfaces()): ChargerEndpoint[] {
  const found: { name: string; address: string }[] = [];
  for (const [name, list] of Object.entries(interfaces)) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) found.push({ name, address: a.address });
  }
  if (found.length === 0) found.push({ name: 'lo', address: '127.0.0.1' });
  const out: ChargerEndpoint[] = [];
  for (const { name, address } of found) {
    const kind = address === '127.0.0.1' ? null : interfaceKind(name);
    out.push({ interface: name, kind, address, url: `ws://${address}:${ocppPort}/ocpp/` });
    if (ocppsPort !== null) out.push({ interface: name, kind, address, url: `wss://${address}:${ocppsPort}/ocpp/` });
  }
  return out;
}
