import { afterEach, describe, expect, it } from 'vitest';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { scaledTimers } from '../../../main/commissioning/timers.ts';
import { startApp, type TestApp } from '../../support/harness.ts';
import { SimCharger } from '../../support/sim-charger.ts';

let t: TestApp | null = null;
let sim: SimCharger | null = null;
afterEach(async () => {
  await sim?.stop();
  await t?.stop();
  sim = null;
  t = null;
});

async function pdfText(bytes: Uint8Array): Promise<{ pages: number; text: string }> {
  const doc = await getDocument({ data: bytes, useSystemFonts: false, isEvalSupported: false }).promise;
  let text = '';
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    text += content.items.map((it) => ('str' in it ? it.str : '')).join(' ') + '\n';
  }
  return { pages: doc.numPages, text };
}

async function bytesOf(app: TestApp, path: string): Promise<{ status: number; type: string | null; bytes: Uint8Array }> {
  const res = await fetch(`http://127.0.0.1:${app.uiPort}${path}`, { headers: { Authorization: 'Bearer test-token-0123456789' } });
  return { status: res.status, type: res.headers.get('content-type'), bytes: new Uint8Array(await res.arrayBuffer()) };
}

describe('commissioning report', () => {
  it('has every section in one self-contained HTML page and the same content in a PDF', async () => {
    const timers = scaledTimers(10);
    t = await startApp({ appOptions: { testTimers: timers } });
    sim = new SimCharger({ url: t.ocppUrl, identity: 'CP-REPORT', timers });
    await sim.start();
    const res = await t.api('POST', '/api/chargers/CP-REPORT/test-runs', { cases: ['config.get-all', 'remote.start-stop', 'datatransfer.unknown-vendor'] });
    const runId = res.body.runId as string;
    await expect.poll(async () => (await t!.api('GET', `/api/test-runs/${runId}`)).body.prompt !== null, { timeout: 10_000 }).toBe(true);
    await sim.plug(1);
    await t.app.commissioning.runner.settled(runId);
    const notes = { engineer: 'Ada Field', site: 'Depot North <bay 3>', notes: 'Cable replaced & tested' };
    expect((await t.api('PUT', '/api/chargers/CP-REPORT/report-notes', notes)).body).toEqual(notes);

    const html = await bytesOf(t, '/api/chargers/CP-REPORT/report?format=html');
    expect(html.status).toBe(200);
    expect(html.type).toMatch(/text\/html/);
    const page = Buffer.from(html.bytes).toString('utf8');
    for (const id of ['identity', 'charger', 'connection', 'configuration', 'tests', 'findings', 'transactions']) expect(page).toContain(`<section id="${id}"`.replace('<section id="identity"', '<header id="identity"'));
    expect(page).toContain('Ada Field');
    expect(page).toContain('Depot North &lt;bay 3&gt;');
    expect(page).toContain('SimVendor');
    expect(page).toContain('SIM-0001');
    expect(page).toContain('remote.start-stop');
    expect(page).toContain('<polyline');
    expect(page).toMatch(/read-only/);
    // Nothing that would make a request: no src/href/url() to anything, no script.
    expect(page).not.toMatch(/\b(?:src|href)\s*=/i);
    expect(page).not.toMatch(/url\(/i);
    expect(page).not.toMatch(/<script/i);
    expect(page).not.toMatch(/@import/i);

    const pdf = await bytesOf(t, '/api/chargers/CP-REPORT/report?format=pdf');
    expect(pdf.status).toBe(200);
    expect(pdf.type).toBe('application/pdf');
    expect(Buffer.from(pdf.bytes.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    const { pages, text } = await pdfText(pdf.bytes);
    expect(pages).toBeGreaterThanOrEqual(2);
    expect(text).toContain('CP-REPORT');
    expect(text).toContain('SimVendor');
    expect(text).toContain('Ada Field');
    expect(text).toContain('remote.start-stop');

    expect((await t.api('GET', '/api/chargers/NOPE/report')).status).toBe(404);
    expect((await t.api('GET', '/api/chargers/CP-REPORT/report?format=doc')).status).toBe(400);
  }, 60_000);

  it('keeps runs with the session: an exported and re-opened session shows them read-only with the same evidence frames', async () => {
    const timers = scaledTimers(10);
    t = await startApp({ appOptions: { testTimers: timers } });
    sim = new SimCharger({ url: t.ocppUrl, identity: 'CP-EXPORT', timers });
    await sim.start();
    const res = await t.api('POST', '/api/chargers/CP-EXPORT/test-runs', { cases: ['config.unknown-notsupported', 'trigger.Heartbeat'] });
    await t.app.commissioning.runner.settled(res.body.runId);
    const live = (await t.api('GET', `/api/test-runs/${res.body.runId}`)).body;
    const liveFrames = (await t.api('GET', '/api/frames?charger=CP-EXPORT&limit=5000')).body.frames as { seq: number; raw: string }[];
    const rawOf = (frames: { seq: number; raw: string }[], seq: number) => frames.find((f) => f.seq === seq)?.raw;
    const sessions = (await t.api('GET', '/api/sessions')).body as { id: number; live: boolean }[];
    const exported = await bytesOf(t, `/api/sessions/${sessions.find((s) => s.live)!.id}/export?format=chargescope`);
    expect(exported.status).toBe(200);
    const imported = await t.api('POST', '/api/sessions/import?name=visit', exported.bytes);
    expect(imported.status).toBe(201);
    const sid = imported.body.sessionId as number;
    const runs = (await t.api('GET', `/api/chargers/CP-EXPORT/test-runs?session=${sid}`)).body as typeof live[];
    expect(runs).toHaveLength(1);
    expect(runs[0].cases.map((c: { verdict: string }) => c.verdict)).toEqual(live.cases.map((c: { verdict: string }) => c.verdict));
    const frames = (await t.api('GET', `/api/frames?session=${sid}&charger=CP-EXPORT&limit=5000`)).body.frames as { seq: number; raw: string }[];
    for (const [i, c] of live.cases.entries()) {
      expect(c.evidence.length).toBeGreaterThan(0);
      const again = runs[0].cases[i].evidence as number[];
      expect(again.map((s) => rawOf(frames, s))).toEqual(c.evidence.map((s: number) => rawOf(liveFrames, s)));
    }
    expect((await t.api('DELETE', `/api/test-runs/${runs[0].id}`)).status).toBe(409);
    const html = await bytesOf(t, `/api/chargers/CP-EXPORT/report?format=html&session=${sid}`);
    expect(Buffer.from(html.bytes).toString('utf8')).toContain('trigger.Heartbeat');
  }, 60_000);
});
