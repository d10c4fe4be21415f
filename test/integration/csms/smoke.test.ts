import { afterAll, beforeAll, expect, test } from 'vitest';
import { connectCharger, startApp, type TestApp } from '../../support/harness.ts';

let t: TestApp;
beforeAll(async () => { t = await startApp(); });
afterAll(async () => { await t.stop(); });

test('a booted charger is listed as connected with its boot payload', async () => {
  const cp = await connectCharger(t, 'CP-smoke');
  const res = await t.api('GET', '/api/chargers/CP-smoke');
  expect(res.status).toBe(200);
  expect(res.body.connected).toBe(true);
  expect(res.body.boot.chargePointVendor).toBe('TestVendor');
  await cp.close();
});
