import { rmSync } from 'node:fs';
import WebSocket from 'ws';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { connectCharger, startApp, until, type TestApp } from '../../support/harness.ts';

let t: TestApp;
beforeAll(async () => { t = await startApp(); });
afterAll(async () => {
  await t.stop();
  rmSync(t.dataDir, { recursive: true, force: true });
});

test('a link that stops answering pings is dropped and the reason recorded', async () => {
  await t.api('PATCH', '/api/settings', { pingIntervalSec: 1 });
  await t.app.stop();
  t = await startApp({ dataDir: t.dataDir });
  const ws = new WebSocket(`${t.ocppUrl}/silent-1`, ['ocpp1.6'], { autoPong: false });
  const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()));
  await new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject); });
  await closed;
  const events = await until(async () => {
    const list = (await t.api('GET', '/api/connections?charger=silent-1')).body;
    return list.some((e: any) => e.kind === 'closed') ? list : null;
  }, 'closed event');
  expect(events.find((e: any) => e.kind === 'closed').code).toBe(1006);
  expect((await t.api('GET', '/api/chargers/silent-1')).body.connected).toBe(false);
}, 15_000);

test('no CALL leaves ChargeScope after a boot unless the engineer turns an automatic action on', async () => {
  const received: string[] = [];
  const quiet = await connectCharger(t, 'quiet-1', { boot: false });
  quiet.handle(async ({ method }: { method?: string }) => { received.push(method ?? '?'); return { configurationKey: [] }; });
  await quiet.call('BootNotification', { chargePointVendor: 'V', chargePointModel: 'M' });
  await quiet.call('Heartbeat', {});
  expect(received).toEqual([]);
  await quiet.close();

  await t.api('PATCH', '/api/settings', { autoGetConfiguration: true });
  const auto = await connectCharger(t, 'auto-1', { boot: false });
  auto.handle('GetConfiguration', async () => { received.push('GetConfiguration'); return { configurationKey: [] }; });
  await auto.call('BootNotification', { chargePointVendor: 'V', chargePointModel: 'M' });
  await until(() => received.includes('GetConfiguration'), 'automatic GetConfiguration');
  await auto.close();
  await t.api('PATCH', '/api/settings', { autoGetConfiguration: false });
});
