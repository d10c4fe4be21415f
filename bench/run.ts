/**
 * `npm run bench [-- --quick] [--only=fsync,sat,site,cap,proxy,others] [--reps=K] [--seconds=S] [--n=1,100,1000]
 *  [--cap-n=10000] [--cap-procs=2] [--prof] [--ours-only]`
 *
 * Load and scale figures of ChargeScope, as shared/BENCH.md describes: printed, never asserted.
 * Every process is separate: ChargeScope (as `npm run serve` starts it, on a temp data dir), the bare ocpp-rpc
 * reference server, and the load generators (bench/gen.ts). Ours and bare alternate (A B A B) and the medians
 * of the repeats are quoted. The table is also written to bench/results/latest.json.
 * `proxy` (issue 14) puts ChargeScope between the generators and the bare server (proxy mode, every charger relayed)
 * and compares with the generators talking to the same bare server directly: site load round-trip p99 added in the
 * middle, and saturation throughput through the proxy over direct, alternating direct and relayed runs. Site load also
 * runs ChargeScope answering the same chargers itself (local, durable, no back-end): relayed minus local is what the
 * relay costs beyond ChargeScope's own durable answer (its commit with synchronous=FULL, which the bare server lacks).
 * `others` runs bench/files.ts, bench/sessions.ts, bench/ui-trace.ts and bench/commissioning.ts (other issues' figures) when present,
 * each as its own process, passing --quick on. `--prof` writes CPU profiles of ChargeScope to bench/results/prof.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { measureFsync } from './lib/fsync.ts';
import { Hist, median } from './lib/hist.ts';
import { cpuSeconds, Generators, machineCpu, machinePct, ROOT, rssMb, writeBytes, sampleRss, sleep, startBare, startOurs, waitIdle, type RunResult, type ServerProc } from './lib/procs.ts';
import { MSGS_PER_CYCLE } from './lib/payloads.ts';

// ---------- options ----------
const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(`--${name}`);
const opt = (name: string): string | undefined => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const quick = flag('quick');
/** Development aid: skip the bare server (no ratio is printed). */
const oursOnly = flag('ours-only');
const only = new Set((opt('only') ?? 'fsync,sat,site,cap,proxy,others').split(','));
const cfg = {
  quick,
  reps: Number(opt('reps') ?? (quick ? 2 : 3)),
  satNs: (opt('n') ?? '1,100,1000').split(',').map(Number),
  satWarmupMs: quick ? 1_000 : 2_000,
  satMeasureMs: Number(opt('seconds') ?? (quick ? 3 : 10)) * 1000,
  siteN: 1000,
  siteWarmupMs: quick ? 2_000 : 5_000,
  siteMeasureMs: quick ? 15_000 : 40_000,
  cyclePeriodMs: 10_000,
  heartbeatMs: 60_000,
  capN: Number(opt('cap-n') ?? 10_000),
  capProcs: Number(opt('cap-procs') ?? 2),
  capHoldMs: quick ? 5_000 : 20_000,
  connectConcurrency: 50,
  prof: flag('prof') ? join(ROOT, 'bench/results/prof') : null,
};
const ACTIONS = ['Authorize', 'StartTransaction', 'MeterValues', 'StopTransaction'];

// ---------- helpers ----------
const started = Date.now();
const log = (s = '') => process.stdout.write(`${s}\n`);
const f = (x: number, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : '—');
const fi = (x: number) => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : '—');
const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));
const lpad = (s: string, n: number) => (s.length >= n ? s : ' '.repeat(n - s.length) + s);
const row = (cells: string[], widths: number[]) => cells.map((c, i) => (i === 0 ? pad(c, widths[i]!) : lpad(c, widths[i]!))).join('  ');
const live = new Set<ServerProc>();

function fileLimit(): number {
  const m = /Max open files\s+(\d+|unlimited)/.exec(readFileSync('/proc/self/limits', 'utf8'));
  return m && m[1] !== 'unlimited' ? Number(m[1]) : Infinity;
}

interface Lat { n: number; p50: number; p99: number; max: number }
const lat = (h: Hist | undefined): Lat => ({ n: h?.n ?? 0, p50: h?.quantile(0.5) ?? NaN, p99: h?.quantile(0.99) ?? NaN, max: h?.max ?? NaN });

