import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { EntryText, Firmware, ReceivedListing, Transfer } from '../../shared/api/types.ts';
import type { Db } from '../store/db.ts';
import { DEFAULT_LIMITS, type ArchiveLimits } from './archive/limits.ts';
import { listReceived, readReceivedText } from './archive/open-received.ts';
import { FileError } from './errors.ts';
import { createFirmwareLibrary } from './firmware-library.ts';
import { createFtpServer } from './ftp-server.ts';
import { findPartFiles, removeFile } from './fs-util.ts';
import { createHttpFiles } from './http-files.ts';
import { diagnosticsHttpLocation, firmwareHttpLocation, ftpLocation, newFtpCredentials, newHttpSecret } from './locations.ts';
import { parseHostPort } from './names.ts';
import { createTransferStore, type TransferRecord } from './transfer-store.ts';
import { createTransferRegistry } from './transfers.ts';

export interface FileServiceOptions {
  db: Db;
  /** Firmware goes to `<dataDir>/firmware/`, uploads to `<dataDir>/uploads/<transferId>/`. */
  dataDir: string;
  clock?: () => Date;
  /** The live session, stamped on new transfers. */
  sessionId: () => number;
  ftp: { port: number; host?: string; pasvPorts: readonly [number, number]; loginTimeoutMs?: number; idleTimeoutMs?: number };
  /** A number, or a function read at each use (for a setting that can change). */
  maxFirmwareBytes: number | (() => number);
  maxUploadBytes: number | (() => number);
  /** How long a transfer's URL or credentials work (default 1 h). */
  transferTtlMs?: number;
  /** Every change of a transfer: at once for state, statuses and errors, at most ~10/s for byte counts. */
  onTransfer: (t: Transfer) => void;
  /** Caps on opening received archives in place (entries listed, bytes unpacked while walking a tar). */
  archiveLimits?: ArchiveLimits;
  /** Unexpected failures (disk, FTP server) that no caller sees; default: a process warning. */
  onError?: (err: Error, context: string) => void;
}

export interface TransferRequest {
  chargerId: string;
  protocol: 'http' | 'ftp';
  /** The local address:port at which the charger reached the OCPP port, e.g. `192.168.1.20:8887`. */
  host: string;
  /** Overrides transferTtlMs, e.g. for a retrieveDate far ahead. */
  ttlMs?: number;
}

export type FileService = ReturnType<typeof createFileService>;

const asGetter = (v: number | (() => number)) => (typeof v === 'function' ? v : () => v);

/**
 * Firmware library, firmware downloads and diagnostics uploads over HTTP (on the OCPP port, through
 * handleHttp) and over the embedded FTP server, with transfers persisted and their progress reported.
 * Nothing listens before start().
 */
