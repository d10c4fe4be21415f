/** Export to the OCPP Trace Format v1.1 JSONL and to CSV, plain and anonymized. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, onTestFinished, test } from 'vitest';
import { startApp, TOKEN, type TestApp } from '../../support/harness.ts';
import { recordSiteVisit, SECRETS } from './support.ts';

type AddFormats = (ajv: Ajv2020, formats: string[]) => Ajv2020;
const addFormats = ((addFormatsModule as unknown as { default?: AddFormats }).default ?? addFormatsModule) as unknown as AddFormats;

/**
 * The JSON Schema of docs/reference/trace-format.md (OCPP Trace Format v1.1), as published but for its $id
 * (".../trace-format.md#v1.1"), whose fragment draft 2020-12 does not allow in an $id.
 */
const TRACE_SCHEMA_V1_1 = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  title: 'OcppTraceRecord',
  type: 'object',
  required: ['schemaVersion', 'timestamp', 'transport', 'direction', 'messageType'],
  additionalProperties: true,
  properties: {
    schemaVersion: { type: 'string' },
    timestamp: { type: 'string', format: 'date-time' },
    ocppVersion: { type: 'string' },
    transport: { type: 'string', enum: ['json', 'soap'] },
    chargePointId: { type: 'string' },
    connectorId: { type: 'integer', minimum: 0 },
    direction: { type: 'string', enum: ['cp-to-csms', 'csms-to-cp'] },
    messageType: { type: 'string', enum: ['CALL', 'CALLRESULT', 'CALLERROR'] },
    messageId: { type: 'string' },
    action: { type: 'string' },
    payload: {},
    raw: { type: 'string' },
    error: { type: 'object', additionalProperties: true, properties: { code: { type: 'string' }, description: { type: 'string' }, details: {} } },
    meta: { type: 'object' },
  },
  allOf: [
    { if: { properties: { messageType: { const: 'CALL' } } }, then: { required: ['action'] } },
    { if: { properties: { messageType: { const: 'CALLERROR' } } }, then: { required: ['error'] }, else: { properties: { error: false } } },
  ],
};
/** The documented top-level fields; producers put extensions in meta, never in undeclared fields. */
const DOCUMENTED = ['schemaVersion', 'timestamp', 'ocppVersion', 'transport', 'chargePointId', 'connectorId', 'direction', 'messageType', 'messageId', 'action', 'payload', 'raw', 'error', 'meta'];

let t: TestApp;
let sessionId: number;

async function get(path: string): Promise<{ status: number; headers: Headers; text: string; bytes: Buffer }> {
  const res = await fetch(`http://127.0.0.1:${t.uiPort}${path}`, { headers: { Authorization: `Bearer ${TOKEN}` } });
  const bytes = Buffer.from(await res.arrayBuffer());
  return { status: res.status, headers: res.headers, text: bytes.toString('utf8'), bytes };
}

beforeAll(async () => {
  t = await startApp();
  ({ sessionId } = await recordSiteVisit(t));
}, 60_000);
afterAll(async () => {
  await t?.stop();
});

