/**
 * Sessions in a real Chromium: a live session in which an ocpp-rpc charger runs a transaction with MeterValues in
 * kWh, kW, A per phase, V and Percent; the transaction's plots show the values converted by their own units, and
 * a point's frame opens in the trace; the session is exported (chargescope) through the browser's download, a new
 * session is started, and the exported file is imported back: the banner says it is a recording and from when,
 * trace, chargers, transactions with plots and findings of the recording work, and no command is offered. Last,
 * a small broken text log is imported and its skipped lines are listed with their numbers.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RPCClient } from 'ocpp-rpc';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Session } from '../../shared/api/types.ts';
import { connectCharger } from '../support/harness.ts';
import { HAVE_CHROMIUM, importThroughPage, openBrowser, shot, startUiApp, type Browser, type UiApp } from './support.ts';

const CP = 'CP-SESS-1';
const ID_TAG = 'TAG-E2E-1';
const MINUTE = 60_000;

describe.skipIf(!HAVE_CHROMIUM)('sessions, export, re-open and plots in Chromium', () => {
  let t: UiApp;
  let b: Browser;
  let page: Page;
  let cp: RPCClient;
  let txId = 0;
  let firstSession: Session;
  let exportPath = '';
  let recordingId = 0;
  const tmp = mkdtempSync(join(tmpdir(), 'chargescope-e2e-sessions-'));
  const startedAt = new Date(Date.now() - 10 * MINUTE);

  const go = (hash: string) => page.evaluate((h) => { window.location.hash = h; }, hash);
  const panel = (quantity: string) => page.locator(`[data-testid="meter-panel"][data-quantity="${quantity}"]`);

  beforeAll(async () => {
    t = await startUiApp(inject('uiDir'));
    b = await openBrowser({ width: 1440, height: 1000 });
    page = b.page;
    cp = await connectCharger(t, CP);
    await cp.call('StatusNotification', { connectorId: 1, status: 'Preparing', errorCode: 'NoError' });
    const started = await cp.call('StartTransaction', { connectorId: 1, idTag: ID_TAG, meterStart: 1000, timestamp: startedAt.toISOString() }) as { transactionId: number };
    txId = started.transactionId;
    const samples: [number, string, string, number, string][] = [
      // minutes after start, energy kWh, power kW, current A (L1; L2 and L3 a little off), SoC %
      [1, '1.5', '7.4', 10.7, '41'],
      [2, '2.25', '7.2', 10.4, '47'],
      [3, '3.0', '0.9', 1.3, '52'],
    ];
    for (const [min, kwh, kw, amps, soc] of samples) {
      await cp.call('MeterValues', {
        connectorId: 1, transactionId: txId,
        meterValue: [{
          timestamp: new Date(startedAt.getTime() + min * MINUTE).toISOString(),
          sampledValue: [
            { value: kwh, measurand: 'Energy.Active.Import.Register', unit: 'kWh', context: 'Sample.Periodic' },
            { value: kw, measurand: 'Power.Active.Import', unit: 'kW' },
            { value: amps.toFixed(1), measurand: 'Current.Import', unit: 'A', phase: 'L1' },
            { value: (amps + 0.1).toFixed(1), measurand: 'Current.Import', unit: 'A', phase: 'L2' },
            { value: (amps - 0.1).toFixed(1), measurand: 'Current.Import', unit: 'A', phase: 'L3' },
            { value: '230.4', measurand: 'Voltage', unit: 'V', phase: 'L1-N' },
            { value: soc, measurand: 'SoC', unit: 'Percent', location: 'EV' },
          ],
        }],
      });
    }
    await cp.call('StopTransaction', {
      transactionId: txId, idTag: ID_TAG, meterStop: 4000, timestamp: new Date(startedAt.getTime() + 4 * MINUTE).toISOString(), reason: 'EVDisconnected',
    });
    // A value that is not a number: a finding the recording must carry.
    await cp.call('MeterValues', { connectorId: 1, meterValue: [{ timestamp: new Date().toISOString(), sampledValue: [{ value: 'n/a', measurand: 'SoC', unit: 'Percent' }] }] });
    const sessions = await t.api<Session[]>('GET', '/api/sessions');
    firstSession = sessions.body.find((s) => s.live)!;
    await t.api('PATCH', `/api/sessions/${firstSession.id}`, { name: 'Depot visit', site: 'Depot Nord', notes: 'KEBA swap' });
    await page.goto(t.uiUrl);
    await page.getByTestId('site-bar').waitFor();
  });

  afterAll(async () => {
    await cp?.close({ force: true });
    await b?.close();
    await t?.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  async function expectPlots(): Promise<void> {
    await page.getByTestId('transaction-detail').waitFor();
    await expect.poll(() => page.getByTestId('meter-panel').count()).toBe(5);
    expect(await panel('energy').getAttribute('data-unit')).toBe('kWh');
    // The register read 3.0 kWh with meterStart 1000 Wh: the plot draws this transaction's 2 kWh, not the register.
    expect(await panel('energy').getAttribute('data-last')).toBe('Energy.Active.Import.Register=2');
    // 7.4, 7.2 and 0.9 kW: the panel stays in kW (values reach 1000 W), 0.9 kW is not read as 0.9 W.
    expect(await panel('power').getAttribute('data-unit')).toBe('kW');
    expect(await panel('power').getAttribute('data-last')).toBe('Power.Active.Import=0.9');
    expect(await panel('current').getAttribute('data-last')).toBe('Current.Import L1=1.3;Current.Import L2=1.4;Current.Import L3=1.2');
    expect(await panel('voltage').getAttribute('data-unit')).toBe('V');
    expect(await panel('soc').getAttribute('data-unit')).toBe('%');
    expect(await panel('soc').getAttribute('data-last')).toBe('SoC=52');
    expect(await page.getByTestId('tx-idtag').innerText()).toBe(ID_TAG);
    expect(await page.getByTestId('tx-stop').innerText()).toContain('EVDisconnected');
    // Every sample in the table, converted to the base unit: 1.5 kWh = 1500 Wh, 7.4 kW = 7400 W.
    await page.locator('.mv-samples summary').click();
    const energyRow = page.getByTestId('meter-samples').locator('tr[data-measurand="Energy.Active.Import.Register"]').first();
    expect(await energyRow.innerText()).toMatch(/1\.5 kWh[\s\S]*1500 Wh/);
    const powerRow = page.getByTestId('meter-samples').locator('tr[data-measurand="Power.Active.Import"]').first();
    expect(await powerRow.innerText()).toMatch(/7\.4 kW[\s\S]*7400 W/);
  }

  test('a transaction plots energy, power, current per phase, voltage and SoC, converted by each sample’s unit', async () => {
    await go(`#/transactions/${txId}`);
    await expectPlots();
    await page.getByTestId('transaction-detail').evaluate((e) => e.scrollIntoView());
    await shot(page, 'sessions-01-transaction-plots');
    await page.locator('.mv-samples summary').click();
  });

  test('a sample’s frame is one click away: the trace opens with that MeterValues selected', async () => {
    await page.locator('.mv-samples summary').click();
    const row = page.getByTestId('meter-samples').locator('tr[data-measurand="Power.Active.Import"]').nth(1);
    const seq = Number(await row.getAttribute('data-seq'));
    await row.locator('a').click();
    await page.locator('.trow-selected').waitFor();
    expect(await page.evaluate(() => window.location.hash)).toBe(`#/trace/${seq}`);
    expect(await page.locator('.trow-selected .c-action').innerText()).toBe('MeterValues');
    expect(await page.getByTestId('trace-detail').innerText()).toContain('7.2');
    await shot(page, 'sessions-02-trace-at-frame');
  });

  test('the live session exports to a chargescope file through the browser’s download', async () => {
    await go('#/sessions');
    const row = page.locator(`tr[data-session="${firstSession.id}"]`);
    await row.waitFor();
    expect(await row.innerText()).toContain('Depot Nord');
    expect(await row.locator('[data-badge="live"]').count()).toBe(1);
    await row.locator('[data-action="export"]').click();
    const download = page.waitForEvent('download');
    await page.getByTestId('export-start').click();
    const file = await download;
    exportPath = join(tmp, file.suggestedFilename());
    await file.saveAs(exportPath);
    expect(exportPath).toMatch(/\.chargescope$/);
    await expect.poll(() => page.getByTestId('export-outcome').innerText()).toContain('Saved');
    expect(readFileSync(exportPath).subarray(0, 15).toString('latin1')).toBe('SQLite format 3');
    await shot(page, 'sessions-03-exported');
  });

  test('an export shows its progress and can be cancelled; an anonymized trace export holds no original idTag', async () => {
    const panel = page.getByTestId('export-panel');
    await panel.locator('input[value="chargescope"]').check();
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: 16 * 1024, uploadThroughput: -1 });
    let downloaded = false;
    const onDownload = () => { downloaded = true; };
    page.on('download', onDownload);
    await page.getByTestId('export-start').click();
    const counts = page.getByTestId('job-counts');
    await expect.poll(async () => Number(/([\d.]+) KB/.exec(await counts.innerText())?.[1] ?? 0), { interval: 50 }).toBeGreaterThan(0);
    await shot(page, 'sessions-03b-export-progress');
    await page.getByTestId('job-cancel').click();
    await expect.poll(() => page.getByTestId('export-outcome').innerText()).toContain('cancelled');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    await cdp.detach();
    page.off('download', onDownload);
    expect(downloaded).toBe(false);

    await panel.locator('input[value="trace-jsonl"]').check();
    await page.getByTestId('export-anonymize').check();
    const download = page.waitForEvent('download');
    await page.getByTestId('export-start').click();
    const file = await download;
    const path = join(tmp, file.suggestedFilename());
    await file.saveAs(path);
    const text = readFileSync(path, 'utf8');
    expect(text).toContain('MeterValues');
    expect(text).not.toContain(ID_TAG);
  });

  test('starting a new session ends the live one, and the views show the new (empty) session', async () => {
    await page.getByTestId('new-session-open').click();
    const form = page.getByTestId('new-session');
    await form.locator('[data-field="name"]').fill('After export');
    await form.locator('[data-field="site"]').fill('Depot Nord');
    await form.getByTestId('session-submit').click();
    await expect.poll(() => page.getByTestId('live-session').innerText()).toBe('After export');
    const old = page.locator(`tr[data-session="${firstSession.id}"]`);
    await expect.poll(() => old.locator('[data-badge="ended"]').count()).toBe(1);
    await go('#/transactions');
    await page.getByText('No transactions in this session.').waitFor();
  });

  test('the exported file opens as a read-only recording: banner, switch, and the import result', async () => {
    await go('#/sessions');
    await page.getByTestId('import-open').click();
    await page.getByTestId('import-file').setInputFiles(exportPath);
    await page.getByTestId('import-start').click();
    const result = page.getByTestId('import-result');
    await result.waitFor();
    recordingId = Number(await result.getAttribute('data-session'));
    expect(await page.getByTestId('import-frames').innerText()).not.toBe('0');
    const banner = page.getByTestId('viewing-banner');
    await banner.waitFor();
    expect(await banner.getAttribute('data-kind')).toBe('recording');
    const text = await banner.innerText();
    expect(text).toContain('Recording Depot visit (2) from');
    expect(text).toContain(firstSession.startedAt.slice(0, 10));
    expect(text).toContain('read-only');
    expect(text).toContain('.chargescope');
    expect(await page.getByTestId('session-select').inputValue()).toBe(String(recordingId));
    await shot(page, 'sessions-04-imported-recording');
  });

  test('the recording’s trace, chargers and findings show what was recorded, and no command is offered', async () => {
    await go('#/trace');
    await expect.poll(() => page.locator('.trace-list .trow').count()).toBeGreaterThan(10);
    expect(await page.locator('.trace-list .trow .c-action', { hasText: 'StopTransaction' }).count()).toBeGreaterThan(0);

    await go('#/chargers');
    const charger = page.getByTestId('charger-list').locator(`tr[data-charger="${CP}"]`);
    await charger.waitFor();
    expect(await charger.getAttribute('data-connected')).toBe('false');
    await charger.locator('a.charger-link').click();
    await page.locator('.charger-page').waitFor();
    const tabs = await page.locator('.tabs .tab').allInnerTexts();
    expect(tabs).not.toContain('Commands');
    // Files stays: a recording's received diagnostics open there (issue 13, item 4), with no push or pull form.
    expect(tabs).toContain('Files');
    await page.getByTestId('session-commands').waitFor();
    expect(await page.locator('[data-command], .qa-row button').count()).toBe(0);
    await shot(page, 'sessions-05-recording-charger');
    await go(`#/chargers/${CP}/files`);
    await page.getByTestId('recorded-files').waitFor();
    expect(await page.getByTestId('firmware-push').count()).toBe(0);

    await go(`#/chargers/${CP}/configuration`);
    await page.getByTestId('recorded-configuration').waitFor();
    await go(`#/chargers/${CP}/profiles`);
    await page.getByTestId('recorded-profiles').waitFor();
    expect(await page.locator('[data-command]').count()).toBe(0);

    await go('#/findings');
    const findings = page.getByTestId('findings');
    await findings.waitFor();
    expect(await findings.innerText()).toContain('meter-value-not-numeric');
    await findings.locator('td.num a').first().click();
    await page.locator('.trow-selected').waitFor();
    expect(await page.locator('.trow-selected .c-action').innerText()).toBe('MeterValues');
  });

  test('the recording’s transaction has the same plots and converted values', async () => {
    await go('#/transactions');
    const row = page.getByTestId('transactions').locator('tbody tr').first();
    await row.waitFor();
    expect(await row.innerText()).toContain(ID_TAG);
    await row.click();
    await expectPlots();
    await page.getByTestId('transaction-detail').evaluate((e) => e.scrollIntoView());
    await shot(page, 'sessions-06-recording-plots');
  });

  test('a live frame does not leak into the recording on screen', async () => {
    await go('#/trace');
    await expect.poll(() => page.locator('.trace-status').innerText()).toMatch(/rows? loaded/);
    const before = await page.locator('.trace-status').innerText();
    const seen = new Promise<void>((resolve) => {
      const off = setInterval(async () => {
        const frames = await t.api<{ frames: unknown[] }>('GET', '/api/frames?limit=5000');
        if (frames.body.frames.some((f) => (f as { action: string }).action === 'Heartbeat')) {
          clearInterval(off);
          resolve();
        }
      }, 50);
    });
    await cp.call('Heartbeat', {});
    await seen;
    // The live session got the Heartbeat; the page, showing the recording, must not.
    await page.evaluate(() => new Promise((r) => setTimeout(r, 300)));
    expect(await page.locator('.trace-status').innerText()).toBe(before);
    expect(await page.locator('.trace-list .trow .c-action', { hasText: 'Heartbeat' }).count()).toBe(0);
  });

  test('a large import shows a progress bar with counts, and Cancel leaves nothing behind', async () => {
    // Asked before the file is made: making it blocks this process (and the app's server in it) for seconds on a
    // loaded machine, after which a kept-alive socket is reused just as the server's keep-alive timer closes it.
    const before = (await t.api<Session[]>('GET', '/api/sessions')).body.map((s) => s.id);
    const lines: string[] = [];
    const t0 = Date.parse('2025-03-02T08:00:00.000Z');
    for (let i = 0; i < 100_000; i++) {
      const at = new Date(t0 + i * 1000).toISOString();
      lines.push(JSON.stringify({ time: at, chargeBoxId: 'CP-BIG', direction: 'in', message: [2, `h${i}`, 'Heartbeat', {}] }));
      lines.push(JSON.stringify({ time: at, chargeBoxId: 'CP-BIG', direction: 'out', message: [3, `h${i}`, { currentTime: at }] }));
    }
    const bigPath = join(tmp, 'big-frames.jsonl');
    writeFileSync(bigPath, lines.join('\n'));
    await go('#/sessions');
    await page.getByTestId('import-open').click();
    await page.getByTestId('import-file').setInputFiles(bigPath);
    // A site laptop's upload is not loopback-fast: throttled, the import runs long enough to be watched and cancelled.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 3 * 1024 * 1024 });
    await page.getByTestId('import-start').click();
    const counts = page.getByTestId('job-counts');
    // The server's own counts: frames read so far.
    await expect.poll(async () => Number(/([\d,]+) frames/.exec(await counts.innerText())?.[1]?.replace(/,/g, '') ?? 0), { timeout: 20_000, interval: 50 }).toBeGreaterThan(0);
    await shot(page, 'sessions-07-import-progress');
    await page.getByTestId('job-cancel').click();
    await expect.poll(() => page.getByTestId('import-error').innerText()).toContain('cancelled');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    await cdp.detach();
    expect(await page.getByTestId('import-result').count()).toBe(0);
    await expect.poll(async () => (await t.api<Session[]>('GET', '/api/sessions')).body.map((s) => s.id)).toEqual(before);
  });

  test('a broken text log imports with its skipped lines listed by number and reason', async () => {
    const log = [
      '2025-03-01 10:00:00,000 [chargeBoxId=KEBA-7] Received: [2,"b1","BootNotification",{"chargePointVendor":"KEBA","chargePointModel":"P30"}]',
      '2025-03-01 10:00:00,020 [chargeBoxId=KEBA-7] Sending: [3,"b1",{"status":"Accepted","currentTime":"2025-03-01T10:00:00.020Z","interval":300}]',
      '2025-03-01 10:00:01,000 [chargeBoxId=KEBA-7] Received: [2,"h1","Heartbeat",{}',
      'this line is not a log line at all',
      '2025-03-01 10:00:02,000 [chargeBoxId=KEBA-7] Received: [2,"s1","StatusNotification",{"connectorId":1,"status":"Available","errorCode":"NoError"}]',
      '2025-03-01 10:00:02,010 [chargeBoxId=KEBA-7] Sending: [3,"s1",{}]',
    ].join('\n');
    const logPath = join(tmp, 'steve-broken.log');
    writeFileSync(logPath, log);
    await importThroughPage(page, logPath);
    const result = page.getByTestId('import-result');
    await expect.poll(async () => Number(await result.getAttribute('data-session'))).not.toBe(recordingId);
    const importedId = Number(await result.getAttribute('data-session'));
    const server = await t.api<Session[]>('GET', '/api/sessions');
    expect(server.body.find((s) => s.id === importedId)?.readOnly).toBe(true);
    // The cut-off Heartbeat is still a frame (recorded as invalid); the line without a frame is skipped.
    expect(await page.getByTestId('import-frames').innerText()).toBe('5');
    const listed = await page.getByTestId('skipped-lines').locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-line')));
    expect(listed).toEqual(['4']);
    expect(await page.getByTestId('import-skipped-count').innerText()).toBe('1');
    expect(await page.getByTestId('skipped-lines').locator('tr[data-line="4"]').innerText()).toMatch(/no OCPP-J array[\s\S]*this line is not a log line/);
    expect(await page.getByTestId('viewing-banner').innerText()).toContain('steve-broken.log');
    await shot(page, 'sessions-08-broken-log');
  });

  test('a recording can be deleted, and the page goes back to the live session', async () => {
    const row = page.locator(`tr[data-session="${recordingId}"]`);
    await row.locator('[data-action="delete"]').click();
    await page.getByTestId('session-delete-confirm').click();
    await expect.poll(() => row.count()).toBe(0);
    expect((await t.api<Session[]>('GET', '/api/sessions')).body.some((s) => s.id === recordingId)).toBe(false);
    // The broken log is still on screen; back to live from the banner.
    await page.getByTestId('viewing-banner').getByRole('button', { name: 'Back to the live session' }).click();
    await expect.poll(() => page.getByTestId('viewing-banner').count()).toBe(0);
  });

  test('a folder of exports re-opens by its path on this computer, as --open does', async () => {
    const folder = join(tmp, 'visits');
    mkdirSync(folder);
    copyFileSync(exportPath, join(folder, 'depot.chargescope'));
    await go('#/sessions');
    if (!(await page.getByTestId('import-panel').isVisible())) await page.getByTestId('import-open').click();
    await page.getByTestId('open-path').fill(folder);
    await page.getByTestId('open-path-start').click();
    const result = page.getByTestId('import-result');
    await result.waitFor();
    expect(await result.innerText()).toContain('depot.chargescope');
    const banner = page.getByTestId('viewing-banner');
    await expect.poll(() => banner.getAttribute('data-session')).toBe(await result.getAttribute('data-session'));
    expect(await banner.innerText()).toContain('Recording Depot visit (2) from');
    await shot(page, 'sessions-09-open-path');
    expect(b.errors.filter((e) => !/favicon/.test(e))).toEqual([]);
  });
});
