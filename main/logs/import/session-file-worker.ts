/**
 * The worker thread that checks a `.chargescope` file (session-file-check.ts) off the main thread: the live CSMS
 * keeps answering chargers while a stranger's file is read, and a file that takes too long is stopped with it.
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { SessionFileError } from '../../store/session-files/errors.ts';
import { checkSessionFile } from '../../store/session-files/session-file-check.ts';

export const SESSION_FILE_WORKER_ROLE = 'chargescope-session-file-check';
export interface SessionFileWorkerData { role: typeof SESSION_FILE_WORKER_ROLE; path: string; label: string }

const data = workerData as Partial<SessionFileWorkerData> | null;
if (!isMainThread && parentPort && data?.role === SESSION_FILE_WORKER_ROLE) {
  const port = parentPort;
  try {
    port.postMessage({ ok: true, content: checkSessionFile(data.path!, data.label!) });
  } catch (err) {
    port.postMessage({ ok: false, message: (err as Error).message, reason: err instanceof SessionFileError ? err.reason : 'damaged' });
  }
}
