/**
 * `node --import tsx bench/commissioning.ts [--quick] [--frames=N]` (also run by `npm run bench`, `others`).
 *
 * Charger tests and the commissioning report (issue #15), printed, never asserted:
 * 1. a full automatic run ("all-automatic") against a well-behaved simulated charger (ocpp-rpc, strict) on
 *    loopback, real time: the waits are the charger's own (HeartbeatInterval set to 10 s, a reservation that
 *    expires in 15 s, two reboots); goal < 2 min;
 * 2. the report (HTML and PDF) of one charger whose session holds N frames (default 100,000): goal < 5 s.
 * The simulated charger runs in this process beside ChargeScope, as the integration tests do.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs, type Config } from '../main/app/config.ts';
import { createApp } from '../main/app/create-app.ts';
import { realTimers } from '../main/commissioning/timers.ts';
import { createStore } from '../main/store/store.ts';
import { SimCharger } from '../test/support/sim-charger.ts';
import { fill } from './sessions.ts';

const argv = process.argv.slice(2);
const opt = (name: string): string | undefined => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const FRAMES = Number(opt('frames') ?? 100_000);
const log = (s = '') => process.stdout.write(`${s}\n`);

function appOn(dataDir: string) {
  const config = parseArgs(['--ocpp-port', '0', '--ui-port', '0', '--ftp-port', '0', '--ocpp-host', '127.0.0.1', '--data-dir', dataDir, '--token', 'bench-token-0123456789'], {}) as Config;
  return createApp(config, { log: () => undefined });
}

async function fullRun(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'chargescope-bench-comm-'));
  const app = appOn(dir);
  try {
    const started = await app.start();
    const sim = new SimCharger({ url: `ws://127.0.0.1:${started.ocppPort}/ocpp`, identity: 'CP-BENCH', timers: realTimers });
    await sim.start();
    const t0 = performance.now();
    const run = app.commissioning.runner.start('CP-BENCH', ['all-automatic']);
    await app.commissioning.runner.settled(run.id);
    const seconds = (performance.now() - t0) / 1000;
    const done = app.commissioning.runner.get(run.id)!;
    const counts = ['pass', 'fail', 'inconclusive', 'skipped'].map((v) => `${done.cases.filter((c) => c.verdict === v).length} ${v}`).join(', ');
    const slow = done.cases.map((c) => ({ id: c.id, s: (Date.parse(c.endedAt ?? '') - Date.parse(c.startedAt ?? '')) / 1000 })).sort((a, b) => b.s - a.s).slice(0, 5);
    log(`full automatic run: ${done.cases.length} cases in ${seconds.toFixed(1)} s (${counts}); slowest: ${slow.map((x) => `${x.id} ${x.s.toFixed(1)} s`).join(', ')}`);
    for (const c of done.cases.filter((x) => x.verdict !== 'pass')) log(`  ${c.id}: ${c.verdict} — ${c.reason}`);
    await sim.stop();
  } finally {
    await app.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function report(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'chargescope-bench-report-'));
  try {
    const filled = fill(dir, FRAMES);
    // One charger holds the whole session: the heaviest report of that session.
    const store = createStore(join(dir, 'chargescope.db'), new Date().toISOString());
    for (const t of ['frames', 'transactions', 'meter_values']) store.db.prepare(`UPDATE ${t} SET charger_id = 'CP-000'`).run();
    store.close();
    const app = appOn(dir);
    try {
      const sid = app.store.sessions.liveId;
      for (const format of ['html', 'pdf'] as const) {
        const times: number[] = [];
        let bytes = 0;
        for (let i = 0; i < 3; i++) {
          const t0 = performance.now();
          const out = format === 'html' ? Buffer.from(app.commissioning.reporter.html(sid, 'CP-000')) : await app.commissioning.reporter.pdf(sid, 'CP-000');
          times.push(performance.now() - t0);
          bytes = out.length;
        }
        times.sort((a, b) => a - b);
        log(`report of one charger with ${filled.frames.toLocaleString('en-US')} frames, ${filled.transactions.toLocaleString('en-US')} transactions, ${filled.samples.toLocaleString('en-US')} meter values: ${format.toUpperCase()} median ${(times[1]! / 1000).toFixed(2)} s (min ${(times[0]! / 1000).toFixed(2)}), ${(bytes / 1024).toFixed(0)} KB`);
      }
    } finally {
      await app.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  log('commissioning bench (printed, not asserted; the machine may be shared)');
  await fullRun();
  await report();
  log(`(load average ${loadavg().map((x) => x.toFixed(1)).join(' ')} on ${cpus().length} cores at the end)`);
}

main().catch((err) => {
  process.stderr.write(`bench/commissioning.ts: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
