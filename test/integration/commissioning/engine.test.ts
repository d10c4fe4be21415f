import { afterEach, describe, expect, it } from 'vitest';
import type { TestRun } from '../../../shared/api/commissioning.ts';
import { scaledTimers } from '../../../main/commissioning/timers.ts';
import { startApp, type TestApp } from '../../support/harness.ts';
import { SimCharger, type Fault } from '../../support/sim-charger.ts';

// Ten charger-seconds per wall second: heartbeats, reservations and reboots keep their real proportions.
const SCALE = 10;

let t: TestApp | null = null;
let sim: SimCharger | null = null;

afterEach(async () => {
  await sim?.stop();
  await t?.stop();
  sim = null;
  t = null;
});

async function setup(identity: string, fault?: Fault): Promise<{ t: TestApp; sim: SimCharger }> {
  const timers = scaledTimers(SCALE);
  t = await startApp({ appOptions: { testTimers: timers } });
  sim = new SimCharger({ url: t.ocppUrl, identity, timers, ...(fault ? { fault } : {}) });
  await sim.start();
  return { t, sim };
}

async function run(app: TestApp, id: string, cases: string[], params: Record<string, unknown> = {}): Promise<TestRun> {
  const res = await app.api('POST', `/api/chargers/${id}/test-runs`, { cases, params });
  expect(res.status).toBe(201);
  await app.app.commissioning.runner.settled(res.body.runId);
  const out = await app.api('GET', `/api/test-runs/${res.body.runId}`);
  return out.body as TestRun;
}

const verdicts = (r: TestRun) => Object.fromEntries(r.cases.map((c) => [c.id, c.verdict]));

