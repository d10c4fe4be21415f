/**
 * Issue 13, items 5 and 6, as a new user meets them in Chromium against the real server with independent ocpp-rpc
 * chargers (strictMode): an idTag longer than 20 characters is refused with the reason and never saved cut; a
 * read-only configuration key warns before it is sent; the ReserveNow button says why it is disabled and the form
 * defaults to a charger that booted; a Settings value out of range is said in plain words next to its field, which is
 * marked. Each step leaves a screenshot under test/e2e/__screenshots__/.
 */
import type { RPCClient } from 'ocpp-rpc';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { connectCharger } from '../support/harness.ts';
import { HAVE_CHROMIUM, openBrowser, shot, startUiApp, type Browser, type UiApp } from './support.ts';

const BOOTED = 'CP-FORMS-BOOTED';
const SILENT = 'CP-FORMS-AAA-NEVER-BOOTED'; // sorts first: a default of "the first charger" would pick it

describe.skipIf(!HAVE_CHROMIUM)('everyday forms (issue 13, items 5 and 6)', () => {
  let t: UiApp;
  let b: Browser;
  let page: Page;
  const cps: RPCClient[] = [];
  const sent: string[] = [];
  const go = (hash: string) => page.evaluate((h) => { window.location.hash = h; }, hash);

  beforeAll(async () => {
    t = await startUiApp(inject('uiDir'));
    cps.push(await connectCharger(t, SILENT, { boot: false }));
    const cp = await connectCharger(t, BOOTED);
    cp.handle(async ({ method }): Promise<Record<string, unknown>> => {
      sent.push(method ?? '');
      if (method === 'GetConfiguration') return { configurationKey: [{ key: 'HeartbeatInterval', readonly: false, value: '60' }, { key: 'NumberOfConnectors', readonly: true, value: '2' }] };
      return { status: 'Rejected' };
    });
    await cp.call('StatusNotification', { connectorId: 1, status: 'Available', errorCode: 'NoError' });
    cps.push(cp);
    b = await openBrowser({ width: 1280, height: 720 });
    page = b.page;
    await page.goto(t.uiUrl);
    await page.getByTestId('charger-list').waitFor();
  });

  afterAll(async () => {
    for (const cp of cps) await cp.close({ force: true }).catch(() => undefined);
    await b?.close();
    await t?.stop();
  });

  test('an idTag of 21 characters is refused with the reason; nothing is saved, nothing cut', async () => {
    await go('#/idtags');
    const tag = 'A'.repeat(21);
    await page.getByLabel('idTag', { exact: true }).fill(tag);
    const problem = page.getByTestId('idtag-problem');
    await problem.waitFor();
    expect(await problem.innerText()).toMatch(/21 characters: OCPP 1\.6 allows at most 20/);
    expect(await page.getByLabel('idTag', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByRole('button', { name: 'Add', exact: true }).isDisabled()).toBe(true);
    await shot(page, 'forms-idtag-too-long');
    // The server refuses it as well (a script or an old page cannot save it cut either).
    const put = await t.api('PUT', `/api/idtags/${tag}`, { status: 'Accepted' });
    expect(put.status).toBe(400);
    expect(((await t.api<{ idTag: string }[]>('GET', '/api/idtags')).body).map((x) => x.idTag).filter((x) => x.startsWith('AAAA'))).toEqual([]);
    // Twenty is fine.
    await page.getByLabel('idTag', { exact: true }).fill('A'.repeat(20));
    expect(await problem.count()).toBe(0);
  });

  test('a read-only configuration key warns before it is sent, and its button says "Send anyway"', async () => {
    await go(`#/chargers/${BOOTED}/configuration`);
    await page.locator('[data-command="get-configuration"]').click();
    await page.getByTestId('config-table').waitFor();
    await page.locator('[data-edit-key="NumberOfConnectors"]').click();
    const warning = page.getByTestId('readonly-warning');
    await warning.waitFor();
    expect(await warning.innerText()).toMatch(/NumberOfConnectors is read-only: a conformant charger answers Rejected/);
    await page.getByRole('button', { name: 'Send anyway' }).waitFor();
    await shot(page, 'forms-readonly-key');
    // A writable key opened beside it gets a plain Send and no warning of its own.
    await page.locator('[data-edit-key="HeartbeatInterval"]').click();
    await page.getByRole('button', { name: 'Send', exact: true }).waitFor();
    expect(await warning.count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Send anyway' }).count()).toBe(1);
  });

  test('ReserveNow defaults to the charger that booted, and its disabled button says why', async () => {
    await go('#/reservations');
    const form = page.getByRole('form', { name: 'create a reservation' });
    await form.waitFor();
    expect(await form.getByLabel('charger to reserve on').inputValue()).toBe(BOOTED);
    const button = form.getByRole('button', { name: 'ReserveNow' });
    expect(await button.isDisabled()).toBe(true);
    expect(await form.getByTestId('reserve-why').innerText()).toBe('type the idTag');
    await shot(page, 'forms-reserve-why');
    // The never-booted one is marked as such, and choosing it says what to expect.
    await form.getByLabel('charger to reserve on').selectOption(SILENT);
    expect(await form.getByLabel('charger to reserve on').locator('option:checked').innerText()).toContain('(never booted)');
    await form.getByText(/never booted \(no accepted BootNotification\): it may refuse the reservation/).waitFor();
    await form.getByLabel('idTag to reserve for').fill('CARD-1');
    expect(await button.isDisabled()).toBe(false);
    expect(await form.getByTestId('reserve-why').count()).toBe(0);
  });

  test('a Settings value out of range is said in plain words next to its field, which is marked; Save waits', async () => {
    await go('#/settings');
    const field = page.locator('#s-hb');
    await field.fill('100000');
    const problem = page.getByTestId('problem-heartbeatInterval');
    await problem.waitFor();
    const text = await problem.innerText();
    expect(text).toMatch(/100000 is out of range: use 1 to 86400/);
    expect(text).not.toMatch(/invalid body|must be|\/heartbeatInterval/); // never the schema's own words
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByRole('button', { name: 'Save settings' }).isDisabled()).toBe(true);
    // Beside its field: the message starts within a row's height of the input.
    const [f, p] = [await field.boundingBox(), await problem.boundingBox()];
    expect(Math.abs(p!.y - f!.y)).toBeLessThan(40);
    await shot(page, 'forms-settings-field-error');
    await field.fill('300');
    expect(await problem.count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Save settings' }).isDisabled()).toBe(false);
  });
});
