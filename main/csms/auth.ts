import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Basic Auth passwords (OCPP 1.6 security whitepaper, security profile 1/2). The AuthorizationKey is
 * usually given as a hex string; chargers present either that text or its decoded bytes as the password,
 * so both digests are kept: `salt:digest-of-text:digest-of-decoded-bytes`.
 */
export function hashAuthorizationKey(key: string): string {
  const salt = randomBytes(16).toString('hex');
  const text = digest(salt, Buffer.from(key, 'utf8'));
  const decoded = /^(?:[0-9a-fA-F]{2})+$/.test(key) ? digest(salt, Buffer.from(key, 'hex')) : '';
  return `${salt}:${text}:${decoded}`;
}

/** The security whitepaper's password length (§3.1.3 of the 1.6 edition 2): 16 to 40 characters. */
export const PASSWORD_MIN = 16;
export const PASSWORD_MAX = 40;

/**
 * Why an AuthorizationKey cannot be a charger's password, or null: 16 to 40 characters, or 16 to 40 bytes written
 * as hex (32 to 80 hex digits, the form ChangeConfiguration AuthorizationKey often takes).
 */
export function authorizationKeyProblem(key: string): string | null {
  if (key.length >= PASSWORD_MIN && key.length <= PASSWORD_MAX) return null;
  if (/^(?:[0-9a-fA-F]{2}){16,40}$/.test(key)) return null;
  return `the password (AuthorizationKey) is ${key.length} characters; the OCPP 1.6 security whitepaper asks ${PASSWORD_MIN} to ${PASSWORD_MAX} characters (or ${PASSWORD_MIN} to ${PASSWORD_MAX} bytes as ${PASSWORD_MIN * 2} to ${PASSWORD_MAX * 2} hex digits)`;
}

function digest(salt: string, bytes: Buffer): string {
  return createHash('sha256').update(salt).update(bytes).digest('hex');
}

export function checkPassword(stored: string, presented: Buffer): boolean {
  const [salt, text, decoded] = stored.split(':');
  if (!salt || !text) return false;
  const got = Buffer.from(digest(salt, presented), 'hex');
  const match = (want: string | undefined) => !!want && want.length === 64 && timingSafeEqual(Buffer.from(want, 'hex'), got);
  return match(text) || match(decoded);
}

/** Parses `Authorization: Basic base64(user:password)`; the password as raw bytes. */
export function parseBasicAuth(header: string | undefined): { user: string; password: Buffer } | null {
  if (!header) return null;
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (!m) return null;
  const bytes = Buffer.from(m[1]!, 'base64');
  const colon = bytes.indexOf(0x3a);
  if (colon < 0) return null;
  return { user: bytes.subarray(0, colon).toString('utf8'), password: bytes.subarray(colon + 1) };
}
