/**
 * Proxy mode in a real Chromium: a relayed charger's page shows its mode and the back-end link, the trace shows
 * both legs (relayed frames as CP→BE / BE→CP, injected ones marked) or one leg, a charger whose back-end is down
 * shows the fallback banner, and Settings holds the site's back-end. Screenshots at three window sizes.
 */
import { createServer } from 'node:net';
import type { RPCClient } from 'ocpp-rpc';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { connectCharger } from '../support/harness.ts';
import { rpcBackend, type Backend } from '../integration/proxy/support.ts';
import { HAVE_CHROMIUM, openBrowser, shot, startUiApp, type Browser, type UiApp } from './support.ts';

const SIZES = [{ width: 1280, height: 720 }, { width: 1366, height: 768 }, { width: 1920, height: 1080 }];

describe.skipIf(!HAVE_CHROMIUM)('proxy mode in Chromium', () => {
  let t: UiApp;
  let b: Browser;
  let page: Page;
  let backend: Backend;
  let relayed: RPCClient;
  let fallback: RPCClient;

  beforeAll(async () => {
    t = await startUiApp(inject('uiDir'));
    backend = await rpcBackend();
    await t.api('PUT', '/api/chargers/CP-PX-1/upstream', { url: backend.url });
    relayed = await connectCharger(t, 'CP-PX-1');
    relayed.handle('ClearCache', async () => ({ status: 'Accepted' }));
    relayed.handle('GetConfiguration', async () => ({ configurationKey: [{ key: 'HeartbeatInterval', readonly: false, value: '300' }] }));
    await relayed.call('Authorize', { idTag: 'TAG-1' });
    await backend.clients.get('CP-PX-1').call('GetConfiguration', {});
    expect((await t.api('POST', '/api/chargers/CP-PX-1/calls/ClearCache', {})).status).toBe(200);

    const s = createServer();
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
    const dead = (s.address() as { port: number }).port;
    await new Promise<void>((r) => s.close(() => r()));
    await t.api('PUT', '/api/chargers/CP-PX-DOWN/upstream', { url: `ws://127.0.0.1:${dead}/csms`, fallback: 'answer' });
    fallback = await connectCharger(t, 'CP-PX-DOWN');
    b = await openBrowser(SIZES[0]);
    page = b.page;
    await page.goto(t.uiUrl); // keeps the token for the tab
    await page.getByTestId('charger-list').waitFor();
  }, 60_000);

  afterAll(async () => {
    await relayed?.close({ force: true });
    await fallback?.close({ force: true });
    await b?.close();
    await backend?.close();
    await t?.stop();
  });

  test("a relayed charger's page shows its mode and back-end link", async () => {
    await page.goto(`${t.base}/#/chargers/CP-PX-1/overview`);
    await expect.poll(() => page.getByTestId('charger-mode').textContent(), { timeout: 10_000 }).toMatch(/^proxied to 127\.0\.0\.1:\d+$/);
    await expect.poll(() => page.getByTestId('proxy-status').textContent()).toMatch(/back-end link open/);
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await shot(page, `proxy-overview-${size.width}x${size.height}`);
    }
    await page.setViewportSize(SIZES[0]!);
  });

  test('the trace shows both legs, or one', async () => {
    await page.goto(`${t.base}/#/chargers/CP-PX-1/trace`);
    const rows = page.locator('.trow:not(.trow-head)');
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(8);
    expect(await page.locator('.trow .c-dir', { hasText: 'BE→CP' }).count()).toBe(3);
    expect(await page.locator('.trow .tag-injected').count()).toBe(2);
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await shot(page, `proxy-trace-${size.width}x${size.height}`);
    }
    await page.setViewportSize(SIZES[0]!);
    await page.getByLabel('leg filter').selectOption('backend');
    await expect.poll(() => rows.count()).toBe(6);
    await page.getByLabel('leg filter').selectOption('charger');
    await expect.poll(() => rows.count()).toBe(2);
  });

  test('a charger whose back-end is down shows the fallback banner', async () => {
    await page.goto(`${t.base}/#/chargers/CP-PX-DOWN/overview`);
    await expect.poll(() => page.getByTestId('proxy-status').textContent(), { timeout: 10_000 }).toMatch(/ChargeScope answers this charger as the local CSMS/);
    expect(await page.getByTestId('charger-mode').textContent()).toMatch(/^fallback/);
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await shot(page, `proxy-fallback-${size.width}x${size.height}`);
    }
  });

  test('Settings holds the site back-end', async () => {
    await page.setViewportSize(SIZES[0]!);
    await page.goto(`${t.base}/#/settings`);
    await page.locator('#s-up-url').fill(backend.url);
    await page.locator('#s-up-fb').selectOption('close');
    await page.getByRole('button', { name: 'Save back-end' }).click();
    await expect.poll(async () => ((await t.api('GET', '/api/settings')).body as any).upstream, { timeout: 10_000 }).toEqual({ url: backend.url, fallback: 'close' });
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await page.locator('#s-up-url').scrollIntoViewIfNeeded();
      await shot(page, `proxy-settings-${size.width}x${size.height}`);
    }
  });
});
