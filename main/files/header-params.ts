/**
 * Parses a header value of the form `type; a=b; c="d \"e\""; f*=UTF-8''%E2%82%AC` into its first token
 * (lower-cased) and its parameters (names lower-cased; RFC 8187 `name*` values decoded and preferred).
 * `backslashEscapes: false` reads quoted strings as browsers write multipart filenames (a Windows path
 * `"C:\logs\a.gz"` keeps its backslashes; browsers percent-encode `"` instead).
 */
export function parseHeaderParams(value: string, { backslashEscapes = true } = {}): { type: string; params: Map<string, string> } {
  const params = new Map<string, string>();
  const semi = value.indexOf(';');
  const type = (semi === -1 ? value : value.slice(0, semi)).trim().toLowerCase();
  let i = semi === -1 ? value.length : semi + 1;
  const extended = new Map<string, string>();
  while (i < value.length) {
    while (i < value.length && (value[i] === ' ' || value[i] === '\t' || value[i] === ';')) i++;
    const eq = value.indexOf('=', i);
    if (eq === -1) break;
    const name = value.slice(i, eq).trim().toLowerCase();
    i = eq + 1;
    let v = '';
    if (value[i] === '"') {
      i++;
      while (i < value.length && value[i] !== '"') {
        if (backslashEscapes && value[i] === '\\' && i + 1 < value.length) i++;
        v += value[i];
        i++;
      }
      i++;
      const next = value.indexOf(';', i);
      i = next === -1 ? value.length : next + 1;
    } else {
      const next = value.indexOf(';', i);
      v = (next === -1 ? value.slice(i) : value.slice(i, next)).trim();
      i = next === -1 ? value.length : next + 1;
    }
    if (name.endsWith('*')) {
      const decoded = decodeExtValue(v);
      if (decoded !== null) extended.set(name.slice(0, -1), decoded);
    } else if (name !== '') {
      params.set(name, v);
    }
  }
  for (const [k, v] of extended) params.set(k, v);
  return { type, params };
}

/** RFC 8187 `charset'lang'pct-encoded`; null when undecodable. */
function decodeExtValue(v: string): string | null {
  const m = /^([^']*)'[^']*'(.*)$/.exec(v);
  if (!m) return null;
  const charset = m[1]!.toLowerCase();
  const text = m[2]!;
  try {
    if (charset === 'utf-8' || charset === '') return decodeURIComponent(text);
    if (charset === 'iso-8859-1') return unescape(text);
  } catch {
    return null;
  }
  return null;
}
