import { createHash, randomUUID } from 'node:crypto';
import { mkdir, open, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { Firmware } from '../../shared/api/types.ts';
import type { Db } from '../store/db.ts';
import { FileError } from './errors.ts';
import { findPartFiles, removeFile, removeFileBestEffort } from './fs-util.ts';
import { checkFirmwareName } from './names.ts';
import { firmwareWarningOf } from './firmware-sniff.ts';

export interface FirmwareLibraryOptions {
  db: Db;
  dataDir: string;
  clock: () => Date;
  maxBytes: () => number;
}

interface FirmwareRow { id: string; name: string; size: number; sha256: string; path: string; added_at: string }

const toFirmware = (r: FirmwareRow): Firmware => ({ id: r.id, name: r.name, size: r.size, sha256: r.sha256, addedAt: r.added_at });

/** Chunks of a source; a Readable is not destroyed when we stop early, so an HTTP caller can still answer. */
function chunksOf(source: AsyncIterable<Uint8Array> | Readable): AsyncIterable<Uint8Array | string> {
  return source instanceof Readable ? source.iterator({ destroyOnReturn: false }) : source;
}

export type FirmwareLibrary = ReturnType<typeof createFirmwareLibrary>;

/**
 * Firmware images in `<dataDir>/firmware/<id>` (the `path` column holds that path relative to the data
 * dir), with name, size, sha256 and time in the `firmware` table.
 */
export function createFirmwareLibrary(opts: FirmwareLibraryOptions) {
  const dir = join(opts.dataDir, 'firmware');
  const insert = opts.db.prepare(
    'INSERT INTO firmware (id, name, size, sha256, path, added_at) VALUES (@id, @name, @size, @sha256, @path, @addedAt)',
  );
  const all = opts.db.prepare<[], FirmwareRow>('SELECT * FROM firmware ORDER BY added_at DESC, rowid DESC');
  const byId = opts.db.prepare<[string], FirmwareRow>('SELECT * FROM firmware WHERE id = ?');
  const remove = opts.db.prepare<[string]>('DELETE FROM firmware WHERE id = ?');

  return {
    /**
     * Streams an image into the library, hashing it on the way. Refuses an empty image (EMPTY) and one over
     * the size limit (TOO_LARGE) without leaving any file behind. A Readable source is left undestroyed.
     */
    async add(rawName: string, source: AsyncIterable<Uint8Array> | Readable): Promise<Firmware> {
      const name = checkFirmwareName(rawName);
      const max = opts.maxBytes();
      const id = randomUUID();
      const relPath = join('firmware', id);
      const partPath = join(dir, `${id}.part`);
      const finalPath = join(opts.dataDir, relPath);
      await mkdir(dir, { recursive: true });
      const fh = await open(partPath, 'wx');
      const hash = createHash('sha256');
      let size = 0;
      let closed = false;
      let renamed = false;
      try {
        for await (const chunk of chunksOf(source)) {
          const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
          size += bytes.length;
          if (size > max) {
            throw new FileError('TOO_LARGE', `firmware ${JSON.stringify(name)} is over the limit of ${max} bytes (maxFirmwareBytes); raise the limit in settings if the image is right`);
          }
          hash.update(bytes);
          await fh.write(bytes, 0, bytes.length);
        }
        if (size === 0) {
          throw new FileError('EMPTY', `firmware ${JSON.stringify(name)} is empty; choose the image file itself`);
        }
        await fh.sync();
        await fh.close();
        closed = true;
        await rename(partPath, finalPath);
        renamed = true;
        const fw: Firmware = { id, name, size, sha256: hash.digest('hex'), addedAt: opts.clock().toISOString() };
        insert.run({ ...fw, path: relPath });
        return fw;
      } catch (err) {
        // Cleanup after the failure reported below; a close that fails too adds nothing to it.
        if (!closed) await fh.close().catch((closeErr: unknown) => closeErr);
        await removeFileBestEffort(renamed ? finalPath : partPath);
        if (err instanceof FileError) throw err;
        throw new FileError('IO', `cannot store firmware ${JSON.stringify(name)}: ${(err as Error).message}`, { cause: err });
      }
    },

    /** With a warning for images that look like text or are tiny (a look at each file's first bytes). */
    list(): Firmware[] {
      return all.all().map((row) => ({ ...toFirmware(row), warning: firmwareWarningOf(join(opts.dataDir, row.path), row.size) }));
    },

    get(id: string): Firmware | null {
      const row = byId.get(id);
      return row ? toFirmware(row) : null;
    },

    /** Absolute path of the image, or null for an unknown id. */
    pathOf(id: string): string | null {
      const row = byId.get(id);
      return row ? join(opts.dataDir, row.path) : null;
    },

    /** Forgets the image and deletes its file (NOT_FOUND for an unknown id). */
    async remove(id: string): Promise<Firmware> {
      const row = byId.get(id);
      if (!row) throw new FileError('NOT_FOUND', `no firmware with id ${JSON.stringify(id)}; list the firmware to see what is there`);
      remove.run(id);
      await removeFile(join(opts.dataDir, row.path));
      return toFirmware(row);
    },

    /** Deletes images half-written when ChargeScope stopped mid-add. */
    async removePartials(): Promise<void> {
      for (const p of await findPartFiles(dir)) await removeFile(p);
    },
  };
}
