/**
 * The corpus of log shapes (test/fixtures/logs/formats, written for these tests) imported through the API: for each,
 * its frames, pairs, charger, directions, findings and skipped lines, and how it was read.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startApp, type TestApp } from '../../support/harness.ts';

let t: TestApp;
const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../../fixtures/logs/formats/${name}`, import.meta.url)));

beforeAll(async () => {
  t = await startApp();
});
afterAll(async () => {
  await t?.stop();
});

async function load(name: string, query = '') {
  const r = await t.api('POST', `/api/sessions/import?name=${encodeURIComponent(name)}${query}`, fixture(name));
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  const sid = r.body.sessionId as number;
  const frames = (await t.api('GET', `/api/frames?session=${sid}&limit=5000`)).body.frames as any[];
  const findings = ((await t.api('GET', `/api/findings?session=${sid}`)).body as any[]).filter((f) => f.rule !== 'import-skipped-line');
  return { body: r.body, sid, frames, findings, skipped: (r.body.skipped as any[]).map((s) => [s.line, s.reason]) };
}
/** Each frame as [direction, message type, action, charger]. */
const shape = (frames: any[]) => frames.map((f) => [f.direction, f.messageType, f.action, f.chargerId]);
/** Every result is paired with its CALL (call seq and action). */
const allPaired = (frames: any[]) => frames.filter((f) => f.messageType !== 'CALL').every((f) => f.callSeq !== null && f.action !== null);
const NO_ARRAY = /no OCPP-J array/;