export function createFileService(opts: FileServiceOptions) {
  const clock = opts.clock ?? (() => new Date());
  const ttlMs = opts.transferTtlMs ?? 60 * 60 * 1000;
  const onError = opts.onError ?? ((err: Error, context: string) => process.emitWarning(`${context}: ${err.message}`));
  const uploadsDir = join(opts.dataDir, 'uploads');
  const store = createTransferStore(opts.db);
  const firmware = createFirmwareLibrary({ db: opts.db, dataDir: opts.dataDir, clock, maxBytes: asGetter(opts.maxFirmwareBytes) });
  const registry = createTransferRegistry({
    store,
    clock,
    dataDir: opts.dataDir,
    maxUploadBytes: asGetter(opts.maxUploadBytes),
    onTransfer: opts.onTransfer,
  });
  const ftp = createFtpServer({
    host: opts.ftp.host ?? '0.0.0.0',
    port: opts.ftp.port,
    pasvPorts: opts.ftp.pasvPorts,
    ...(opts.ftp.loginTimeoutMs !== undefined ? { loginTimeoutMs: opts.ftp.loginTimeoutMs } : {}),
    ...(opts.ftp.idleTimeoutMs !== undefined ? { idleTimeoutMs: opts.ftp.idleTimeoutMs } : {}),
    registry,
    firmware,
    onError,
  });
  const handleHttp = createHttpFiles({ registry, firmware, clock, onError });
  let sweepTimer: NodeJS.Timeout | null = null;

  const newRecord = (req: TransferRequest, kind: Transfer['kind'], fields: Pick<TransferRecord, 'location' | 'secret' | 'firmwareId' | 'totalBytes' | 'fileName'>): TransferRecord => {
    const now = clock();
    return {
      id: randomUUID(), sessionId: opts.sessionId(), kind, chargerId: req.chargerId, protocol: req.protocol, bytes: 0,
      state: 'waiting', filePath: null, statuses: [], createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + (req.ttlMs ?? ttlMs)).toISOString(), error: null, ...fields,
    };
  };

  const ftpPortOrThrow = (): number => {
    if (ftp.port === null) throw new FileError('FTP_NOT_RUNNING', 'the FTP server is not running; start the file service or use HTTP');
    return ftp.port;
  };

  return {
    addFirmware: (name: string, source: AsyncIterable<Uint8Array> | Readable): Promise<Firmware> => firmware.add(name, source),
    listFirmware: (): Firmware[] => firmware.list(),
    getFirmware: (id: string): Firmware | null => firmware.get(id),
    /** Deletes the image; its open transfers fail. NOT_FOUND for an unknown id. */
    async deleteFirmware(id: string): Promise<void> {
      await firmware.remove(id);
      registry.firmwareDeleted(id);
    },

    createFirmwareTransfer(req: TransferRequest & { firmwareId: string }): Transfer {
      const fw = firmware.get(req.firmwareId);
      if (!fw) throw new FileError('NOT_FOUND', `no firmware with id ${JSON.stringify(req.firmwareId)}; add the image first`);
      const host = parseHostPort(req.host);
      let location: string;
      let secret: string;
      if (req.protocol === 'http') {
        secret = newHttpSecret();
        location = firmwareHttpLocation(host, secret, fw.name);
      } else {
        const { user, password } = newFtpCredentials();
        secret = `${user}:${password}`;
        location = ftpLocation(host.hostname, ftpPortOrThrow(), user, password, fw.name);
      }
      return registry.insert(newRecord(req, 'firmware', { location, secret, firmwareId: fw.id, totalBytes: fw.size, fileName: fw.name }));
    },

    createDiagnosticsTransfer(req: TransferRequest): Transfer {
      const host = parseHostPort(req.host);
      let location: string;
      let secret: string;
      if (req.protocol === 'http') {
        secret = newHttpSecret();
        location = diagnosticsHttpLocation(host, secret);
      } else {
        const { user, password } = newFtpCredentials();
        secret = `${user}:${password}`;
        location = ftpLocation(host.hostname, ftpPortOrThrow(), user, password);
      }
      return registry.insert(newRecord(req, 'diagnostics', { location, secret, firmwareId: null, totalBytes: null, fileName: null }));
    },

    /** For the OCPP port's http server, every non-upgrade request: false when the URL is not under /files/. */
    handleHttp: (req: IncomingMessage, res: ServerResponse): boolean => handleHttp(req, res),

    onChargerStatus: (chargerId: string, kind: Transfer['kind'], status: string, at: string): Transfer | null =>
      registry.chargerStatus(chargerId, kind, status, at),

    listTransfers: (chargerId?: string): Transfer[] => registry.list(chargerId),
    getTransfer: (id: string): Transfer | null => registry.get(id),
    /** The received diagnostics file of a transfer (NOT_FOUND when there is none). */
    openTransferContent: (id: string): Promise<{ stream: Readable; size: number; fileName: string }> => registry.openContent(id),

    /** The entries of a transfer's received file (an archive's members, or the file itself); UNSUPPORTED when binary. */
    async listTransferEntries(id: string): Promise<ReceivedListing> {
      const file = await registry.contentFile(id);
      return { transferId: id, ...(await listReceived(file, opts.archiveLimits ?? DEFAULT_LIMITS)) };
    },
    /** One entry of a transfer's received file as text, up to maxBytes; UNSUPPORTED when it is not text. */
    async readTransferEntryText(id: string, index: number, maxBytes: number): Promise<EntryText> {
      const file = await registry.contentFile(id);
      return readReceivedText(file, index, maxBytes, opts.archiveLimits ?? DEFAULT_LIMITS);
    },

    /** Expires what is due now (also runs every 30 s while started). */
    sweepExpired: (): void => registry.sweep(),

    get ftpPort(): number | null {
      return ftp.port;
    },

    /**
     * Cleans what a previous run left (partial files; uploads it was receiving are failed; transfers whose
     * time is up are expired), then listens for FTP. Resolves with the FTP port.
     */
    async start(): Promise<number> {
      await firmware.removePartials();
      for (const p of await findPartFiles(uploadsDir)) await removeFile(p);
      registry.recoverInterrupted();
      const port = await ftp.start();
      sweepTimer = setInterval(() => {
        try {
          registry.sweep();
        } catch (err) {
          onError(err as Error, 'transfer expiry');
        }
      }, 30_000);
      sweepTimer.unref();
      return port;
    },

    /** Stops FTP, fails uploads under way, writes pending progress. The caller closes the database after. */
    async stop(): Promise<void> {
      if (sweepTimer) clearInterval(sweepTimer);
      sweepTimer = null;
      await ftp.stop();
      await registry.stop();
    },
  };
}