interface SatRun {
  msgsPerSec: number; connected: number; errors: Record<string, number>; perAction: Record<string, Lat>;
  serverRssPeakMb: number; serverCpuPct: number; genCpuPct: number; unanswered: number;
  /** Server CPU time per acknowledged message, µs: steadier than msgs/s on a shared machine. */
  serverUsPerMsg: number; othersCpuPct: number; diskKbPerMsg: number;
}

/** One closed- or open-loop run against a server: its own generator processes, connect + boot, go, exit. */
async function drive(server: ServerProc, n: number, prefix: string, mode: 'saturation' | 'site', warmupMs: number, measureMs: number) {
  const gens = await Generators.spawn(1);
  try {
    const conn = await gens.connect(server.url, prefix, n, Math.min(n, 200));
    const rssAfterConnect = rssMb(server.pid);
    const rss = sampleRss(server.pid);
    let cpuA = NaN;
    let cpuB = NaN;
    let mA = machineCpu();
    let mB = mA;
    let wA = NaN;
    let wB = NaN;
    // Snapshots at the window's edges; the generator's result can arrive just before the parent's timer fires.
    const snapA = sleep(warmupMs).then(() => {
      cpuA = cpuSeconds(server.pid);
      mA = machineCpu();
      wA = writeBytes(server.pid);
    });
    const snapB = sleep(warmupMs + measureMs).then(() => {
      cpuB = cpuSeconds(server.pid);
      mB = machineCpu();
      wB = writeBytes(server.pid);
    });
    const res = await gens.go({ mode, warmupMs, measureMs, cyclePeriodMs: cfg.cyclePeriodMs, heartbeatMs: cfg.heartbeatMs });
    await Promise.all([snapA, snapB]);
    const r = rss.stop();
    const serverCpuPct = (100 * (cpuB - cpuA)) / (measureMs / 1000);
    // What the rest of the machine (other users' work) took meanwhile, in % of one core.
    const othersCpuPct = machinePct(mA, mB, cpus().length) - serverCpuPct - d0(res.genCpuPct);
    // Storage writes per acknowledged message (WAL + checkpoints; the page cache may still hold a little).
    const diskKbPerMsg = (wB - wA) / 1024 / Math.max(1, res.acked);
    return { conn, res, rssAfterConnect, rss: r, serverCpuPct, othersCpuPct, diskKbPerMsg };
  } finally {
    await gens.exit();
    await waitIdle(server.pid);
  }
}

function summarizeSat(d: Awaited<ReturnType<typeof drive>>): SatRun {
  return {
    msgsPerSec: d.res.msgsPerSec, connected: d.conn.connected, errors: { ...d.conn.errors, ...d.res.errors },
    perAction: Object.fromEntries(ACTIONS.map((a) => [a, lat(d.res.hists[a])])),
    serverRssPeakMb: d.rss.peakMb, serverCpuPct: d.serverCpuPct, genCpuPct: d.res.genCpuPct[0] ?? NaN, unanswered: d.res.unanswered,
    serverUsPerMsg: (d.serverCpuPct * 10_000) / d.res.msgsPerSec, othersCpuPct: d.othersCpuPct, diskKbPerMsg: d.diskKbPerMsg,
  };
}

const d0 = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const medianOf = (runs: SatRun[], pick: (r: SatRun) => number) => median(runs.map(pick));

// ---------- sections ----------
const results: Record<string, unknown> = {};

async function machine() {
  const a = machineCpu();
  await sleep(1000);
  const background = machinePct(a, machineCpu(), cpus().length);
  const m = {
    backgroundCpuPct: background,
    cores: cpus().length, cpu: cpus()[0]?.model ?? '?', memGb: totalmem() / 2 ** 30, node: process.version,
    openFilesLimit: fileLimit(), portRange: readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().replace(/\s+/, '-'),
    quick, startedAt: new Date(started).toISOString(),
  };
  results['machine'] = m;
  log(`ChargeScope bench${quick ? ' (--quick)' : ''}: ${m.cores} cores (${m.cpu}), ${f(m.memGb, 1)} GB, Node ${m.node}, ulimit -n ${m.openFilesLimit}, ports ${m.portRange}`);
  log(`Other programs were using ${fi(background)} % of one core (of ${m.cores * 100} %) when the bench started; the machine is shared, so ratios come from alternating runs.`);
  log('Figures only, nothing is asserted. Ours = ChargeScope (durable: WAL, synchronous=FULL, group commit); bare = ocpp-rpc RPCServer storing nothing.');
}

