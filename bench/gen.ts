/**
 * Load generator: one child process (forked by bench/run.ts) driving many simulated chargers, each an
 * ocpp-rpc RPCClient with the per-call timeout off (a timer per call caps a generator near 5,000 msgs/s),
 * no client pings and strictMode off, so the generator costs as little as it can.
 *
 * Protocol over IPC: → { cmd: 'connect' } ← { type: 'ready' }; → { cmd: 'go' } ← { type: 'result' };
 * → { cmd: 'exit' }. The runner aligns several generator processes with these messages.
 */
import { performance } from 'node:perf_hooks';
import { RPCClient } from 'ocpp-rpc';
import { Hist, type HistJson } from './lib/hist.ts';
import * as P from './lib/payloads.ts';

export interface ConnectCmd {
  cmd: 'connect';
  url: string;
  prefix: string;
  from: number;
  count: number;
  concurrency: number;
}
export interface GoCmd {
  cmd: 'go';
  /** saturation: closed-loop cycles; site: one cycle per cyclePeriodMs + heartbeats; hold: heartbeats only. */
  mode: 'saturation' | 'site' | 'hold';
  warmupMs: number;
  measureMs: number;
  cyclePeriodMs: number;
  heartbeatMs: number;
}
export interface ReadyMsg {
  type: 'ready';
  connected: number;
  failed: number;
  errors: Record<string, number>;
  elapsedMs: number;
  connect: HistJson;
  boot: HistJson;
}
export interface ResultMsg {
  type: 'result';
  acked: number;
  errors: Record<string, number>;
  hists: Record<string, HistJson>;
  cycles: number;
  /** Site mode: cycles that began more than 5 ms after their scheduled time (the charger was still busy). */
  lateCycles: number;
  genCpuPct: number;
  measureMs: number;
  /** Calls still unanswered when the run ended. */
  unanswered: number;
}

interface Charger {
  id: string;
  idTag: string;
  client: RPCClient;
  meter: number;
  busy: Promise<void>;
}

const chargers: Charger[] = [];
const send = (m: ReadyMsg | ResultMsg | { type: 'loaded' }) => process.send!(m);
const errKey = (err: unknown) => {
  const e = err as { rpcErrorCode?: string; code?: string; message?: string };
  return (e.rpcErrorCode ?? e.code ?? e.message ?? String(err)).slice(0, 80);
};
const bump = (m: Record<string, number>, k: string) => void (m[k] = (m[k] ?? 0) + 1);

async function connect(c: ConnectCmd): Promise<void> {
  const t0 = performance.now();
  const connectHist = new Hist();
  const bootHist = new Hist();
  const errors: Record<string, number> = {};
  let next = 0;
  let failed = 0;
  const worker = async () => {
    while (next < c.count) {
      const i = c.from + next++;
      const id = `${c.prefix}${i}`;
      const client = new RPCClient({
        endpoint: c.url, identity: id, protocols: ['ocpp1.6'], strictMode: false, reconnect: false,
        callTimeoutMs: Infinity, pingIntervalMs: 0,
      } as never);
      client.on('error', () => undefined);
      try {
        const a = performance.now();
        await client.connect();
        const b = performance.now();
        const res = await client.call('BootNotification', P.boot(id)) as { status?: string };
        bootHist.add(performance.now() - b);
        connectHist.add(b - a);
        if (res.status !== 'Accepted') throw new Error(`BootNotification answered ${res.status}`);
        chargers.push({ id, idTag: `B${i}`, client, meter: 0, busy: Promise.resolve() });
      } catch (err) {
        failed++;
        bump(errors, errKey(err));
        client.close({ force: true }).catch(() => undefined);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(c.concurrency, c.count)) }, worker));
  send({
    type: 'ready', connected: chargers.length, failed, errors, elapsedMs: performance.now() - t0,
    connect: connectHist.toJSON(), boot: bootHist.toJSON(),
  });
}