describe('the corpus of log shapes', () => {
  test('evcc: YYYY/MM/DD, recv/send <id>:, local time offered as a zone, never applied', async () => {
    const r = await load('evcc-local-time.log');
    expect(r.body).toMatchObject({ format: 'text-log', frames: 10, skippedLines: 3 });
    expect(r.skipped).toEqual([[1, NO_ARRAY], [2, NO_ARRAY], [7, NO_ARRAY]].map(([l, re]) => [l, expect.stringMatching(re as RegExp)]));
    expect(shape(r.frames).slice(0, 2)).toEqual([['in', 'CALL', 'BootNotification', 'EVCC-WB-01'], ['out', 'CALLRESULT', 'BootNotification', 'EVCC-WB-01']]);
    expect(shape(r.frames).slice(8)).toEqual([['out', 'CALL', 'ChangeAvailability', 'EVCC-WB-01'], ['in', 'CALLRESULT', 'ChangeAvailability', 'EVCC-WB-01']]);
    expect(allPaired(r.frames)).toBe(true);
    expect(r.frames[0].at).toBe('2024-07-11T20:38:40.000Z');
    expect(r.body.reading).toMatchObject({ reader: 'text-log', timeZone: 'UTC', tzOffer: { tz: '+02:00', samples: 4, agreeing: 4 } });
    expect(r.findings.map((f) => f.rule)).toEqual(['import-time-zone-offered']);
    const tx = (await t.api('GET', `/api/transactions?session=${r.sid}`)).body;
    expect(tx[0]).toMatchObject({ chargerId: 'EVCC-WB-01', idTag: 'evcc', meterStart: 1000 });
    // The engineer confirms the offer: the same file with tz=+02:00 reads as UTC, and nothing more is offered.
    const again = await t.api('POST', '/api/sessions/import?name=evcc-confirmed.log&tz=%2B02:00', fixture('evcc-local-time.log'));
    expect(again.status).toBe(201);
    expect(again.body.reading).toMatchObject({ timeZone: '+02:00', tzOffer: null });
    const confirmed = (await t.api('GET', `/api/findings?session=${again.body.sessionId}`)).body as any[];
    expect(confirmed.map((f) => f.rule)).not.toContain('import-time-zone-offered');
    expect(again.body.session.startedAt).toBe('2024-07-11T18:38:40.000Z');
    const rec = (await t.api('GET', `/api/sessions/${again.body.sessionId}/recording`)).body;
    expect(rec.reading).toMatchObject({ reader: 'text-log', timeZone: '+02:00' });
  });

  test('a charger\'s own log: DD.MM.YYYY, [sendTXT]/[WStype_TEXT], a frame wrapped over two lines, the charger from the file name', async () => {
    const r = await load('WB-4711_2023-10-02.log');
    expect(r.body).toMatchObject({ format: 'text-log', frames: 6, skippedLines: 2, reading: { chargerFromFileName: 'WB-4711' } });
    expect(r.skipped.map((s) => s[0])).toEqual([1, 7]);
    expect(shape(r.frames)).toEqual([
      ['in', 'CALL', 'StartTransaction', 'WB-4711'], ['out', 'CALLRESULT', 'StartTransaction', 'WB-4711'], ['in', 'CALL', 'MeterValues', 'WB-4711'],
      ['out', 'CALLRESULT', 'MeterValues', 'WB-4711'], ['in', 'CALL', 'StopTransaction', 'WB-4711'], ['out', 'CALLRESULT', 'StopTransaction', 'WB-4711'],
    ]);
    expect(r.frames.map((f) => f.latencyMs)).toEqual([null, 412, null, 90, null, 200]);
    expect(JSON.parse(r.frames[2].raw)[3].meterValue[0].sampledValue[0].value).toBe('52400');
    expect(r.findings).toEqual([]);
    const tx = (await t.api('GET', `/api/transactions?session=${r.sid}`)).body;
    expect(tx[0]).toMatchObject({ meterStart: 52000, meterStop: 52900, energyWh: 900 });
    // The charger given by the engineer wins over the file name.
    const named = await load('WB-4711_2023-10-02.log', '&charger=GIVEN-1');
    expect(named.frames.every((f) => f.chargerId === 'GIVEN-1')).toBe(true);
    expect(named.body.reading.chargerFromFileName).toBeNull();
  });

  test('a proxy: time only ([09:35:55,576]), client->target / target->client, the charger from the connection path', async () => {
    const r = await load('proxy-time-only.log');
    expect(r.body).toMatchObject({ frames: 6, skippedLines: 1, reading: { date: { value: '2024-05-06', from: 'payload' } } });
    expect(shape(r.frames)).toEqual([
      ['in', 'CALL', 'BootNotification', 'PX-CP-9'], ['out', 'CALLRESULT', 'BootNotification', 'PX-CP-9'], ['in', 'CALL', 'Heartbeat', 'PX-CP-9'],
      ['out', 'CALLRESULT', 'Heartbeat', 'PX-CP-9'], ['out', 'CALL', 'GetConfiguration', 'PX-CP-9'], ['in', 'CALLRESULT', 'GetConfiguration', 'PX-CP-9'],
    ]);
    expect(r.frames[0].at).toBe('2024-05-06T09:35:55.576Z');
    expect(r.frames.map((f) => f.latencyMs)).toEqual([null, 26, null, 20, null, 250]);
    expect(r.findings).toEqual([]);
    const dated = await load('proxy-time-only.log', '&date=2024-05-05');
    expect(dated.frames[0].at).toBe('2024-05-05T09:35:55.576Z');
    expect(dated.body.reading.date).toEqual({ value: '2024-05-05', from: 'parameter' });
  });

  test('Python ocpp with websockets debug: no time at all, echoes skipped, <id>: send / receive message', async () => {
    const r = await load('python-ocpp.log');
    expect(r.body).toMatchObject({ frames: 6, skippedLines: 8, reading: { framesWithoutTime: 6, echoes: 6 } });
    expect(r.skipped).toEqual([
      [1, expect.stringMatching(NO_ARRAY)], [2, expect.stringMatching(NO_ARRAY)], [4, 'echo of the frame on line 3'], [6, 'echo of the frame on line 5'],
      [7, 'echo of the frame on line 8 (shortened by its logger)'], [10, 'echo of the frame on line 9'], [12, 'echo of the frame on line 11'], [14, 'echo of the frame on line 13'],
    ]);
    expect(shape(r.frames)).toEqual([
      ['in', 'CALL', 'BootNotification', 'PY-CP-1'], ['out', 'CALLRESULT', 'BootNotification', 'PY-CP-1'], ['in', 'CALL', 'StatusNotification', 'PY-CP-1'],
      ['out', 'CALLRESULT', 'StatusNotification', 'PY-CP-1'], ['out', 'CALL', 'RemoteStartTransaction', 'PY-CP-1'], ['in', 'CALLRESULT', 'RemoteStartTransaction', 'PY-CP-1'],
    ]);
    expect(allPaired(r.frames)).toBe(true);
    expect(r.frames.every((f) => f.latencyMs === null)).toBe(true);
    // The accepted RemoteStartTransaction is the log's last frame and has no time: whether the charger had the time
    // to start is unknown, so it is possibly cut, not the engine's remote-start-no-transaction.
    expect(r.findings.map((f) => f.rule)).toEqual(['import-possibly-cut', 'import-no-time']);
    expect(r.findings[0].message).toMatch(/^possibly cut: RemoteStartTransaction .* the log gives the answer no time and ends 0 frame\(s\) of PY-CP-1 after it, .*\(remote-start-no-transaction\)$/);
    expect(r.findings[1].message).toMatch(/times are unknown .* no latency is claimed/);
  });

  test('SteVe pasted with tabs between the fields', async () => {
    const r = await load('steve-tabs.log');
    expect(r.body).toMatchObject({ frames: 4, skippedLines: 0 });
    expect(shape(r.frames)).toEqual([
      ['in', 'CALL', 'BootNotification', 'TAB-CP-3'], ['out', 'CALLRESULT', 'BootNotification', 'TAB-CP-3'],
      ['in', 'CALL', 'StatusNotification', 'TAB-CP-3'], ['out', 'CALLRESULT', 'StatusNotification', 'TAB-CP-3'],
    ]);
    expect(r.frames.map((f) => f.latencyMs)).toEqual([null, 12, null, 7]);
    expect(r.findings).toEqual([]);
  });

  test('a charger log with pretty-printed frames: reassembled, the charger from the URL it connects to, Sending/Received flipped', async () => {
    const r = await load('pretty-printed.log');
    expect(r.body).toMatchObject({ frames: 4, skippedLines: 1 });
    expect(shape(r.frames)).toEqual([
      ['in', 'CALL', 'BootNotification', 'ACME-X1-0007'], ['out', 'CALLRESULT', 'BootNotification', 'ACME-X1-0007'],
      ['in', 'CALL', 'DataTransfer', 'ACME-X1-0007'], ['out', 'CALLRESULT', 'DataTransfer', 'ACME-X1-0007'],
    ]);
    expect(r.frames.every((f) => f.valid)).toBe(true);
    expect(JSON.parse(r.frames[2].raw)[3].data).toBe('a ] tricky } string [ with "quotes"');
    expect(r.findings).toEqual([]);
  });

  test('a JSON-object log: frames rebuilt from CallType/UUID/Action/Payload', async () => {
    const r = await load('object-log.jsonl');
    expect(r.body).toMatchObject({ format: 'jsonl', frames: 4, skippedLines: 1, reading: { reader: 'json-object-log' } });
    expect(shape(r.frames)).toEqual([
      ['in', 'CALL', 'BootNotification', 'CORE-CP-5'], ['out', 'CALLRESULT', 'BootNotification', 'CORE-CP-5'],
      ['in', 'CALL', 'Authorize', 'CORE-CP-5'], ['out', 'CALLERROR', 'Authorize', 'CORE-CP-5'],
    ]);
    expect(r.skipped).toEqual([[5, expect.stringMatching(/message id/)]]);
    expect(r.findings.map((f) => f.rule)).toEqual(['csms-call-error', 'import-raw-rebuilt']);
  });

  test('arrows -> / <- in a charger log, time only, date from the payload, across midnight', async () => {
    const r = await load('arrows.log');
    expect(shape(r.frames)).toEqual([['in', 'CALL', 'Heartbeat', 'unknown'], ['out', 'CALLRESULT', 'Heartbeat', 'unknown'], ['in', 'CALL', 'Heartbeat', 'unknown'], ['out', 'CALLRESULT', 'Heartbeat', 'unknown']]);
    expect(r.frames.map((f) => f.at)).toEqual(['2024-11-30T12:00:01.123Z', '2024-11-30T12:00:01.200Z', '2024-11-30T23:59:59.900Z', '2024-12-01T00:00:00.050Z']);
    expect(r.frames.map((f) => f.latencyMs)).toEqual([null, 77, null, 150]);
    expect(r.findings).toEqual([]);
  });

  test('an excerpt: its cut edges are "possibly cut", a malformed reply is paired with its CALL by id', async () => {
    const r = await load('excerpt.log');
    expect(r.body).toMatchObject({ frames: 29, skippedLines: 0 });
    const rules = r.findings.map((f) => [f.rule, f.severity, f.message.startsWith('possibly cut')]);
    expect(rules).toEqual([
      ['import-possibly-cut', 'info', true], ['malformed-frame', 'error', false], ['import-possibly-cut', 'info', true], ['unanswered-call', 'warning', false],
    ]);
    expect(r.findings[1].message).toMatch(/^line 28: the reply to TriggerMessage \(message id t1\) does not parse/);
    expect(r.findings[2].message).toMatch(/^possibly cut: MeterValues \(message id m9\)/);
    expect(r.findings[3].message).toMatch(/^GetConfiguration/);
    const reply = r.frames.find((f) => f.messageId === 't1' && f.messageType === 'CALLRESULT');
    expect(reply).toMatchObject({ action: 'TriggerMessage', latencyMs: 300, valid: false, direction: 'in' });
    expect(reply.callSeq).toBe(r.frames.find((f) => f.messageId === 't1' && f.messageType === 'CALL').seq);
  });
});