function fsync() {
  log('\n== fsync floor (write 4 KB + fdatasync, 500 samples, temp dir) ==');
  const r = measureFsync(500);
  results['fsync'] = r;
  log(`  overwrite (WAL steady state): median ${f(r.overwrite.medianMs, 3)} ms  p99 ${f(r.overwrite.p99Ms, 3)} ms  max ${f(r.overwrite.maxMs, 3)} ms`);
  log(`  append    (growing file)    : median ${f(r.append.medianMs, 3)} ms  p99 ${f(r.append.p99Ms, 3)} ms  max ${f(r.append.maxMs, 3)} ms`);
}

async function saturation() {
  log(`\n== Saturation (closed loop): Authorize → StartTransaction → MeterValues ×3 → StopTransaction; ${cfg.reps}× A B alternating, warm-up ${cfg.satWarmupMs / 1000} s, ${cfg.satMeasureMs / 1000} s measured ==`);
  const out: unknown[] = [];
  for (const n of cfg.satNs) {
    const ours = await startOurs({ prof: cfg.prof });
    live.add(ours);
    const bare = oursOnly ? null : await startBare();
    if (bare) live.add(bare);
    const runs: Record<'ours' | 'bare', SatRun[]> = { ours: [], bare: [] };
    try {
      for (let r = 0; r < cfg.reps; r++) {
        for (const server of bare ? [ours, bare] : [ours]) {
          const s = summarizeSat(await drive(server, n, `sat${n}-`, 'saturation', cfg.satWarmupMs, cfg.satMeasureMs));
          runs[server.kind].push(s);
          const errs = Object.entries(s.errors);
          log(`  N=${n} ${server.kind} #${r + 1}: ${fi(s.msgsPerSec)} msgs/s  Authorize p50 ${f(s.perAction['Authorize']!.p50)} p99 ${f(s.perAction['Authorize']!.p99)} ms  ` +
            `server CPU ${fi(s.serverCpuPct)} % (${fi(s.serverUsPerMsg)} µs/msg, ${f(s.diskKbPerMsg, 1)} KB written/msg)  gen CPU ${fi(s.genCpuPct)} %  others ${fi(s.othersCpuPct)} %  RSS ${fi(s.serverRssPeakMb)} MB${errs.length ? `  errors ${JSON.stringify(s.errors)}` : ''}${s.connected < n ? `  connected only ${s.connected}` : ''}`);
        }
      }
    } finally {
      const logLines = ours.stderrLines().length;
      await ours.stop();
      await bare?.stop();
      live.delete(ours);
      if (bare) live.delete(bare);
      if (logLines) log(`  (ChargeScope wrote ${logLines} stderr lines, last: ${ours.stderrLines().slice(-1)[0]})`);
    }
    const side = (rs: SatRun[]) => ({
      msgsPerSec: medianOf(rs, (x) => x.msgsPerSec),
      perAction: Object.fromEntries(ACTIONS.map((a) => [a, { p50: medianOf(rs, (x) => x.perAction[a]!.p50), p99: medianOf(rs, (x) => x.perAction[a]!.p99) }])),
      serverRssPeakMb: medianOf(rs, (x) => x.serverRssPeakMb), serverCpuPct: medianOf(rs, (x) => x.serverCpuPct), genCpuPct: medianOf(rs, (x) => x.genCpuPct),
      serverUsPerMsg: medianOf(rs, (x) => x.serverUsPerMsg), othersCpuPct: medianOf(rs, (x) => x.othersCpuPct),
      diskKbPerMsg: medianOf(rs, (x) => x.diskKbPerMsg),
      runs: rs,
    });
    const o = side(runs.ours);
    if (oursOnly) {
      log(`  N=${n}: ours ${fi(o.msgsPerSec)} msgs/s, ${fi(o.serverUsPerMsg)} µs/msg (no bare run: --ours-only)`);
      continue;
    }
    const b = side(runs.bare);
    const ratio = o.msgsPerSec / b.msgsPerSec;
    const pairRatios = runs.ours.map((x, i) => x.msgsPerSec / (runs.bare[i]?.msgsPerSec ?? NaN));
    out.push({ n, ours: o, bare: b, ratio, pairRatios });
    log(`  N=${n}: ours ${fi(o.msgsPerSec)} / bare ${fi(b.msgsPerSec)} msgs/s = ratio ${f(ratio)} (per pair ${pairRatios.map((x) => f(x)).join(', ')})`);
  }
  results['saturation'] = out;
}

