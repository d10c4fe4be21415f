/**
 * The worker thread of a line import: bytes in, the rows to write out, batch by batch (import-thread.ts starts it,
 * and runs the same importer on its own thread when no worker can be started).
 */
import { isMainThread, parentPort, workerData, type MessagePort } from 'node:worker_threads';
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
/** With `rows`, the batches and the end go to the import's writer thread (import-writer.ts) over that port. */
export interface ImportWorkerData extends ImportInit { role: typeof IMPORT_WORKER_ROLE; rows?: MessagePort }

export type ToImporter = { type: 'chunk'; data: Uint8Array } | { type: 'end' } | { type: 'finish'; now: string };
/** `made`: batches sent to the writer while the chunk was read (the store's thread bounds those not yet written). */
export type FromImporter = { type: 'ready' } | { type: 'ack'; made: number } | { type: 'batch'; batch: ReplayBatch } | { type: 'end'; end: ReplayEnd };

/**
 * Splits chunks into lines and replays them; every chunk is acknowledged once its lines are read, each batch is sent
 * when full, the last one after `end`, and what the end writes after `finish`: to `send`, or with `toWriter` to that.
 */
export function createImporter(validator: OcppValidator, init: ImportInit, send: (m: FromImporter) => void,
  toWriter?: (m: { type: 'batch'; batch: ReplayBatch } | { type: 'end'; end: ReplayEnd }) => void): (m: ToImporter) => void {
  const out = toWriter ?? send;
  let made = 0;
  const lines = createLineReplay({ validator, ...init }, (batch) => {
    made++;
    out({ type: 'batch', batch });
  });
  const splitter = new LineSplitter(lines.line);
  return (m) => {
    switch (m.type) {
      case 'chunk':
        splitter.write(m.data);
        send({ type: 'ack', made });
        made = 0;
        break;
      case 'end':
        splitter.end();
        lines.end();
        break;
      case 'finish':
        out({ type: 'end', end: lines.finish(m.now) });
        break;
    }
  };
}

const data = workerData as Partial<ImportWorkerData> | null;
if (!isMainThread && parentPort && data?.role === IMPORT_WORKER_ROLE) {
  const port = parentPort;
  const handle = createImporter(createOcppValidator(), {
    importedAt: data.importedAt!, fallbackCharger: data.fallbackCharger ?? null, fileName: data.fileName ?? '', date: data.date ?? null, tzMinutes: data.tzMinutes ?? null,
  }, (m) => port.postMessage(m), data.rows ? (m) => data.rows!.postMessage(m) : undefined);
  port.on('message', (m: ToImporter) => handle(m));
  port.postMessage({ type: 'ready' } satisfies FromImporter);
}
