/**
 * Firmware and diagnostics through the UI in a real Chromium, against a strict ocpp-rpc charger that really
 * transfers: it downloads the pushed image over HTTP (reading slowly, so the bar moves), checks its sha256,
 * reports FirmwareStatusNotification and reboots with the new version; it uploads a tar.gz of logs over FTP
 * for GetDiagnostics. The engineer sees the progress reach 100 %, the status timeline, and opens the
 * archive in place to find a line.
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client as FtpClient } from 'basic-ftp';
import type { RPCClient } from 'ocpp-rpc';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { tarOf } from '../support/archives.ts';
import { connectCharger } from '../support/harness.ts';
import { HAVE_CHROMIUM, openBrowser, shot, startUiApp, type Browser, type UiApp } from './support.ts';

const CP = 'CP-FILES-1';
const FIRMWARE = Buffer.from(Array.from({ length: 6 * 1024 * 1024 }, (_, i) => (i * 131 + (i >> 12)) % 251));
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const LOG = Array.from({ length: 3000 }, (_, i) => {
  const t = new Date(Date.UTC(2026, 10, 23, 8, 0, i)).toISOString();
  return i === 2417 ? `${t} ERROR connector 1: ground fault detected, contactor opened` : `${t} INFO meter ${1000 + i} Wh, 16.0 A`;
}).join('\n');

/** Reads a response body slowly (about 1.5 s for the image), like a charger on a weak link. */
async function slowDownload(url: string): Promise<Buffer> {
  const res = await fetch(url);
  if (!res.ok || !res.body) throw new Error(`download failed: HTTP ${res.status}`);
  const chunks: Buffer[] = [];
  let since = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    chunks.push(Buffer.from(chunk));
    since += chunk.length;
    if (since >= 256 * 1024) {
      since = 0;
      await sleep(60);
    }
  }
  return Buffer.concat(chunks);
}

