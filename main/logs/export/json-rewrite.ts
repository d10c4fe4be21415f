/**
 * Rewrites chosen string values of a JSON text in place: every byte outside those strings stays as it was
 * (whitespace, key order, number spelling), so an anonymized `raw` is still the charger's frame but for the
 * replaced values. Values are addressed by JSON pointer (RFC 6901). The text must be valid JSON.
 */
export function rewriteJsonStrings(text: string, replacements: ReadonlyMap<string, string>): string {
  if (replacements.size === 0) return text;
  interface Level { obj: boolean; key: string; index: number; expectKey: boolean }
  const stack: Level[] = [];
  let out = '';
  let copied = 0;
  let i = 0;
  const n = text.length;
  const pointer = (): string => stack.map((l) => '/' + (l.obj ? escapePointer(l.key) : String(l.index))).join('');
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      let j = i + 1;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (d === 0x5c /* \ */) j += 2;
        else if (d === 0x22) break;
        else j++;
      }
      const top = stack[stack.length - 1];
      if (top?.obj && top.expectKey) {
        top.key = JSON.parse(text.slice(i, j + 1)) as string;
      } else {
        const r = replacements.get(pointer());
        if (r !== undefined) {
          out += text.slice(copied, i) + JSON.stringify(r);
          copied = j + 1;
        }
      }
      i = j + 1;
      continue;
    }
    if (c === 0x7b /* { */) stack.push({ obj: true, key: '', index: 0, expectKey: true });
    else if (c === 0x5b /* [ */) stack.push({ obj: false, key: '', index: 0, expectKey: false });
    else if (c === 0x7d /* } */ || c === 0x5d /* ] */) stack.pop();
    else if (c === 0x3a /* : */) stack[stack.length - 1]!.expectKey = false;
    else if (c === 0x2c /* , */) {
      const top = stack[stack.length - 1]!;
      if (top.obj) top.expectKey = true;
      else top.index++;
    }
    i++;
  }
  return out + text.slice(copied);
}

export function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}
