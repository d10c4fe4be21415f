/**
 * The layout check itself (test/e2e/layout-check.ts), on a page made here: it must report what a user would see cut
 * or overlapped, and nothing on a page where everything fits. Without this, a check that finds nothing proves nothing.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { layoutProblems } from './layout-check.ts';
import { HAVE_CHROMIUM, openBrowser, type Browser } from './support.ts';

describe.skipIf(!HAVE_CHROMIUM)('the layout check', () => {
  let b: Browser;
  beforeAll(async () => {
    b = await openBrowser({ width: 1280, height: 720 });
  });
  afterAll(async () => {
    await b?.close();
  });

  const page = (body: string) => b.page.setContent(`<!doctype html><html><body style="font: 14px sans-serif">${body}</body></html>`);

  test('reports a cut placeholder, a cut choice, a cut button text, an overlap and a control outside the window', async () => {
    await page(`
      <input placeholder="an idTag of up to 20 characters, e.g. 04A1B2C3" style="width:80px">
      <select style="width:70px"><option>SuspendedEVSE (the car paused)</option></select>
      <button style="width:40px;white-space:nowrap;overflow:hidden">FormationViolation</button>
      <div style="position:relative;height:40px"><button style="position:absolute;left:0;width:120px">one</button><button style="position:absolute;left:60px;width:120px">two</button></div>
      <button style="position:absolute;left:1250px;width:100px">far</button>`);
    const problems = await layoutProblems(b.page);
    expect(problems.find((p) => p.startsWith('placeholder cut'))).toMatch(/an idTag of up to 20/);
    expect(problems.find((p) => p.startsWith('choice cut'))).toMatch(/SuspendedEVSE/);
    expect(problems.find((p) => p.startsWith('text cut'))).toMatch(/FormationViolation/);
    expect(problems.some((p) => p.startsWith('overlap'))).toBe(true);
    expect(problems.some((p) => p.startsWith('outside the window'))).toBe(true);
  });

  test('finds nothing where everything fits (a typed value longer than its input is not a fault: it scrolls)', async () => {
    await page(`
      <input placeholder="idTag" style="width:200px">
      <input value="ws://192.168.1.20:9000/ocpp/a-very-long-identity-that-scrolls-inside-its-field" style="width:120px">
      <select style="width:200px"><option>Charging</option><option>a much longer option that is not chosen</option></select>
      <button>Send</button>`);
    expect(await layoutProblems(b.page)).toEqual([]);
  });
});
