/**
 * `node --import tsx bench/import-cpu.ts [--lines=200000] [--mode=in-process|worker] [--reps=1]` (add `--cpu-prof` to
 * node's flags for a profile of the in-process mode).
 *
 * The line import of a trace JSONL as bench/sessions.ts builds it (100 chargers, Authorize / StartTransaction /
 * MeterValues ×2 / StopTransaction cycles), run in this process through importLines with a real store on a temp
 * file: the figure a shared machine distorts least is the process CPU seconds (all threads), printed with the wall
 * time, µs per line, the peak RSS and the load average. Also printed: how long this thread (the store's, which answers
 * live chargers) was kept from its event loop during the import (p99 and max of the event-loop delay). The trace file is
 * made once per line count and kept in the temp dir (`chargescope-import-cpu-<lines>.jsonl`).
 */
import { createReadStream, createWriteStream, existsSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { join } from 'node:path';
import { once } from 'node:events';
import { fill } from './sessions.ts';
import { createStore } from '../main/store/store.ts';
import { createJobs } from '../main/logs/jobs.ts';
import { traceLines } from '../main/logs/export/export-text.ts';
import { importLines } from '../main/logs/import/import-lines.ts';
import { createRecordingsRepo } from '../main/store/recordings.ts';
import { createOcppValidator } from '../main/ocpp/validation.ts';

const argv = process.argv.slice(2);
const opt = (name: string): string | undefined => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const LINES = Number(opt('lines') ?? 200_000);
const MODE = (opt('mode') ?? 'in-process') as 'in-process' | 'worker';
const REPS = Number(opt('reps') ?? 1);
const log = (s: string) => process.stdout.write(`${s}\n`);

async function traceFile(): Promise<string> {
  const file = join(tmpdir(), `chargescope-import-cpu-${LINES}.jsonl`);
  if (existsSync(file)) return file;
  const dir = mkdtempSync(join(tmpdir(), 'chargescope-import-cpu-fill-'));
  try {
    fill(dir, LINES);
    const store = createStore(join(dir, 'chargescope.db'), '2025-01-01T00:00:00.000Z');
    const jobs = createJobs(() => {}, () => new Date());
    const job = jobs.start({ kind: 'export', format: 'trace-jsonl', sessionId: 1, fileName: 'x', unit: 'frames' });
    const out = createWriteStream(`${file}.part`);
    for await (const chunk of traceLines(store, store.sessions.liveId, Number.MAX_SAFE_INTEGER, null, job)) {
      if (!out.write(chunk)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
    store.close();
    renameSync(`${file}.part`, file);
    return file;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function once1(file: string): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'chargescope-import-cpu-'));
  try {
    const store = createStore(join(dir, 'chargescope.db'), '2025-01-01T00:00:00.000Z');
    const recordings = createRecordingsRepo(store, dir);
    const validator = createOcppValidator();
    const jobs = createJobs(() => {}, () => new Date());
    const job = jobs.start({ kind: 'import', format: null, sessionId: null, fileName: 'session.trace.jsonl', unit: 'bytes' });
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const r = await importLines({ store, validator, recordings, clock: () => new Date(), parse: { mode: MODE } }, createReadStream(file), {
      fileName: 'session.trace.jsonl', fallbackCharger: null, job, sha256: () => null,
    });
    const wall = (performance.now() - t0) / 1000;
    delay.disable();
    const c = process.cpuUsage(cpu0);
    const cpu = (c.user + c.system) / 1e6;
    const findings = store.db.prepare('SELECT COUNT(*) AS n FROM findings WHERE session_id = ?').get(r.sessionId) as { n: number };
    store.close();
    log(`${MODE}: ${r.frames} frames, ${r.skippedLines} skipped, ${findings.n} findings: wall ${wall.toFixed(2)} s, CPU ${cpu.toFixed(2)} s (user ${(c.user / 1e6).toFixed(2)}, sys ${(c.system / 1e6).toFixed(2)}), `
      + `${((cpu * 1e6) / LINES).toFixed(2)} µs CPU/line, event loop delay p99 ${(delay.percentile(99) / 1e6).toFixed(1)} ms / max ${(delay.max / 1e6).toFixed(0)} ms, peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB, load ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const file = await traceFile();
for (let i = 0; i < REPS; i++) await once1(file);
