import type { Readable } from 'node:stream';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import type { ReceivedEntry } from '../../../shared/api/types.ts';
import { FileError } from '../errors.ts';
import { drainInto, type ArchiveLimits, type EntryRead, type EntrySink } from './limits.ts';

const unsupported = (message: string, cause?: unknown) => new FileError('UNSUPPORTED', message, cause === undefined ? {} : { cause });

/**
 * Opens the zip with names left undecoded: yauzl would refuse the whole archive for one `../` name, and we
 * never extract, so such names are listed and flagged instead.
 */
async function openZip(path: string): Promise<ZipFile> {
  try {
    return await yauzl.openPromise(path, { lazyEntries: true, decodeStrings: false, validateEntrySizes: true, autoClose: false });
  } catch (err) {
    throw unsupported(`the zip cannot be read (${(err as Error).message}); download it and open it with an archive tool`, err);
  }
}

function entryName(e: Entry): string {
  return yauzl.getFileNameLowLevel(e.generalPurposeBitFlag, e.fileNameRaw, e.extraFields, false);
}

function toEntry(e: Entry, index: number): ReceivedEntry {
  const name = entryName(e);
  const directory = name.endsWith('/');
  let modifiedAt: string | null = null;
  try {
    modifiedAt = e.getLastModDate().toISOString();
  } catch {
    modifiedAt = null; // a DOS date out of range: show none rather than a wrong one
  }
  return {
    index, name, kind: directory ? 'directory' : 'file', size: e.uncompressedSize, modifiedAt,
    unsafeName: yauzl.validateFileName(name),
  };
}

/** Walks entries in central-directory order; `visit` returns true to stop. */
async function walk(zip: ZipFile, visit: (e: Entry, index: number) => boolean | Promise<boolean>): Promise<void> {
  let index = 0;
  await new Promise<void>((resolve, reject) => {
    zip.on('error', (err: Error) => reject(unsupported(`the zip is damaged (${err.message}); download it instead`, err)));
    zip.on('end', () => resolve());
    zip.on('entry', (e: Entry) => {
      Promise.resolve(visit(e, index++)).then((stop) => (stop ? resolve() : zip.readEntry()), reject);
    });
    zip.readEntry();
  });
}

export async function listZip(path: string, limits: ArchiveLimits): Promise<{ entries: ReceivedEntry[]; truncated: boolean; note: string | null }> {
  const zip = await openZip(path);
  try {
    const entries: ReceivedEntry[] = [];
    await walk(zip, (e, i) => {
      entries.push(toEntry(e, i));
      return entries.length >= limits.maxEntries;
    });
    const truncated = zip.entryCount > entries.length;
    return { entries, truncated, note: truncated ? `the zip holds ${zip.entryCount} entries; the first ${entries.length} are listed` : null };
  } finally {
    zip.close();
  }
}

/** Streams entry `index` into `sink` until it is full. NOT_FOUND past the end or the entry limit. */
export async function readZipEntry(path: string, index: number, limits: ArchiveLimits, sink: EntrySink): Promise<EntryRead> {
  if (index >= limits.maxEntries) throw new FileError('NOT_FOUND', `entry ${index} is past the ${limits.maxEntries} entries ChargeScope opens`);
  const zip = await openZip(path);
  try {
    let found: Entry | null = null;
    await walk(zip, (e, i) => {
      if (i === index) found = e;
      return found !== null;
    });
    const entry = found as Entry | null;
    if (!entry) throw new FileError('NOT_FOUND', `the zip has no entry ${index}`);
    const meta = toEntry(entry, index);
    if (meta.kind === 'directory') throw unsupported(`${meta.name} is a folder: open one of the files in it`);
    if (entry.isEncrypted()) throw unsupported(`${meta.name} is encrypted; download the zip and open it with its password`);
    if (!entry.canDecodeFileData()) throw unsupported(`${meta.name} uses a compression method ChargeScope cannot read; download the zip instead`);
    let stream: Readable;
    try {
      stream = await zip.openReadStreamPromise(entry);
    } catch (err) {
      throw unsupported(`${meta.name} cannot be read from the zip (${(err as Error).message})`, err);
    }
    try {
      // yauzl checks the bytes against the sizes the zip declares: a lying entry fails here, never inflates on.
      return { entry: meta, complete: await drainInto(stream, sink) };
    } catch (err) {
      throw unsupported(`${meta.name} is damaged in the zip (${(err as Error).message}); download the zip instead`, err);
    }
  } finally {
    zip.close();
  }
}