describe.skipIf(!HAVE_CHROMIUM)('firmware and diagnostics in Chromium', () => {
  let t: UiApp;
  let b: Browser;
  let page: Page;
  let cp: RPCClient;
  const downloads: { sha256: string; size: number }[] = [];
  const background: Promise<unknown>[] = [];
  let diagnostics: { name: string; data: Buffer } = { name: 'logs-CP-FILES-1.tar.gz', data: Buffer.alloc(0) };

  beforeAll(async () => {
    t = await startUiApp(inject('uiDir'));
    b = await openBrowser({ width: 1440, height: 1000 });
    page = b.page;
    cp = await connectCharger(t, CP);
    cp.handle('UpdateFirmware', async ({ params }) => {
      const { location } = params as { location: string };
      background.push((async () => {
        await cp.call('FirmwareStatusNotification', { status: 'Downloading' });
        const got = await slowDownload(location);
        downloads.push({ sha256: sha(got), size: got.length });
        await cp.call('FirmwareStatusNotification', { status: got.length === FIRMWARE.length && sha(got) === sha(FIRMWARE) ? 'Downloaded' : 'DownloadFailed' });
        await sleep(300);
        await cp.call('FirmwareStatusNotification', { status: 'Installing' });
        await sleep(400);
        await cp.call('FirmwareStatusNotification', { status: 'Installed' });
        await sleep(200);
        await cp.call('BootNotification', { chargePointVendor: 'TestVendor', chargePointModel: 'TestModel', firmwareVersion: '2.1.0' });
      })());
      return {};
    });
    cp.handle('GetDiagnostics', async ({ params }) => {
      const { location } = params as { location: string };
      const { name, data } = diagnostics;
      background.push((async () => {
        await cp.call('DiagnosticsStatusNotification', { status: 'Uploading' });
        const url = new URL(location);
        if (url.protocol === 'ftp:') {
          const client = new FtpClient(10_000);
          await client.access({ host: url.hostname, port: Number(url.port), user: decodeURIComponent(url.username), password: decodeURIComponent(url.password) });
          await client.uploadFrom(Readable.from([data]), name);
          client.close();
        } else {
          const res = await fetch(`${location}${encodeURIComponent(name)}`, { method: 'PUT', body: new Uint8Array(data) });
          if (res.status !== 201) throw new Error(`upload refused: HTTP ${res.status}`);
        }
        await cp.call('DiagnosticsStatusNotification', { status: 'Uploaded' });
      })());
      return { fileName: name };
    });
    await page.goto(t.uiUrl);
    await page.locator('.nav').waitFor();
  });

  afterAll(async () => {
    await Promise.allSettled(background);
    await cp?.close({ force: true });
    await b?.close();
    await t?.stop();
  });

  test('the firmware library refuses an empty file with the server’s reason, then takes an image with progress and lists name, size and sha256', async () => {
    await page.locator('[data-nav="firmware"]').click();
    await page.getByTestId('firmware-view').waitFor();
    await page.getByLabel('firmware file').setInputFiles({ name: 'empty.bin', mimeType: 'application/octet-stream', buffer: Buffer.alloc(0) });
    await page.locator('[data-command="add-firmware"]').click();
    await expect.poll(() => page.getByTestId('firmware-upload').locator('.notice-error').innerText()).toContain('"empty.bin" is empty; choose the image file itself');

    await page.getByLabel('firmware file').setInputFiles({ name: 'acme-ac22-2.1.0.bin', mimeType: 'application/octet-stream', buffer: FIRMWARE });
    await page.locator('[data-command="add-firmware"]').click();
    const row = page.locator('[data-firmware="acme-ac22-2.1.0.bin"]');
    await row.waitFor();
    expect(await row.innerText()).toContain('6.00 MB');
    expect(await row.locator('.fx-sha > span[title]').getAttribute('title')).toBe(sha(FIRMWARE));
    await page.getByTestId('firmware-upload').locator('.notice-info').waitFor();
    await shot(page, 'files-firmware-library');
  });

  test('pushing the image over HTTP: the bar moves with rate and ETA, reaches 100 %, and the timeline shows the charger’s statuses and the new version', async () => {
    await page.goto(`${t.base}/#/chargers/${CP}/files`);
    const push = page.getByTestId('firmware-push');
    await push.locator('select').waitFor();
    await push.locator('[data-protocol="http"]').click();
    await push.locator('[data-command="push-firmware"]').click();
    await push.locator('[data-outcome="result"]').waitFor();

    const card = page.locator('[data-kind="firmware"]').first();
    const bar = card.getByTestId('transfer-progress');
    // Caught mid-way: a percent between the ends, a rate in MB/s or KB/s, an ETA.
    await expect.poll(async () => Number((await bar.getAttribute('data-percent')) || 0), { timeout: 15_000, interval: 50 }).toBeGreaterThan(5);
    const mid = Number((await bar.getAttribute('data-percent')) || 0);
    if (mid < 100) {
      expect(await card.locator('.fx-figures').innerText()).toMatch(/of 6\.00 MB served[\s\S]*\/s[\s\S]*ETA/);
      await shot(page, 'files-firmware-progress');
    }
    await expect.poll(() => bar.getAttribute('data-percent'), { timeout: 15_000 }).toBe('100');
    await expect.poll(() => card.getAttribute('data-state'), { timeout: 15_000 }).toBe('done');
    await expect.poll(async () => card.getByTestId('status-timeline').locator('[data-status]').evaluateAll((els) => els.map((e) => e.getAttribute('data-status'))))
      .toEqual(['Downloading', 'Downloaded', 'Installing', 'Installed']);
    await expect.poll(() => card.getByTestId('after-install').innerText(), { timeout: 10_000 }).toContain('firmwareVersion 1.0.0 → 2.1.0 after the firmware update');
    expect(await card.locator('.fx-url').innerText()).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/files\//);
    expect(downloads).toEqual([{ sha256: sha(FIRMWARE), size: FIRMWARE.length }]);
    await shot(page, 'files-firmware-done');
  });

  test('pulling diagnostics over FTP: the tar.gz is listed, opened in place, and search finds the fault line', async () => {
    diagnostics = {
      name: 'logs-CP-FILES-1.tar.gz',
      data: tarOf([{ name: 'logs/', directory: true }, { name: 'logs/ocpp.log', data: LOG }, { name: 'logs/system.log', data: 'kernel: boot\n' }, { name: 'logs/core.bin', data: Buffer.alloc(4096, 0) }], true),
    };
    const pull = page.getByTestId('diagnostics-pull');
    await pull.locator('[data-protocol="ftp"]').click();
    await pull.locator('[data-command="pull-diagnostics"]').click();
    await pull.locator('[data-outcome="result"]', { hasText: 'logs-CP-FILES-1.tar.gz' }).waitFor();
    const card = page.locator('[data-kind="diagnostics"]').first();
    await expect.poll(() => card.getAttribute('data-state'), { timeout: 15_000 }).toBe('done');
    expect(await card.getByTestId('transfer-progress').getAttribute('data-percent')).toBe('100');
    expect(await card.getByTestId('status-timeline').locator('[data-status]').evaluateAll((els) => els.map((e) => e.getAttribute('data-status')))).toEqual(['Uploading', 'Uploaded']);
    expect(await card.locator('.fx-url').innerText()).toMatch(/^ftp:\/\/[^:]+:••••••@127\.0\.0\.1:\d+/);

    const received = page.getByTestId('received-files').locator('tr', { hasText: 'logs-CP-FILES-1.tar.gz' });
    await received.waitFor();
    await received.locator('[data-command="open-received"]').click();
    const viewer = page.getByTestId('received-viewer');
    await viewer.getByTestId('archive-entries').waitFor();
    expect(await viewer.getByTestId('received-format').innerText()).toBe('tar.gz');
    expect(await viewer.locator('[data-entry]').evaluateAll((els) => els.map((e) => e.getAttribute('data-entry')))).toEqual(['logs/', 'logs/ocpp.log', 'logs/system.log', 'logs/core.bin']);
    await viewer.locator('[data-entry="logs/ocpp.log"]').click();
    await viewer.getByTestId('text-view').waitFor();
    await viewer.getByLabel('search in file').fill('ground fault');
    await expect.poll(() => viewer.getByTestId('match-count').innerText()).toBe('1 of 1');
    const hit = viewer.locator('.fx-line-current');
    await hit.waitFor();
    expect(await hit.getAttribute('data-line')).toBe('2418');
    expect(await hit.innerText()).toContain('ERROR connector 1: ground fault detected');
    await viewer.locator('.fx-line-current').scrollIntoViewIfNeeded();
    await shot(page, 'files-diagnostics-open');

    // A binary member is explained, not shown as garbage.
    await viewer.locator('[data-entry="logs/core.bin"]').click();
    await expect.poll(() => viewer.locator('.notice').innerText()).toMatch(/core\.bin is binary, not text: download/);
  });

  test('a diagnostics file that is neither text nor an archive says to download it; no console errors (CSP) on the way', async () => {
    diagnostics = { name: 'dump.bin', data: Buffer.from(Array.from({ length: 8192 }, (_, i) => (i * 7) % 256)) };
    const pull = page.getByTestId('diagnostics-pull');
    await pull.locator('[data-protocol="http"]').click();
    await pull.locator('[data-command="pull-diagnostics"]').click();
    const received = page.getByTestId('received-files').locator('tr', { hasText: 'dump.bin' });
    await received.waitFor({ timeout: 15_000 });
    await received.locator('[data-command="open-received"]').click();
    const viewer = page.getByTestId('received-viewer');
    await expect.poll(() => viewer.locator('.notice').innerText()).toMatch(/dump\.bin is neither text nor an archive .* download it/);
    await viewer.scrollIntoViewIfNeeded();
    await shot(page, 'files-diagnostics-binary');
    // Refusals (400, 415) are logged by Chromium as failed loads; anything else (a CSP violation, a React error) is a bug.
    expect(b.errors.filter((e) => !/Failed to load resource: the server responded with a status of (400|415)/.test(e))).toEqual([]);
  });
});
