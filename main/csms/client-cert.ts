import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';

/**
 * Security profile 3 (OCPP 1.6 security whitepaper §2.3): a charger authenticates with a client certificate that
 * chains to the CA given with --tls-ca. The TLS server asks for one without failing the handshake (profile-2
 * chargers on the same port have none); this decides at the upgrade, where the reason can be recorded.
 */
export type CertCheck = { refuse: string } | { findings: string[] };

/**
 * `serials`: the serial numbers the charger booted with (chargePointSerialNumber, chargeBoxSerialNumber), empty
 * when it never booted. A00.FR.405: the certificate's subject CN holds the charger's serial number; with no serial
 * known yet, the identity stands in for it.
 */
export function checkClientCertificate(req: IncomingMessage, o: { identity: string; serials: string[]; caConfigured: boolean; strict: boolean }): CertCheck {
  const socket = req.socket as Partial<TLSSocket>;
  if (typeof socket.getPeerCertificate !== 'function') return { refuse: 'security profile 3 needs TLS: connect over wss:// with a client certificate' };
  if (!o.caConfigured) {
    return { refuse: 'security profile 3 needs a client certificate checked against the CA of charger certificates: start ChargeScope with --tls-ca FILE' };
  }
  const cert = socket.getPeerCertificate();
  if (!cert || Object.keys(cert).length === 0) return { refuse: 'security profile 3: the charger presented no client certificate (it must present one signed by the --tls-ca CA)' };
  if (socket.authorized !== true) {
    const why = socket.authorizationError instanceof Error ? socket.authorizationError.message : String(socket.authorizationError ?? 'not trusted');
    return { refuse: `security profile 3: the client certificate (subject CN ${JSON.stringify(cnOf(cert.subject))}) does not chain to the --tls-ca CA: ${why}` };
  }
  const cn = cnOf(cert.subject);
  const expected = o.serials.length > 0 ? o.serials : [o.identity];
  if (cn !== null && expected.includes(cn)) return { findings: [] };
  const what = o.serials.length > 0 ? `the serial number it booted with (${o.serials.join(', ')})` : `its identity ${o.identity} (no serial number known yet)`;
  const message = `client certificate subject CN ${JSON.stringify(cn)} is not ${what}; the security whitepaper (A00.FR.405) puts the charger's serial number in the CN`;
  return o.strict ? { refuse: `${message} (strict mode refuses it)` } : { findings: [message] };
}

function cnOf(subject: unknown): string | null {
  const cn = (subject as Record<string, string | string[] | undefined> | undefined)?.['CN'];
  return Array.isArray(cn) ? cn[0] ?? null : cn ?? null;
}
