/**
 * The charger page's header in a real Chromium at the three window sizes, for a local charger, a proxied one and a
 * local one with an upstream set for its next connection (the longest mode text): every field keeps its label and
 * value on one line (no "mode" above a wrapped "local"), and nothing in the header is cut off. Screenshots of each.
 * And the back-end password fields: "set — leave empty to keep", never the password itself.
 */
import type { RPCClient } from 'ocpp-rpc';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { connectCharger } from '../support/harness.ts';
import { rpcBackend, type Backend } from '../integration/proxy/support.ts';
import { HAVE_CHROMIUM, openBrowser, shot, startUiApp, type Browser, type UiApp } from './support.ts';

const SIZES = [{ width: 1280, height: 720 }, { width: 1366, height: 768 }, { width: 1920, height: 1080 }];
/** A boot as a real charger sends it: long vendor, model, firmware and serial. */
const BOOT = {
  chargePointVendor: 'Wallbox Chargers SL', chargePointModel: 'CMX2-0-2-4-8-002-A', firmwareVersion: '6.7.12-rc.2+build.20260112',
  chargePointSerialNumber: 'WBX-CMX2-00012345678', chargeBoxSerialNumber: 'BOX-0001234567',
};

/** What breaks the header: a field split over two lines, or content wider than its box. */
async function headerProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const head = document.querySelector('.charger-head') as HTMLElement;
    const clipped = (el: HTMLElement) => el.scrollWidth > el.clientWidth + 1;
    for (const el of [head, ...Array.from(head.querySelectorAll<HTMLElement>('*'))]) {
      if (el.clientWidth > 0 && clipped(el) && getComputedStyle(el).overflowX !== 'visible') out.push(`clipped: ${el.className || el.tagName} "${el.textContent?.slice(0, 40)}"`);
    }
    const right = head.getBoundingClientRect().right;
    for (const el of Array.from(head.querySelectorAll<HTMLElement>('dt, dd, h1, .chip, .btn'))) {
      const r = el.getBoundingClientRect();
      if (r.right > right + 1) out.push(`past the edge: ${el.tagName} "${el.textContent}"`);
      if (el.tagName !== 'DD') continue;
      // One client rect per line box the text takes.
      const range = document.createRange();
      range.selectNodeContents(el);
      const lines = new Set(Array.from(range.getClientRects()).map((x) => Math.round(x.top))).size;
      if (lines > 1) out.push(`wraps: "${el.textContent}" on ${lines} lines`);
      if (el.scrollWidth > el.clientWidth + 1) out.push(`cut off: "${el.textContent}"`);
    }
    for (const dt of Array.from(head.querySelectorAll<HTMLElement>('dt'))) {
      const dd = dt.nextElementSibling as HTMLElement | null;
      if (dd && Math.abs(dd.getBoundingClientRect().top - dt.getBoundingClientRect().top) > 4) out.push(`"${dt.textContent}" and "${dd.textContent}" on different lines`);
    }
    return out;
  });
}

describe.skipIf(!HAVE_CHROMIUM)('charger header in Chromium', () => {
  let t: UiApp;
  let b: Browser;
  let page: Page;
  let backend: Backend;
  const chargers: RPCClient[] = [];

  beforeAll(async () => {
    t = await startUiApp(inject('uiDir'));
    backend = await rpcBackend();
    const boot = async (id: string) => {
      const c = await connectCharger(t, id, { boot: false });
      await c.call('BootNotification', BOOT);
      chargers.push(c);
    };
    await boot('CP-HDR-LOCAL-0042');
    await t.api('PUT', '/api/chargers/CP-HDR-PROXIED-0043/upstream', { url: backend.url });
    await boot('CP-HDR-PROXIED-0043');
    await boot('CP-HDR-NEXT-0044');
    await t.api('PUT', '/api/chargers/CP-HDR-NEXT-0044/upstream', { url: backend.url });
    b = await openBrowser(SIZES[0]);
    page = b.page;
    await page.goto(t.uiUrl);
    await page.getByTestId('charger-list').waitFor();
  }, 60_000);

  afterAll(async () => {
    for (const c of chargers) await c.close({ force: true });
    await b?.close();
    await backend?.close();
    await t?.stop();
  });

  test.each([
    ['local', 'CP-HDR-LOCAL-0042', /^local$/],
    ['proxied', 'CP-HDR-PROXIED-0043', /^proxied to 127\.0\.0\.1:\d+$/],
    ['next', 'CP-HDR-NEXT-0044', /^local \(proxied to 127\.0\.0\.1:\d+ from its next connection\)$/],
  ] as const)('%s: one line per field, nothing cut off, at 1280, 1366 and 1920', async (name, id, mode) => {
    await page.setViewportSize(SIZES[0]!);
    await page.goto(`${t.base}/#/chargers/${id}/overview`);
    await expect.poll(() => page.getByTestId('charger-mode').textContent(), { timeout: 10_000 }).toMatch(mode);
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await shot(page, `charger-header-${name}-${size.width}x${size.height}`);
      expect(await headerProblems(page), `${name} at ${size.width}x${size.height}`).toEqual([]);
    }
  });

  test('a back-end password shows as set, never as text, on the charger page and in Settings; empty keeps it', async () => {
    await t.api('PUT', '/api/chargers/CP-HDR-PROXIED-0043/upstream', { url: backend.url, password: 'own-secret-9' });
    await t.api('PATCH', '/api/settings', { upstream: { url: backend.url, password: 'site-secret-9' } });
    await page.setViewportSize(SIZES[0]!);
    await page.goto(`${t.base}/#/chargers/CP-HDR-PROXIED-0043/overview`);
    const own = page.getByLabel('upstream password');
    await expect.poll(() => own.getAttribute('placeholder'), { timeout: 10_000 }).toBe('set — leave empty to keep');
    expect(await own.inputValue()).toBe('');
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await own.scrollIntoViewIfNeeded();
      await shot(page, `upstream-panel-password-${size.width}x${size.height}`);
    }
    await page.setViewportSize(SIZES[0]!);
    await page.getByRole('button', { name: 'Relay' }).click();
    await expect.poll(async () => ((await t.api('GET', '/api/chargers/CP-HDR-PROXIED-0043')).body as any).proxy.configured.hasPassword).toBe(true);

    await page.goto(`${t.base}/#/settings`);
    const site = page.getByTestId('site-upstream-password');
    await expect.poll(() => site.getAttribute('placeholder'), { timeout: 10_000 }).toBe('set — leave empty to keep');
    expect(await site.inputValue()).toBe('');
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await site.scrollIntoViewIfNeeded();
      await shot(page, `site-upstream-password-${size.width}x${size.height}`);
    }
    expect(await page.content()).not.toContain('site-secret-9');
    await page.getByRole('button', { name: 'Save back-end' }).click();
    await expect.poll(async () => ((await t.api('GET', '/api/settings')).body as any).upstreamPasswordSet).toBe(true);
    await page.getByLabel('clear').check();
    await page.getByRole('button', { name: 'Save back-end' }).click();
    await expect.poll(async () => ((await t.api('GET', '/api/settings')).body as any).upstreamPasswordSet, { timeout: 10_000 }).toBe(false);
  });
});
