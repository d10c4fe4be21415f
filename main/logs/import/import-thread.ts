import type { Readable } from 'node:stream';
import { MessageChannel, type MessagePort, type Worker } from 'node:worker_threads';
import type { OcppValidator } from '../../ocpp/validation.ts';
import type { Job } from '../jobs.ts';
import type { ReplayBatch, ReplayEnd } from './line-replay.ts';
import { createImporter, IMPORT_WORKER_ROLE, type FromImporter, type ImportInit, type ImportWorkerData, type ToImporter } from './import-worker.ts';
import { IMPORT_WRITER_ROLE, type FromWriter, type ImportWriterData, type WriterControl } from './import-writer.ts';
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
  /**
   * In a worker, the rows go to a writer thread of their own (import-writer.ts) that writes them into this database
   * file's session: the batches then come out written, without their rows. Without it (and in-process) each batch
   * carries its rows for this thread to write.
   */
  writeTo?: { file: string; sessionId: number };
  job: Pick<Job, 'signal' | 'check'>;
  /** Told where the import runs once that is known, and why not in a worker when it fell back. */
  onStart?(where: ImportWhere, why?: unknown): void;
}

interface Port { post(m: ToImporter): void }

/**
 * Reads and replays the lines of `input` in a worker thread (import-worker.ts), so that parsing, validating and
 * pairing the frames overlaps with writing the rows of the batch before: in a writer thread of its own when `writeTo`
 * names the database (the rows then never pass through this thread), else on this thread. `batches` yields the
 * batches up to the last (written, or with their rows to write); `finish` then asks for what the end writes. Reading
 * the input pauses while the worker or the writer is behind; a cancelled job ends `batches` with JobCancelled even
 * while the input is idle. `close` stops the worker and leaves the input paused (not destroyed) when it did not end;
 * `stopWriter` stops the writer thread (after the WAL checkpoint the import owes, when asked).
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
  private writer: Worker | undefined;
  private writerStopped: Promise<void> | null = null;
  private writerExited = false;
  /** Batches the worker has sent to the writer thread and that it has not yet written. */
  private unwritten = 0;
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

  /** Whether a writer thread writes the rows (the batches then come without them). */
  get writesElsewhere(): boolean {
    return this.writer !== undefined;
  }

  /**
   * Stops the writer thread, once (later calls get the same promise): it closes its connection, after a PASSIVE WAL
   * checkpoint when `checkpoint`. Resolves when it has stopped; no-op without a writer.
   */
  stopWriter(checkpoint: boolean): Promise<void> {
    const w = this.writer;
    if (!w || this.writerExited) return Promise.resolve();
    this.writerStopped ??= new Promise<void>((resolve) => {
      const done = () => {
        void w.terminate();
        resolve();
      };
      w.once('exit', done);
      w.on('message', (m: FromWriter) => {
        if (m.type === 'stopped') done();
      });
      w.postMessage({ type: 'stop', checkpoint } satisfies WriterControl);
    });
    return this.writerStopped;
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

  private receive(m: FromImporter | FromWriter): void {
    if (m.type === 'ack') {
      this.inFlight--;
      this.unwritten += m.made;
    } else if (m.type === 'batch') this.made.push(m.batch);
    else if (m.type === 'written') {
      this.unwritten--;
      this.made.push(m.batch);
    } else if (m.type === 'end') this.end = m.end;
    else if (m.type === 'failed') this.failure ??= { err: new Error(`the import's writer thread failed: ${m.message}`) };
    this.flow();
    this.notify();
  }

  private flow(): void {
    if (this.inputEnded || this.closed) return;
    if (this.inFlight >= MAX_CHUNKS_AHEAD || this.made.length >= MAX_BATCHES_AHEAD || this.unwritten >= MAX_BATCHES_AHEAD || this.failure) this.input.pause();
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

  /**
   * Starts the worker, and the writer thread when `writeTo` names the database, joined by a channel of their own for
   * the rows. Messages are held until the worker says it is ready (the rows wait in the channel until the writer
   * listens: its start overlaps the worker's); when either cannot start before the import has, both stop and the
   * import falls back in-process. A writer that fails after that fails the import (its rows are in its channel).
   */
  private startWorker(): void {
    let ready = false;
    let fellBack = false;
    const started: Worker[] = [];
    const fallBack = (why: unknown) => {
      if (fellBack || this.closed) return;
      fellBack = true;
      for (const w of started) void w.terminate();
      this.writer = undefined;
      this.inProcess(why);
    };
    const writeTo = this.o.writeTo;
    let worker: Worker;
    try {
      const channel = writeTo ? new MessageChannel() : null;
      worker = this.worker = newWorker({ role: IMPORT_WORKER_ROLE, ...this.init(), ...(channel ? { rows: channel.port1 } : {}) }, channel ? [channel.port1] : []);
      started.push(worker);
      if (channel && writeTo) {
        this.writer = startWorker('import-writer', { role: IMPORT_WRITER_ROLE, file: writeTo.file, sessionId: writeTo.sessionId, rows: channel.port2 } satisfies ImportWriterData,
          WRITER_LIMITS, [channel.port2]);
        started.push(this.writer);
      }
    } catch (err) {
      return fallBack(err);
    }
    const w = worker;
    for (const t of started) {
      const what = t === w ? 'import worker' : "import's writer thread";
      let up = false;
      const broke = (err: unknown) => (ready ? this.fail(err) : fallBack(err));
      t.on('message', (m: FromImporter | FromWriter) => {
        if (m.type === 'ready') {
          up = true;
          if (t !== w || fellBack) return;
          ready = true;
          return this.started({ post: (msg) => (msg.type === 'chunk' ? w.postMessage(msg, [msg.data.buffer as ArrayBuffer]) : w.postMessage(msg)) }, 'worker');
        }
        if (m.type === 'stopped' || fellBack) return;
        if (!up && m.type === 'failed') return broke(new Error(`the ${what} could not start: ${m.message}`));
        this.receive(m);
      });
      t.on('error', (err) => (fellBack ? undefined : broke(err)));
      t.on('exit', (code) => {
        if (t === this.writer) this.writerExited = true;
        if (fellBack || this.closed || (t === this.writer && this.writerStopped)) return;
        broke(new Error(`the ${what} stopped (exit code ${code}) before ${up ? 'the import ended' : 'it started'}`));
      });
    }
  }
}

/**
 * A stated heap limit for the worker. Far above what an import keeps (pending CALLs, transaction ids: ~30 MB for a
 * million lines), but V8 then starts collecting at a size derived from it rather than from the machine's memory:
 * the worker's heap peaked near 125 MB of mostly garbage without it, ~60 MB less with it (bench/sessions.ts). The
 * young generation is stated too: at its default (32 MB of new space measured) it cost ~30 MB of the peak RSS of a
 * million-line import (bench/sessions.ts); at 24 MB that went, and the CPU of the import did not measurably change.
 */
const WORKER_LIMITS = { maxOldGenerationSizeMb: 1024, maxYoungGenerationSizeMb: 24 };
/**
 * The writer keeps no more than the batches it is given (a few MB) and the handle runs of what it wrote; what it
 * allocates dies young. A small young generation: its default 32 MB was most of the writer's heap.
 */
const WRITER_LIMITS = { maxOldGenerationSizeMb: 256, maxYoungGenerationSizeMb: 8 };

function newWorker(workerData: ImportWorkerData, transferList: MessagePort[]): Worker {
  return startWorker('import-worker', workerData, WORKER_LIMITS, transferList);
}
