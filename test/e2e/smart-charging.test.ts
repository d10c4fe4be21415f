/**
 * The smart-charging workbench in a real Chromium: templates and live rule checks in the SetChargingProfile
 * editor, the installed-profile list, the composite chart against the charger's GetCompositeSchedule answer
 * (with the difference finding), meter values overlaid, and ClearChargingProfile by id and by criteria.
 *
 * The charger is ocpp-rpc in strictMode. It keeps the profiles it accepts (replacing same id, or same
 * connector + purpose + stackLevel, OCPP 1.6 §3.13.2), refuses a TxProfile without a transaction and a
 * ChargePointMaxProfile off connector 0 (§3.13.1), clears by id or by AND-ed criteria (errata 3.25/3.26),
 * and answers GetCompositeSchedule from what it keeps, filling unconstrained time with its 32 A maximum like
 * real chargers do. A `skew` makes it report a deliberately wrong limit, to provoke the difference finding.
 */
import type { RPCClient } from 'ocpp-rpc';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { computeCompositeSchedule, type InstalledProfileLike } from '../../main/csms/smart-charging/composite.ts';
import type { ChargingProfile, ClearChargingProfileRequest } from '../../shared/ocpp/charging-profile.ts';
import { connectCharger } from '../support/harness.ts';
import { HAVE_CHROMIUM, openBrowser, shot, startUiApp, type Browser, type UiApp } from './support.ts';

const CP = 'CP-SC-1';
const MAX_A = 32;

