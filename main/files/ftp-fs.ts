import { createReadStream } from 'node:fs';
import { posix } from 'node:path';
import type { Socket } from 'node:net';
import { PassThrough, pipeline, type Readable, type Writable } from 'node:stream';
import { FileSystem, type FtpConnection } from 'ftp-srv';
import type { Firmware } from '../../shared/api/types.ts';
import { isPlainName, safeUploadName } from './names.ts';
import type { TransferRegistry } from './transfers.ts';

/** The parts of an ftp-srv connection its typings leave out. */
interface ConnectionInternals {
  connector: { socket: Socket | null };
}

/** What LIST, SIZE and MDTM show: made up, so that no real path, owner or inode leaks. */
interface VirtualStat {
  name: string;
  size: number;
  mtime: Date;
  mode: number;
  isDirectory(): boolean;
}

const dirStat = (mode: number, mtime: Date): VirtualStat => ({ name: '.', size: 0, mtime, mode: 0o40000 | mode, isDirectory: () => true });
const fileStat = (name: string, size: number, mtime: Date, mode: number): VirtualStat => ({ name, size, mtime, mode: 0o100000 | mode, isDirectory: () => false });

/** Thrown to the FTP client as a 550 reply with this message. */
function refuse(message: string): Error {
  return new Error(message);
}

export interface TransferFsDeps {
  registry: TransferRegistry;
  transferId: string;
  /** Throws when the transfer's credentials expired since login. */
  checkAccess: () => void;
}

/**
 * A virtual one-folder file system for one transfer: the client sees `/` and, at most, the transfer's own
 * file. Paths are resolved against `/` and never touch the disk by name, so nothing can escape.
 */
abstract class TransferFs extends FileSystem {
  protected readonly deps: TransferFsDeps;

  constructor(connection: FtpConnection, deps: TransferFsDeps) {
    super(connection, { root: '/', cwd: '/' });
    this.deps = deps;
  }

  /** `/name` for a path that names an entry of the root folder, `/` for the root, else a refusal. */
  protected resolve(path: string | undefined): string {
    const raw = (path ?? '.').replace(/\\/g, '/');
    if (raw.split('/').includes('..')) throw refuse('Path escapes the transfer folder');
    const resolved = posix.normalize(posix.join('/', raw));
    if (resolved === '/') return '/';
    const name = resolved.slice(1).replace(/\/$/, '');
    if (!isPlainName(name)) throw refuse('No such file or folder');
    return `/${name}`;
  }

  override currentDirectory(): string {
    return '/';
  }

  override async chdir(path?: string): Promise<string> {
    if (this.resolve(path) !== '/') throw refuse('No such folder');
    return '/';
  }

  override async delete(): Promise<never> {
    throw refuse('Not allowed');
  }

  override async mkdir(): Promise<never> {
    throw refuse('Not allowed');
  }

  override async rename(): Promise<never> {
    throw refuse('Not allowed');
  }

  override async chmod(): Promise<never> {
    throw refuse('Not allowed');
  }

  override getUniqueName(): string {
    throw refuse('Not allowed');
  }
}

/** Read-only: one firmware image, RETR with REST (resume) and progress. */
export class FirmwareFs extends TransferFs {
  private readonly fw: Firmware;
  private readonly path: string;

  constructor(connection: FtpConnection, deps: TransferFsDeps & { firmware: Firmware; path: string }) {
    super(connection, deps);
    this.fw = deps.firmware;
    this.path = deps.path;
  }

  private stat(): VirtualStat {
    return fileStat(this.fw.name, this.fw.size, new Date(this.fw.addedAt), 0o444);
  }

  override async get(fileName: string): Promise<VirtualStat> {
    const p = this.resolve(fileName);
    if (p === '/') return dirStat(0o555, new Date(this.fw.addedAt));
    if (p === `/${this.fw.name}`) return this.stat();
    throw refuse('No such file');
  }

  override async list(path?: string): Promise<VirtualStat[]> {
    if (this.resolve(path) !== '/') throw refuse('No such folder');
    return [this.stat()];
  }

  override async read(fileName: string, { start }: { start?: number } = {}): Promise<{ stream: Readable; clientPath: string }> {
    this.deps.checkAccess();
    const p = this.resolve(fileName);
    if (p !== `/${this.fw.name}`) throw refuse('No such file');
    const from = typeof start === 'number' && start > 0 ? start : 0;
    if (from > this.fw.size) throw refuse('Restart offset is past the end of the file');
    const tracker = this.deps.registry.beginDownload(this.deps.transferId, from, this.fw.size);
    const file = createReadStream(this.path, { start: from, highWaterMark: 256 * 1024 });
    // ftp-srv attaches its own 'data' listener only after this promise resolves: counting on `file`
    // directly would set it flowing and lose bytes, so count in a stage it reads from.
    const counter = new PassThrough({ highWaterMark: 256 * 1024 });
    counter.on('data', (chunk: Buffer) => tracker.served(chunk.length));
    counter.pause();
    pipeline(file, counter, () => tracker.end());
    counter.once('close', () => tracker.end());
    return { stream: counter, clientPath: p };
  }

  override write(): never {
    throw refuse('Read-only: this login serves one firmware image');
  }
}

/** Write-only drop box: STOR of one file at a time into the transfer's folder, with the upload quota. */
export class DiagnosticsFs extends TransferFs {
  private readonly connectionInternals: ConnectionInternals;

  constructor(connection: FtpConnection, deps: TransferFsDeps) {
    super(connection, deps);
    this.connectionInternals = connection as unknown as ConnectionInternals;
  }

  override async get(fileName: string): Promise<VirtualStat> {
    const p = this.resolve(fileName);
    if (p === '/') return dirStat(0o333, new Date());
    const t = this.deps.registry.get(this.deps.transferId);
    // The client's own finished upload, so that a SIZE check after STOR works.
    if (t?.fileName && t.state !== 'failed' && p === `/${t.fileName}` && t.totalBytes !== null) {
      return fileStat(t.fileName, t.totalBytes, new Date(), 0o200);
    }
    throw refuse('No such file');
  }

  override async list(path?: string): Promise<VirtualStat[]> {
    if (this.resolve(path) !== '/') throw refuse('No such folder');
    return [];
  }

  override async read(): Promise<never> {
    throw refuse('Write-only: this login can only upload');
  }

  override async write(fileName: string, { append, start }: { append?: boolean; start?: number } = {}): Promise<{ stream: Writable; clientPath: string }> {
    this.deps.checkAccess();
    if (append || (typeof start === 'number' && start > 0)) throw refuse('Appending and resuming uploads are not supported; upload the whole file');
    const p = this.resolve(fileName);
    if (p === '/') throw refuse('Name the file to upload');
    const name = safeUploadName(p.slice(1), 'diagnostics.bin');
    const { sink } = this.deps.registry.beginUpload(this.deps.transferId, name, null);
    // ftp-srv ends an upload by emitting 'close' on our stream when the data socket ends, then waits for
    // 'finish'; a data socket that closes without ending (or with the control connection) is a broken upload.
    sink.once('close', () => {
      if (!sink.destroyed && !sink.writableEnded) sink.end();
    });
    const dataSocket = this.connectionInternals.connector.socket;
    const broke = () => {
      if (!sink.writableEnded) sink.destroy(refuse('the data connection closed before the upload ended'));
    };
    if (dataSocket) dataSocket.once('close', broke);
    else broke();
    return { stream: sink, clientPath: p };
  }
}
