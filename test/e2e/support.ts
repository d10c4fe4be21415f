/**
 * E2E support: the real app (temp SQLite dir, port 0) serving the UI built by global-setup.ts, Debian's
 * Chromium through playwright-core with a fresh profile, and screenshots under test/e2e/__screenshots__/.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { parseArgs, type Config } from '../../main/app/config.ts';
import { createApp, type App } from '../../main/app/create-app.ts';
import { TOKEN } from '../support/harness.ts';

export const CHROMIUM = '/usr/bin/chromium';
export const HAVE_CHROMIUM = existsSync(CHROMIUM);
export const SHOTS = resolve('test/e2e/__screenshots__');

export interface UiApp {
  app: App;
  uiPort: number;
  ocppUrl: string;
  /** The URL printed at start: http://127.0.0.1:PORT/#token=... */
  uiUrl: string;
  base: string;
  api<T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
  stop(): Promise<void>;
}

export async function startUiApp(uiDir: string): Promise<UiApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'chargescope-e2e-'));
  const config = parseArgs(
    ['--ocpp-port', '0', '--ui-port', '0', '--ftp-port', '0', '--ocpp-host', '127.0.0.1', '--data-dir', dataDir, '--token', TOKEN], {}, uiDir,
  ) as Config;
  const app = createApp(config, { log: () => undefined });
  const started = await app.start();
  const base = `http://127.0.0.1:${started.uiPort}`;
  return {
    app, uiPort: started.uiPort, ocppUrl: `ws://127.0.0.1:${started.ocppPort}/ocpp`, uiUrl: started.uiUrl, base,
    async api(method, path, body) {
      const res = await fetch(base + path, {
        method,
        headers: { Authorization: `Bearer ${TOKEN}`, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      const text = await res.text();
      return { status: res.status, body: (text ? JSON.parse(text) : undefined) as never };
    },
    async stop() {
      await app.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface Browser {
  context: BrowserContext;
  page: Page;
  /** Console errors and page errors seen so far (a CSP violation shows up here). */
  errors: string[];
  close(): Promise<void>;
}

export async function openBrowser(viewport = { width: 1440, height: 900 }): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'chargescope-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return {
    context, page, errors,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export async function shot(page: Page, name: string): Promise<string> {
  mkdirSync(SHOTS, { recursive: true });
  const path = join(SHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: false });
  return path;
}

/** The app, a fresh Chromium at `viewport` and its page on the UI: the start of most e2e files. */
export async function openUi(uiDir: string, viewport: { width: number; height: number }): Promise<{ t: UiApp; b: Browser; page: Page }> {
  const t = await startUiApp(uiDir);
  const b = await openBrowser(viewport);
  await b.page.goto(t.uiUrl);
  return { t, b, page: b.page };
}

/** Imports a file through the Sessions page's import panel (opened when closed) and starts it; the caller awaits the result it expects. */
export async function importThroughPage(page: Page, file: Parameters<Page['setInputFiles']>[1]): Promise<void> {
  await page.evaluate(() => { window.location.hash = '#/sessions'; });
  // The Sessions view first (its button shows either way), then whether its panel is already open: the button toggles it.
  await page.getByTestId('import-open').waitFor();
  if (!(await page.getByTestId('import-panel').isVisible())) await page.getByTestId('import-open').click();
  await page.getByTestId('import-file').setInputFiles(file);
  await page.getByTestId('import-start').click();
}