describe('commissioning engine against simulated chargers', () => {
  it('passes every automatic case on a well-behaved charger, with evidence, and puts back what it changed', async () => {
    const { t: app, sim: s } = await setup('CP-GOOD');
    const r = await run(app, 'CP-GOOD', ['all-automatic'], { rebootSec: 60 });
    expect(r.state).toBe('done');
    const bad = r.cases.filter((c) => c.verdict !== 'pass');
    expect(bad.map((c) => `${c.id}: ${c.verdict} ${c.reason}`)).toEqual([]);
    for (const c of r.cases) expect(c.evidence.length, c.id).toBeGreaterThan(0);
    expect(s.config.get('HeartbeatInterval')).toBe('60');
    expect(s.config.get('MeterValueSampleInterval')).toBe('10');
    expect(s.listVersion).toBe(0);
    expect([...s.statuses.values()].every((x) => x === 'Available')).toBe(true);
    const hb = r.cases.find((c) => c.id === 'heartbeat.interval')!;
    expect(hb.restored.join()).toContain('HeartbeatInterval = 60: restored');
    // Evidence points at real frames of the session.
    const frames = await app.api('GET', `/api/frames?charger=CP-GOOD&limit=5000`);
    const seqs = new Set((frames.body.frames as { seq: number }[]).map((f) => f.seq));
    for (const c of r.cases) for (const e of c.evidence) expect(seqs.has(e)).toBe(true);
  }, 120_000);

  const faults: [Fault, string, RegExp][] = [
    ['ignoresAvailability', 'availability.connector', /no StatusNotification Unavailable/],
    ['wrongHeartbeat', 'heartbeat.interval', /too often/],
    ['neverReboots', 'reset.soft', /did not reboot/],
    ['rejectsWritable', 'config.change-writable', /Rejected, though the key is writable/],
    ['staleListVersion', 'localauth.full-and-version', /GetLocalListVersion reports 0/],
  ];
  for (const [fault, caseId, reason] of faults) {
    it(`fails ${caseId} on a charger that ${fault}`, async () => {
      const id = `CP-${fault}`;
      const { t: app } = await setup(id, fault);
      const r = await run(app, id, [caseId, 'config.unknown-notsupported'], { reactionSec: 10, rebootSec: 10 });
      expect(verdicts(r)).toEqual({ [caseId]: 'fail', 'config.unknown-notsupported': 'pass' });
      const c = r.cases.find((x) => x.id === caseId)!;
      expect(c.reason).toMatch(reason);
      expect(c.evidence.length).toBeGreaterThan(0);
    }, 60_000);
  }

  it('skips a case whose profile the charger does not list', async () => {
    const { t: app, sim: s } = await setup('CP-NOSMART');
    s.config.set('SupportedFeatureProfiles', 'Core');
    const r = await run(app, 'CP-NOSMART', ['smart.clear', 'trigger.Heartbeat']);
    expect(verdicts(r)).toEqual({ 'trigger.Heartbeat': 'skipped', 'smart.clear': 'skipped' });
    expect(r.cases[0]!.reason).toMatch(/SupportedFeatureProfiles/);
  });

  it('a manual step answered by the engineer lets the case go on', async () => {
    const { t: app } = await setup('CP-MANUAL');
    const res = await app.api('POST', '/api/chargers/CP-MANUAL/test-runs', { cases: ['remote.start-stop'] });
    const runId = res.body.runId as string;
    await expect.poll(async () => (await app.api('GET', `/api/test-runs/${runId}`)).body.prompt?.text ?? null, { timeout: 10_000 }).toMatch(/Plug a vehicle/);
    expect((await app.api('POST', `/api/test-runs/${runId}/prompt`, { answer: 'done' })).status).toBe(200);
    await app.app.commissioning.runner.settled(runId);
    const r = (await app.api('GET', `/api/test-runs/${runId}`)).body as TestRun;
    expect(verdicts(r)).toEqual({ 'remote.start-stop': 'pass' });
    const txs = await app.api('GET', '/api/transactions?charger=CP-MANUAL');
    expect(txs.body[0].reason).toBe('Remote');
  });

  it('a manual step the charger shows done (vehicle plugged) resolves by itself', async () => {
    const { t: app, sim: s } = await setup('CP-PLUG');
    const res = await app.api('POST', '/api/chargers/CP-PLUG/test-runs', { cases: ['remote.start-stop'] });
    const runId = res.body.runId as string;
    await expect.poll(async () => (await app.api('GET', `/api/test-runs/${runId}`)).body.prompt !== null, { timeout: 10_000 }).toBe(true);
    await s.plug(1);
    await app.app.commissioning.runner.settled(runId);
    expect(verdicts((await app.api('GET', `/api/test-runs/${runId}`)).body)).toEqual({ 'remote.start-stop': 'pass' });
  });

  it('a manual step nobody answers ends inconclusive; a skipped one ends skipped', async () => {
    const { t: app } = await setup('CP-NOBODY');
    const r = await run(app, 'CP-NOBODY', ['remote.start-stop'], { manualSec: 5 });
    expect(verdicts(r)).toEqual({ 'remote.start-stop': 'inconclusive' });
    expect(r.cases[0]!.reason).toMatch(/nobody did/);
    const res = await app.api('POST', '/api/chargers/CP-NOBODY/test-runs', { cases: ['meter.sampled-data'] });
    const runId = res.body.runId as string;
    await expect.poll(async () => (await app.api('GET', `/api/test-runs/${runId}`)).body.prompt !== null, { timeout: 10_000 }).toBe(true);
    await app.api('POST', `/api/test-runs/${runId}/prompt`, { answer: 'skip' });
    await app.app.commissioning.runner.settled(runId);
    expect(verdicts((await app.api('GET', `/api/test-runs/${runId}`)).body)).toEqual({ 'meter.sampled-data': 'skipped' });
  });

  it('cancel ends the run, restores, and the API refuses a second run or an unknown case', async () => {
    const { t: app, sim: s } = await setup('CP-CANCEL');
    expect((await app.api('POST', '/api/chargers/CP-CANCEL/test-runs', { cases: ['no.such-case'] })).status).toBe(404);
    expect((await app.api('POST', '/api/chargers/NOPE/test-runs', { cases: ['all'] })).status).toBe(404);
    const res = await app.api('POST', '/api/chargers/CP-CANCEL/test-runs', { cases: ['heartbeat.interval', 'reservation.cancel-unknown'] });
    expect((await app.api('POST', '/api/chargers/CP-CANCEL/test-runs', { cases: ['boot.fields'] })).status).toBe(409);
    await expect.poll(() => s.config.get('HeartbeatInterval'), { timeout: 10_000 }).toBe('10');
    const del = await app.api('DELETE', `/api/test-runs/${res.body.runId}`);
    expect(del.status).toBe(200);
    await app.app.commissioning.runner.settled(res.body.runId);
    const r = (await app.api('GET', `/api/test-runs/${res.body.runId}`)).body as TestRun;
    expect(r.state).toBe('cancelled');
    expect(verdicts(r)).toEqual({ 'heartbeat.interval': 'inconclusive', 'reservation.cancel-unknown': 'skipped' });
    expect(s.config.get('HeartbeatInterval')).toBe('60');
  });

  it('lists the catalogue with every case the issue names', async () => {
    const { t: app } = await setup('CP-CAT');
    const list = (await app.api('GET', '/api/test-cases')).body as { id: string; spec: string; description: string }[];
    const ids = list.map((c) => c.id);
    for (const id of ['boot.fields', 'boot.status-after-boot', 'heartbeat.interval', 'config.get-all', 'config.change-writable', 'config.readonly-rejected',
      'config.unknown-notsupported', 'availability.connector', 'availability.charge-point', 'trigger.BootNotification', 'trigger.Heartbeat',
      'trigger.StatusNotification', 'trigger.MeterValues', 'trigger.DiagnosticsStatusNotification', 'trigger.FirmwareStatusNotification', 'remote.start-stop',
      'remote.stop-unknown-transaction', 'unlock.connector', 'reset.soft', 'reset.hard', 'localauth.full-and-version', 'localauth.differential',
      'reservation.reserve-cancel', 'reservation.expiry', 'smart.txdefault-composite', 'smart.limit-obeyed', 'smart.clear', 'meter.sampled-data',
      'firmware.update', 'diagnostics.upload', 'datatransfer.unknown-vendor']) expect(ids).toContain(id);
    for (const c of list) expect(c.description).toMatch(/§/);
  });
});