describe('what is refused, and why', () => {
  test('a message table is recognised and explained; nothing is kept', async () => {
    const before = (await t.api('GET', '/api/sessions')).body.length;
    const r = await t.api('POST', '/api/sessions/import?name=message-table.csv', fixture('message-table.csv'));
    expect(r.status).toBe(400);
    expect(r.body.error).toMatch(/^message-table\.csv: this is a message table .* not OCPP-J frames.*First lines: «Time;Charge Point;Action;Status;Connector»/);
    expect((await t.api('GET', '/api/sessions')).body.length).toBe(before);
  });

  test('dates not read and no frame: what was expected, what was found, the first lines', async () => {
    const r = await t.api('POST', '/api/sessions/import?name=odd.log', new Uint8Array(Buffer.from('12/03/2024 10:00:00 sent {"action":"Heartbeat"}\n12/03/2024 10:00:01 got {"status":"ok"}\n')));
    expect(r.status).toBe(400);
    expect(r.body.error).toMatch(/expected OCPP-J frames.*Found: no OCPP-J array.*dates such as "12\/03\/2024".*First lines: «12\/03\/2024 10:00:00 sent/);
  });

  test('date and tz parameters are checked', async () => {
    for (const q of ['date=2024-02-30', 'date=yesterday', 'tz=%2B15:00', 'tz=CET', 'tz=%2B02:75']) {
      const r = await t.api('POST', `/api/sessions/import?name=x.log&${q}`, fixture('arrows.log'));
      expect(r.status, q).toBe(400);
      expect(r.body.error, q).toMatch(/^(date|tz) must be/);
    }
  });
});
