import { once } from 'node:events';
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { Parser, type ReadEntry } from 'tar';
import type { ReceivedEntry } from '../../../shared/api/types.ts';
import { FileError } from '../errors.ts';
import type { ArchiveLimits, EntryRead, EntrySink } from './limits.ts';

const FILE_TYPES = new Set(['File', 'OldFile', 'ContiguousFile']);
const DIR_TYPES = new Set(['Directory', 'GNUDumpDir']);

/** Why a name would escape the folder it were extracted to (we never extract; the UI flags it). */
export function unsafePathReason(name: string): string | null {
  if (/^([a-zA-Z]:)?[\\/]/.test(name)) return `absolute path: ${JSON.stringify(name)}`;
  if (name.split(/[\\/]/).includes('..')) return `path escapes the folder with "..": ${JSON.stringify(name)}`;
  return null;
}

function toEntry(e: ReadEntry, index: number): ReceivedEntry {
  return {
    index, name: e.path, kind: FILE_TYPES.has(e.type) ? 'file' : DIR_TYPES.has(e.type) ? 'directory' : 'other',
    size: e.size, modifiedAt: e.mtime && !Number.isNaN(e.mtime.getTime()) ? e.mtime.toISOString() : null,
    unsafeName: unsafePathReason(e.path),
  };
}

interface WalkResult { capped: boolean; entries: number }

/**
 * Streams the (optionally gzipped) tar through node-tar's parser, counting decompressed bytes against the
 * scan cap. `visit` sees every entry in order and must consume it (resume or read); `done()` ends the walk.
 */
async function walkTar(path: string, gzipped: boolean, limits: ArchiveLimits,
  visit: (e: ReadEntry, index: number) => void, done: () => boolean): Promise<WalkResult> {
  const parser = new Parser({ strict: false });
  let index = 0;
  let parseError: Error | null = null;
  parser.on('entry', (e: ReadEntry) => {
    if (done()) {
      e.resume();
      return;
    }
    visit(e, index++);
  });
  parser.on('error', (err: Error) => (parseError = err));
  const source = createReadStream(path);
  const gunzip = gzipped ? createGunzip() : null;
  const input: Readable = gunzip ? source.pipe(gunzip) : source;
  if (gunzip) source.on('error', (err) => gunzip.destroy(err));
  let scanned = 0;
  let capped = false;
  try {
    for await (const chunk of input as AsyncIterable<Buffer>) {
      scanned += chunk.length;
      if (scanned > limits.maxScanBytes) {
        capped = true;
        break;
      }
      if (!parser.write(chunk)) await once(parser, 'drain');
      if (done()) return { capped: false, entries: index };
    }
  } catch (err) {
    throw new FileError('UNSUPPORTED', `the ${gzipped ? 'tar.gz' : 'tar'} is damaged (${(err as Error).message}); download it instead`, { cause: err });
  } finally {
    source.destroy();
    gunzip?.destroy();
  }
  if (!capped) {
    const ended = once(parser, 'end');
    parser.end();
    await ended;
  }
  if (parseError) throw new FileError('UNSUPPORTED', `the tar cannot be read (${(parseError as Error).message}); download it instead`, { cause: parseError });
  return { capped, entries: index };
}

export async function listTar(path: string, gzipped: boolean, limits: ArchiveLimits): Promise<{ entries: ReceivedEntry[]; truncated: boolean; note: string | null }> {
  const entries: ReceivedEntry[] = [];
  let more = false;
  const full = () => entries.length >= limits.maxEntries;
  const { capped } = await walkTar(path, gzipped, limits, (e, i) => {
    entries.push(toEntry(e, i));
    e.resume();
  }, () => {
    if (full()) more = true;
    return full();
  });
  const mb = Math.round(limits.maxScanBytes / (1024 * 1024));
  const note = capped ? `listing stopped after ${mb} MB of unpacked data (${entries.length} entries so far)`
    : more ? `the first ${entries.length} entries are listed` : null;
  return { entries, truncated: capped || more, note };
}

/** Streams entry `index` into `sink`. NOT_FOUND past the end, the entry limit or the scan cap. */
export async function readTarEntry(path: string, gzipped: boolean, index: number, limits: ArchiveLimits, sink: EntrySink): Promise<EntryRead> {
  if (index >= limits.maxEntries) throw new FileError('NOT_FOUND', `entry ${index} is past the ${limits.maxEntries} entries ChargeScope opens`);
  let target: { entry: ReceivedEntry; ended: boolean; full: boolean } | null = null;
  const { capped } = await walkTar(path, gzipped, limits, (e, i) => {
    if (i !== index) {
      e.resume();
      return;
    }
    const t = { entry: toEntry(e, i), ended: false, full: false };
    target = t;
    if (t.entry.kind !== 'file') {
      t.ended = true;
      e.resume();
      return;
    }
    e.on('data', (chunk: Buffer) => {
      if (!t.full && !sink.push(chunk)) t.full = true;
    });
    e.on('end', () => (t.ended = true));
  }, () => target !== null && (target.ended || target.full));
  const found = target as { entry: ReceivedEntry; ended: boolean; full: boolean } | null;
  if (!found) {
    throw new FileError('NOT_FOUND', capped ? `entry ${index} lies past the unpacked-size limit ChargeScope reads` : `the tar has no entry ${index}`);
  }
  if (found.entry.kind === 'directory') throw new FileError('UNSUPPORTED', `${found.entry.name} is a folder: open one of the files in it`);
  if (found.entry.kind !== 'file') throw new FileError('UNSUPPORTED', `${found.entry.name} is a link or special file, not text`);
  return { entry: found.entry, complete: found.ended && !found.full };
}
