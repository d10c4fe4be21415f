/**
 * `node --import tsx bench/files.ts [--quick] [--reps=K] [--mb=100] [--n=10]`
 *
 * Firmware served to N chargers at once, over HTTP (on the OCPP port) and over FTP (passive mode), as the
 * issue asks: aggregate MB/s and the server's RSS before / peak / growth. Three processes, as BENCH.md
 * wants: ChargeScope as `npm run serve` starts it (temp data dir), this orchestrator, and one client process
 * that connects the N chargers over OCPP, receives UpdateFirmware with our locations and downloads every copy
 * at once, hashing each with sha256 as it streams (no copy is held in memory). HTTP and FTP runs alternate
 * (A B A B) and medians are quoted. Printed, never asserted. Goal: >= 200 MB/s over HTTP, RSS growth <= 50 MB.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { request, get } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

const ROOT = resolve(import.meta.dirname, '..');
const TOKEN = 'bench-files-token-0123456789';
const argv = process.argv.slice(2);
const opt = (name: string): string | undefined => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const quick = argv.includes('--quick');
const cfg = { reps: Number(opt('reps') ?? (quick ? 1 : 3)), mb: Number(opt('mb') ?? 100), n: Number(opt('n') ?? 10) };
const log = (s = '') => process.stdout.write(`${s}\n`);
const f1 = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : '—');
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2) : NaN;
};

// ---------------------------------------------------------------- client process ----------------------------------------------------------------

type ToClients = { cmd: 'connect'; ocppUrl: string; n: number; prefix: string } | { cmd: 'download' } | { cmd: 'exit' };
type FromClients = { ok: 'connected' } | { ok: 'located'; count: number } | { ok: 'downloaded'; copies: Copy[]; seconds: number } | { error: string };
interface Copy { charger: string; protocol: string; bytes: number; sha256: string; seconds: number }

async function httpCopy(location: string): Promise<{ bytes: number; sha256: string }> {
  const hash = createHash('sha256');
  let bytes = 0;
  await new Promise<void>((res, rej) => {
    get(location, { agent: false }, (r) => {
      if (r.statusCode !== 200) {
        r.resume();
        rej(new Error(`HTTP ${r.statusCode} for ${location}`));
        return;
      }
      r.on('data', (c: Buffer) => {
        bytes += c.length;
        hash.update(c);
      });
      r.once('end', res);
      r.once('error', rej);
    }).once('error', rej);
  });
  return { bytes, sha256: hash.digest('hex') };
}

async function ftpCopy(location: string): Promise<{ bytes: number; sha256: string }> {
  const { Client } = await import('basic-ftp');
  const url = new URL(location);
  const client = new Client(60_000);
  const hash = createHash('sha256');
  let bytes = 0;
  try {
    await client.access({ host: url.hostname, port: Number(url.port), user: decodeURIComponent(url.username), password: decodeURIComponent(url.password) });
    await client.downloadTo(new Writable({
      highWaterMark: 256 * 1024,
      write(c: Buffer, _e, cb) {
        bytes += c.length;
        hash.update(c);
        cb();
      },
    }), decodeURIComponent(url.pathname.replace(/^\//, '')));
  } finally {
    client.close();
  }
  return { bytes, sha256: hash.digest('hex') };
}

async function clients(): Promise<void> {
  const { RPCClient } = await import('ocpp-rpc');
  const send = (m: FromClients) => process.send!(m);
  const chargers: InstanceType<typeof RPCClient>[] = [];
  let locations = new Map<string, string>();
  process.on('message', (m: ToClients) => {
    void (async () => {
      try {
        if (m.cmd === 'connect') {
          for (let i = 0; i < m.n; i++) {
            const identity = `${m.prefix}${String(i + 1).padStart(2, '0')}`;
            const cp = new RPCClient({ endpoint: m.ocppUrl, identity, protocols: ['ocpp1.6'], strictMode: false, callTimeoutMs: 600_000, reconnect: false, pingIntervalMs: 0 } as never);
            cp.handle('UpdateFirmware', async ({ params }) => {
              locations.set(identity, (params as { location: string }).location);
              if (locations.size === m.n) send({ ok: 'located', count: locations.size });
              return {};
            });
            await cp.connect();
            await cp.call('BootNotification', { chargePointVendor: 'Bench', chargePointModel: 'Files', firmwareVersion: '1.0.0' });
            chargers.push(cp);
          }
          send({ ok: 'connected' });
        } else if (m.cmd === 'download') {
          const todo = [...locations];
          locations = new Map();
          const t0 = performance.now();
          const copies = await Promise.all(todo.map(async ([charger, location]) => {
            const s = performance.now();
            const protocol = location.startsWith('ftp:') ? 'ftp' : 'http';
            const r = protocol === 'ftp' ? await ftpCopy(location) : await httpCopy(location);
            return { charger, protocol, ...r, seconds: (performance.now() - s) / 1000 };
          }));
          send({ ok: 'downloaded', copies, seconds: (performance.now() - t0) / 1000 });
        } else {
          await Promise.allSettled(chargers.map((c) => c.close({ force: true })));
          process.exit(0);
        }
      } catch (err) {
        send({ error: (err as Error).stack ?? String(err) });
      }
    })();
  });
}

// ---------------------------------------------------------------- orchestrator ----------------------------------------------------------------

function rssMb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN; // the process is gone
  }
}

function sampleRss(pid: number, everyMs = 50): { stop(): number } {
  let peak = rssMb(pid);
  const t = setInterval(() => (peak = Math.max(peak, rssMb(pid))), everyMs);
  return { stop: () => (clearInterval(t), Math.max(peak, rssMb(pid))) };
}

interface Server { child: ChildProcess; pid: number; ocppUrl: string; api: string; dataDir: string }

async function startServer(): Promise<Server> {
  const dataDir = mkdtempSync(join(tmpdir(), 'chargescope-bench-files-'));
  // A passive range of our own, wide enough for N data connections at once.
  const low = 31_000 + Math.floor(Math.random() * 2000);
  const child = spawn(process.execPath, [
    '--import', 'tsx', 'main/serve.ts', '--data-dir', dataDir, '--ocpp-port', '0', '--ui-port', '0', '--ftp-port', '0',
    '--ftp-pasv-ports', `${low}-${low + 4 * cfg.n}`, '--ocpp-host', '127.0.0.1', '--token', TOKEN,
  ], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-5000)));
  const ports = await new Promise<{ ocpp: number; ui: number }>((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`ChargeScope did not start in 60 s: ${err}`)), 60_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const o = /Charger URL \(add the charge point identity\): ws:\/\/[^:/\s]+:(\d+)\/ocpp\//.exec(out);
      const u = /UI: http:\/\/127\.0\.0\.1:(\d+)\//.exec(out);
      if (o && u) {
        clearTimeout(timer);
        res({ ocpp: Number(o[1]), ui: Number(u[1]) });
      }
    });
    child.once('exit', (code) => rej(new Error(`ChargeScope exited (${code}) before it printed its URLs: ${err}`)));
  });
  return { child, pid: child.pid!, ocppUrl: `ws://127.0.0.1:${ports.ocpp}/ocpp`, api: `http://127.0.0.1:${ports.ui}`, dataDir };
}

async function api<T>(s: Server, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(s.api + path, {
    method, headers: { Authorization: `Bearer ${TOKEN}`, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${text}`);
  return JSON.parse(text) as T;
}

/** Streams the image to POST /api/firmware (never held whole in memory here either). */
async function uploadFirmware(s: Server, file: string, name: string): Promise<{ id: string; sha256: string; size: number }> {
  const size = statSync(file).size;
  const req = request(`${s.api}/api/firmware?name=${encodeURIComponent(name)}`, {
    method: 'POST', headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/octet-stream', 'Content-Length': size },
  });
  const answered = once(req, 'response') as Promise<[import('node:http').IncomingMessage]>;
  await pipeline(createReadStream(file), req);
  const [res] = await answered;
  let text = '';
  for await (const c of res) text += String(c);
  if (res.statusCode !== 201) throw new Error(`POST /api/firmware: HTTP ${res.statusCode} ${text}`);
  return JSON.parse(text) as { id: string; sha256: string; size: number };
}

