import { mkdir, open, rename, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { FileError } from './errors.ts';
import { removeFileBestEffort } from './fs-util.ts';

export interface UploadSinkOptions {
  /** The transfer's folder; created when missing. */
  dir: string;
  /** A safe plain name (see safeUploadName). */
  fileName: string;
  /** Most bytes accepted; one more fails the upload with QUOTA. */
  quota: number;
  /** Bytes written to disk so far. */
  onBytes?: (bytes: number) => void;
}

export type UploadOutcome =
  | { ok: true; fileName: string; path: string; size: number }
  | { ok: false; error: FileError };

/**
 * A Writable that streams an upload into `<dir>/<fileName>.part` and renames it to `<fileName>` only when
 * the writer ended it normally. Destroyed before that (peer gone, quota, disk error), it deletes the
 * partial file. `outcome` settles once, after the file is either in place or gone.
 */
export class UploadSink extends Writable {
  readonly outcome: Promise<UploadOutcome>;
  readonly partPath: string;
  readonly finalPath: string;
  bytes = 0;
  private readonly opts: UploadSinkOptions;
  private fh: FileHandle | null = null;
  private pending: Promise<unknown> = Promise.resolve();
  private phase: 'open' | 'committing' | 'committed' | 'aborted' = 'open';
  private commit: Promise<void> | null = null;
  private settle!: (o: UploadOutcome) => void;

  constructor(opts: UploadSinkOptions) {
    super({ highWaterMark: 256 * 1024 });
    this.opts = opts;
    this.partPath = join(opts.dir, `${opts.fileName}.part`);
    this.finalPath = join(opts.dir, opts.fileName);
    this.outcome = new Promise((resolve) => {
      this.settle = resolve;
    });
  }

  override _construct(callback: (error?: Error | null) => void): void {
    mkdir(this.opts.dir, { recursive: true })
      .then(() => open(this.partPath, 'w'))
      .then((fh) => {
        this.fh = fh;
        callback();
      })
      .catch((err: unknown) => callback(new FileError('IO', `cannot write the upload: ${(err as Error).message}`, { cause: err })));
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, callback: (error?: Error | null) => void): void {
    if (this.bytes + chunk.length > this.opts.quota) {
      callback(new FileError('QUOTA', `upload exceeds the limit of ${this.opts.quota} bytes (maxUploadBytes); raise the limit in settings or upload less`));
      return;
    }
    const fh = this.fh!;
    const write = fh.write(chunk, 0, chunk.length);
    this.pending = write.catch((err: unknown) => err); // only awaited for ordering; the callback reports it
    write.then(
      () => {
        this.bytes += chunk.length;
        this.opts.onBytes?.(this.bytes);
        callback();
      },
      (err: unknown) => callback(new FileError('IO', `cannot write the upload: ${(err as Error).message}`, { cause: err })),
    );
  }

  override _final(callback: (error?: Error | null) => void): void {
    // Some writers (ftp-srv on a broken data socket) call end() and destroy(err) back to back: wait one turn
    // so that a destroy that comes with the end wins, and a broken upload is never renamed into place.
    setImmediate(() => {
      if (this.destroyed || this.phase !== 'open') {
        callback();
        return;
      }
      this.phase = 'committing';
      this.commit = (async () => {
        await this.pending;
        await this.fh!.close();
        this.fh = null;
        await rename(this.partPath, this.finalPath);
        this.phase = 'committed';
        this.settle({ ok: true, fileName: this.opts.fileName, path: this.finalPath, size: this.bytes });
      })();
      this.commit.then(
        () => callback(),
        (err: unknown) => {
          this.phase = 'open';
          callback(new FileError('IO', `cannot store the upload: ${(err as Error).message}`, { cause: err }));
        },
      );
    });
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    void (async () => {
      if (this.commit) await this.commit.catch((err: unknown) => err); // _final reported it
      if (this.phase === 'committed') return;
      this.phase = 'aborted';
      await this.pending;
      // A close that fails here changes nothing: the partial file is deleted next either way.
      await this.fh?.close().catch((err: unknown) => err);
      this.fh = null;
      await removeFileBestEffort(this.partPath);
      const reason =
        error instanceof FileError
          ? error
          : new FileError('ABORTED', `the upload broke off after ${this.bytes} bytes${error ? ` (${error.message})` : ''}`, { cause: error });
      this.settle({ ok: false, error: reason });
    })().then(() => callback(error));
  }
}