async function site() {
  log(`\n== Site load (open loop): ${cfg.siteN} chargers, one cycle each per ${cfg.cyclePeriodMs / 1000} s at a random phase (≈ ${fi((cfg.siteN * MSGS_PER_CYCLE) / (cfg.cyclePeriodMs / 1000))} msgs/s) + Heartbeat per ${cfg.heartbeatMs / 1000} s; warm-up ${cfg.siteWarmupMs / 1000} s, ${cfg.siteMeasureMs / 1000} s measured ==`);
  const out: Record<string, unknown> = {};
  for (const kind of ['ours', 'bare'] as const) {
    const server = kind === 'ours' ? await startOurs({ prof: cfg.prof }) : await startBare();
    live.add(server);
    try {
      const d = await drive(server, cfg.siteN, 'site-', 'site', cfg.siteWarmupMs, cfg.siteMeasureMs);
      const perAction = Object.fromEntries([...ACTIONS, 'Heartbeat'].map((a) => [a, lat(d.res.hists[a])]));
      const fig = {
        connected: d.conn.connected, msgsPerSec: d.res.msgsPerSec, perAction, cycles: d.res.cycles, lateCycles: d.res.lateCycles,
        errors: { ...d.conn.errors, ...d.res.errors }, serverRssAfterConnectMb: d.rssAfterConnect, serverRssPeakMb: d.rss.peakMb,
        serverCpuPct: d.serverCpuPct, genCpuPct: d.res.genCpuPct[0] ?? NaN, othersCpuPct: d.othersCpuPct, diskKbPerMsg: d.diskKbPerMsg,
      };
      out[kind] = fig;
      log(`  ${kind}: ${fig.connected} connected, ${fi(fig.msgsPerSec)} msgs/s answered, ${fig.cycles} cycles (${fig.lateCycles} started late), server CPU ${fi(fig.serverCpuPct)} %, ${f(fig.diskKbPerMsg, 1)} KB written/msg, others ${fi(fig.othersCpuPct)} %, RSS ${fi(fig.serverRssAfterConnectMb)} MB after connect, peak ${fi(fig.serverRssPeakMb)} MB` +
        `${Object.keys(fig.errors).length ? `, errors ${JSON.stringify(fig.errors)}` : ''}`);
      for (const [a, l] of Object.entries(perAction)) log(`    ${pad(a, 17)} n ${lpad(String(l.n), 6)}  p50 ${lpad(f(l.p50), 7)}  p99 ${lpad(f(l.p99), 7)}  max ${lpad(f(l.max), 7)} ms`);
    } finally {
      await server.stop();
      live.delete(server);
    }
  }
  results['site'] = out;
}

/**
 * Proxy mode (issue 14): generators → ChargeScope (relaying, durable) → bare server, against generators → the same
 * bare server. Site load: the round trip p99 ChargeScope adds in the middle; saturation: the ratio relayed/direct.
 */
