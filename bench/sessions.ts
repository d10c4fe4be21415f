/**
 * `node --import tsx bench/sessions.ts [--quick] [--frames=N] [--reps=K]` (also run by `npm run bench`).
 *
 * Sessions and logs at scale (issue 8): export of a 1,000,000-frame session to a chargescope file and to trace
 * JSONL, re-open of that file, and import of the 1,000,000-line JSONL. Each operation runs against ChargeScope
 * as `npm run serve` starts it, in its own process, through the control API with the file streamed from or to
 * disk; the figure is the wall time of the request and the server's peak RSS (VmHWM). Goal: each ≤ 15 s and
 * ≤ 400 MB. Printed, never asserted; medians of the repeats.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createReadStream, createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { pipeline } from 'node:stream/promises';
import { createStore } from '../main/store/store.ts';

const ROOT = resolve(import.meta.dirname, '..');
const TOKEN = 'bench-token-0123456789';
const argv = process.argv.slice(2);
const opt = (name: string): string | undefined => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const quick = argv.includes('--quick');
const FRAMES = Number(opt('frames') ?? (quick ? 100_000 : 1_000_000));
const REPS = Number(opt('reps') ?? (quick ? 1 : 3));
const CHARGERS = 100;
const log = (s = '') => process.stdout.write(`${s}\n`);

/** Fills the live session of a fresh data dir: cycles of Authorize, StartTransaction, 2 × MeterValues, StopTransaction. */
export function fill(dataDir: string, frames = FRAMES): { frames: number; transactions: number; samples: number } {
  const store = createStore(join(dataDir, 'chargescope.db'), '2025-01-01T00:00:00.000Z');
  const db = store.db;
  const sid = store.sessions.liveId;
  const frame = db.prepare(`INSERT INTO frames (session_id, charger_id, direction, message_type, message_id, action, payload, raw, at, latency_ms, valid, issues, call_seq, error_code)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, NULL, ?, NULL)`);
  const tx = db.prepare(`INSERT INTO transactions (session_id, charger_id, connector_id, id_tag, id_tag_status, meter_start, started_at, meter_stop, stopped_at, reason, start_seq, stop_seq, stop_id_tag)
    VALUES (?, ?, 1, ?, 'Accepted', ?, ?, ?, ?, 'Local', ?, ?, ?)`);
  const mv = db.prepare(`INSERT INTO meter_values (session_id, seq, charger_id, connector_id, transaction_id, timestamp, value, measurand, unit)
    VALUES (?, ?, ?, 1, ?, ?, ?, ?, ?)`);
  const t0 = Date.parse('2025-01-01T06:00:00.000Z');
  let n = 0;
  let txs = 0;
  let samples = 0;
  const pair = (cp: string, id: string, action: string, req: object, res: object, atMs: number): number => {
    const reqText = JSON.stringify(req);
    const resText = JSON.stringify(res);
    // payload NULL, as ChargeScope writes frames (the payload is read back from raw).
    const seq = Number(frame.run(sid, cp, 'in', 'CALL', id, action, null, `[2,"${id}","${action}",${reqText}]`, new Date(atMs).toISOString(), null, null).lastInsertRowid);
    frame.run(sid, cp, 'out', 'CALLRESULT', id, action, null, `[3,"${id}",${resText}]`, new Date(atMs + 2).toISOString(), 2, seq);
    n += 2;
    return seq;
  };
  const cycles = Math.ceil(frames / 10);
  for (let done = 0; done < cycles;) {
    db.transaction(() => {
      for (let k = 0; k < 10_000 && done < cycles; k++, done++) {
        const cp = `CP-${String(done % CHARGERS).padStart(3, '0')}`;
        const tag = `TAG-${String(done % 5000).padStart(5, '0')}`;
        const at = t0 + done * 1000;
        const id = `m${done}`;
        const txId = 1_000_000 + done;
        pair(cp, `${id}a`, 'Authorize', { idTag: tag }, { idTagInfo: { status: 'Accepted' } }, at);
        const start = pair(cp, `${id}s`, 'StartTransaction', { connectorId: 1, idTag: tag, meterStart: 1000, timestamp: new Date(at + 10).toISOString() },
          { transactionId: txId, idTagInfo: { status: 'Accepted' } }, at + 10);
        const mvSeqs: number[] = [];
        for (let m = 1; m <= 2; m++) {
          mvSeqs.push(pair(cp, `${id}m${m}`, 'MeterValues', {
            connectorId: 1, transactionId: txId, meterValue: [{ timestamp: new Date(at + 20 * m).toISOString(), sampledValue: [
              { value: String(1000 + m * 300), measurand: 'Energy.Active.Import.Register', unit: 'Wh' },
              { value: '7.2', measurand: 'Power.Active.Import', unit: 'kW' }, { value: '31.3', measurand: 'Current.Import', unit: 'A', phase: 'L1' },
            ] }],
          }, {}, at + 20 * m));
        }
        const stop = pair(cp, `${id}x`, 'StopTransaction', { transactionId: txId, idTag: tag, meterStop: 1600, timestamp: new Date(at + 70).toISOString(), reason: 'Local' },
          { idTagInfo: { status: 'Accepted' } }, at + 70);
        const local = Number(tx.run(sid, cp, tag, 1000, new Date(at + 10).toISOString(), 1600, new Date(at + 70).toISOString(), start, stop, tag).lastInsertRowid);
        txs++;
        mvSeqs.forEach((seq, i) => {
          const ts = new Date(at + 20 * (i + 1)).toISOString();
          mv.run(sid, seq, cp, local, ts, String(1300 + i * 300), 'Energy.Active.Import.Register', 'Wh');
          mv.run(sid, seq, cp, local, ts, '7.2', 'Power.Active.Import', 'kW');
          mv.run(sid, seq, cp, local, ts, '31.3', 'Current.Import', 'A');
          samples += 3;
        });
      }
    })();
  }
  store.close();
  return { frames: n, transactions: txs, samples };
}