async function go(g: GoCmd): Promise<void> {
  const t0 = performance.now();
  const tStart = t0 + g.warmupMs;
  const tEnd = tStart + g.measureMs;
  const hists: Record<string, Hist> = {};
  const errors: Record<string, number> = {};
  let acked = 0;
  let cycles = 0;
  let lateCycles = 0;
  let inFlight = 0;
  let stop = false;
  let cpuAtStart = process.cpuUsage();
  let cpuUsed = 0;
  setTimeout(() => (cpuAtStart = process.cpuUsage()), g.warmupMs);
  setTimeout(() => {
    const d = process.cpuUsage(cpuAtStart);
    cpuUsed = (d.user + d.system) / 1000;
  }, g.warmupMs + g.measureMs);

  /** One call; counted (and its round trip recorded) when its answer arrives inside the window. */
  async function call(c: Charger, action: string, payload: unknown): Promise<Record<string, unknown> | null> {
    inFlight++;
    const a = performance.now();
    try {
      const res = await c.client.call(action, payload) as Record<string, unknown>;
      const b = performance.now();
      if (b >= tStart && b <= tEnd) {
        acked++;
        (hists[action] ??= new Hist()).add(b - a);
      }
      return res;
    } catch (err) {
      const b = performance.now();
      if (b >= tStart && b <= tEnd) bump(errors, `${action}: ${errKey(err)}`);
      return null;
    } finally {
      inFlight--;
    }
  }

  async function cycle(c: Charger): Promise<void> {
    if ((await call(c, 'Authorize', P.authorize(c.idTag))) === null) return;
    const start = await call(c, 'StartTransaction', P.startTransaction(c.idTag, c.meter));
    const txId = start?.['transactionId'];
    if (typeof txId !== 'number') return;
    for (let k = 0; k < P.METER_VALUES_PER_CYCLE; k++) {
      c.meter += 500;
      if ((await call(c, 'MeterValues', P.meterValues(txId, c.meter))) === null) break;
    }
    c.meter += 500;
    await call(c, 'StopTransaction', P.stopTransaction(txId, c.idTag, c.meter));
    const done = performance.now();
    if (done >= tStart && done <= tEnd) cycles++;
  }

  const timers: NodeJS.Timeout[] = [];
  let loops: Promise<unknown>[] = [];
  if (g.mode === 'saturation') {
    loops = chargers.map(async (c) => {
      while (!stop) await cycle(c);
    });
  } else {
    // Open loop: each charger at a random phase; a task that comes due while the charger is still busy
    // waits for it (one outstanding CALL per charger, OCPP-J §4.1.1) and is counted as late.
    const schedule = (c: Charger, period: number, task: (c: Charger) => Promise<void>, countLate: boolean) => {
      let due = t0 + Math.random() * period;
      const tick = () => {
        if (stop) return;
        const scheduled = due;
        c.busy = c.busy.then(async () => {
          if (stop) return;
          if (countLate && performance.now() - scheduled > 5 && scheduled >= tStart && scheduled <= tEnd) lateCycles++;
          await task(c);
        });
        due += period;
        timers.push(setTimeout(tick, Math.max(0, due - performance.now())));
      };
      timers.push(setTimeout(tick, Math.max(0, due - performance.now())));
    };
    for (const c of chargers) {
      if (g.mode === 'site') schedule(c, g.cyclePeriodMs, cycle, true);
      schedule(c, g.heartbeatMs, async (ch) => void (await call(ch, 'Heartbeat', {})), false);
    }
  }

  await new Promise((r) => setTimeout(r, g.warmupMs + g.measureMs));
  stop = true;
  for (const t of timers) clearTimeout(t);
  const settled = Promise.all([...loops, ...chargers.map((c) => c.busy)]);
  await Promise.race([settled, new Promise((r) => setTimeout(r, 10_000))]);
  send({
    type: 'result', acked, errors, cycles, lateCycles, unanswered: inFlight,
    hists: Object.fromEntries(Object.entries(hists).map(([k, h]) => [k, h.toJSON()])),
    genCpuPct: (100 * cpuUsed) / g.measureMs, measureMs: g.measureMs,
  });
}

process.on('message', (m: ConnectCmd | GoCmd | { cmd: 'exit' }) => {
  if (m.cmd === 'connect') void connect(m);
  else if (m.cmd === 'go') void go(m);
  else process.exit(0);
});
process.on('disconnect', () => process.exit(0));
send({ type: 'loaded' });
