/**
 * `node --import tsx bench/ui-trace.ts [--seconds=S] [--rate=N] [--seed=N] [--view=site|charger] [--json=FILE]`
 *
 * UI figures for the live trace (issue 5, item 10): with 200,000 frames already in the database and a
 * charger sending 500 frames/s, Chromium shows the trace following live while we record
 *  - frame time: main-thread work per rendered frame, from the Chromium performance timeline
 *    (Playwright's browser.startTracing, devtools.timeline: the top-level tasks between two
 *    BeginMainThreadFrame events), p50/p95/p99 and the share of frames over 16 ms;
 *  - the interval between requestAnimationFrame callbacks in the page (what the eye sees; 16.7 ms at 60 Hz);
 *  - the page's JS heap (CDP Performance.getMetrics JSHeapUsedSize) after the run, and after a GC.
 * Goal (printed, never asserted): frame time p95 ≤ 16 ms while following live, heap ≤ 150 MB.
 *
 * Everything runs on 127.0.0.1: the core in this process (createApp on a temp data dir), the UI built into a
 * temp folder, the charger a raw WebSocket sending MeterValues CALLs (each answered: 2 frames).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { build } from 'vite';
import WebSocket from 'ws';
import { parseArgs, type Config } from '../main/app/config.ts';
import { createApp } from '../main/app/create-app.ts';

const argv = process.argv.slice(2);
const opt = (name: string, dflt: string): string => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? dflt;
const SECONDS = Number(opt('seconds', '20'));
const RATE = Number(opt('rate', '500'));
const SEED = Number(opt('seed', '200000'));
const VIEW = opt('view', 'site');
const JSON_OUT = opt('json', '');
const PROFILE = argv.includes('--profile');
const CHROMIUM = process.env['CHROMIUM'] ?? '/usr/bin/chromium';
const TOKEN = 'bench-ui-token-0123456789';
const CHARGER = 'CP-BENCH-UI';

const log = (m: string) => process.stderr.write(`[ui-trace] ${m}\n`);

function pct(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function meterValues(i: number): Record<string, unknown> {
  return {
    connectorId: 1 + (i % 2), transactionId: 1000 + (i % 2),
    meterValue: [{
      timestamp: new Date().toISOString(),
      sampledValue: [
        { value: String(10_000 + i), measurand: 'Energy.Active.Import.Register', unit: 'Wh', context: 'Sample.Periodic' },
        { value: (7200 + (i % 50)).toFixed(0), measurand: 'Power.Active.Import', unit: 'W', context: 'Sample.Periodic' },
        { value: '16.0', measurand: 'Current.Import', unit: 'A', phase: 'L1', context: 'Sample.Periodic' },
      ],
    }],
  };
}

/** 200,000 frames of 100 chargers (CALL in, CALLRESULT out, paired), straight into the store in one transaction. */
function seed(app: ReturnType<typeof createApp>, n: number): void {
  const sessionId = app.store.sessions.liveId;
  const t0 = Date.now() - n * 10;
  const insertAll = app.store.db.transaction(() => {
    for (let i = 0; i < n; i += 2) {
      const chargerId = `CP-SEED-${String(i % 100).padStart(3, '0')}`;
      const messageId = `seed-${i}`;
      const payload = meterValues(i);
      const at = new Date(t0 + i * 10).toISOString();
      const call = app.store.frames.insert({
        sessionId, chargerId, direction: 'in', messageType: 'CALL', messageId, action: 'MeterValues', payload,
        raw: JSON.stringify([2, messageId, 'MeterValues', payload]), at, latencyMs: null, valid: true, issues: [], callSeq: null, errorCode: null,
      });
      app.store.frames.insert({
        sessionId, chargerId, direction: 'out', messageType: 'CALLRESULT', messageId, action: 'MeterValues', payload: {},
        raw: JSON.stringify([3, messageId, {}]), at, latencyMs: 1, valid: true, issues: [], callSeq: call, errorCode: null,
      });
    }
  });
  insertAll();
}

/** A raw charger: boots, then sends RATE/2 MeterValues CALLs per second (each answered: RATE frames/s). */
async function startCharger(ocppUrl: string): Promise<{ sent: () => number; answered: () => number; stop(): void }> {
  const ws = new WebSocket(`${ocppUrl}/${CHARGER}`, ['ocpp1.6']);
  await new Promise<void>((res, rej) => {
    ws.once('open', () => res());
    ws.once('error', rej);
  });
  let answered = 0;
  ws.on('message', () => answered++);
  ws.send(JSON.stringify([2, 'boot', 'BootNotification', { chargePointVendor: 'Bench', chargePointModel: 'UI' }]));
  let sent = 0;
  const perTick = RATE / 2 / 100;
  let due = 0;
  const timer = setInterval(() => {
    due += perTick;
    while (due >= 1) {
      ws.send(JSON.stringify([2, `mv-${sent}`, 'MeterValues', meterValues(sent)]));
      sent++;
      due--;
    }
  }, 10);
  return { sent: () => sent, answered: () => answered, stop: () => { clearInterval(timer); ws.close(); } };
}

