/**
 * Runs the compiled shell (dist/main/electron/main.js of the test build) under plain Node, with `electron` answered by
 * the stub in electron-stub/ (an ESM resolve hook registered with node:module's register), and reads what it does.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

export const REGISTER = resolve(import.meta.dirname, 'electron-stub', 'register.mjs');

export interface StubEvent {
  name: string;
  data: any;
}

export interface Shell {
  child: ChildProcess;
  events: StubEvent[];
  stdout(): string;
  /** stderr without the stub's lines. */
  stderr(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The first event named `name` (matching `where`), now or when it comes; rejects when the shell exits first. */
  next(name: string, where?: (e: StubEvent) => boolean, timeoutMs?: number): Promise<StubEvent>;
  /** Acts as Chromium would (electron.mjs `commands`) and returns what the shell decided. */
  command<T = any>(cmd: string, args?: Record<string, unknown>): Promise<T>;
}

export function launchShell(appRoot: string, args: string[], env: NodeJS.ProcessEnv = {}): Shell {
  const child = fork(join(appRoot, 'dist', 'main', 'electron', 'main.js'), args, {
    execArgv: ['--import', REGISTER],
    env: { ...process.env, STUB_APP_PATH: appRoot, ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const events: StubEvent[] = [];
  const out: string[] = [];
  const err: string[] = [];
  let partial = '';
  const listeners = new Set<() => void>();
  child.stdout!.on('data', (d) => out.push(String(d)));
  child.stderr!.on('data', (d) => {
    const lines = (partial + String(d)).split('\n');
    partial = lines.pop()!;
    for (const line of lines) {
      if (line.startsWith('@@stub ')) events.push(JSON.parse(line.slice(7)) as StubEvent);
      else err.push(`${line}\n`);
    }
    for (const l of [...listeners]) l();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.once('exit', (code, signal) => r({ code, signal })));
  let done = false;
  void exited.then(() => {
    done = true;
    for (const l of [...listeners]) l();
  });
  const next = (name: string, where: (e: StubEvent) => boolean = () => true, timeoutMs = 30_000) => new Promise<StubEvent>((res, rej) => {
    const check = () => {
      const e = events.find((x) => x.name === name && where(x));
      if (e) return finish(() => res(e));
      if (done) finish(() => rej(new Error(`the shell exited before "${name}": ${err.join('')}`)));
    };
    const timer = setTimeout(() => finish(() => rej(new Error(`no "${name}" from the shell within ${timeoutMs} ms: ${err.join('')}`))), timeoutMs);
    const finish = (f: () => void) => {
      clearTimeout(timer);
      listeners.delete(check);
      f();
    };
    listeners.add(check);
    check();
  });
  let ids = 0;
  return {
    child, events, exited, next,
    stdout: () => out.join(''),
    stderr: () => err.join(''),
    async command(cmd, args = {}) {
      const id = ++ids;
      child.send({ id, cmd, ...args });
      return (await next('reply', (e) => e.data.id === id)).data.result;
    },
  };
}

/** A port free on 127.0.0.1 right now (the shell is given fixed ports, as an engineer would give them). */
export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => res(port));
    });
  });
}
