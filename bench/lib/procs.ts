/**
 * Child processes of the bench: ChargeScope as `npm run serve` starts it, the bare ocpp-rpc server, the load
 * generators; plus /proc sampling of a server's RSS and CPU.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ConnectCmd, GoCmd, ReadyMsg, ResultMsg } from '../gen.ts';
import { Hist } from './hist.ts';

export const ROOT = resolve(import.meta.dirname, '../..');
const TSX = ['--import', 'tsx'];
const CLK_TCK = 100;

export interface ServerProc {
  kind: 'ours' | 'bare';
  pid: number;
  /** ws://127.0.0.1:PORT/ocpp — chargers append /<identity>. */
  url: string;
  child: ChildProcess;
  stderrLines(): string[];
  stop(): Promise<void>;
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((r) => child.once('exit', () => r()));
}

async function stopChild(child: ChildProcess, graceMs = 15_000): Promise<void> {
  const done = exited(child);
  child.kill('SIGTERM');
  const t = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await done;
  clearTimeout(t);
}

function collectStderr(child: ChildProcess): string[] {
  const lines: string[] = [];
  let rest = '';
  child.stderr?.on('data', (d: Buffer) => {
    const parts = (rest + d.toString()).split('\n');
    rest = parts.pop() ?? '';
    for (const l of parts) if (l.trim()) lines.push(l);
    if (lines.length > 5000) lines.splice(0, lines.length - 5000);
  });
  return lines;
}

/**
 * ChargeScope, exactly as the headless shell starts (without the UI build), on a fresh temp data dir. With
 * `upstream` (proxy mode) every charger is relayed to that back-end: the site default, set through the API.
 */
export async function startOurs(opts: { prof?: string | null; env?: NodeJS.ProcessEnv; upstream?: string } = {}): Promise<ServerProc> {
  const dataDir = mkdtempSync(join(tmpdir(), 'chargescope-bench-'));
  const nodeArgs = [...TSX, ...(opts.prof ? ['--cpu-prof', '--cpu-prof-dir', opts.prof] : [])];
  const child = spawn(process.execPath, [
    ...nodeArgs, 'main/serve.ts', '--data-dir', dataDir, '--ocpp-port', '0', '--ui-port', '0', '--ftp-port', '0',
    '--ocpp-host', '127.0.0.1', '--token', 'bench-token-0123456789',
  ], { cwd: ROOT, env: { ...process.env, ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const err = collectStderr(child);
  let out = '';
  const port = await new Promise<number>((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`ChargeScope did not start in 60 s: ${err.join('\n')}`)), 60_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /Charger URL \(add the charge point identity\): ws:\/\/[^:/\s]+:(\d+)\/ocpp\//.exec(out);
      if (m && /UI: http/.test(out)) {
        clearTimeout(timer);
        res(Number(m[1]));
      }
    });
    child.once('exit', (code) => rej(new Error(`ChargeScope exited (${code}) before it printed its URL: ${err.join('\n')}`)));
  });
  if (opts.upstream) {
    const ui = /UI: (http:\/\/[^/\s]+)/.exec(out)![1]!;
    const res = await fetch(`${ui}/api/settings`, {
      method: 'PATCH', headers: { Authorization: 'Bearer bench-token-0123456789', 'Content-Type': 'application/json' },
      body: JSON.stringify({ upstream: { url: opts.upstream, fallback: 'close' } }),
    });
    if (!res.ok) throw new Error(`setting the upstream failed: ${res.status} ${await res.text()}`);
  }
  return {
    kind: 'ours', pid: child.pid!, url: `ws://127.0.0.1:${port}/ocpp`, child, stderrLines: () => err,
    async stop() {
      await stopChild(child);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The baseline: bench/bare-server.ts in its own process. */
export async function startBare(): Promise<ServerProc> {
  const child = fork(join(ROOT, 'bench/bare-server.ts'), [], { cwd: ROOT, execArgv: TSX, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  child.stdout!.resume();
  const err = collectStderr(child);
  const port = await new Promise<number>((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`bare server did not start: ${err.join('\n')}`)), 60_000);
    child.once('message', (m: { type: string; port: number }) => {
      clearTimeout(timer);
      res(m.port);
    });
    child.once('exit', (code) => rej(new Error(`bare server exited (${code}): ${err.join('\n')}`)));
  });
  return { kind: 'bare', pid: child.pid!, url: `ws://127.0.0.1:${port}/ocpp`, child, stderrLines: () => err, stop: () => stopChild(child) };
}

export function rssMb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** CPU seconds (user + system) a process has used so far. */
export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / CLK_TCK;
  } catch {
    return NaN;
  }
}