describe('trace-jsonl export', () => {
  test('every line is a v1.1 record with only documented fields, raw verbatim, results named by their CALL', async () => {
    const r = await get(`/api/sessions/${sessionId}/export?format=trace-jsonl`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/ndjson/);
    expect(r.headers.get('content-disposition')).toMatch(/attachment; filename=".*\.trace\.jsonl"/);
    expect(r.headers.get('x-chargescope-job')).toBeTruthy();
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv, ['date-time']);
    const validate = ajv.compile(TRACE_SCHEMA_V1_1);
    const lines = r.text.split('\n').filter((l) => l !== '');
    const records = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    for (const rec of records) {
      expect(validate(rec), JSON.stringify(validate.errors)).toBe(true);
      expect(Object.keys(rec).filter((k) => !DOCUMENTED.includes(k))).toEqual([]);
      expect(rec).toMatchObject({ schemaVersion: '1.1', ocppVersion: '1.6', transport: 'json' });
    }
    const frames = (await t.api('GET', `/api/frames?session=${sessionId}&limit=5000`)).body.frames as { seq: number; raw: string; messageType: string | null; action: string | null }[];
    const representable = frames.filter((f) => f.messageType !== null && !(f.messageType === 'CALL' && f.action === null));
    expect(records.map((x) => x['raw'])).toEqual(representable.map((f) => f.raw));
    expect(Number(r.headers.get('x-chargescope-skipped-frames'))).toBe(frames.length - representable.length);
    expect(frames.length - representable.length).toBe(1);
    const boot = records.find((x) => x['action'] === 'BootNotification' && x['messageType'] === 'CALLRESULT')!;
    expect(boot['direction']).toBe('csms-to-cp');
    expect((boot['meta'] as { callSeq: number }).callSeq).toBeGreaterThan(0);
    const mv = records.find((x) => x['action'] === 'MeterValues' && x['messageType'] === 'CALL')!;
    expect(mv).toMatchObject({ direction: 'cp-to-csms', connectorId: 1, chargePointId: SECRETS.identity });
    expect(mv['payload']).toEqual(JSON.parse(mv['raw'] as string)[3]);
    const bad = records.find((x) => x['messageType'] === 'CALLERROR')!;
    expect(bad['error']).toMatchObject({ code: 'FormationViolation' });
    expect(bad).not.toHaveProperty('payload');
    const progress = (await t.api('GET', '/api/jobs')).body.find((j: { id: string }) => j.id === r.headers.get('x-chargescope-job'));
    expect(progress).toMatchObject({ kind: 'export', format: 'trace-jsonl', state: 'done', done: frames.length });
  });

  test('re-imports as an equal trace', async () => {
    const r = await get(`/api/sessions/${sessionId}/export?format=trace-jsonl`);
    const imp = await t.api('POST', '/api/sessions/import?name=roundtrip.trace.jsonl', new Uint8Array(r.bytes));
    expect(imp.status).toBe(201);
    expect(imp.body).toMatchObject({ format: 'trace-jsonl', skippedLines: 0 });
    const a = (await t.api('GET', `/api/frames?session=${sessionId}&limit=5000`)).body.frames as Record<string, unknown>[];
    const b = (await t.api('GET', `/api/frames?session=${imp.body.sessionId}&limit=5000`)).body.frames as Record<string, unknown>[];
    const pick = (f: Record<string, unknown>) => [f['chargerId'], f['direction'], f['messageType'], f['messageId'], f['action'], f['raw'], f['at'], f['valid']];
    const keep = a.filter((f) => f['messageType'] !== null);
    expect(b.map(pick)).toEqual(keep.map(pick));
    const tx = (await t.api('GET', `/api/transactions?session=${imp.body.sessionId}`)).body;
    expect(tx[0]).toMatchObject({ idTag: SECRETS.idTag, meterStart: 1000, meterStop: 1500, energyWh: 500 });
  });
});

