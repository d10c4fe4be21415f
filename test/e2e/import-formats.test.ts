/**
 * A foreign log through the page: how it was read (the family, its times), and a time-zone offer that the engineer
 * confirms with one click, which imports the file again in that zone; frames without a time shown as such.
 */
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Session } from '../../shared/api/types.ts';
import { layoutProblems } from './layout-check.ts';
import { HAVE_CHROMIUM, importThroughPage, openUi, shot, type Browser, type UiApp } from './support.ts';

const EVCC = fileURLToPath(new URL('../fixtures/logs/formats/evcc-local-time.log', import.meta.url));
const MIXED = fileURLToPath(new URL('../fixtures/logs/formats/mixed-times.log', import.meta.url));

describe.skipIf(!HAVE_CHROMIUM)('importing a foreign log in Chromium', () => {
  let t: UiApp;
  let b: Browser;
  let page: Page;

  beforeAll(async () => {
    ({ t, b, page } = await openUi(inject('uiDir'), { width: 1280, height: 720 }));
  });
  afterAll(async () => {
    await b?.close();
    await t?.stop();
  });

  test('the result says how the log was read and offers the zone its payloads suggest; one click imports it again in that zone', async () => {
    await importThroughPage(page, EVCC);
    const result = page.getByTestId('import-result');
    await result.waitFor();
    const first = Number(await result.getAttribute('data-session'));
    expect(await page.getByTestId('import-read-as').innerText()).toMatch(/^text log/);
    expect(await page.getByTestId('import-times').innerText()).toMatch(/read as UTC$/);
    expect(await page.getByTestId('import-tz-offer').innerText()).toMatch(/looks written in UTC\+02:00/);
    expect(await page.getByTestId('viewing-banner').innerText()).toMatch(/evcc-local-time\.log, text log .*looks written in UTC\+02:00/);
    for (const [w, h] of [[1280, 720], [1366, 768], [1920, 1080]] as const) {
      await page.setViewportSize({ width: w, height: h });
      await shot(page, `import-formats-offer-${w}x${h}`);
    }
    await page.getByTestId('import-tz-confirm').click();
    await expect.poll(async () => Number(await result.getAttribute('data-session'))).not.toBe(first);
    await expect.poll(() => page.getByTestId('import-times').innerText()).toMatch(/read as UTC\+02:00/);
    expect(await page.getByTestId('import-tz-offer').count()).toBe(0);
    const second = Number(await result.getAttribute('data-session'));
    const sessions = (await t.api<Session[]>('GET', '/api/sessions')).body;
    expect(sessions.find((s) => s.id === second)?.startedAt).toBe('2024-07-11T18:38:40.000Z');
    expect(sessions.find((s) => s.id === first)?.startedAt).toBe('2024-07-11T20:38:40.000Z');
    await shot(page, 'import-formats-confirmed');
    expect(b.errors).toEqual([]);
  });
});

describe.skipIf(!HAVE_CHROMIUM)('a log whose lines carry no time, in Chromium', () => {
  let t: UiApp;
  let b: Browser;
  let page: Page;

  beforeAll(async () => {
    ({ t, b, page } = await openUi(inject('uiDir'), { width: 1280, height: 720 }));
  });
  afterAll(async () => {
    await b?.close();
    await t?.stop();
  });

  test('frames whose lines carry no time show "time unknown" in the trace and its detail, never a made-up clock time', async () => {
    await importThroughPage(page, MIXED);
    await expect.poll(() => page.getByTestId('viewing-banner').innerText()).toMatch(/mixed-times\.log/);
    await page.evaluate(() => { window.location.hash = '#/trace'; });
    const rows = page.locator('.trace-list .trow');
    await expect.poll(() => rows.count()).toBe(8);
    // Lines 4 to 6 of the file carry no time: their rows say so (with why), the others show the log's own times.
    const times = await rows.locator('.c-time').allInnerTexts();
    expect(times).toEqual(['09:00:00.000', '09:00:00.040', '09:00:01.000', 'time unknown', 'time unknown', 'time unknown', '09:00:10.000', '09:00:10.020']);
    const unknown = rows.getByTestId('time-unknown');
    expect(await unknown.first().getAttribute('title')).toMatch(/no time: it keeps its place in the file's order, and no latency/);
    // Nothing claims a latency for them: only the two timed exchanges have one.
    expect((await rows.locator('.c-lat').allInnerTexts()).filter((l) => /ms/.test(l))).toEqual(['↳ 40 ms', '40 ms', '↳ 20 ms', '20 ms']);
    // The cell holds its words whole.
    expect(await unknown.first().evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    await rows.nth(4).click();
    const detail = page.getByTestId('trace-detail');
    expect(await detail.getByTestId('detail-time-unknown').innerText()).toMatch(/^unknown: not in the log, order kept from the file/);
    expect(await detail.innerText()).toMatch(/answered by CALLRESULT #\d+/);
    expect(await detail.getByTestId('pair-no-latency').innerText()).toBe('no latency: a time is unknown');
    for (const [w, h] of [[1280, 720], [1366, 768], [1920, 1080]] as const) {
      await page.setViewportSize({ width: w, height: h });
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      await shot(page, `import-formats-time-unknown-${w}x${h}`);
      expect(await layoutProblems(page), `${w}x${h}`).toEqual([]);
      expect(await unknown.first().evaluate((el) => el.scrollWidth <= el.clientWidth), `${w}x${h}`).toBe(true);
    }
    expect(b.errors).toEqual([]);
  });
});
