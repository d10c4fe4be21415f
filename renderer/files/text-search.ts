/** Plain-text search over the lines of an opened file: case-insensitive unless asked, no regex surprises. */

export interface Match { line: number; start: number; end: number }

export function splitLines(text: string): string[] {
  const lines = text.split(/\r\n|\n|\r/);
  if (lines.length > 1 && lines.at(-1) === '') lines.pop();
  return lines;
}

/** Every occurrence of `query` in `lines`, in order; at most `limit` (the count says when there were more). */
export function findMatches(lines: readonly string[], query: string, opts: { caseSensitive?: boolean; limit?: number } = {}): { matches: Match[]; more: boolean } {
  const matches: Match[] = [];
  if (!query) return { matches, more: false };
  const limit = opts.limit ?? 10_000;
  const needle = opts.caseSensitive ? query : query.toLowerCase();
  for (let line = 0; line < lines.length; line++) {
    const hay = opts.caseSensitive ? lines[line]! : lines[line]!.toLowerCase();
    let from = 0;
    for (;;) {
      const at = hay.indexOf(needle, from);
      if (at < 0) break;
      if (matches.length >= limit) return { matches, more: true };
      matches.push({ line, start: at, end: at + needle.length });
      from = at + Math.max(1, needle.length);
    }
  }
  return { matches, more: false };
}

/** A line cut into plain and matched parts, for highlighting. */
export function segments(line: string, query: string, caseSensitive = false): { text: string; hit: boolean }[] {
  if (!query) return [{ text: line, hit: false }];
  const hay = caseSensitive ? line : line.toLowerCase();
  const needle = caseSensitive ? query : query.toLowerCase();
  const out: { text: string; hit: boolean }[] = [];
  let from = 0;
  for (;;) {
    const at = hay.indexOf(needle, from);
    if (at < 0) break;
    if (at > from) out.push({ text: line.slice(from, at), hit: false });
    out.push({ text: line.slice(at, at + needle.length), hit: true });
    from = at + needle.length;
  }
  if (from < line.length || out.length === 0) out.push({ text: line.slice(from), hit: false });
  return out;
}
