/** The charger URL on each network interface of this computer, with the interface's name (issue 13, item 12). */

export interface ChargerEndpoint {
  /** The interface's name as the system gives it: `wlp2s0`, `eth0`, `en0`, `Wi-Fi`, `Ethernet 2`. */
  interface: string;
  /** What kind of link the name suggests, when it does: Wi-Fi, Ethernet, VPN, virtual (containers, VMs). */
  kind: 'Wi-Fi' | 'Ethernet' | 'VPN' | 'virtual' | null;
  address: string;
  /** ws:// (or wss:// on the TLS port) URL ending in `/ocpp/`: the charger's identity is added after it. */
  url: string;
}