interface Server { child: ChildProcess; base: string; stop(): Promise<void> }

/** ChargeScope as `npm run serve` starts it, on the given data dir. */
async function serve(dataDir: string): Promise<Server> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'main/serve.ts', '--data-dir', dataDir, '--ocpp-port', '0', '--ui-port', '0', '--ftp-port', '0',
    '--ocpp-host', '127.0.0.1', '--token', TOKEN], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const base = await new Promise<string>((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`ChargeScope did not start: ${err}`)), 120_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /UI: (http:\/\/127\.0\.0\.1:\d+)\//.exec(out);
      if (m) {
        clearTimeout(timer);
        res(m[1]!);
      }
    });
    child.once('exit', (code) => rej(new Error(`ChargeScope exited (${code}): ${err}`)));
  });
  return {
    child, base,
    async stop() {
      const done = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await done;
    },
  };
}

/** The server's peak resident set (VmHWM), in MB. */
function peakRssMb(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}
/** CPU seconds (user + system) the process has used: the figure a busy shared machine distorts least. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}
function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

interface Measure { seconds: number; cpu: number; peakMb: number; idleMb: number; bytes: number; detail: string }

async function download(dataDir: string, path: string, to: string): Promise<Measure> {
  const s = await serve(dataDir);
  try {
    const idleMb = rssMb(s.child.pid!);
    const cpu0 = cpuSeconds(s.child.pid!);
    const t0 = performance.now();
    const res = await fetch(s.base + path, { headers: { Authorization: `Bearer ${TOKEN}` } });
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    await pipeline(Readable.fromWeb(res.body as never), createWriteStream(to));
    const seconds = (performance.now() - t0) / 1000;
    return { seconds, cpu: cpuSeconds(s.child.pid!) - cpu0, peakMb: peakRssMb(s.child.pid!), idleMb, bytes: statSync(to).size, detail: res.headers.get('x-chargescope-skipped-frames') ? `${res.headers.get('x-chargescope-skipped-frames')} frames not representable` : '' };
  } finally {
    await s.stop();
  }
}

async function upload(file: string, name: string): Promise<Measure> {
  const dataDir = mkdtempSync(join(tmpdir(), 'chargescope-bench-open-'));
  const s = await serve(dataDir);
  try {
    const idleMb = rssMb(s.child.pid!);
    const cpu0 = cpuSeconds(s.child.pid!);
    const t0 = performance.now();
    const res = await fetch(`${s.base}/api/sessions/import?name=${encodeURIComponent(name)}`, {
      method: 'POST', body: Readable.toWeb(createReadStream(file)) as never, duplex: 'half',
      headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/octet-stream', 'Content-Length': String(statSync(file).size) },
    } as RequestInit);
    const body = await res.json() as { frames?: number; skippedLines?: number; format?: string; error?: string };
    const seconds = (performance.now() - t0) / 1000;
    if (res.status !== 201) throw new Error(`import ${name}: ${res.status} ${body.error}`);
    return { seconds, cpu: cpuSeconds(s.child.pid!) - cpu0, peakMb: peakRssMb(s.child.pid!), idleMb, bytes: statSync(file).size, detail: `${body.format}: ${body.frames} frames, ${body.skippedLines} lines skipped` };
  } finally {
    await s.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'chargescope-bench-sessions-'));
  try {
    const dataDir = join(work, 'data');
    mkdirSync(dataDir);
    const t0 = performance.now();
    const filled = fill(dataDir);
    log(`sessions bench: one session of ${filled.frames.toLocaleString('en-US')} frames, ${CHARGERS} chargers, ${filled.transactions.toLocaleString('en-US')} transactions, ${filled.samples.toLocaleString('en-US')} meter values (filled in ${((performance.now() - t0) / 1000).toFixed(1)} s); ${REPS} rep(s), medians`);
    const file = join(work, 'session.chargescope');
    const trace = join(work, 'session.trace.jsonl');
    const ops: [string, () => Promise<Measure>][] = [
      ['export chargescope', () => download(dataDir, '/api/sessions/1/export?format=chargescope', file)],
      ['export trace-jsonl', () => download(dataDir, '/api/sessions/1/export?format=trace-jsonl', trace)],
      ['re-open chargescope (upload)', () => upload(file, 'session.chargescope')],
      [`import ${FRAMES >= 1e6 ? '1,000,000' : FRAMES.toLocaleString('en-US')}-line trace JSONL`, () => upload(trace, 'session.trace.jsonl')],
    ];
    const rows: string[][] = [['operation', 'seconds', 'server CPU s', 'peak RSS MB', 'idle RSS MB', 'file MB', 'goal', 'detail']];
    for (const [name, run] of ops) {
      const ms: Measure[] = [];
      for (let r = 0; r < REPS; r++) ms.push(await run());
      const sec = median(ms.map((m) => m.seconds));
      const peak = median(ms.map((m) => m.peakMb));
      const ok = sec <= 15 && peak <= 400 ? 'met' : 'MISSED';
      rows.push([name, sec.toFixed(2), median(ms.map((m) => m.cpu)).toFixed(2), peak.toFixed(0), median(ms.map((m) => m.idleMb)).toFixed(0), (ms[0]!.bytes / 1048576).toFixed(0),
        `≤ 15 s, ≤ 400 MB: ${ok}`, ms[0]!.detail]);
      log(`  ${name}: ${ms.map((m) => `${m.seconds.toFixed(2)} s (CPU ${m.cpu.toFixed(2)} s) / ${m.peakMb.toFixed(0)} MB`).join(', ')}   [load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores]`);
    }
    const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
    log('');
    for (const r of rows) log(r.map((c, i) => (i === 0 || i >= 6 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '));
    log(`(load average ${loadavg().map((x) => x.toFixed(1)).join(' ')} on ${cpus().length} cores at the end: wall times on a busy machine stretch, CPU seconds much less)`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((err) => {
    process.stderr.write(`bench/sessions.ts: ${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  });
}
