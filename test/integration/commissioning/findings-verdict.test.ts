import { afterEach, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { TestRun } from '../../../shared/api/commissioning.ts';
import { startApp, type TestApp } from '../../support/harness.ts';

let t: TestApp | null = null;
let ws: WebSocket | null = null;
afterEach(async () => {
  ws?.terminate();
  await t?.stop();
});

/**
 * A charger whose answer has the right status but breaks the schema (an extra property): the CSMS records an
 * error finding on that frame, and the case that caused it fails on it, naming the frame and the rule.
 */
it('a case fails on an error finding its own frames raised, though the status was right', async () => {
  t = await startApp();
  ws = new WebSocket(`${t.ocppUrl}/CP-RAW`, ['ocpp1.6']);
  const answers: Record<string, unknown> = {
    GetConfiguration: { configurationKey: [{ key: 'SupportedFeatureProfiles', readonly: true, value: 'Core' }, { key: 'NumberOfConnectors', readonly: true, value: '1' }] },
    DataTransfer: { status: 'UnknownVendorId', vendorNote: 'not in the schema' },
  };
  ws.on('message', (d) => {
    const msg = JSON.parse(d.toString()) as unknown[];
    if (msg[0] === 2) ws!.send(JSON.stringify([3, msg[1], answers[msg[2] as string] ?? {}]));
  });
  await new Promise<void>((resolve, reject) => {
    ws!.once('open', () => resolve());
    ws!.once('error', reject);
  });
  const boot = new Promise<void>((resolve) => ws!.once('message', () => resolve()));
  ws.send(JSON.stringify([2, 'b1', 'BootNotification', { chargePointVendor: 'Raw', chargePointModel: 'Raw' }]));
  await boot;
  const res = await t.api('POST', '/api/chargers/CP-RAW/test-runs', { cases: ['datatransfer.unknown-vendor'] });
  await t.app.commissioning.runner.settled(res.body.runId);
  const run = (await t.api('GET', `/api/test-runs/${res.body.runId}`)).body as TestRun;
  const c = run.cases[0]!;
  expect(c.verdict).toBe('fail');
  expect(c.reason).toMatch(/broke invalid-reply/);
  expect(c.findings.map((f) => f.rule)).toContain('invalid-reply');
  expect(c.evidence).toContain(c.findings[0]!.seq);
});
