import type { Readable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import type { OcppValidator } from '../../ocpp/validation.ts';
import type { Job } from '../jobs.ts';
import type { ReplayBatch, ReplayEnd } from './line-replay.ts';
import { createImporter, IMPORT_WORKER_ROLE, type FromImporter, type ImportInit, type ImportWorkerData, type ToImporter } from './import-worker.ts';
import { startWorker } from './start-worker.ts';

/** Bytes sent to the importer at a time (chunks of the input are gathered up to this). */
const CHUNK_BYTES = 1 << 20;
/** Chunks sent but not yet read, and batches made but not yet taken: bounds memory while either side is behind. */
const MAX_CHUNKS_AHEAD = 4;
const MAX_BATCHES_AHEAD = 4;

export type ImportWhere = 'worker' | 'in-process';

export interface ImportThreadOptions extends ImportInit {
  /** Where the lines are read and replayed; `worker` (the default) falls back to `in-process` when no worker starts. */
  mode?: ImportWhere;
  /** The validator used in-process (a worker makes its own). */
  validator: OcppValidator;
  job: Pick<Job, 'signal' | 'check'>;
  /** Told where the import runs once that is known, and why not in a worker when it fell back. */
  onStart?(where: ImportWhere, why?: unknown): void;
}

interface Port { post(m: ToImporter): void }

/**
 * Reads and replays the lines of `input` in a worker thread (import-worker.ts), so that parsing, validating and
 * pairing the frames overlaps with the store writing the rows of the batch before on this thread. `batches` yields
 * the rows batch by batch up to the last; `finish` then asks for what the end writes. Reading the input pauses
 * while the worker or the writer is behind; a cancelled job ends `batches` with JobCancelled even while the input is
 * idle. `close` stops the worker and leaves the input paused (not destroyed) when it did not end.
 */
export function startImport(input: Readable, o: ImportThreadOptions): ImportThread {
  return new ImportThread(input, o);
}

export class ImportThread {
  private readonly made: ReplayBatch[] = [];
  /** Messages for the importer before it is ready. */
  private readonly held: ToImporter[] = [];
  private end: ReplayEnd | null = null;
  private port: Port | null = null;
  private worker: Worker | undefined;
  private failure: { err: unknown } | null = null;
  /** Chunks sent and not yet acknowledged. */
  private inFlight = 0;
  private inputEnded = false;
  private closed = false;
  private gathered: Buffer[] = [];
  private gatheredBytes = 0;
  private wake: (() => void) | null = null;
  private readonly notify = () => {
    const w = this.wake;
    this.wake = null;
    w?.();
  };
  private readonly fail = (err: unknown) => {
    this.failure ??= { err };
    this.notify();
  };
  private readonly onData = (chunk: Buffer) => {
    this.gathered.push(chunk);
    this.gatheredBytes += chunk.length;
    if (this.gatheredBytes >= CHUNK_BYTES) this.sendGathered();
    this.flow();
  };
  private readonly onEnd = () => {
    this.sendGathered();
    this.inputEnded = true;
    this.post({ type: 'end' });
  };

  constructor(private readonly input: Readable, private readonly o: ImportThreadOptions) {
    if (o.mode === 'in-process') this.inProcess();
    else this.startWorker();
    input.on('data', this.onData);
    input.once('end', this.onEnd);
    input.once('error', this.fail);
    o.job.signal.addEventListener('abort', this.notify);
  }

  async *batches(): AsyncGenerator<ReplayBatch> {
    for (;;) {
      await this.until(() => this.made.length > 0);
      const b = this.made.shift()!;
      this.flow();
      yield b;
      if (b.last) return;
    }
  }

  async finish(now: string): Promise<ReplayEnd> {
    this.post({ type: 'finish', now });
    await this.until(() => this.end !== null);
    return this.end!;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.o.job.signal.removeEventListener('abort', this.notify);
    this.input.off('data', this.onData);
    this.input.off('end', this.onEnd);
    this.input.off('error', this.fail);
    if (!this.inputEnded) this.input.pause();
    void this.worker?.terminate();
  }

  /** Waits until `ready()` holds; throws when the importer failed or the job was cancelled. */
  private async until(ready: () => boolean): Promise<void> {
    for (;;) {
      this.o.job.check();
      if (ready()) return;
      if (this.failure) throw this.failure.err;
      await new Promise<void>((r) => (this.wake = r));
    }
  }

  private receive(m: FromImporter): void {
    if (m.type === 'ack') this.inFlight--;
    else if (m.type === 'batch') this.made.push(m.batch);
    else if (m.type === 'end') this.end = m.end;
    this.flow();
    this.notify();
  }

  private flow(): void {
    if (this.inputEnded || this.closed) return;
    if (this.inFlight >= MAX_CHUNKS_AHEAD || this.made.length >= MAX_BATCHES_AHEAD || this.failure) this.input.pause();
    else this.input.resume();
  }

  private post(m: ToImporter): void {
    if (this.port) this.port.post(m);
    else this.held.push(m);
  }

  private sendGathered(): void {
    if (this.gatheredBytes === 0) return;
    const data = new Uint8Array(this.gatheredBytes);
    let at = 0;
    for (const c of this.gathered) {
      data.set(c, at);
      at += c.length;
    }
    this.gathered = [];
    this.gatheredBytes = 0;
    this.inFlight++;
    this.post({ type: 'chunk', data });
  }

  private started(port: Port, where: ImportWhere, why?: unknown): void {
    this.port = port;
    this.o.onStart?.(where, why);
    for (const m of this.held.splice(0)) port.post(m);
  }

  /** What the importer is told at start (the same in a worker and in-process). */
  private init(): ImportInit {
    const { importedAt, fallbackCharger, fileName, date, tzMinutes } = this.o;
    return { importedAt, fallbackCharger, fileName: fileName ?? '', date: date ?? null, tzMinutes: tzMinutes ?? null };
  }

  private inProcess(why?: unknown): void {
    const handle = createImporter(this.o.validator, this.init(), (m) => this.receive(m));
    // Called from the input's events: what the replay throws must end the import, not escape into the stream.
    const post = (m: ToImporter) => {
      try {
        handle(m);
      } catch (err) {
        this.fail(err);
      }
    };
    this.started({ post }, 'in-process', why);
  }

  /** Starts the worker; until it says it is ready, messages are held, and a worker that cannot start falls back in-process. */
  private startWorker(): void {
    let ready = false;
    let fellBack = false;
    let worker: Worker | undefined;
    const fallBack = (why: unknown) => {
      if (ready || fellBack || this.closed) return;
      fellBack = true;
      void worker?.terminate();
      this.inProcess(why);
    };
    try {
      worker = this.worker = newWorker({ role: IMPORT_WORKER_ROLE, ...this.init() });
    } catch (err) {
      return fallBack(err);
    }
    const w = worker;
    w.on('message', (m: FromImporter) => {
      if (m.type !== 'ready') return this.receive(m);
      if (fellBack) return;
      ready = true;
      this.started({ post: (msg) => (msg.type === 'chunk' ? w.postMessage(msg, [msg.data.buffer as ArrayBuffer]) : w.postMessage(msg)) }, 'worker');
    });
    w.on('error', (err) => (ready ? this.fail(err) : fallBack(err)));
    w.on('exit', (code) => {
      if (!ready) fallBack(new Error(`the import worker stopped (exit code ${code}) before it started`));
      else if (!this.closed) this.fail(new Error(`the import worker stopped (exit code ${code}) before the import ended`));
    });
  }
}

/**
 * A stated heap limit for the worker. Far above what an import keeps (pending CALLs, transaction ids: ~30 MB for a
 * million lines), but V8 then starts collecting at a size derived from it rather than from the machine's memory:
 * the worker's heap peaked near 125 MB of mostly garbage without it, ~60 MB less with it (bench/sessions.ts).
 */
const WORKER_LIMITS = { maxOldGenerationSizeMb: 1024 };

function newWorker(workerData: ImportWorkerData): Worker {
  return startWorker('import-worker', workerData, WORKER_LIMITS);
}
