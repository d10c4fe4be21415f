/**
 * Charger tests and the commissioning report in a real Chromium: a simulated charger (ocpp-rpc, strict) is tested
 * from its page — cases picked, progress live, the manual step answered with the prompt's Done button — at three
 * window sizes; the report HTML opens in the browser with no request leaving the page, every section present.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { realTimers } from '../../main/commissioning/timers.ts';
import { SimCharger } from '../support/sim-charger.ts';
import { HAVE_CHROMIUM, openBrowser, shot, startUiApp, type Browser, type UiApp } from './support.ts';

const CP = 'CP-COMM-1';

describe.skipIf(!HAVE_CHROMIUM)('charger tests and the commissioning report in Chromium', () => {
  let t: UiApp;
  let b: Browser;
  let page: Page;
  let sim: SimCharger;

  beforeAll(async () => {
    t = await startUiApp(inject('uiDir'));
    sim = new SimCharger({ url: t.ocppUrl, identity: CP, timers: realTimers });
    await sim.start();
    b = await openBrowser({ width: 1280, height: 720 });
    page = b.page;
  });
  afterAll(async () => {
    await b?.close();
    await sim?.stop();
    await t?.stop();
  });

  test('a run from the charger page: pick, watch, answer the prompt, see verdicts; at 1280x720, 1366x768, 1920x1080', async () => {
    await page.goto(t.uiUrl);
    await page.waitForSelector('nav');
    await page.evaluate((h) => { window.location.hash = h; }, `#/chargers/${CP}/tests`);
    await expect.poll(() => page.locator('[data-testid="tests-view"] [data-case="config.get-all"]').count()).toBeGreaterThan(0);
    for (const id of ['config.get-all', 'trigger.Heartbeat', 'remote.start-stop', 'datatransfer.unknown-vendor']) await page.locator(`input[data-case="${id}"]`).check();
    await page.locator('[data-action="run"]').click();
    const prompt = page.locator('[data-testid="test-prompt"]');
    await expect.poll(() => prompt.count()).toBe(1);
    expect(await prompt.textContent()).toMatch(/Plug a vehicle into connector 1/);
    await shot(page, 'commissioning-prompt-1280x720');
    await page.locator('[data-action="prompt-done"]').click();
    const run = page.locator('.test-run').first();
    await expect.poll(() => run.getAttribute('data-state')).toBe('done');
    for (const id of ['config.get-all', 'trigger.Heartbeat', 'remote.start-stop', 'datatransfer.unknown-vendor']) {
      expect(await run.locator(`tr[data-case="${id}"] [data-verdict]`).getAttribute('data-verdict')).toBe('pass');
    }
    for (const [w, h] of [[1280, 720], [1366, 768], [1920, 1080]] as const) {
      await page.setViewportSize({ width: w, height: h });
      await shot(page, `commissioning-run-${w}x${h}`);
    }
    expect(b.errors).toEqual([]);
  });

  test('the report opens offline: every section, no request leaves the page; the Sessions view offers it too', async () => {
    const res = await fetch(`${t.base}/api/chargers/${CP}/report?format=html`, { headers: { Authorization: `Bearer ${t.uiUrl.split('#token=')[1]}` } });
    const html = await res.text();
    const report = await b.context.newPage();
    const requests: string[] = [];
    report.on('request', (r) => requests.push(r.url()));
    await report.setViewportSize({ width: 1366, height: 768 });
    await report.setContent(html, { waitUntil: 'load' });
    for (const id of ['identity', 'charger', 'connection', 'configuration', 'tests', 'findings', 'transactions']) expect(await report.locator(`#${id}`).count(), id).toBe(1);
    expect(await report.locator('#transactions svg polyline').count()).toBeGreaterThan(0);
    expect(requests).toEqual([]);
    await shot(report, 'commissioning-report-1366x768');
    await report.locator('#transactions').scrollIntoViewIfNeeded();
    await shot(report, 'commissioning-report-transactions-1366x768');
    await report.close();

    await page.setViewportSize({ width: 1366, height: 768 });
    await page.evaluate(() => { window.location.hash = '#/sessions'; });
    await page.locator('tr[data-live="true"] [data-action="report"]').click();
    await expect.poll(() => page.locator('[data-testid="session-report"] [data-testid="report-panel"]').count()).toBe(1);
    await shot(page, 'commissioning-sessions-report-1366x768');
  });
});
