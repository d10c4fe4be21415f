import { randomBytes } from 'node:crypto';
import { formatHostPort, type HostPort } from './names.ts';

/** 128 random bits, hex: the path secret of an HTTP transfer. */
export function newHttpSecret(): string {
  return randomBytes(16).toString('hex');
}

/** Per-transfer FTP credentials: hex only, as some charger FTP clients mangle anything else in a URL. */
export function newFtpCredentials(): { user: string; password: string } {
  return { user: `cs${randomBytes(5).toString('hex')}`, password: randomBytes(12).toString('hex') };
}

export function firmwareHttpLocation(host: HostPort, secret: string, name: string): string {
  return `http://${formatHostPort(host.hostname, host.port)}/files/fw/${secret}/${encodeURIComponent(name)}`;
}

export function diagnosticsHttpLocation(host: HostPort, secret: string): string {
  return `http://${formatHostPort(host.hostname, host.port)}/files/diag/${secret}/`;
}

/** `ftp://user:password@host:port/<name>`, or the folder `.../` when no name is given. */
export function ftpLocation(hostname: string, port: number, user: string, password: string, name?: string): string {
  return `ftp://${user}:${password}@${formatHostPort(hostname, port)}/${name === undefined ? '' : encodeURIComponent(name)}`;
}
