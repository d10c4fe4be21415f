/**
 * A foreign log through the page: how it was read (the family, its times), and a time-zone offer that the engineer
 * confirms with one click, which imports the file again in that zone.
 */
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Session } from '../../shared/api/types.ts';
import { HAVE_CHROMIUM, openBrowser, shot, startUiApp, type Browser, type UiApp } from './support.ts';

const EVCC = fileURLToPath(new URL('../fixtures/logs/formats/evcc-local-time.log', import.meta.url));

describe.skipIf(!HAVE_CHROMIUM)('importing a foreign log in Chromium', () => {
  let t: UiApp;
  let b: Browser;
  let page: Page;

  beforeAll(async () => {
    t = await startUiApp(inject('uiDir'));
    b = await openBrowser({ width: 1280, height: 720 });
    page = b.page;
    await page.goto(t.uiUrl);
  });
  afterAll(async () => {
    await b?.close();
    await t?.stop();
  });

  test('the result says how the log was read and offers the zone its payloads suggest; one click imports it again in that zone', async () => {
    await page.evaluate(() => { window.location.hash = '#/sessions'; });
    await page.getByTestId('import-open').click();
    await page.getByTestId('import-file').setInputFiles(EVCC);
    await page.getByTestId('import-start').click();
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
