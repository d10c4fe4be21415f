import { chooseFormat, createReader } from '../../../../../main/logs/import/formats/registry.ts';
import type { ReadContext, ReadItem } from '../../../../../main/logs/import/formats/types.ts';

/** Reads `text` as an import does (head chooses the family, every line in order): the items, the family, the text reader. */
export function readAll(text: string, o: Partial<Omit<ReadContext, 'emit'>> = {}) {
  const lines = text.split('\n');
  const items: ReadItem[] = [];
  const choice = chooseFormat(lines);
  const { reader, text: textReader } = createReader(choice, { emit: (i) => items.push(i), date: null, tzMinutes: null, importedAt: '2026-01-01T00:00:00.000Z', ...o }, lines);
  lines.forEach((l, i) => reader.line(l, i + 1));
  reader.end();
  const frames = items.flatMap((i) => (i.kind === 'frame' ? [{ line: i.line, ...i.frame }] : []));
  const skipped = items.flatMap((i) => (i.kind === 'skip' ? [[i.line, i.reason] as const] : []));
  return { family: choice.format.id, choice, items, frames, skipped, summary: textReader?.summary() ?? null };
}
