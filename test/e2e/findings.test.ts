/**
 * The Findings view in Chromium: grouped by rule with the catalogue's title, advice and spec reference, filters by
 * severity, charger and rule, and a finding opens its frame. Screenshots at 1280x720, 1366x768 and 1920x1080.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { connectCharger, rawCharger, until } from '../support/harness.ts';
import { HAVE_CHROMIUM, openBrowser, shot, startUiApp, type Browser, type UiApp } from './support.ts';

describe.skipIf(!HAVE_CHROMIUM)('the Findings view', () => {
  let t: UiApp;
  let b: Browser;
  let page: Page;

  beforeAll(async () => {
    t = await startUiApp(inject('uiDir'));
    const cp = await connectCharger(t, 'CP-FIND-1');
    await cp.call('StatusNotification', { connectorId: 1, status: 'Available', errorCode: 'NoError' });
    // Available → Finishing is not in the OCPP 1.6 state table; Faulted with NoError says nothing of the fault.
    await cp.call('StatusNotification', { connectorId: 1, status: 'Finishing', errorCode: 'NoError' });
    await cp.call('StatusNotification', { connectorId: 2, status: 'Faulted', errorCode: 'NoError' });
    await cp.close();
    const other = await connectCharger(t, 'CP-FIND-2');
    await other.call('StatusNotification', { connectorId: 1, status: 'Faulted', errorCode: 'NoError' });
    await other.close();
    const raw = await rawCharger(t, 'CP-FIND-RAW');
    raw.send('this is not OCPP-J');
    await raw.next();
    raw.close();
    await until(async () => ((await t.api<unknown[]>('GET', '/api/findings')).body).length >= 4, 'the findings');
    b = await openBrowser({ width: 1366, height: 768 });
    page = b.page;
    await page.goto(t.uiUrl);
    await page.getByTestId('charger-list').waitFor();
  });

  afterAll(async () => {
    await b?.close();
    await t?.stop();
  });

  const groups = () => page.getByTestId('finding-group');

  test('groups findings by rule, each with its title, advice and specification section', async () => {
    await page.goto(`${t.base}/#/findings`);
    await groups().first().waitFor();
    const faulted = page.locator('[data-testid="finding-group"][data-rule="faulted-without-error"]');
    await expect.poll(() => faulted.getByTestId('finding-row').count()).toBe(2);
    expect(await faulted.locator('.fg-title').innerText()).toBe('Status Faulted with errorCode NoError');
    expect(await faulted.getByTestId('finding-advice').innerText()).toContain('vendorErrorCode');
    const spec = faulted.locator('.fg-spec');
    expect(await spec.innerText()).toBe('OCPP 1.6 §4.9, §7.6');
    expect(await spec.getAttribute('href')).toMatch(/^https:\/\/openchargealliance\.org\//);
    // Errors first.
    expect(await groups().first().getAttribute('data-rule')).toBe('malformed-frame');
    for (const [w, h] of [[1280, 720], [1366, 768], [1920, 1080]] as const) {
      await page.setViewportSize({ width: w, height: h });
      await page.waitForTimeout(200);
      await shot(page, `40-findings-${w}x${h}`);
    }
    await page.setViewportSize({ width: 1366, height: 768 });
  });

  test('filters by severity, charger and rule', async () => {
    await page.goto(`${t.base}/#/findings`);
    await groups().first().waitFor();
    await page.getByRole('group', { name: 'severity' }).getByRole('button', { name: /^error/ }).click();
    await expect.poll(async () => groups().evaluateAll((els) => els.map((e) => e.getAttribute('data-rule')))).toEqual(['malformed-frame']);
    await page.getByRole('button', { name: 'clear filters' }).click();
    await page.getByTestId('findings-filters').getByLabel('charger').selectOption('CP-FIND-2');
    await expect.poll(async () => groups().evaluateAll((els) => els.map((e) => e.getAttribute('data-rule')))).toEqual(['faulted-without-error']);
    await page.getByRole('button', { name: 'clear filters' }).click();
    await page.getByTestId('findings-filters').getByLabel('rule').selectOption('status-transition');
    await expect.poll(async () => groups().evaluateAll((els) => els.map((e) => e.getAttribute('data-rule')))).toEqual(['status-transition']);
    expect(await page.getByTestId('finding-row').innerText()).toContain('Available → Finishing');
    await shot(page, '41-findings-filtered-by-rule');
  });

  test('a finding opens its frame in the trace', async () => {
    await page.goto(`${t.base}/#/findings`);
    const group = page.locator('[data-testid="finding-group"][data-rule="status-transition"]');
    await group.waitFor();
    await group.getByTestId('finding-row').locator('a[title="open this frame in the trace"]').click();
    const detail = page.getByTestId('trace-detail');
    await detail.waitFor();
    await expect.poll(async () => detail.getByTestId('json-view').innerText()).toContain('"status": "Finishing"');
    await shot(page, '42-findings-frame');
  });

  test('a charger page lists its own findings, grouped, without a charger filter', async () => {
    await page.goto(`${t.base}/#/chargers/CP-FIND-1/findings`);
    await groups().first().waitFor();
    expect(await page.getByTestId('findings-filters').getByLabel('charger').count()).toBe(0);
    await expect.poll(async () => (await groups().evaluateAll((els) => els.map((e) => e.getAttribute('data-rule')))).sort()).toEqual(['faulted-without-error', 'status-transition']);
    expect(b.errors.filter((e) => !/401|Unauthorized/.test(e))).toEqual([]);
  });
});