/** Bytes a process has caused to be written to storage so far (/proc/PID/io write_bytes). */
export function writeBytes(pid: number): number {
  try {
    const m = /^write_bytes:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/io`, 'utf8'));
    return m ? Number(m[1]) : NaN;
  } catch {
    return NaN;
  }
}

/** Whole-machine CPU jiffies (all cores) from /proc/stat: busy and total. */
export function machineCpu(): { busy: number; total: number } {
  try {
    const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    const total = f.slice(0, 8).reduce((a, b) => a + b, 0);
    return { busy: total - (f[3] ?? 0) - (f[4] ?? 0), total };
  } catch {
    return { busy: NaN, total: NaN };
  }
}

/** Cores' worth of CPU (in % of one core) the whole machine used between two machineCpu() snapshots. */
export function machinePct(a: { busy: number; total: number }, b: { busy: number; total: number }, cores: number): number {
  return (100 * cores * (b.busy - a.busy)) / (b.total - a.total);
}

/** Samples a process's RSS every 200 ms (peak and last). */
export function sampleRss(pid: number) {
  let peak = rssMb(pid);
  let last = peak;
  const t = setInterval(() => {
    last = rssMb(pid);
    if (last > peak) peak = last;
  }, 200);
  return {
    stop(): { peakMb: number; lastMb: number } {
      clearInterval(t);
      last = rssMb(pid);
      if (last > peak) peak = last;
      return { peakMb: peak, lastMb: last };
    },
  };
}

/** Waits until the process uses < 5 % of a core for 0.5 s (it has finished recording closes), at most maxMs. */
export async function waitIdle(pid: number, maxMs = 15_000): Promise<void> {
  const end = Date.now() + maxMs;
  let prev = cpuSeconds(pid);
  while (Date.now() < end) {
    await sleep(500);
    const now = cpuSeconds(pid);
    if (!(now - prev > 0.025)) return;
    prev = now;
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface Connected {
  connected: number;
  failed: number;
  errors: Record<string, number>;
  /** From the connect command to the last generator's ready, ms. */
  elapsedMs: number;
  connect: Hist;
  boot: Hist;
}
export interface RunResult {
  acked: number;
  msgsPerSec: number;
  errors: Record<string, number>;
  hists: Record<string, Hist>;
  cycles: number;
  lateCycles: number;
  genCpuPct: number[];
  unanswered: number;
}

/** A group of generator processes (bench/gen.ts) sharing one load. */
export class Generators {
  private constructor(private readonly kids: ChildProcess[]) {}

  static async spawn(procs: number): Promise<Generators> {
    const kids = await Promise.all(Array.from({ length: procs }, () => new Promise<ChildProcess>((res, rej) => {
      const child = fork(join(ROOT, 'bench/gen.ts'), [], { cwd: ROOT, execArgv: TSX, stdio: ['ignore', 'inherit', 'pipe', 'ipc'] });
      const err = collectStderr(child);
      child.once('message', () => res(child));
      child.once('exit', (code) => rej(new Error(`generator exited (${code}): ${err.join('\n')}`)));
    })));
    return new Generators(kids);
  }

  private ask<T>(child: ChildProcess, msg: ConnectCmd | GoCmd, type: string, timeoutMs: number): Promise<T> {
    return new Promise<T>((res, rej) => {
      const timer = setTimeout(() => rej(new Error(`generator gave no ${type} within ${timeoutMs} ms`)), timeoutMs);
      const on = (m: { type: string }) => {
        if (m.type !== type) return;
        clearTimeout(timer);
        child.off('message', on);
        res(m as T);
      };
      child.on('message', on);
      child.send(msg);
    });
  }

  /** Connects and boots `total` chargers named prefix0..prefix(total-1), split over the processes. */
  async connect(url: string, prefix: string, total: number, concurrency: number): Promise<Connected> {
    const per = Math.ceil(total / this.kids.length);
    const t0 = performance.now();
    const parts = await Promise.all(this.kids.map((k, i) => this.ask<ReadyMsg>(k, {
      cmd: 'connect', url, prefix, from: i * per, count: Math.max(0, Math.min(per, total - i * per)), concurrency,
    }, 'ready', 600_000)));
    const out: Connected = { connected: 0, failed: 0, errors: {}, elapsedMs: performance.now() - t0, connect: new Hist(), boot: new Hist() };
    for (const p of parts) {
      out.connected += p.connected;
      out.failed += p.failed;
      for (const [k, v] of Object.entries(p.errors)) out.errors[k] = (out.errors[k] ?? 0) + v;
      out.connect.merge(p.connect);
      out.boot.merge(p.boot);
    }
    return out;
  }

  async go(cmd: Omit<GoCmd, 'cmd'>): Promise<RunResult> {
    const parts = await Promise.all(this.kids.map((k) => this.ask<ResultMsg>(k, { cmd: 'go', ...cmd }, 'result', cmd.warmupMs + cmd.measureMs + 60_000)));
    const out: RunResult = { acked: 0, msgsPerSec: 0, errors: {}, hists: {}, cycles: 0, lateCycles: 0, genCpuPct: [], unanswered: 0 };
    for (const p of parts) {
      out.acked += p.acked;
      out.cycles += p.cycles;
      out.lateCycles += p.lateCycles;
      out.unanswered += p.unanswered;
      out.genCpuPct.push(p.genCpuPct);
      for (const [k, v] of Object.entries(p.errors)) out.errors[k] = (out.errors[k] ?? 0) + v;
      for (const [k, h] of Object.entries(p.hists)) (out.hists[k] ??= new Hist()).merge(h);
    }
    out.msgsPerSec = out.acked / (cmd.measureMs / 1000);
    return out;
  }

  async exit(): Promise<void> {
    await Promise.all(this.kids.map((k) => {
      const done = exited(k);
      if (k.connected) k.send({ cmd: 'exit' });
      const t = setTimeout(() => k.kill('SIGKILL'), 10_000);
      return done.then(() => clearTimeout(t));
    }));
  }
}