describe('anonymize on export', () => {
  const originals = () => [SECRETS.idTag, SECRETS.otherIdTag, SECRETS.serial, SECRETS.boxSerial, SECRETS.meterSerial, SECRETS.authorizationKey, SECRETS.ftpPassword, SECRETS.wifiPassword];

  test('trace-jsonl: no original idTag, serial, key or password anywhere, raw included; pseudonyms consistent', async () => {
    const r = await get(`/api/sessions/${sessionId}/export?format=trace-jsonl&anonymize=1`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-disposition')).toMatch(/anonymized/);
    for (const secret of originals()) expect(r.text.includes(secret), secret).toBe(false);
    const records = r.text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { action?: string; messageType: string; payload?: Record<string, unknown>; raw: string; chargePointId: string });
    const tags = records.filter((x) => x.messageType === 'CALL' && (x.action === 'Authorize' || x.action === 'StartTransaction')).map((x) => x.payload!['idTag']);
    expect(new Set(tags).size).toBe(2);
    expect(tags[0]).toMatch(/^ANON-TAG-\d+$/);
    expect(tags[1]).toBe(tags[0]);
    for (const x of records) {
      const raw = JSON.parse(x.raw) as unknown[];
      if (x.messageType === 'CALL') expect(raw[3]).toEqual(x.payload);
    }
    expect(records[0]!.chargePointId).toBe('CP-ANON-SN-00001');
    const boot = records.find((x) => x.action === 'BootNotification' && x.messageType === 'CALL')!;
    expect(boot.payload!['chargePointSerialNumber']).toBe('ANON-SN-00001');
    expect(boot.payload!['chargePointVendor']).toBe('Acme');
    const fw = records.find((x) => x.action === 'UpdateFirmware' && x.messageType === 'CALL')!;
    expect(fw.payload!['location']).toMatch(/^ftp:\/\/tech:ANON-PW-\d+@10\.0\.0\.5\/fw\.bin$/);
    const meter = records.find((x) => x.action === 'MeterValues' && x.messageType === 'CALL')!;
    expect(meter.raw).toBe(JSON.stringify(JSON.parse(meter.raw)));
  });

  test('chargescope: the whole SQLite file holds no original, and re-opens', async () => {
    const r = await get(`/api/sessions/${sessionId}/export?format=chargescope&anonymize=1`);
    expect(r.status).toBe(200);
    for (const secret of originals()) expect(r.bytes.includes(Buffer.from(secret)), secret).toBe(false);
    const dir = mkdtempSync(join(tmpdir(), 'chargescope-anon-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, 'a.chargescope'), r.bytes);
    const db = new Database(join(dir, 'a.chargescope'), { readonly: true });
    expect((db.prepare("SELECT value FROM meta WHERE key = 'anonymized'").get() as { value: string }).value).toBe('true');
    expect((db.prepare('SELECT COUNT(*) AS n FROM transfer_files').get() as { n: number }).n).toBe(0);
    const tx = db.prepare('SELECT id_tag, stop_id_tag FROM transactions').get() as { id_tag: string; stop_id_tag: string };
    expect(tx.id_tag).toMatch(/^ANON-TAG-/);
    expect(tx.stop_id_tag).toBe(tx.id_tag);
    db.close();
    const imp = await t.api('POST', '/api/sessions/import?name=anon.chargescope', new Uint8Array(r.bytes));
    expect(imp.status).toBe(201);
    const rec = await t.api('GET', `/api/sessions/${imp.body.sessionId}/recording`);
    expect(rec.body.anonymized).toBe(true);
  });

  test('CSV: transactions and meter values with normalized units', async () => {
    const tx = await get(`/api/sessions/${sessionId}/export?format=transactions-csv&anonymize=1`);
    expect(tx.headers.get('content-type')).toMatch(/text\/csv/);
    const rows = tx.text.trim().split('\r\n');
    expect(rows[0]).toBe('transactionId,chargerId,connectorId,idTag,idTagStatus,startedAt,meterStartWh,stoppedAt,meterStopWh,energyWh,reason,stopIdTag,reservationId,startSeq,stopSeq');
    expect(rows).toHaveLength(2);
    expect(rows[1]).toMatch(/,ANON-TAG-\d+,Accepted,2025-01-01T10:00:00.000Z,1000,2025-01-01T10:05:00.000Z,1500,500,Local,ANON-TAG-\d+,/);
    expect(tx.text.includes(SECRETS.idTag)).toBe(false);
    const txId = (await t.api('GET', `/api/transactions?session=${sessionId}`)).body[0].id;
    const mv = await get(`/api/sessions/${sessionId}/export?format=meter-values-csv&transaction=${txId}`);
    const lines = mv.text.trim().split('\r\n').map((l) => l.split(','));
    expect(lines[0]).toEqual(['seq', 'chargerId', 'connectorId', 'transactionId', 'timestamp', 'measurand', 'phase', 'location', 'context', 'format', 'value', 'unit', 'normalizedValue', 'normalizedUnit']);
    const power = lines.find((l) => l[5] === 'Power.Active.Import')!;
    expect([power[10], power[11], power[12], power[13]]).toEqual(['7.1', 'kW', '7100', 'W']);
    const end = lines.find((l) => l[8] === 'Transaction.End')!;
    expect([end[5], end[12], end[13]]).toEqual(['Energy.Active.Import.Register', '1500', 'Wh']);
    expect(lines).toHaveLength(11);
  });

  test('an unknown format or session is refused', async () => {
    expect((await t.api('GET', `/api/sessions/${sessionId}/export?format=pdf`)).status).toBe(400);
    expect((await t.api('GET', '/api/sessions/999/export')).status).toBe(404);
  });
});
