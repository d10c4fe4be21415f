/**
 * The worker thread of a line import: bytes in, the rows to write out, batch by batch (import-thread.ts starts it,
 * and runs the same importer on its own thread when no worker can be started).
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { createOcppValidator, type OcppValidator } from '../../ocpp/validation.ts';
import { LineSplitter } from './line-splitter.ts';
import { createLineReplay, type ReplayBatch, type ReplayEnd } from './line-replay.ts';

export const IMPORT_WORKER_ROLE = 'chargescope-line-import';
export interface ImportInit {
  importedAt: string;
  fallbackCharger: string | null;
  fileName?: string;
  date?: string | null;
  tzMinutes?: number | null;
}
export interface ImportWorkerData extends ImportInit { role: typeof IMPORT_WORKER_ROLE }

export type ToImporter = { type: 'chunk'; data: Uint8Array } | { type: 'end' } | { type: 'finish'; now: string };
export type FromImporter = { type: 'ready' } | { type: 'ack' } | { type: 'batch'; batch: ReplayBatch } | { type: 'end'; end: ReplayEnd };

/**
 * Splits chunks into lines and replays them; every chunk is acknowledged once its lines are read, each batch is sent
 * when full, the last one after `end`, and what the end writes after `finish`.
 */
export function createImporter(validator: OcppValidator, init: ImportInit, send: (m: FromImporter) => void): (m: ToImporter) => void {
  const lines = createLineReplay({ validator, ...init }, (batch) => send({ type: 'batch', batch }));
  const splitter = new LineSplitter(lines.line);
  return (m) => {
    switch (m.type) {
      case 'chunk':
        splitter.write(m.data);
        send({ type: 'ack' });
        break;
      case 'end':
        splitter.end();
        lines.end();
        break;
      case 'finish':
        send({ type: 'end', end: lines.finish(m.now) });
        break;
    }
  };
}

const data = workerData as Partial<ImportWorkerData> | null;
if (!isMainThread && parentPort && data?.role === IMPORT_WORKER_ROLE) {
  const port = parentPort;
  const handle = createImporter(createOcppValidator(), {
    importedAt: data.importedAt!, fallbackCharger: data.fallbackCharger ?? null, fileName: data.fileName ?? '', date: data.date ?? null, tzMinutes: data.tzMinutes ?? null,
  }, (m) => port.postMessage(m));
  port.on('message', (m: ToImporter) => handle(m));
  port.postMessage({ type: 'ready' } satisfies FromImporter);
}
