import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

export interface Served {
  child: ChildProcess;
  ocppUrl: string;
  uiUrl: string;
  uiPort: number;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const ROOT = resolve(import.meta.dirname, '../..');

/** Runs the headless shell as a child process, as `npm run serve` does, and reads the printed URLs. */
export function runServe(args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess & { out: string[]; err: string[] } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'main/serve.ts', ...args], {
    cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  }) as ChildProcess & { out: string[]; err: string[] };
  child.out = [];
  child.err = [];
  child.stdout!.on('data', (d) => child.out.push(String(d)));
  child.stderr!.on('data', (d) => child.err.push(String(d)));
  return child;
}

export function exitOf(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((r) => child.once('exit', (code, signal) => r({ code, signal })));
}

export async function startServe(args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 20_000): Promise<Served> {
  const child = runServe(args, env);
  const exited = exitOf(child);
  const uiLine = await new Promise<string>((resolveLine, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${child.err.join('')}`)), timeoutMs);
    const check = () => {
      const m = /UI: (http:\/\/127\.0\.0\.1:\d+\/#token=\S+)/.exec(child.out.join(''));
      if (m) {
        clearTimeout(timer);
        resolveLine(m[1]!);
      }
    };
    child.stdout!.on('data', check);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`serve exited early: ${child.err.join('')}`));
    });
  });
  const ws = /(ws:\/\/[\d.]+:(\d+)\/ocpp\/)/.exec(child.out.join(''))!;
  const port = /:(\d+)\//.exec(uiLine)![1]!;
  return {
    child, uiUrl: uiLine, uiPort: Number(port), ocppUrl: `ws://127.0.0.1:${ws[2]}/ocpp`,
    stdout: () => child.out.join(''), stderr: () => child.err.join(''), exited,
  };
}
