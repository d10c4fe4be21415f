import { FileError } from './errors.ts';

const CONTROL = /[\u0000-\u001f\u007f]/;
const MAX_NAME = 200;

/** True for a name that is one plain path segment: no separators, no control characters, not `.`/`..`. */
export function isPlainName(name: string): boolean {
  return (
    name.length > 0 &&
    name.length <= MAX_NAME &&
    !name.includes('/') &&
    !name.includes('\\') &&
    !CONTROL.test(name) &&
    name !== '.' &&
    name !== '..'
  );
}

/** A firmware name as the engineer gave it; it ends up in URLs and FTP paths, never on disk. */
export function checkFirmwareName(name: string): string {
  const trimmed = name.trim();
  if (!isPlainName(trimmed)) {
    throw new FileError(
      'BAD_NAME',
      `firmware name ${JSON.stringify(name)} is not a plain file name: use 1-${MAX_NAME} characters without / \\ or control characters`,
    );
  }
  return trimmed;
}

const WINDOWS_RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i;

/**
 * A file name a charger sent (URL segment, multipart filename, Content-Disposition, FTP path) made safe to
 * store on any platform: the last path component only, with characters Windows refuses replaced.
 * Returns `fallback` when nothing usable is left.
 */
export function safeUploadName(raw: string | null | undefined, fallback: string): string {
  if (!raw) return fallback;
  const last = raw.split(/[\\/]/).pop() ?? '';
  let name = last
    .replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '_')
    .trim()
    .replace(/[. ]+$/, '');
  if (name.length > MAX_NAME) name = name.slice(name.length - MAX_NAME);
  if (name === '' || name === '.' || name === '..' || WINDOWS_RESERVED.test(name)) return fallback;
  return name;
}

/**
 * Splits a URL path into decoded segments, or returns null when a segment is malformed (bad percent
 * encoding) or would escape (`.`, `..`, or a separator or NUL hidden in an encoded segment).
 */
export function decodeSegments(pathname: string): string[] | null {
  const parts = pathname.split('/');
  const out: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const raw = parts[i]!;
    let seg: string;
    try {
      seg = decodeURIComponent(raw);
    } catch {
      return null;
    }
    if (seg === '.' || seg === '..' || seg.includes('/') || seg.includes('\\') || seg.includes('\0')) return null;
    out.push(seg);
  }
  return out;
}

export interface HostPort {
  /** As it goes in a URL: IPv6 in brackets. */
  hostname: string;
  /** Null when the host named no port. */
  port: number | null;
}

const BRACKETED = /^\[([0-9a-f:.]+)(%[\w.-]+)?\](?::(\d{1,5}))?$/i;
const PLAIN = /^([a-z0-9.-]+)(?::(\d{1,5}))?$/i;

/** Parses `192.168.1.20:8887` or `[fe80::1]:8887` (the local address at which a charger reached us). */
export function parseHostPort(host: string): HostPort {
  const v6 = BRACKETED.exec(host);
  const v4 = v6 ? null : PLAIN.exec(host);
  const portText = v6 ? v6[3] : v4?.[2];
  const port = portText === undefined ? null : Number(portText);
  if ((!v6 && !v4) || (port !== null && (port < 1 || port > 65535))) {
    throw new FileError('BAD_HOST', `host ${JSON.stringify(host)} is not address:port (e.g. 192.168.1.20:8887 or [fe80::1]:8887)`);
  }
  const hostname = v6 ? `[${v6[1]!.toLowerCase()}${v6[2] ? v6[2].replace('%', '%25') : ''}]` : v4![1]!.toLowerCase();
  return { hostname, port };
}

/** host:port for a URL: `192.168.1.20:8887`, `[fe80::1]:2121`. */
export function formatHostPort(hostname: string, port: number | null): string {
  return port === null ? hostname : `${hostname}:${port}`;
}

/** `::ffff:10.0.0.5` → `10.0.0.5`; other addresses unchanged. */
export function unmapIPv4(address: string): string {
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}