async function proxy() {
  const reps = cfg.reps;
  log(`\n== Proxy mode: ChargeScope relaying every charger to the bare server vs. the bare server direct; ${reps}× direct/relayed alternating ==`);
  const bare = await startBare();
  live.add(bare);
  const backendUrl = bare.url;
  const out: Record<string, unknown> = {};
  try {
    const siteRuns: Record<'direct' | 'local' | 'relayed', Record<string, Lat>[]> = { direct: [], local: [], relayed: [] };
    for (let r = 0; r < reps; r++) {
      for (const side of ['direct', 'local', 'relayed'] as const) {
        const ours = side === 'relayed' ? await startOurs({ upstream: backendUrl, prof: cfg.prof }) : side === 'local' ? await startOurs({}) : null;
        if (ours) live.add(ours);
        try {
          const d = await drive(ours ?? bare, cfg.siteN, `px${r}${side[0]}-`, 'site', cfg.siteWarmupMs, cfg.siteMeasureMs);
          const perAction = Object.fromEntries([...ACTIONS, 'Heartbeat'].map((a) => [a, lat(d.res.hists[a])]));
          siteRuns[side].push(perAction);
          const errs = { ...d.conn.errors, ...d.res.errors };
          log(`  site ${side} #${r + 1}: ${d.conn.connected} connected, ${fi(d.res.msgsPerSec)} msgs/s; ` +
            ACTIONS.map((a) => `${a} p50 ${f(perAction[a]!.p50)} p99 ${f(perAction[a]!.p99)}`).join(', ') +
            `${ours ? `; ChargeScope CPU ${fi(d.serverCpuPct)} %` : ''}${Object.keys(errs).length ? `; errors ${JSON.stringify(errs)}` : ''}`);
        } finally {
          if (ours) {
            await ours.stop();
            live.delete(ours);
          }
          await waitIdle(bare.pid);
        }
      }
    }
    const added = Object.fromEntries(ACTIONS.map((a) => {
      const p99 = (side: 'direct' | 'local' | 'relayed') => median(siteRuns[side].map((x) => x[a]!.p99));
      const p50 = (side: 'direct' | 'local' | 'relayed') => median(siteRuns[side].map((x) => x[a]!.p50));
      return [a, {
        directP50: p50('direct'), localP50: p50('local'), relayedP50: p50('relayed'), directP99: p99('direct'), localP99: p99('local'), relayedP99: p99('relayed'),
        addedP99: p99('relayed') - p99('direct'), overLocalP99: p99('relayed') - p99('local'),
      }];
    }));
    out['site'] = { added, runs: siteRuns };
    for (const [a, x] of Object.entries(added)) {
      log(`  ${pad(a, 17)} direct p50/p99 ${f(x.directP50)}/${f(x.directP99)} ms, relayed ${f(x.relayedP50)}/${f(x.relayedP99)} ms: added p99 ${f(x.addedP99)} ms` +
        ` (ChargeScope answering itself ${f(x.localP50)}/${f(x.localP99)} ms: relayed − local p99 ${f(x.overLocalP99)} ms)`);
    }

    const satN = [100, 1000].filter((n) => cfg.satNs.includes(n));
    const sat: unknown[] = [];
    for (const n of satN) {
      const rates: Record<'direct' | 'relayed', number[]> = { direct: [], relayed: [] };
      for (let r = 0; r < reps; r++) {
        for (const side of ['direct', 'relayed'] as const) {
          const ours = side === 'relayed' ? await startOurs({ upstream: backendUrl, prof: cfg.prof }) : null;
          if (ours) live.add(ours);
          try {
            const d = await drive(ours ?? bare, n, `ps${n}${r}${side[0]}-`, 'saturation', cfg.satWarmupMs, cfg.satMeasureMs);
            rates[side].push(d.res.msgsPerSec);
            log(`  saturation N=${n} ${side} #${r + 1}: ${fi(d.res.msgsPerSec)} msgs/s${ours ? ` (ChargeScope CPU ${fi(d.serverCpuPct)} %)` : ''}`);
          } finally {
            if (ours) {
              await ours.stop();
              live.delete(ours);
            }
            await waitIdle(bare.pid);
          }
        }
      }
      const ratio = median(rates.relayed) / median(rates.direct);
      sat.push({ n, direct: median(rates.direct), relayed: median(rates.relayed), ratio, rates });
      log(`  saturation N=${n}: relayed ${fi(median(rates.relayed))} / direct ${fi(median(rates.direct))} msgs/s = ratio ${f(ratio)}`);
    }
    out['saturation'] = sat;
  } finally {
    await bare.stop();
    live.delete(bare);
  }
  results['proxy'] = out;
}