async function makeImage(dir: string, mb: number): Promise<{ file: string; sha256: string }> {
  const file = join(dir, `firmware-${mb}MB.bin`);
  const out = createWriteStream(file);
  const hash = createHash('sha256');
  const block = randomBytes(1024 * 1024);
  for (let i = 0; i < mb; i++) {
    block.writeUInt32LE(i, 0); // every MB differs, so a misplaced range would change the hash
    hash.update(block);
    if (!out.write(block)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return { file, sha256: hash.digest('hex') };
}

function talk(child: ChildProcess) {
  const waiters: ((m: FromClients) => void)[] = [];
  child.on('message', (m: FromClients) => waiters.shift()?.(m));
  return (cmd: ToClients, expect: string): Promise<FromClients> => new Promise((res, rej) => {
    waiters.push((m) => ('error' in m ? rej(new Error(`clients: ${m.error}`)) : 'ok' in m && m.ok === expect ? res(m) : rej(new Error(`clients answered ${JSON.stringify(m)}`))));
    child.send(cmd);
  });
}

interface Run { protocol: 'http' | 'ftp'; mbPerSec: number; seconds: number; rssBeforeMb: number; rssPeakMb: number; growthMb: number; allMatch: boolean; slowestS: number; fastestS: number }

async function orchestrate(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'chargescope-bench-fw-'));
  let server: Server | null = null;
  let kids: ChildProcess | null = null;
  try {
    log(`Firmware of ${cfg.mb} MB served to ${cfg.n} chargers at once, HTTP and FTP alternating, ${cfg.reps}× each; server, orchestrator and clients in separate processes; sha256 checked on every copy.`);
    log(`Load average ${loadavg().map((x) => x.toFixed(1)).join(' / ')} on ${cpus().length} cores when it started (the machine is shared: figures move with it).`);
    const image = await makeImage(work, cfg.mb);
    server = await startServer();
    const fw = await uploadFirmware(server, image.file, `bench-${cfg.mb}MB.bin`);
    if (fw.sha256 !== image.sha256) throw new Error('the library stored a different sha256 than the image has');
    kids = fork(import.meta.filename, ['--role=clients'], { execArgv: ['--import', 'tsx'], cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const ask = talk(kids);
    await ask({ cmd: 'connect', ocppUrl: server.ocppUrl, n: cfg.n, prefix: 'BENCH-FW-' }, 'connected');
    const chargers = Array.from({ length: cfg.n }, (_, i) => `BENCH-FW-${String(i + 1).padStart(2, '0')}`);
    const runs: Run[] = [];
    const order = Array.from({ length: cfg.reps }, () => ['http', 'ftp'] as const).flat();
    // Per run: every charger is sent UpdateFirmware (its handler keeps the location), then all download at once.
    for (const protocol of order) {
      const locatedAll = new Promise<void>((res, rej) => {
        const on = (m: FromClients) => {
          if ('ok' in m && m.ok === 'located') {
            kids!.off('message', on);
            res();
          } else if ('error' in m) rej(new Error(m.error));
        };
        kids!.on('message', on);
      });
      await Promise.all(chargers.map((id) => api(server!, 'POST', `/api/chargers/${encodeURIComponent(id)}/firmware-update`, { firmwareId: fw.id, protocol })));
      await locatedAll;
      await new Promise((r) => setTimeout(r, 500)); // let the server settle after the calls
      const rssBeforeMb = rssMb(server.pid);
      const rss = sampleRss(server.pid);
      const done = (await ask({ cmd: 'download' }, 'downloaded')) as Extract<FromClients, { ok: 'downloaded' }>;
      const rssPeakMb = rss.stop();
      const total = done.copies.reduce((a, c) => a + c.bytes, 0);
      const allMatch = done.copies.length === cfg.n && done.copies.every((c) => c.sha256 === image.sha256 && c.bytes === cfg.mb * 1024 * 1024);
      const r: Run = {
        protocol, mbPerSec: total / (1024 * 1024) / done.seconds, seconds: done.seconds, rssBeforeMb, rssPeakMb, growthMb: rssPeakMb - rssBeforeMb, allMatch,
        slowestS: Math.max(...done.copies.map((c) => c.seconds)), fastestS: Math.min(...done.copies.map((c) => c.seconds)),
      };
      runs.push(r);
      log(`  ${protocol.toUpperCase().padEnd(4)} #${runs.filter((x) => x.protocol === protocol).length}: ${f1(r.mbPerSec)} MB/s aggregate (${f1(total / 2 ** 20)} MB in ${r.seconds.toFixed(2)} s; copies ${r.fastestS.toFixed(2)}–${r.slowestS.toFixed(2)} s)  ` +
        `server RSS ${f1(r.rssBeforeMb)} → peak ${f1(r.rssPeakMb)} MB (+${f1(r.growthMb)})  sha256 ${allMatch ? `ok on all ${done.copies.length} copies` : 'MISMATCH'}`);
    }
    log('');
    log(`Summary (median of ${cfg.reps}; 1 MB = 2^20 bytes):`);
    for (const protocol of ['http', 'ftp'] as const) {
      const rs = runs.filter((r) => r.protocol === protocol);
      const goal = protocol === 'http' ? '  (goal >= 200 MB/s, growth <= 50 MB)' : '';
      log(`  ${protocol.toUpperCase().padEnd(4)} ${cfg.n} × ${cfg.mb} MB: ${f1(median(rs.map((r) => r.mbPerSec)))} MB/s aggregate, server RSS before ${f1(median(rs.map((r) => r.rssBeforeMb)))} MB, ` +
        `peak ${f1(median(rs.map((r) => r.rssPeakMb)))} MB, growth ${f1(median(rs.map((r) => r.growthMb)))} MB (max ${f1(Math.max(...rs.map((r) => r.growthMb)))}), sha256 ${rs.every((r) => r.allMatch) ? 'ok' : 'MISMATCH'}${goal}`);
    }
    if (!runs.every((r) => r.allMatch)) process.exitCode = 1;
  } finally {
    if (kids && kids.connected) {
      kids.send({ cmd: 'exit' });
      await Promise.race([once(kids, 'exit'), new Promise((r) => setTimeout(r, 5000))]);
    }
    kids?.kill('SIGKILL');
    if (server) {
      const exited = once(server.child, 'exit');
      server.child.kill('SIGTERM');
      const t = setTimeout(() => server!.child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(t);
      rmSync(server.dataDir, { recursive: true, force: true });
    }
    rmSync(work, { recursive: true, force: true });
  }
}

if (argv.includes('--role=clients')) void clients();
else await orchestrate();
