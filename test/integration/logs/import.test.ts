/** Import of foreign traces as read-only sessions: every format, broken lines counted, replayed as if live. */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startApp, TOKEN, until, type TestApp } from '../../support/harness.ts';

let t: TestApp;
const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../../fixtures/logs/${name}`, import.meta.url)));

beforeAll(async () => {
  t = await startApp();
});
afterAll(async () => {
  await t?.stop();
});

async function importFile(name: string, query = ''): Promise<{ sessionId: number; body: any }> {
  const r = await t.api('POST', `/api/sessions/import?name=${encodeURIComponent(name)}${query}`, fixture(name));
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return { sessionId: r.body.sessionId, body: r.body };
}
const frames = async (sid: number) => (await t.api('GET', `/api/frames?session=${sid}&limit=5000`)).body.frames as any[];
const findings = async (sid: number) => (await t.api('GET', `/api/findings?session=${sid}`)).body as any[];

describe('a SteVe log (timestamp, Sending:/Received:, an OCPP-J array per line)', () => {
  let sid: number;
  let body: any;
  beforeAll(async () => {
    ({ sessionId: sid, body } = await importFile('steve.log'));
  });

  test('is read as a text log; lines without a frame are counted with their line numbers and kept as findings', async () => {
    expect(body).toMatchObject({ format: 'text-log', frames: 17, skippedLines: 4, alreadyOpen: false });
    expect(body.skipped.map((s: any) => s.line)).toEqual([1, 2, 18, 21]);
    expect(body.skipped[2].reason).toMatch(/no OCPP-J array/);
    expect(body.skipped[0].text).toContain('Starting SteVe');
    const skipped = (await findings(sid)).filter((f) => f.rule === 'import-skipped-line');
    expect(skipped.map((f) => f.message.match(/^line (\d+):/)[1])).toEqual(['1', '2', '18', '21']);
    expect(body.session).toMatchObject({ readOnly: true, source: 'steve.log', startedAt: '2024-03-05T10:00:00.250Z', endedAt: '2024-03-05T10:10:00.030Z' });
  });

  test('pairs CALLs with results (action, latency, call seq) and validates them as if live', async () => {
    const f = await frames(sid);
    expect(f.map((x) => x.chargerId)).toEqual(Array(17).fill('KEBA-P30-0042'));
    const boot = f.find((x) => x.action === 'BootNotification' && x.messageType === 'CALLRESULT');
    expect(boot).toMatchObject({ direction: 'out', latencyMs: 12, valid: true, callSeq: f[0].seq });
    const cfg = f.find((x) => x.action === 'ChangeConfiguration' && x.messageType === 'CALLRESULT');
    expect(cfg).toMatchObject({ direction: 'in', latencyMs: 400, valid: true });
    const rules = (await findings(sid)).filter((x) => x.rule !== 'import-skipped-line').map((x) => x.rule);
    // The CSMS's CALLERROR answers the schema-violating CALL: its finding is the CALL's (as live), not a second one.
    expect(rules).toEqual(['malformed-frame', 'authorization-key-changed', 'schema-violation']);
    const broken = f.find((x) => x.messageType === null);
    expect(broken).toMatchObject({ valid: false, direction: 'in', at: '2024-03-05T10:06:00.000Z' });
    expect((await findings(sid)).find((x) => x.rule === 'malformed-frame').message).toMatch(/^line 13: /);
  });

  test('derives the transaction, its meter values (kWh and kW as sent) and the connector status', async () => {
    const tx = (await t.api('GET', `/api/transactions?session=${sid}`)).body;
    expect(tx).toHaveLength(1);
    expect(tx[0]).toMatchObject({ chargerId: 'KEBA-P30-0042', idTag: '04E5F6A7B8', meterStart: 120000, meterStop: 121500, energyWh: 1500, reason: 'EVDisconnected' });
    const mv = (await t.api('GET', `/api/meter-values?session=${sid}&transaction=${tx[0].id}`)).body;
    expect(mv.map((m: any) => [m.measurand, m.value, m.unit])).toEqual([
      ['Energy.Active.Import.Register', '120.9', 'kWh'], ['Power.Active.Import', '10.8', 'kW'], ['Energy.Active.Import.Register', '121500', null],
    ]);
    const chargers = (await t.api('GET', `/api/sessions/${sid}/chargers`)).body;
    expect(chargers).toHaveLength(1);
    expect(chargers[0]).toMatchObject({ id: 'KEBA-P30-0042', connected: false, registration: 'Accepted', boot: { chargePointVendor: 'KEBA' } });
    expect(chargers[0].connectors).toEqual([expect.objectContaining({ connectorId: 1, status: 'Preparing' })]);
    const rec = (await t.api('GET', `/api/sessions/${sid}/recording`)).body;
    expect(rec).toMatchObject({ format: 'text-log', fileName: 'steve.log', frames: 17, skippedLines: 4, exportedAt: null });
  });

  test('is read-only', async () => {
    expect((await t.api('PATCH', `/api/sessions/${sid}`, { notes: 'x' })).status).toBe(409);
  });
});

describe('OCPP Trace Format JSONL', () => {
  test('reads records with and without raw; skips broken, newer-major and untimed records with their line numbers', async () => {
    const { sessionId: sid, body } = await importFile('trace.jsonl');
    expect(body).toMatchObject({ format: 'trace-jsonl', frames: 13, skippedLines: 3 });
    expect(body.skipped.map((s: any) => [s.line, s.reason])).toEqual([
      [12, expect.stringMatching(/not valid JSON/)], [13, expect.stringMatching(/schemaVersion 2\.0/)], [14, expect.stringMatching(/timestamp/)],
    ]);
    const f = await frames(sid);
    const start = f.find((x) => x.action === 'StartTransaction' && x.messageType === 'CALL');
    expect(start.raw).toBe(JSON.stringify([2, '2', 'StartTransaction', { connectorId: 1, idTag: 'RFID-AA11BB', meterStart: 5000, timestamp: '2025-06-01T08:00:05.000Z' }]));
    const mv = f.find((x) => x.action === 'MeterValues' && x.messageType === 'CALL');
    expect(mv.raw).toMatch(/^\[2, "3", "MeterValues"/);
    const rules = (await findings(sid)).map((x) => x.rule);
    expect(rules).toEqual(expect.arrayContaining(['call-error', 'schema-violation', 'unmatched-result', 'import-raw-rebuilt', 'deprecated-boot-field']));
    const tx = (await t.api('GET', `/api/transactions?session=${sid}`)).body;
    expect(tx[0]).toMatchObject({ meterStart: 5000, meterStop: 6400, energyWh: 1400, idTag: 'RFID-AA11BB' });
    const samples = (await t.api('GET', `/api/meter-values?session=${sid}&transaction=${tx[0].id}`)).body;
    expect(samples).toHaveLength(3);
  });
});

describe('plain JSONL of frames', () => {
  test('reads frame objects of several shapes and bare arrays; times with offsets and epochs become UTC', async () => {
    const { sessionId: sid, body } = await importFile('frames.jsonl');
    expect(body).toMatchObject({ format: 'jsonl', frames: 9, skippedLines: 3 });
    expect(body.skipped.map((s: any) => s.line)).toEqual([6, 7, 9]);
    const f = await frames(sid);
    expect(f[0]).toMatchObject({ at: '2025-02-10T13:00:00.000Z', direction: 'in', action: 'BootNotification', chargerId: 'ALFEN-NG9' });
    expect(f[2]).toMatchObject({ at: '2025-02-10T13:01:00.000Z', action: 'Authorize', direction: 'in' });
    expect(f[3]).toMatchObject({ at: '2025-02-10T13:01:00.000Z', action: 'Authorize', direction: 'out', messageType: 'CALLRESULT' });
    const bare = f.find((x) => x.action === 'Heartbeat');
    expect(bare).toMatchObject({ direction: 'in', chargerId: 'unknown', at: '2025-02-10T13:01:30.000Z' });
    const reset = f.find((x) => x.action === 'Reset' && x.messageType === 'CALLRESULT');
    expect(reset).toMatchObject({ valid: false, latencyMs: 900 });
    const rules = (await findings(sid)).map((x) => x.rule);
    expect(rules).toEqual(expect.arrayContaining(['invalid-reply', 'unknown-message-type', 'import-possibly-cut', 'import-no-time']));
  });
});

describe('a charger-side log', () => {
  test('Sent/Received are read from the charger, so directions flip; a charger id can be given', async () => {
    const { sessionId: sid, body } = await importFile('charger-side.log', '&charger=WALLBOX-77');
    expect(body).toMatchObject({ format: 'text-log', frames: 6, skippedLines: 1 });
    const f = await frames(sid);
    expect(f.map((x) => [x.direction, x.messageType, x.action])).toEqual([
      ['in', 'CALL', 'BootNotification'], ['out', 'CALLRESULT', 'BootNotification'], ['out', 'CALL', 'TriggerMessage'],
      ['in', 'CALLRESULT', 'TriggerMessage'], ['in', 'CALL', 'StatusNotification'], ['out', 'CALLRESULT', 'StatusNotification'],
    ]);
    expect(f.every((x) => x.valid && x.chargerId === 'WALLBOX-77')).toBe(true);
    expect(await findings(sid)).toHaveLength(1);
  });
});

describe('what cannot be imported', () => {
  test('nothing readable: 400 that says why, and no session is left', async () => {
    const before = (await t.api('GET', '/api/sessions')).body.length;
    const r = await t.api('POST', '/api/sessions/import?name=notes.txt', new Uint8Array(Buffer.from('hello\nworld\n')));
    expect(r.status).toBe(400);
    expect(r.body.error).toMatch(/nothing readable in notes\.txt: expected OCPP-J frames.*Found: no OCPP-J array .* on any line.*First lines: «hello», «world»/);
    const empty = await t.api('POST', '/api/sessions/import?name=empty.log', new Uint8Array(0));
    expect(empty.status).toBe(400);
    expect(empty.body.error).toMatch(/empty/);
    expect((await t.api('GET', '/api/sessions')).body.length).toBe(before);
  });
});

describe('gzip, progress and cancel', () => {
  test('a gzipped log is read the same', async () => {
    const r = await t.api('POST', '/api/sessions/import?name=steve.log.gz', new Uint8Array(gzipSync(fixture('steve.log'))));
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ format: 'text-log', frames: 17, skippedLines: 4 });
  });

  test('a long import publishes progress events and can be cancelled, leaving nothing behind', async () => {
    const events: any[] = [];
    const ws = new WebSocket(`ws://127.0.0.1:${t.uiPort}/api/events?token=${TOKEN}`);
    ws.on('message', (d) => events.push(...(JSON.parse(d.toString()) as any[])));
    await new Promise((r) => ws.once('open', r));
    const before = (await t.api('GET', '/api/sessions')).body.length;
    let sent = 0;
    let stop = false;
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (stop) return controller.close();
        let chunk = '';
        for (let i = 0; i < 2000; i++, sent++) {
          chunk += `{"schemaVersion":"1.1","timestamp":"2025-01-01T00:00:00.000Z","transport":"json","chargePointId":"CP","direction":"cp-to-csms","messageType":"CALL","messageId":"${sent}","action":"Heartbeat","raw":"[2,\\"${sent}\\",\\"Heartbeat\\",{}]"}\n`;
        }
        controller.enqueue(new TextEncoder().encode(chunk));
        await new Promise((r) => setTimeout(r, 5));
      },
    });
    const pending = fetch(`http://127.0.0.1:${t.uiPort}/api/sessions/import?name=endless.jsonl&job=cancel-me`, {
      method: 'POST', body, headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/octet-stream' }, duplex: 'half',
    } as RequestInit);
    await until(() => events.some((e) => e.type === 'progress' && e.progress.id === 'cancel-me' && e.progress.frames >= 20_000), 'progress past 20,000 frames', 60_000);
    const jobs = (await t.api('GET', '/api/jobs')).body;
    expect(jobs.find((j: any) => j.id === 'cancel-me')).toMatchObject({ kind: 'import', state: 'running', format: null, unit: 'bytes' });
    expect((await t.api('DELETE', '/api/jobs/cancel-me')).status).toBe(200);
    const res = await pending;
    stop = true;
    expect(res.status).toBe(409);
    expect((await res.json()).error).toMatch(/cancelled; nothing of it was kept/);
    await until(() => events.some((e) => e.type === 'progress' && e.progress.id === 'cancel-me' && e.progress.state === 'cancelled'), 'the cancelled event');
    expect((await t.api('GET', '/api/sessions')).body.length).toBe(before);
    const sid = events.find((e) => e.type === 'progress' && e.progress.id === 'cancel-me' && e.progress.sessionId).progress.sessionId;
    expect((t.app.store.db.prepare('SELECT COUNT(*) AS n FROM frames WHERE session_id = ?').get(sid) as { n: number }).n).toBe(0);
    expect((await t.api('DELETE', '/api/jobs/cancel-me')).status).toBe(404);
    ws.close();
  // A full parallel run on a shared machine took the upload past 20 s to reach 20,000 frames: bounds with room.
  }, 90_000);
});
