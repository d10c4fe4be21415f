/**
 * Findings on frames whose log lines carry no time, in Chromium: the Findings view (and a charger's findings tab) shows
 * "time unknown" for them, in the trace's style and with why, never the stand-in time that only keeps the file's order;
 * timed findings keep their times. Screenshots at 1280x720, 1366x768 and 1920x1080.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { layoutProblems } from './layout-check.ts';
import { HAVE_CHROMIUM, importThroughPage, openUi, shot, type Browser, type UiApp } from './support.ts';

/** Heartbeats that break the schema (an extra field): ids 2 and 5 at a time, 3 and 4 on lines without one. */
const LOG = readFileSync(new URL('../fixtures/logs/untimed-findings.log', import.meta.url));

describe.skipIf(!HAVE_CHROMIUM)('findings of a log whose lines carry no time, in Chromium', () => {
  let t: UiApp;
  let b: Browser;
  let page: Page;

  beforeAll(async () => {
    ({ t, b, page } = await openUi(inject('uiDir'), { width: 1280, height: 720 }));
    await importThroughPage(page, { name: 'untimed-findings.log', mimeType: 'text/plain', buffer: LOG });
    await page.getByTestId('viewing-banner').filter({ hasText: 'untimed-findings.log' }).waitFor();
  });
  afterAll(async () => {
    await b?.close();
    await t?.stop();
  });

  const schemaRows = () => page.locator('[data-testid="finding-group"][data-rule="schema-violation"] [data-testid="finding-row"]');

  test('the Findings view shows "time unknown" for the untimed frames\' findings, in the file\'s order, and the times of the others', async () => {
    await page.evaluate(() => { window.location.hash = '#/findings'; });
    await expect.poll(() => schemaRows().count()).toBe(4);
    // Newest first, as every group: the frames' order in the file, whatever their stored (stand-in) times.
    const messages = await schemaRows().locator('.fg-message').allInnerTexts();
    expect(messages.map((m) => m.includes('untimed'))).toEqual([false, true, true, false]);
    const times = await schemaRows().locator('td:first-child').allInnerTexts();
    expect(times).toEqual(['2024-03-01 09:00:10Z', 'time unknown', 'time unknown', '2024-03-01 09:00:01Z']);
    const unknown = schemaRows().getByTestId('time-unknown');
    expect(await unknown.count()).toBe(2);
    expect(await unknown.first().getAttribute('title')).toMatch(/no time: the time stored with it only keeps the file's order/);
    // The trace's style for an unknown time (muted, italic), not the clock's monospace.
    expect(await unknown.first().evaluate((el) => getComputedStyle(el).fontStyle)).toBe('italic');
    const problems: string[] = [];
    for (const [w, h] of [[1280, 720], [1366, 768], [1920, 1080]] as const) {
      await page.setViewportSize({ width: w, height: h });
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      await shot(page, `untimed-findings-${w}x${h}`);
      problems.push(...(await layoutProblems(page)).map((p) => `${w}x${h}: ${p}`));
      expect(await unknown.first().evaluate((el) => el.scrollWidth <= el.clientWidth && el.getBoundingClientRect().right <= document.documentElement.clientWidth), `${w}x${h}`).toBe(true);
    }
    expect(problems).toEqual([]);
    await page.setViewportSize({ width: 1280, height: 720 });
  });

  test('the charger\'s findings tab says it the same way', async () => {
    await page.evaluate(() => { window.location.hash = '#/chargers/UT-CP-1/findings'; });
    await expect.poll(() => schemaRows().count()).toBe(4);
    expect(await schemaRows().locator('td:first-child').allInnerTexts()).toEqual(['2024-03-01 09:00:10Z', 'time unknown', 'time unknown', '2024-03-01 09:00:01Z']);
    await shot(page, 'untimed-findings-charger');
    expect(b.errors).toEqual([]);
  });
});
