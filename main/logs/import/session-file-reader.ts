import { statSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { refuse, type SessionFileRefusal } from '../../store/session-files/errors.ts';
import type { SessionFileContent } from '../../store/session-files/session-file-check.ts';
import { SESSION_FILE_WORKER_ROLE, type SessionFileWorkerData } from './session-file-worker.ts';
import { startWorker } from './start-worker.ts';

/** A `.chargescope` file larger than this is refused before it is opened. */
export const MAX_SESSION_FILE_BYTES = 4 * 1024 ** 3;
/** The time a file's check may take in its worker; past it the worker is stopped and the file refused. */
export const SESSION_FILE_CHECK_MS = 120_000;
/** The checking worker's heap (snapshot rows are what it holds). */
const WORKER_LIMITS = { maxOldGenerationSizeMb: 512 };

export interface SessionFileBudget { timeMs?: number; maxBytes?: number }

/**
 * Checks a `.chargescope` file in a worker thread within a time and size budget (session-file-check.ts says what
 * is checked) and gives back what re-open reads from it. The live CSMS is never blocked by the file: a recursive
 * view or a slow query only costs the worker, which is stopped when the budget runs out.
 */
export async function readSessionFile(path: string, label: string, budget: SessionFileBudget = {}): Promise<SessionFileContent> {
  const maxBytes = budget.maxBytes ?? MAX_SESSION_FILE_BYTES;
  const size = statSync(path).size;
  if (size > maxBytes) throw refuse('too-large', `${label} is ${size} bytes; ChargeScope opens session files up to ${maxBytes} bytes`);
  const timeMs = budget.timeMs ?? SESSION_FILE_CHECK_MS;
  const worker = newWorker({ role: SESSION_FILE_WORKER_ROLE, path, label });
  try {
    return await new Promise<SessionFileContent>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(refuse('too-slow', `${label} took longer than ${Math.round(timeMs / 100) / 10} s to check and was refused; a ChargeScope export of this size checks in much less`));
      }, timeMs);
      worker.once('message', (m: { ok: true; content: SessionFileContent } | { ok: false; message: string; reason: SessionFileRefusal }) => {
        clearTimeout(timer);
        if (m.ok) resolve(m.content);
        else reject(refuse(m.reason, m.message));
      });
      worker.once('error', (err) => {
        clearTimeout(timer);
        reject(refuse('damaged', `${label} could not be checked: ${err.message}`));
      });
      worker.once('exit', (code) => {
        clearTimeout(timer);
        reject(refuse('damaged', `${label} could not be checked (the checking thread ended with code ${code})`));
      });
    });
  } finally {
    await worker.terminate();
  }
}

function newWorker(workerData: SessionFileWorkerData): Worker {
  return startWorker('session-file-worker', workerData, WORKER_LIMITS);
}