async function capacity() {
  const limit = fileLimit();
  let n = cfg.capN;
  let why: string | null = null;
  // The server holds one descriptor per charger (+ ~100 of its own); each generator process holds its share.
  if (limit < n + 200) {
    n = limit - 200;
    why = `ulimit -n is ${limit}: the server process needs one descriptor per charger plus its own, so at most ${n} chargers`;
  }
  const procs = Math.max(cfg.capProcs, Math.ceil(n / Math.max(1, limit - 200)));
  log(`\n== Capacity: ${n} chargers connected and booted over ${procs} generator processes (${cfg.connectConcurrency} connects in flight each), then heartbeating (per ${cfg.heartbeatMs / 1000} s, random phase) for ${cfg.capHoldMs / 1000} s ==`);
  if (why) log(`  note: ${why}`);
  const out: Record<string, unknown> = { n, limitedBecause: why };
  for (const kind of ['ours', 'bare'] as const) {
    const server = kind === 'ours' ? await startOurs({ prof: cfg.prof }) : await startBare();
    live.add(server);
    const gens = await Generators.spawn(procs);
    try {
      await sleep(300);
      const idle = rssMb(server.pid);
      const rss = sampleRss(server.pid);
      const conn = await gens.connect(server.url, 'cap-', n, cfg.connectConcurrency);
      const afterBoot = rssMb(server.pid);
      const res: RunResult = await gens.go({ mode: 'hold', warmupMs: 0, measureMs: cfg.capHoldMs, cyclePeriodMs: cfg.cyclePeriodMs, heartbeatMs: cfg.heartbeatMs });
      const r = rss.stop();
      const fig = {
        connected: conn.connected, failed: conn.failed, connectErrors: conn.errors, bootAllSeconds: conn.elapsedMs / 1000,
        connect: lat(conn.connect), boot: lat(conn.boot), heartbeat: lat(res.hists['Heartbeat']), heartbeatErrors: res.errors,
        serverRssIdleMb: idle, serverRssAfterBootMb: afterBoot, serverRssPeakMb: r.peakMb, serverRssEndMb: r.lastMb,
        kbPerCharger: ((r.lastMb - idle) * 1024) / Math.max(1, conn.connected),
      };
      out[kind] = fig;
      log(`  ${kind}: ${fig.connected}/${n} booted in ${f(fig.bootAllSeconds, 1)} s (connect p50 ${f(fig.connect.p50)} p99 ${f(fig.connect.p99)} ms, BootNotification p50 ${f(fig.boot.p50)} p99 ${f(fig.boot.p99)} ms)` +
        `${fig.failed ? `, ${fig.failed} failed ${JSON.stringify(fig.connectErrors)}` : ''}`);
      log(`        RSS idle ${fi(idle)} MB → after boot ${fi(afterBoot)} MB → end ${fi(r.lastMb)} MB (peak ${fi(r.peakMb)} MB, ${f(fig.kbPerCharger, 0)} KB per charger); ` +
        `Heartbeat n ${fig.heartbeat.n} p50 ${f(fig.heartbeat.p50)} p99 ${f(fig.heartbeat.p99)} ms`);
    } finally {
      await gens.exit();
      await server.stop();
      live.delete(server);
    }
  }
  results['capacity'] = out;
}

