import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { Transfer, TransferState } from '../../shared/api/types.ts';
import { FileError } from './errors.ts';
import { removeFileBestEffort } from './fs-util.ts';
import { createProgress } from './progress.ts';
import { OPEN_STATES, toTransfer, type TransferRecord, type TransferStore } from './transfer-store.ts';
import { UploadSink, type UploadOutcome } from './upload-sink.ts';

export interface TransferRegistryOptions {
  store: TransferStore;
  clock: () => Date;
  /** Uploads go to `<dataDir>/uploads/<transferId>/`; the table holds that path relative to dataDir. */
  dataDir: string;
  maxUploadBytes: () => number;
  onTransfer: (t: Transfer) => void;
}

export type Access = { record: TransferRecord; ok: true } | { record: TransferRecord; ok: false; reason: 'expired' };

export interface UploadHandle {
  /** Write the upload's bytes here and end it; destroy it when the peer broke off. */
  sink: UploadSink;
  /** Settles once the transfer's state reflects the outcome. */
  done: Promise<UploadOutcome>;
}

export interface DownloadTracker {
  /** `n` more bytes left for the peer. */
  served(n: number): void;
  /** The stream ended, completely or not. */
  end(): void;
}

const FIRMWARE_PROGRESS = new Set(['Downloading', 'Downloaded', 'Installing']);
const FIRMWARE_FAILED = new Set(['DownloadFailed', 'InstallationFailed']);

export type TransferRegistry = ReturnType<typeof createTransferRegistry>;

/**
 * Transfers: their rows, their live progress while bytes move, and the state machine driven by bytes, by the
 * charger's status notifications and by expiry.
 */
