import type { ResourceLimits, Transferable, Worker } from 'node:worker_threads';
import { startWorkerAt } from '../../platform/start-worker.ts';

/**
 * Starts one of this folder's worker entries (`name` without extension), compiled or under tsx. `transferList` moves
 * what workerData holds that cannot be copied (ports).
 */
export function startWorker(name: string, workerData: unknown, resourceLimits: ResourceLimits, transferList: readonly Transferable[] = []): Worker {
  return startWorkerAt(import.meta.url, name, workerData, resourceLimits, transferList);
}