/** bench/sessions.ts, bench/ui-trace.ts and bench/files.ts (written by others): each in its own process, output passed through. */
async function others() {
  const out: Record<string, unknown> = {};
  for (const name of ['sessions.ts', 'ui-trace.ts', 'files.ts', 'commissioning.ts']) {
    const file = join(ROOT, 'bench', name);
    if (!existsSync(file)) {
      out[name] = { present: false };
      continue;
    }
    log(`\n== bench/${name} ==`);
    const t0 = Date.now();
    const child = spawn(process.execPath, ['--import', 'tsx', file, ...(quick ? ['--quick'] : [])], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    const take = (d: Buffer) => {
      process.stdout.write(d);
      text += d.toString();
      if (text.length > 200_000) text = text.slice(-100_000);
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    const timer = setTimeout(() => child.kill('SIGKILL'), 15 * 60_000);
    const code = await new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
    clearTimeout(timer);
    out[name] = { present: true, exitCode: code, seconds: (Date.now() - t0) / 1000, output: text.slice(-20_000) };
    if (code !== 0) log(`  (bench/${name} exited with ${code})`);
  }
  results['others'] = out;
}

// ---------- the compact table ----------
function table() {
  log('\n================ ChargeScope bench summary ================');
  const fs = results['fsync'] as ReturnType<typeof measureFsync> | undefined;
  if (fs) log(`fsync floor (4 KB write+fdatasync): median ${f(fs.overwrite.medianMs, 3)} ms, p99 ${f(fs.overwrite.p99Ms, 3)} ms (append: ${f(fs.append.medianMs, 3)} / ${f(fs.append.p99Ms, 3)} ms)`);
  const sat = results['saturation'] as { n: number; ratio: number; ours: ReturnType<typeof sideShape>; bare: ReturnType<typeof sideShape> }[] | undefined;
  if (sat) {
    log(`\nSaturation, closed loop (median of ${cfg.reps} alternating runs; latency is queueing here, no goal on it)`);
    const w = [6, 11, 11, 6, 24, 24, 24, 24, 9, 9, 12, 8, 8];
    log(row(['N', 'ours msg/s', 'bare msg/s', 'ratio', 'Authorize p50/p99', 'StartTx p50/p99', 'MeterValues p50/p99', 'StopTx p50/p99', 'ours RSS', 'bare RSS', 'µs/msg o|b', 'KB/msg', 'others'], w));
    for (const s of sat) {
      const pa = (side: ReturnType<typeof sideShape>, a: string) => `${f(side.perAction[a]!.p50)}/${f(side.perAction[a]!.p99)}`;
      const both = (a: string) => `${pa(s.ours, a)} | ${pa(s.bare, a)}`;
      log(row([String(s.n), fi(s.ours.msgsPerSec), fi(s.bare.msgsPerSec), f(s.ratio), both('Authorize'), both('StartTransaction'), both('MeterValues'), both('StopTransaction'),
        `${fi(s.ours.serverRssPeakMb)} MB`, `${fi(s.bare.serverRssPeakMb)} MB`, `${fi(s.ours.serverUsPerMsg)}|${fi(s.bare.serverUsPerMsg)}`,
        f(s.ours.diskKbPerMsg, 1), `${fi(s.ours.othersCpuPct)} %`], w));
    }
    log('  (latency cells: ours p50/p99 | bare p50/p99, ms; RSS: peak during the runs; µs/msg: server CPU per acknowledged message;');
    log('   KB/msg: bytes ChargeScope wrote to storage per acknowledged message; others: CPU other programs on this shared machine took during our runs, % of one core)');
  }
  const st = results['site'] as Record<'ours' | 'bare', { perAction: Record<string, Lat>; msgsPerSec: number; serverRssPeakMb: number; lateCycles: number; serverCpuPct: number }> | undefined;
  if (st?.ours) {
    log(`\nSite load, open loop, ${cfg.siteN} chargers (≈ ${fi((cfg.siteN * MSGS_PER_CYCLE) / (cfg.cyclePeriodMs / 1000))} msgs/s offered), round trip ms`);
    const w = [17, 16, 16];
    log(row(['action', 'ours p50/p99', 'bare p50/p99'], w));
    for (const a of [...ACTIONS, 'Heartbeat']) {
      const c = (k: 'ours' | 'bare') => (st[k] ? `${f(st[k].perAction[a]!.p50)}/${f(st[k].perAction[a]!.p99)}` : '—');
      log(row([a, c('ours'), c('bare')], w));
    }
    log(`  ours: ${fi(st.ours.msgsPerSec)} msgs/s, server CPU ${fi(st.ours.serverCpuPct)} %, RSS peak ${fi(st.ours.serverRssPeakMb)} MB, ${st.ours.lateCycles} cycles started late`);
  }
  const cap = results['capacity'] as { n: number; ours?: CapFig; bare?: CapFig } | undefined;
  if (cap) {
    log(`\nCapacity, ${cap.n} chargers connected + booted + heartbeating`);
    const w = [5, 10, 11, 15, 15, 12, 13];
    log(row(['', 'booted', 'boot all s', 'Boot p50/p99', 'HB p50/p99', 'RSS end MB', 'KB/charger'], w));
    for (const k of ['ours', 'bare'] as const) {
      const c = cap[k];
      if (c) log(row([k, `${c.connected}`, f(c.bootAllSeconds, 1), `${f(c.boot.p50)}/${f(c.boot.p99)}`, `${f(c.heartbeat.p50)}/${f(c.heartbeat.p99)}`, fi(c.serverRssEndMb), f(c.kbPerCharger, 0)], w));
    }
  }
  log('\nGoals (BENCH.md / issue 3), figures against them:');
  for (const s of sat ?? []) if (s.n === 100 || s.n === 1000) log(`  ratio ours/bare at N=${s.n}: ${f(s.ratio)} (goal ≥ 0.50)`);
  if (st?.ours) {
    log(`  Authorize p99 with ${cfg.siteN} connected (site load): ${f(st.ours.perAction['Authorize']!.p99)} ms (goal ≤ 5 ms)`);
    log(`  StartTransaction p99 with ${cfg.siteN} connected (site load): ${f(st.ours.perAction['StartTransaction']!.p99)} ms (goal ≤ 5 ms)`);
    log(`  RSS with ${cfg.siteN} connected (site load peak): ${fi(st.ours.serverRssPeakMb)} MB (goal ≤ 300 MB)`);
  }
  const s1000 = sat?.find((s) => s.n === 1000);
  if (s1000) log(`  RSS with 1000 connected (saturation peak): ${fi(s1000.ours.serverRssPeakMb)} MB (goal ≤ 300 MB)`);
  if (cap?.ours) log(`  RSS with ${cap.n} connected: ${fi(cap.ours.serverRssEndMb)} MB (peak ${fi(cap.ours.serverRssPeakMb)} MB) (goal ≤ 1024 MB)`);
  const px = results['proxy'] as { site?: { added: Record<string, { addedP99: number; directP99: number; relayedP99: number; localP99: number; overLocalP99: number }> }; saturation?: { n: number; ratio: number; direct: number; relayed: number }[] } | undefined;
  if (px?.site) {
    for (const a of ACTIONS) {
      const x = px.site.added[a]!;
      log(`  proxy mode, site load: ${a} round trip p99 added in the middle ${f(x.addedP99)} ms (relayed ${f(x.relayedP99)} − direct ${f(x.directP99)}; goal ≤ 2 ms;` +
        ` relayed − ChargeScope answering itself ${f(x.overLocalP99)} ms)`);
    }
  }
  for (const s of px?.saturation ?? []) log(`  proxy mode, saturation N=${s.n}: relayed/direct ${f(s.ratio)} (${fi(s.relayed)} / ${fi(s.direct)} msgs/s; goal ≥ 0.40)`);
  const secs = results['sectionSeconds'] as Record<string, number>;
  log(`\nTotal bench time: ${f((Date.now() - started) / 1000, 0)} s (${Object.entries(secs).map(([k, v]) => `${k} ${f(v, 0)} s`).join(', ')})`);
}
interface CapFig { connected: number; bootAllSeconds: number; boot: Lat; heartbeat: Lat; serverRssEndMb: number; serverRssPeakMb: number; kbPerCharger: number }
function sideShape() {
  return { msgsPerSec: 0, perAction: {} as Record<string, { p50: number; p99: number }>, serverRssPeakMb: 0, serverCpuPct: 0, serverUsPerMsg: 0, othersCpuPct: 0, diskKbPerMsg: 0 };
}

// ---------- main ----------
async function cleanup() {
  await Promise.all([...live].map((s) => s.stop().catch(() => undefined)));
}
process.on('SIGINT', () => void cleanup().finally(() => process.exit(130)));
process.on('SIGTERM', () => void cleanup().finally(() => process.exit(143)));

const sectionSeconds: Record<string, number> = {};
async function section(name: string, run: () => unknown): Promise<void> {
  if (!only.has(name)) return;
  const t0 = Date.now();
  await run();
  sectionSeconds[name] = (Date.now() - t0) / 1000;
}
results['sectionSeconds'] = sectionSeconds;
try {
  await machine();
  await section('fsync', fsync);
  await section('sat', saturation);
  await section('site', site);
  await section('cap', capacity);
  await section('proxy', proxy);
  await section('others', others);
} catch (err) {
  log(`\nbench aborted: ${(err as Error).stack ?? String(err)}`);
  results['aborted'] = String(err);
  await cleanup();
}
results['totalSeconds'] = (Date.now() - started) / 1000;
table();
const dir = join(ROOT, 'bench/results');
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'latest.json'), `${JSON.stringify(results, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2)}\n`);
log(`Written: bench/results/latest.json`);