export function createTransferRegistry(opts: TransferRegistryOptions) {
  const { store, clock } = opts;
  const absolute = (relPath: string) => join(opts.dataDir, relPath);
  /** Records with a stream under way: the truth while bytes move; the table catches up (throttled). */
  const live = new Map<string, TransferRecord>();
  const activity = new Map<string, { streams: number; upload: UploadHandle | null }>();
  const progress = createProgress({
    emit: (r) => opts.onTransfer(toTransfer(r)),
    persist: (r) => store.save(r),
  });

  const current = (id: string): TransferRecord | null => live.get(id) ?? store.get(id);
  const isOpen = (r: TransferRecord) => OPEN_STATES.includes(r.state);
  const pastExpiry = (r: TransferRecord) => clock().getTime() >= Date.parse(r.expiresAt);

  const setState = (r: TransferRecord, state: TransferState, error: string | null = r.error) => {
    r.state = state;
    r.error = error;
    progress.now(r);
  };

  const activate = (id: string): TransferRecord => {
    let r = live.get(id);
    if (!r) {
      const stored = store.get(id);
      if (!stored) throw new FileError('NOT_FOUND', `transfer ${id} is gone`);
      r = stored;
      live.set(id, r);
    }
    const a = activity.get(id) ?? { streams: 0, upload: null };
    a.streams++;
    activity.set(id, a);
    return r;
  };

  const deactivate = (id: string) => {
    const a = activity.get(id);
    if (!a) return;
    a.streams--;
    if (a.streams > 0) return;
    activity.delete(id);
    progress.flush(id);
    live.delete(id);
  };

  /**
   * An open transfer whose time is up. Even a diagnostics file that arrived whole stays short of `done`: over
   * FTP a data connection that closes early looks like a complete file, only the charger's Uploaded tells.
   */
  const expire = (r: TransferRecord) => {
    if (!isOpen(r) || activity.has(r.id)) return;
    setState(r, 'expired', r.error ?? 'the transfer expired before the charger reported it complete');
  };

  /** Expires the open transfers whose `expiresAt` has passed; one that is idle but still in time stays open. */
  const sweep = (): void => {
    for (const stored of store.open()) {
      const r = live.get(stored.id) ?? stored;
      if (pastExpiry(r)) expire(r);
    }
  };

  /** Where a transfer's received file is on disk (NOT_FOUND when there is none). */
  async function contentFile(id: string): Promise<{ path: string; size: number; fileName: string; modifiedAt: string }> {
    const r = current(id);
    if (!r || r.kind !== 'diagnostics' || r.filePath === null || r.fileName === null) {
      throw new FileError('NOT_FOUND', `transfer ${id} holds no received file`);
    }
    const path = absolute(r.filePath);
    try {
      const st = await stat(path);
      return { path, size: st.size, fileName: r.fileName, modifiedAt: st.mtime.toISOString() };
    } catch (err) {
      throw new FileError('NOT_FOUND', `the file of transfer ${id} is no longer on disk`, { cause: err });
    }
  }

  return {
    insert(r: TransferRecord): Transfer {
      store.insert(r);
      opts.onTransfer(toTransfer(r));
      return toTransfer(r);
    },

    get(id: string): Transfer | null {
      const r = current(id);
      return r ? toTransfer(r) : null;
    },

    list(chargerId?: string): Transfer[] {
      return store.list(chargerId).map((r) => toTransfer(live.get(r.id) ?? r));
    },

    /** The transfer behind a secret (HTTP path secret, or FTP `user:password`), or null. */
    lookup(protocol: Transfer['protocol'], secret: string): Access | null {
      const found = store.bySecret(protocol, secret);
      if (!found) return null;
      const r = live.get(found.id) ?? found;
      if (r.state === 'expired') return { record: r, ok: false, reason: 'expired' };
      if (pastExpiry(r)) {
        expire(r);
        return { record: r, ok: false, reason: 'expired' };
      }
      return { record: r, ok: true };
    },

    /** Counts a firmware download; `start` is the offset it begins at (Range, FTP REST). */
    beginDownload(id: string, start: number, totalBytes: number): DownloadTracker {
      const r = activate(id);
      let pos = start;
      let ended = false;
      r.totalBytes = totalBytes;
      if (r.state === 'waiting' || r.state === 'failed') setState(r, 'transferring', null);
      return {
        served(n: number) {
          pos += n;
          r.bytes = pos;
          progress.bytes(r);
        },
        end() {
          if (ended) return;
          ended = true;
          deactivate(id);
        },
      };
    },

    /**
     * Opens the sink of a diagnostics upload. Refuses a second concurrent upload (BUSY) and one whose announced
     * size is over the quota (QUOTA, and the transfer fails). The sink's outcome moves the transfer: a
     * complete file stays `transferring` until the charger says Uploaded (then `done`); a broken or refused
     * upload makes it `failed`, its partial file deleted.
     */
    beginUpload(id: string, fileName: string, announcedBytes: number | null): UploadHandle {
      if (activity.get(id)?.upload) {
        throw new FileError('BUSY', 'an upload into this transfer is already under way; retry when it ends');
      }
      const quota = opts.maxUploadBytes();
      const r = activate(id);
      r.fileName = fileName;
      r.bytes = 0;
      r.totalBytes = announcedBytes;
      if (announcedBytes !== null && announcedBytes > quota) {
        const err = new FileError('QUOTA', `upload of ${announcedBytes} bytes exceeds the limit of ${quota} bytes (maxUploadBytes); raise the limit in settings or upload less`);
        setState(r, 'failed', err.message);
        deactivate(id);
        throw err;
      }
      setState(r, 'transferring', null);
      const sink = new UploadSink({
        dir: absolute(join('uploads', id)),
        fileName,
        quota,
        onBytes: (bytes) => {
          r.bytes = bytes;
          progress.bytes(r);
        },
      });
      const done = sink.outcome.then(async (o) => {
        if (o.ok) {
          const previous = r.filePath;
          r.filePath = join('uploads', id, o.fileName);
          r.fileName = o.fileName;
          r.bytes = o.size;
          r.totalBytes = o.size;
          if (previous !== null && previous !== r.filePath) await removeFileBestEffort(absolute(previous));
          const saidUploaded = r.statuses.at(-1)?.status === 'Uploaded';
          activity.get(id)!.upload = null;
          setState(r, saidUploaded ? 'done' : 'transferring', null);
        } else {
          activity.get(id)!.upload = null;
          setState(r, 'failed', o.error.message);
        }
        deactivate(id);
        return o;
      });
      const handle = { sink, done };
      activity.get(id)!.upload = handle;
      return handle;
    },

    /** Marks a transfer failed for a reason found outside a stream (a malformed upload request). */
    fail(id: string, reason: string): void {
      const r = current(id);
      if (r && r.state !== 'expired') setState(r, 'failed', reason);
    },

    /**
     * Appends a FirmwareStatusNotification / DiagnosticsStatusNotification status to the charger's newest open
     * transfer of that kind (else its newest of that kind) and moves its state. Returns it, or null.
     */
    chargerStatus(chargerId: string, kind: Transfer['kind'], status: string, at: string): Transfer | null {
      const found = store.newestForStatus(chargerId, kind);
      if (!found) return null;
      const r = live.get(found.id) ?? found;
      r.statuses.push({ status, at });
      let state = r.state;
      let error = r.error;
      if (kind === 'firmware') {
        if (status === 'Installed') [state, error] = ['done', null];
        else if (FIRMWARE_FAILED.has(status) && state !== 'done') [state, error] = ['failed', `the charger reported ${status}`];
        else if (FIRMWARE_PROGRESS.has(status) && (state === 'waiting' || state === 'failed')) [state, error] = ['transferring', null];
      } else if (status === 'Uploaded') {
        if (r.filePath !== null && !activity.get(r.id)?.upload) [state, error] = ['done', null];
        else if (!activity.get(r.id)?.upload) [state, error] = ['failed', 'the charger reported Uploaded but no complete file reached ChargeScope'];
      } else if (status === 'UploadFailed' && state !== 'done') {
        [state, error] = ['failed', 'the charger reported UploadFailed'];
      } else if (status === 'Uploading' && (state === 'waiting' || state === 'failed')) {
        [state, error] = ['transferring', null];
      }
      setState(r, state, error);
      return toTransfer(r);
    },

    /** Moves every open transfer whose time is up to `expired`. */
    sweep,

    /** After a restart nothing is under way: uploads that were are failed (their partial files are gone). */
    recoverInterrupted(): void {
      for (const r of store.open()) {
        if (r.kind === 'diagnostics' && r.state === 'transferring' && r.filePath === null) {
          setState(r, 'failed', 'the upload broke off when ChargeScope stopped');
        }
      }
      sweep();
    },

    /** Open transfers of a deleted firmware image can no longer succeed. */
    firmwareDeleted(firmwareId: string): void {
      for (const r of store.openByFirmware(firmwareId)) setState(live.get(r.id) ?? r, 'failed', 'the firmware image was deleted');
    },

    contentFile,

    async openContent(id: string): Promise<{ stream: Readable; size: number; fileName: string }> {
      const { path, size, fileName } = await contentFile(id);
      return { stream: createReadStream(path), size, fileName };
    },

    /** Aborts uploads under way (their transfers fail) and writes pending progress. */
    async stop(): Promise<void> {
      const settled: Promise<unknown>[] = [];
      for (const a of activity.values()) {
        if (a.upload) {
          settled.push(a.upload.done);
          a.upload.sink.destroy(new FileError('ABORTED', 'ChargeScope stopped during the upload'));
        }
      }
      await Promise.all(settled);
      progress.flush();
    },
  };
}
