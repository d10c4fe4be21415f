import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import type { EntryText, ReceivedEntry, ReceivedListing } from '../../../shared/api/types.ts';
import { FileError } from '../errors.ts';
import { DEFAULT_LIMITS, drainInto, type ArchiveLimits, type EntryRead, type EntrySink } from './limits.ts';
import { sniffFile } from './sniff.ts';
import { listTar, readTarEntry } from './tar.ts';
import { TextCollector } from './text.ts';
import { listZip, readZipEntry } from './zip.ts';

/** A received file on disk. */
export interface ReceivedFile {
  path: string;
  size: number;
  fileName: string;
  modifiedAt: string | null;
}

const notOpenable = (fileName: string) => new FileError('UNSUPPORTED',
  `${fileName} is neither text nor an archive ChargeScope opens (zip, tar, tar.gz, .gz): download it and open it with the vendor's tool`);

/** The entries of a received file: an archive's members, or the file itself (text, .gz) as entry 0. */
export async function listReceived(file: ReceivedFile, limits: ArchiveLimits = DEFAULT_LIMITS): Promise<Omit<ReceivedListing, 'transferId'>> {
  const { format, innerName } = await sniffFile(file.path, file.fileName);
  const base = { fileName: file.fileName, size: file.size };
  switch (format) {
    case 'zip': return { ...base, format, ...(await listZip(file.path, limits)) };
    case 'tar': return { ...base, format, ...(await listTar(file.path, false, limits)) };
    case 'tar.gz': return { ...base, format, ...(await listTar(file.path, true, limits)) };
    case 'gzip':
    case 'text': {
      const entry: ReceivedEntry = {
        index: 0, name: innerName ?? file.fileName, kind: 'file', size: format === 'text' ? file.size : null,
        modifiedAt: file.modifiedAt, unsafeName: null,
      };
      return { ...base, format, entries: [entry], truncated: false, note: null };
    }
    case null: throw notOpenable(file.fileName);
  }
}

async function readSingle(file: ReceivedFile, gzipped: boolean, name: string, index: number, sink: EntrySink): Promise<EntryRead> {
  if (index !== 0) throw new FileError('NOT_FOUND', `${file.fileName} is one file: its only entry is 0`);
  const source = createReadStream(file.path);
  const gunzip = gzipped ? createGunzip() : null;
  if (gunzip) source.on('error', (err) => gunzip.destroy(err));
  const entry: ReceivedEntry = { index: 0, name, kind: 'file', size: gzipped ? null : file.size, modifiedAt: file.modifiedAt, unsafeName: null };
  try {
    // The sink stops at its limit, so a .gz bomb inflates no further than that.
    return { entry, complete: await drainInto(gunzip ? source.pipe(gunzip) : source, sink) };
  } catch (err) {
    throw new FileError('UNSUPPORTED', `${file.fileName} is damaged (${(err as Error).message}); download it instead`, { cause: err });
  } finally {
    source.destroy();
    gunzip?.destroy();
  }
}

/**
 * Entry `index` of a received file as text, from its start up to `maxBytes`, streamed (nothing is
 * unpacked to disk, nothing read past the limit). UNSUPPORTED when it is not text.
 */
export async function readReceivedText(file: ReceivedFile, index: number, maxBytes: number, limits: ArchiveLimits = DEFAULT_LIMITS): Promise<EntryText> {
  const { format, innerName } = await sniffFile(file.path, file.fileName);
  const collector = new TextCollector(maxBytes);
  let read: EntryRead;
  switch (format) {
    case 'zip': read = await readZipEntry(file.path, index, limits, collector); break;
    case 'tar': read = await readTarEntry(file.path, false, index, limits, collector); break;
    case 'tar.gz': read = await readTarEntry(file.path, true, index, limits, collector); break;
    case 'gzip': read = await readSingle(file, true, innerName ?? file.fileName, index, collector); break;
    case 'text': read = await readSingle(file, false, file.fileName, index, collector); break;
    case null: throw notOpenable(file.fileName);
  }
  const text = collector.finish(read.complete);
  if (!text) {
    throw new FileError('UNSUPPORTED', `${read.entry.name} is binary, not text: download ${file.fileName} and open it with the vendor's tool`);
  }
  return { index, name: read.entry.name, ...text };
}
