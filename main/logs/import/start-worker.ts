import type { ResourceLimits, Worker } from 'node:worker_threads';
import { startWorkerAt } from '../../platform/start-worker.ts';

/** Starts one of this folder's worker entries (`name` without extension), compiled or under tsx. */
export function startWorker(name: string, workerData: unknown, resourceLimits: ResourceLimits): Worker {
  return startWorkerAt(import.meta.url, name, workerData, resourceLimits);
}