describe.skipIf(!HAVE_CHROMIUM)('smart charging in Chromium', () => {
  let t: UiApp;
  let b: Browser;
  let page: Page;
  let cp: RPCClient;
  const stored: InstalledProfileLike[] = [];
  let tx: { id: number; connectorId: number; startedAt: Date } | undefined;
  /** Added to every composite period after the first, when set. */
  let skew = 0;

  const installedRows = () => page.getByTestId('installed-profiles').locator('tbody tr');
  const series = async () => ((await page.getByTestId('composite-chart').getAttribute('data-series')) ?? '').split(' ');
  const intervals = () => page.getByTestId('composite-intervals').locator('tbody tr');

  async function sendFromEditor(expected: string): Promise<void> {
    await page.locator('[data-command="send-profile"]').click();
    await page.locator('.sc-send [data-outcome="result"]', { hasText: expected }).waitFor();
  }

  beforeAll(async () => {
    t = await startUiApp(inject('uiDir'));
    b = await openBrowser({ width: 1600, height: 1300 });
    page = b.page;
    cp = await connectCharger(t, CP);
    const on = <P,>(action: string, fn: (params: P) => Record<string, unknown>) => cp.handle(action, async ({ params }) => fn(params as P));
    on('GetConfiguration', () => ({
      configurationKey: [
        { key: 'ChargeProfileMaxStackLevel', readonly: true, value: '8' },
        { key: 'ChargingScheduleAllowedChargingRateUnit', readonly: true, value: 'Current,Power' },
        { key: 'ChargingScheduleMaxPeriods', readonly: true, value: '10' },
      ],
      unknownKey: [],
    }));
    on<{ connectorId: number; csChargingProfiles: ChargingProfile }>('SetChargingProfile', (params) => {
      const { connectorId, csChargingProfiles: p } = params;
      if (p.chargingProfilePurpose === 'TxProfile' && tx?.connectorId !== connectorId) return { status: 'Rejected' };
      if (p.chargingProfilePurpose === 'ChargePointMaxProfile' && connectorId !== 0) return { status: 'Rejected' };
      const same = (s: InstalledProfileLike) => s.profile.chargingProfileId === p.chargingProfileId
        || (s.connectorId === connectorId && s.profile.chargingProfilePurpose === p.chargingProfilePurpose && s.profile.stackLevel === p.stackLevel);
      for (let i = stored.length - 1; i >= 0; i--) if (same(stored[i]!)) stored.splice(i, 1);
      stored.push({ connectorId, profile: p });
      return { status: 'Accepted' };
    });
    on<ClearChargingProfileRequest>('ClearChargingProfile', (q) => {
      const match = (s: InstalledProfileLike) => (q.id !== undefined ? s.profile.chargingProfileId === q.id
        : (q.connectorId === undefined || s.connectorId === q.connectorId)
          && (q.chargingProfilePurpose === undefined || s.profile.chargingProfilePurpose === q.chargingProfilePurpose)
          && (q.stackLevel === undefined || s.profile.stackLevel === q.stackLevel));
      const before = stored.length;
      for (let i = stored.length - 1; i >= 0; i--) if (match(stored[i]!)) stored.splice(i, 1);
      return { status: stored.length < before ? 'Accepted' : 'Unknown' };
    });
    on<{ connectorId: number; duration: number; chargingRateUnit?: 'A' | 'W' }>('GetCompositeSchedule', (params) => {
      const unit = params.chargingRateUnit ?? 'A';
      const s = computeCompositeSchedule({
        profiles: stored, connectorId: params.connectorId, start: new Date(), durationSec: params.duration, unit,
        unconstrainedLimit: unit === 'A' ? MAX_A : MAX_A * 230 * 3, ...(tx ? { transaction: tx } : {}),
      });
      const periods = s.chargingSchedule.chargingSchedulePeriod.map((p, i) => (i > 0 && skew ? { ...p, limit: p.limit + skew } : p));
      return { status: 'Accepted', connectorId: s.connectorId, scheduleStart: s.scheduleStart, chargingSchedule: { ...s.chargingSchedule, chargingSchedulePeriod: periods } };
    });
    for (const connectorId of [1, 2]) await cp.call('StatusNotification', { connectorId, status: 'Available', errorCode: 'NoError' });
    const startedAt = new Date(Date.now() - 180_000);
    const started = await cp.call('StartTransaction', { connectorId: 1, idTag: 'TAG-SC', meterStart: 1000, timestamp: startedAt.toISOString() }) as { transactionId: number };
    tx = { id: started.transactionId, connectorId: 1, startedAt };
    await cp.call('StatusNotification', { connectorId: 1, status: 'Charging', errorCode: 'NoError' });
    for (const [ago, amps, kw] of [[150, 9.6, 6.6], [90, 9.8, 6.8], [30, 5.9, 4.1]] as const) {
      await cp.call('MeterValues', {
        connectorId: 1, transactionId: tx.id,
        meterValue: [{
          timestamp: new Date(Date.now() - ago * 1000).toISOString(),
          sampledValue: [
            ...(['L1', 'L2', 'L3'] as const).map((phase) => ({ value: String(amps), measurand: 'Current.Import' as const, phase, unit: 'A' as const })),
            { value: String(kw), measurand: 'Power.Active.Import' as const, unit: 'kW' as const },
          ],
        }],
      });
    }
    const config = await t.api('POST', `/api/chargers/${CP}/calls/GetConfiguration`, {});
    expect(config.status).toBe(200);
    await page.goto(t.uiUrl);
    await page.evaluate((id) => { window.location.hash = `#/chargers/${encodeURIComponent(id)}/profiles`; }, CP);
    await page.getByTestId('smart-charging').waitFor();
  });

  afterAll(async () => {
    await cp?.close({ force: true });
    await b?.close();
    await t?.stop();
  });

  test('a template fills the editor, and a broken rule disables Send with the rule text while "Send anyway" stays', async () => {
    await page.getByTestId('template-limit').fill('10');
    await page.locator('[data-template="limit-now"]').click();
    expect(await page.getByTestId('f-purpose').inputValue()).toBe('TxDefaultProfile');
    expect(await page.getByTestId('f-startSchedule').inputValue()).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(await page.getByLabel('period 1 limit').inputValue()).toBe('10');
    expect(await page.locator('[data-command="send-profile"]').isEnabled()).toBe(true);
    expect(await page.getByTestId('violations').count()).toBe(0);

    await page.getByTestId('f-purpose').selectOption('ChargePointMaxProfile');
    await page.getByTestId('f-stackLevel').fill('9');
    const rules = page.getByTestId('violations').locator('li');
    await expect.poll(() => rules.evaluateAll((els) => els.map((e) => e.getAttribute('data-rule')))).toEqual(['charge-point-max-on-connector-0', 'max-stack-level']);
    expect(await rules.first().innerText()).toContain('ChargePointMaxProfile is only allowed on connectorId 0');
    expect(await rules.nth(1).innerText()).toContain("above the charger's ChargeProfileMaxStackLevel 8");
    expect(await page.locator('[data-command="send-profile"]').isDisabled()).toBe(true);
    expect(await page.locator('[data-command="send-anyway"]').innerText()).toContain('2 rules broken');
    await shot(page, 'sc-01-editor-violations');
  });

  test('"Send anyway" sends a profile the rules forbid, and the charger\'s refusal is shown', async () => {
    await page.getByTestId('f-purpose').selectOption('TxProfile');
    await page.getByTestId('f-stackLevel').fill('0');
    await page.getByTestId('f-connectorId').fill('2');
    await page.getByTestId('violations').locator('[data-rule="tx-profile-needs-transaction"]').waitFor();
    await page.locator('[data-command="send-anyway"]').click();
    await page.locator('.sc-send [data-outcome="result"]', { hasText: 'Rejected' }).waitFor();
    expect(await page.getByTestId('installed-profiles').count()).toBe(0);
  });

  test('templates sent to the charger are listed as installed and drawn per purpose with the composite in bold', async () => {
    await page.getByTestId('f-connectorId').fill('1');
    await page.locator('[data-template="limit-now"]').click();
    expect(await page.getByTestId('f-connectorId').inputValue()).toBe('1');
    await sendFromEditor('Accepted');
    await expect.poll(() => installedRows().count()).toBe(1);

    await page.getByTestId('template-limit').fill('16');
    await page.locator('[data-template="site-cap"]').click();
    expect(await page.getByTestId('f-connectorId').inputValue()).toBe('0');
    await sendFromEditor('Accepted');
    await expect.poll(() => installedRows().count()).toBe(2);

    await page.locator('[data-template="tc057"]').click();
    expect(await page.getByTestId('f-transaction').inputValue()).toBe(String(tx!.id));
    expect(await page.getByTestId('f-duration').inputValue()).toBe('300');
    await page.getByLabel('period 1 limit').fill('6');
    await sendFromEditor('Accepted');
    await expect.poll(() => installedRows().count()).toBe(3);
    const purposes = await installedRows().evaluateAll((rows) => rows.map((r) => r.getAttribute('data-purpose')).sort());
    expect(purposes).toEqual(['ChargePointMaxProfile', 'TxDefaultProfile', 'TxProfile']);

    await page.getByTestId('composite-duration').selectOption('900');
    await expect.poll(series).toContain('tx');
    const keys = await series();
    // The TxProfile is valid over the whole window, so the TxDefaultProfile is drawn as overruled (faint).
    expect(keys).not.toContain('txDefault');
    expect(keys).toEqual(expect.arrayContaining(['chargePointMax', 'txDefaultOverridden', 'tx', 'composite', 'meter:Current.Import:L1', 'meter:Current.Import:L2', 'meter:Current.Import:L3']));
    // TxProfile 6 A for 300 s, then ChargePointMax 16 A (the still-valid TxProfile keeps TxDefault out, §3.13.1).
    await expect.poll(() => intervals().evaluateAll((rows) => rows.map((r) => r.getAttribute('data-limit')))).toEqual(['6', '16']);
    expect(await intervals().first().innerText()).toContain('TxProfile');
    await page.getByTestId('composite-chart').scrollIntoViewIfNeeded();
    await shot(page, 'sc-02-installed-and-plot');
  });

  test('asking the charger draws its answer on top and lists the difference with the instant and both values', async () => {
    skew = 4;
    await page.locator('[data-command="ask-composite"]').click();
    const check = page.getByTestId('composite-check');
    await page.locator('[data-testid="composite-check"][data-matches="false"]').waitFor();
    await expect.poll(series).toContain('charger');
    const text = await check.innerText();
    expect(text).toContain('ChargeScope expects 16 A, the charger reports 20 A');
    expect(text).toMatch(/at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z \(\+(29\d|300)(\.\d)? s to \+900 s\)/);
    const findings = await t.api<{ rule: string; message: string }[]>('GET', `/api/findings?charger=${CP}`);
    expect(findings.body.filter((f) => f.rule === 'composite-schedule-differs').map((f) => f.message)).toEqual([expect.stringContaining('the charger reports 20 A')]);
    await check.scrollIntoViewIfNeeded();
    await shot(page, 'sc-03-charger-answer-differs');
  });

  test('ClearChargingProfile by id removes the TxProfile from the list and from the plot', async () => {
    const txRow = installedRows().filter({ has: page.locator('td', { hasText: 'TxProfile' }) });
    const id = await txRow.getAttribute('data-profile-id');
    await page.locator(`[data-command="clear-id-${id}"]`).click();
    await expect.poll(() => installedRows().count()).toBe(2);
    await expect.poll(series).not.toContain('tx');
    expect(await series()).toContain('txDefault');
    await expect.poll(() => intervals().evaluateAll((rows) => rows.map((r) => r.getAttribute('data-limit')))).toEqual(['10']);
    expect(stored.map((s) => s.profile.chargingProfilePurpose).sort()).toEqual(['ChargePointMaxProfile', 'TxDefaultProfile']);
  });

  test('in W the limits are converted (230 V × 3) and Power.Active.Import in kW is drawn in W', async () => {
    await page.locator('.sc-composite label.sc-radio', { hasText: 'W' }).click();
    await expect.poll(() => intervals().evaluateAll((rows) => rows.map((r) => r.getAttribute('data-limit')))).toEqual(['6900']);
    await expect.poll(series).toContain('meter:Power.Active.Import');
    expect((await series()).filter((k) => k.startsWith('meter:Current.Import'))).toEqual([]);
    await page.getByTestId('composite-chart').scrollIntoViewIfNeeded();
    await shot(page, 'sc-04-watts-with-power');
    await page.locator('.sc-composite label.sc-radio', { hasText: 'A' }).click();
    await expect.poll(() => intervals().evaluateAll((rows) => rows.map((r) => r.getAttribute('data-limit')))).toEqual(['10']);
  });

  test('ClearChargingProfile by criteria clears what matches all of them; with none left the plot says "no limit"', async () => {
    await page.getByTestId('clear-connector').fill('0');
    await page.getByTestId('clear-purpose').selectOption('ChargePointMaxProfile');
    await page.locator('[data-command="clear-criteria"]').click();
    await expect.poll(() => installedRows().count()).toBe(1);
    await expect.poll(series).not.toContain('chargePointMax');

    await page.getByTestId('clear-connector').fill('1');
    await page.getByTestId('clear-purpose').selectOption('TxDefaultProfile');
    await page.getByTestId('clear-stack').fill('0');
    await page.locator('[data-command="clear-criteria"]').click();
    await expect.poll(() => page.getByTestId('installed-profiles').count()).toBe(0);
    expect(stored).toEqual([]);
    await expect.poll(() => intervals().evaluateAll((rows) => rows.map((r) => r.getAttribute('data-limit')))).toEqual(['none']);
    expect(await intervals().first().innerText()).toContain('no limit');

    skew = 0;
    await page.locator('[data-command="ask-composite"]').click();
    await page.locator('[data-testid="composite-check"][data-matches="true"]').waitFor();
    // Under the cursor the composite reads "no limit" where the charger reports its 32 A maximum.
    const chart = page.getByTestId('composite-chart');
    await chart.scrollIntoViewIfNeeded();
    const over = chart.locator('.u-over');
    const box = (await over.boundingBox())!;
    await over.hover({ position: { x: box.width * 0.75, y: box.height / 2 } });
    const legendValue = (label: string) => chart.locator('.u-legend .u-series', { hasText: label }).locator('.u-value');
    await expect.poll(() => legendValue('Composite (ChargeScope)').innerText()).toBe('no limit');
    expect(await legendValue('Charger (GetCompositeSchedule)').innerText()).toBe('32 A');
    await shot(page, 'sc-05-cleared-no-limit');
    expect(b.errors).toEqual([]);
  });
});
