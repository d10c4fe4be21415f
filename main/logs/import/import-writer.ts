/**
 * The writer thread of a line import (import-thread.ts starts it next to the import worker): the rows the import
 * worker makes come straight to it over their own channel and are written over a connection of its own
 * (store/op-writer.ts), so the live CSMS's thread neither writes them nor waits for them. It tells the store's thread
 * what it has written, batch by batch, and at the end runs the WAL checkpoint the import owes, off that thread too.
 */
import { isMainThread, parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { openOpWriter, type OpWriter } from '../../store/op-writer.ts';
import type { ReplayBatch, ReplayEnd } from './line-replay.ts';

export const IMPORT_WRITER_ROLE = 'chargescope-line-import-writer';
export interface ImportWriterData { role: typeof IMPORT_WRITER_ROLE; file: string; sessionId: number; rows: MessagePort }

/** From the import worker, in the order it made them. */
export type ToWriter = { type: 'batch'; batch: ReplayBatch } | { type: 'end'; end: ReplayEnd };
/** From the store's thread: stop writing (after a checkpoint, when the import ended well and owes one), close, say so. */
export type WriterControl = { type: 'stop'; checkpoint: boolean };
/** To the store's thread: batches and the end as written (without their rows). */
export type FromWriter = { type: 'ready' } | { type: 'written'; batch: ReplayBatch } | { type: 'end'; end: ReplayEnd } | { type: 'failed'; message: string } | { type: 'stopped' };

const data = workerData as Partial<ImportWriterData> | null;
if (!isMainThread && parentPort && data?.role === IMPORT_WRITER_ROLE) {
  const port = parentPort;
  const rows = data.rows!;
  let writer: OpWriter | null = null;
  let failed = false;
  const fail = (err: unknown) => {
    failed = true;
    port.postMessage({ type: 'failed', message: (err as Error | undefined)?.message ?? String(err) } satisfies FromWriter);
  };
  try {
    writer = openOpWriter(data.file!, data.sessionId!);
  } catch (err) {
    fail(err);
  }
  rows.on('message', (m: ToWriter) => {
    if (failed || !writer) return;
    try {
      if (m.type === 'batch') {
        if (m.batch.ops) writer.apply(m.batch.ops);
        port.postMessage({ type: 'written', batch: { ...m.batch, ops: null } } satisfies FromWriter);
      } else {
        if (m.end.ops) writer.apply(m.end.ops);
        port.postMessage({ type: 'end', end: { ...m.end, ops: null } } satisfies FromWriter);
      }
    } catch (err) {
      fail(err);
    }
  });
  port.on('message', (m: WriterControl) => {
    if (m.type !== 'stop') return;
    rows.close();
    try {
      if (m.checkpoint && writer && !failed) writer.checkpoint();
    } finally {
      writer?.close();
      writer = null;
      port.postMessage({ type: 'stopped' } satisfies FromWriter);
    }
  });
  if (writer) port.postMessage({ type: 'ready' } satisfies FromWriter);
}