interface TraceEvent { name: string; ph: string; ts: number; dur?: number; tdur?: number; pid: number; tid: number; args?: { name?: string } }

/**
 * Main-thread work per frame: the top-level tasks of the renderer's main thread between two
 * BeginMainThreadFrame events. `cpu` counts the tasks' thread time (tdur), which a busy machine does not
 * inflate; `wall` their wall-clock duration.
 */
function frameTimes(events: TraceEvent[], clock: 'cpu' | 'wall'): number[] {
  const main = events.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain'
    && events.some((x) => x.pid === e.pid && x.tid === e.tid && x.name === 'BeginMainThreadFrame'));
  if (!main) return [];
  const mine = events.filter((e) => e.pid === main.pid && e.tid === main.tid);
  const frames = mine.filter((e) => e.name === 'BeginMainThreadFrame').map((e) => e.ts).sort((a, b) => a - b);
  const nested = mine.filter((e) => e.ph === 'X' && (e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask') && e.dur !== undefined)
    .sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
  // Top-level tasks only: a task inside another (ThreadControllerImpl::RunTask around RunTask) is not counted twice.
  const tasks: TraceEvent[] = [];
  let openUntil = -Infinity;
  for (const task of nested) {
    if (task.ts < openUntil) continue;
    tasks.push(task);
    openUntil = task.ts + task.dur!;
  }
  const out: number[] = [];
  let t = 0;
  for (let f = 0; f + 1 < frames.length; f++) {
    const end = frames[f + 1]!;
    let busy = 0;
    // A task belongs to the frame in which it starts.
    while (t < tasks.length && tasks[t]!.ts < end) {
      const task = tasks[t++]!;
      if (task.ts >= frames[f]!) busy += clock === 'cpu' ? task.tdur ?? task.dur! : task.dur!;
    }
    out.push(busy / 1000);
  }
  return out;
}

/** --profile: 5 s of the page's CPU profile, the functions with the most self time. */
async function profile(cdp: import('playwright-core').CDPSession): Promise<void> {
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  await new Promise((r) => setTimeout(r, 5000));
  const { profile: p } = await cdp.send('Profiler.stop');
  const self = new Map<number, number>();
  const dt = p.timeDeltas ?? [];
  (p.samples ?? []).forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (dt[i] ?? 0)));
  const byName = new Map<string, number>();
  for (const n of p.nodes) {
    const key = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber + 1}:${n.callFrame.columnNumber + 1}`;
    byName.set(key, (byName.get(key) ?? 0) + (self.get(n.id) ?? 0));
  }
  const total = [...byName.values()].reduce((a, b) => a + b, 0);
  for (const [k, v] of [...byName].sort((a, b) => b[1] - a[1]).slice(0, 25)) log(`${((v / total) * 100).toFixed(1).padStart(5)}%  ${(v / 1000).toFixed(0).padStart(6)} ms  ${k}`);
}

/** Where the main thread's time went, by trace event name (ms over the whole measurement). */
function breakdown(events: TraceEvent[]): string {
  const names = ['FunctionCall', 'EventDispatch', 'TimerFire', 'FireAnimationFrame', 'RunMicrotasks', 'UpdateLayoutTree', 'Layout', 'PrePaint', 'Paint', 'Layerize', 'GCEvent', 'MajorGC', 'MinorGC'];
  const main = events.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain'
    && events.some((x) => x.pid === e.pid && x.tid === e.tid && x.name === 'BeginMainThreadFrame'));
  if (!main) return '';
  const sums = new Map<string, { ms: number; n: number }>();
  for (const e of events) {
    if (e.pid !== main.pid || e.tid !== main.tid || e.ph !== 'X' || !names.includes(e.name)) continue;
    const s = sums.get(e.name) ?? { ms: 0, n: 0 };
    s.ms += (e.tdur ?? e.dur ?? 0) / 1000;
    s.n++;
    sums.set(e.name, s);
  }
  return [...sums].sort((a, b) => b[1].ms - a[1].ms).map(([n, s]) => `${n} ${s.ms.toFixed(0)}/${s.n}×`).join(', ');
}

async function main(): Promise<void> {
  const uiDir = mkdtempSync(join(tmpdir(), 'chargescope-bench-ui-'));
  const dataDir = mkdtempSync(join(tmpdir(), 'chargescope-bench-data-'));
  log('building the UI…');
  await build({ configFile: resolve('vite.config.ts'), logLevel: 'warn', build: { outDir: uiDir, emptyOutDir: true, sourcemap: false, minify: !PROFILE } });
  const config = parseArgs(['--ocpp-port', '0', '--ui-port', '0', '--ftp-port', '0', '--ocpp-host', '127.0.0.1', '--data-dir', dataDir, '--token', TOKEN], {}, uiDir) as Config;
  const app = createApp(config, { log: () => undefined });
  log(`seeding ${SEED.toLocaleString()} frames…`);
  const seedStart = Date.now();
  seed(app, SEED);
  log(`seeded in ${((Date.now() - seedStart) / 1000).toFixed(1)} s`);
  const started = await app.start();
  const browser = await chromium.launch({
    executablePath: CHROMIUM, headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const charger = await startCharger(`ws://127.0.0.1:${started.ocppPort}/ocpp`);
  try {
    await page.goto(started.uiUrl);
    const loadStart = Date.now();
    await page.goto(VIEW === 'charger' ? `${new URL(started.uiUrl).origin}/#/chargers/${CHARGER}/trace` : `${new URL(started.uiUrl).origin}/#/trace`);
    await page.locator('.trace-list .trow').first().waitFor({ timeout: 60_000 });
    await page.locator('.follow-on').waitFor();
    const loadMs = Date.now() - loadStart;
    log(`trace shown in ${loadMs} ms; following live for ${SECONDS} s at ${RATE} frames/s…`);
    // Warm up, then measure.
    await page.waitForTimeout(2000);
    // A string, not a function: tsx would wrap a function with helpers the page does not have.
    await page.evaluate(`(() => {
      window.__raf = [];
      let last = performance.now();
      const tick = (now) => { window.__raf.push(now - last); last = now; requestAnimationFrame(tick); };
      requestAnimationFrame(tick);
    })()`);
    if (PROFILE) await profile(cdp);
    const sentBefore = charger.sent();
    await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'disabled-by-default-devtools.timeline.frame', 'toplevel'] });
    await page.waitForTimeout(SECONDS * 1000);
    const trace = JSON.parse((await browser.stopTracing()).toString('utf8')) as { traceEvents: TraceEvent[] };
    const sentDuring = charger.sent() - sentBefore;
    const raf = (await page.evaluate<number[]>('window.__raf')).slice(1).sort((a, b) => a - b);
    const frames = frameTimes(trace.traceEvents, 'cpu').sort((a, b) => a - b);
    const wall = frameTimes(trace.traceEvents, 'wall').sort((a, b) => a - b);
    const rows = await page.locator('.trace-status').innerText();
    const following = (await page.locator('.follow-on').count()) > 0;
    const metrics = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value])) as Record<string, number>;
    const heapLive = (await metrics())['JSHeapUsedSize']! / 1048576;
    await cdp.send('HeapProfiler.collectGarbage');
    const heapGc = (await metrics())['JSHeapUsedSize']! / 1048576;
    const over16 = frames.filter((f) => f > 16).length;
    const result = {
      seededFrames: SEED, rateFramesPerSec: RATE, measuredSeconds: SECONDS, view: VIEW,
      liveFramesSent: sentDuring * 2, traceShownMs: loadMs, stillFollowing: following, status: rows.replace(/\s+/g, ' '),
      frameTimeMs: { clock: 'thread CPU', frames: frames.length, p50: pct(frames, 50), p95: pct(frames, 95), p99: pct(frames, 99), max: frames.at(-1) ?? NaN, over16ms: over16 },
      frameWallMs: { p50: pct(wall, 50), p95: pct(wall, 95), p99: pct(wall, 99) },
      loadAverage: loadavg()[0],
      rafIntervalMs: { frames: raf.length, p50: pct(raf, 50), p95: pct(raf, 95), p99: pct(raf, 99) },
      jsHeapMb: { live: heapLive, afterGc: heapGc },
      goal: { frameTimeP95Ms: 16, heapMb: 150 },
    };
    const f1 = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : 'n/a');
    process.stdout.write([
      `UI live trace (${VIEW}), ${SEED.toLocaleString()} frames in the database, ${RATE} frames/s live, ${SECONDS} s measured`,
      `  trace shown after        ${loadMs} ms; ${result.status}`,
      `  frame time (main thread CPU) p50 ${f1(result.frameTimeMs.p50)} ms  p95 ${f1(result.frameTimeMs.p95)} ms  p99 ${f1(result.frameTimeMs.p99)} ms  max ${f1(result.frameTimeMs.max)} ms  (${frames.length} frames, ${over16} over 16 ms)   goal p95 ≤ 16 ms`,
      `  frame time (wall clock)  p50 ${f1(result.frameWallMs.p50)} ms  p95 ${f1(result.frameWallMs.p95)} ms  p99 ${f1(result.frameWallMs.p99)} ms  (load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} CPUs)`,
      `  main thread CPU ms/count  ${breakdown(trace.traceEvents)}  (nested: Layout inside FunctionCall counts in both)`,
      `  rAF interval             p50 ${f1(result.rafIntervalMs.p50)} ms  p95 ${f1(result.rafIntervalMs.p95)} ms  p99 ${f1(result.rafIntervalMs.p99)} ms`,
      `  JS heap                  ${f1(heapLive)} MB live, ${f1(heapGc)} MB after GC   goal ≤ 150 MB`,
      `  still following live     ${following ? 'yes' : 'NO'}`,
      '',
    ].join('\n'));
    if (JSON_OUT) writeFileSync(JSON_OUT, JSON.stringify(result, null, 2));
  } finally {
    charger.stop();
    await browser.close();
    await app.stop();
    rmSync(uiDir, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  }
}

void main().catch((err: unknown) => {
  process.stderr.write(`ui-trace bench failed: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
