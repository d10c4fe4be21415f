import { escapePointer, rewriteJsonStrings } from './json-rewrite.ts';

type Kind = 'idTag' | 'serial' | 'key' | 'password';
const PREFIX: Record<Kind, string> = { idTag: 'ANON-TAG-', serial: 'ANON-SN-', key: 'ANON-KEY-', password: 'ANON-PW-' };

/** Payload keys whose string values are replaced wherever they occur (OCPP 1.6 and the security whitepaper). */
const ID_TAG_KEYS = new Set(['idTag', 'parentIdTag', 'id_tag', 'stop_id_tag', 'parent_id_tag']);
const SERIAL_KEYS = new Set(['chargePointSerialNumber', 'chargeBoxSerialNumber', 'meterSerialNumber', 'serialNumber', 'iccid', 'imsi']);
const PASSWORD_KEY = /password|passwd|secret|^pwd$|^pass$/i;
/** Configuration keys whose values are credentials: AuthorizationKey and vendor keys named like passwords. */
const SECRET_CONFIG_KEY = /^AuthorizationKey$|password|passwd|secret|psk/i;
/** user:password@ in a URL (UpdateFirmware, GetDiagnostics and GetLog locations, our transfer locations). */
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/[^\s/?#@:]*):([^\s/?#@]*)@/gi;

/** Columns of the store whose text is JSON, and columns of free text (messages that may quote an idTag). */
const JSON_COLUMNS = new Set(['payload', 'request', 'response', 'error', 'boot', 'id_tag_info', 'profile', 'statuses', 'issues']);
const TEXT_COLUMNS = new Set(['message', 'reason', 'path', 'location', 'file_name', 'name', 'site', 'notes', 'info']);

export const isSecretConfigKey = (key: unknown): boolean => typeof key === 'string' && SECRET_CONFIG_KEY.test(key);

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Pseudonyms for one exported file: the same input always gets the same pseudonym (whatever field it was found
 * in), numbered in order of first sight. idTags, serial numbers (and identities that contain one), AuthorizationKey
 * values and passwords are replaced where the structure says what they are; free text (finding messages,
 * connection paths, DataTransfer data) gets the known values replaced as whole words. Short or purely numeric
 * values are replaced inside payload strings only where the structure names them, so a meter reading that happens
 * to equal an idTag survives.
 */
export class Anonymizer {
  private readonly byValue = new Map<string, string>();
  private readonly counts: Record<Kind, number> = { idTag: 0, serial: 0, key: 0, password: 0 };
  private textRe: RegExp | null = null;
  private payloadRe: RegExp | null = null;
  private dirty = false;

  get size(): number {
    return this.byValue.size;
  }

  pseudonym(kind: Kind, original: string): string {
    if (original === '') return original;
    let p = this.byValue.get(original);
    if (p === undefined) {
      p = PREFIX[kind] + String(++this.counts[kind]).padStart(5, '0');
      this.byValue.set(original, p);
      this.dirty = true;
    }
    return p;
  }

  /** Free text: credentials in URLs, then every known value that stands as a word. */
  text(s: string, inPayload = false): string {
    let out = s.includes('://') ? s.replace(URL_USERINFO, (_m, head: string, pw: string) => `${head}:${this.pseudonym('password', pw)}@`) : s;
    if (this.byValue.size === 0) return out;
    this.rebuild();
    const re = inPayload ? this.payloadRe : this.textRe;
    if (re) out = out.replace(re, (m) => this.byValue.get(m) ?? m);
    return out;
  }

  /** One string of a JSON document, judged by the key it sits under (and, for configuration, its sibling `key`). */
  private stringAt(s: string, key: string | null, parent: Record<string, unknown> | null): string {
    if (key !== null) {
      if (ID_TAG_KEYS.has(key)) return this.pseudonym('idTag', s);
      if (SERIAL_KEYS.has(key)) return this.pseudonym('serial', s);
      if (key === 'value' && parent && isSecretConfigKey(parent['key'])) {
        return this.pseudonym(parent['key'] === 'AuthorizationKey' ? 'key' : 'password', s);
      }
      if (PASSWORD_KEY.test(key)) return this.pseudonym('password', s);
    }
    return this.text(s, true);
  }

  /** Walks a parsed JSON value; returns the anonymized copy and records the pointers of the strings it changed. */
  walk(v: unknown, changes?: Map<string, string>, pointer = '', key: string | null = null, parent: Record<string, unknown> | null = null): unknown {
    if (typeof v === 'string') {
      const r = this.stringAt(v, key, parent);
      if (r !== v) changes?.set(pointer, r);
      return r;
    }
    if (Array.isArray(v)) return v.map((x, i) => this.walk(x, changes, `${pointer}/${i}`, key, null));
    if (v !== null && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      const copy: Record<string, unknown> = {};
      for (const k of Object.keys(o)) copy[k] = this.walk(o[k], changes, `${pointer}/${escapePointer(k)}`, k, o);
      return copy;
    }
    return v;
  }

  /** A JSON text column: anonymized and re-serialized; text that is not JSON is treated as free text. */
  json(text: string): string {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return this.text(text);
    }
    const changes = new Map<string, string>();
    this.walk(parsed, changes);
    return changes.size === 0 ? text : rewriteJsonStrings(text, changes);
  }

  /** A frame's raw text: only the replaced values change, every other byte stays verbatim. */
  raw(text: string): string {
    return this.json(text);
  }

  /** Anonymizes one row of a store table in place, by column name. */
  row(table: string, row: Record<string, unknown>): void {
    for (const [col, v] of Object.entries(row)) {
      if (col === 'password_hash') {
        row[col] = null;
        continue;
      }
      if (typeof v !== 'string') continue;
      if (col === 'charger_id' || (table === 'chargers' && col === 'id')) row[col] = this.text(v);
      else if (ID_TAG_KEYS.has(col)) row[col] = this.pseudonym('idTag', v);
      else if (col === 'raw') row[col] = this.raw(v);
      else if (table === 'configuration' && col === 'value' && isSecretConfigKey(row['key'])) row[col] = this.pseudonym(row['key'] === 'AuthorizationKey' ? 'key' : 'password', v);
      else if (table === 'transfers' && col === 'secret') row[col] = this.pseudonym('password', v);
      else if (JSON_COLUMNS.has(col)) row[col] = this.json(v);
      else if (TEXT_COLUMNS.has(col)) row[col] = this.text(v);
    }
  }

  private rebuild(): void {
    if (!this.dirty) return;
    this.dirty = false;
    const all = [...this.byValue.keys()].sort((a, b) => b.length - a.length);
    const build = (values: string[]) => (values.length ? new RegExp(`(?<![A-Za-z0-9])(?:${values.map(escapeRe).join('|')})(?![A-Za-z0-9])`, 'g') : null);
    this.textRe = build(all.filter((v) => v.length >= 3));
    this.payloadRe = build(all.filter((v) => v.length >= 6 && !/^\d+$/.test(v)));
  }
}
