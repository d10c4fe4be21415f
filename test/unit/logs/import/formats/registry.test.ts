import { describe, expect, test } from 'vitest';
import { chooseFormat, explainRefusal, FORMATS } from '../../../../../main/logs/import/formats/registry.ts';
import { TzDetector } from '../../../../../main/logs/import/formats/tz-offer.ts';
import { readAll } from './read.ts';

const trace = (id: string) => JSON.stringify({ schemaVersion: '1.1', timestamp: '2025-01-01T00:00:00.000Z', transport: 'json', chargePointId: 'T1', direction: 'cp-to-csms',
  messageType: 'CALL', messageId: id, action: 'Heartbeat', raw: `[2,"${id}","Heartbeat",{}]` });

describe('the format registry', () => {
  test('every family has a stable id, a title, sniff and read', () => {
    expect(FORMATS.map((f) => f.id)).toEqual(['trace-jsonl', 'json-object-log', 'json-frames', 'text-log', 'message-table']);
    for (const f of FORMATS) expect(f.title.length).toBeGreaterThan(5);
  });

  test.each([
    [[trace('1'), trace('2')].join('\n'), 'trace-jsonl'],
    ['{"CallType":2,"UUID":"u","Action":"Heartbeat","Payload":{}}', 'json-object-log'],
    ['[2,"1","Heartbeat",{}]\n{"time":"2025-01-01T00:00:00Z","raw":"[3,\\"1\\",{}]"}', 'json-frames'],
    ['2024-01-01 10:00:00 Received: [2,"1","Heartbeat",{}]', 'text-log'],
    ['Time;Charge Point;Action;Status\n2024-01-01 10:00;CP;Heartbeat;Accepted', 'message-table'],
    ['hello\nworld', 'text-log'],
  ])('the head chooses the family: %#', (text, id) => {
    expect(chooseFormat(text.split('\n')).format.id).toBe(id);
  });

  test('logs mix shapes: lines another family claims are read by it, in the file order', () => {
    const r = readAll([trace('1'), '2024-01-01 10:00:00 [chargeBoxId=S1] Sending: [3,"1",{"currentTime":"2024-01-01T10:00:00Z"}]', '[2,"2","Heartbeat",{}]', 'garbage'].join('\n'));
    expect(r.family).toBe('trace-jsonl');
    expect(r.items.map((i) => [i.line, i.kind])).toEqual([[1, 'frame'], [2, 'frame'], [3, 'frame'], [4, 'skip']]);
    expect(r.frames.map((f) => f.chargerId)).toEqual(['T1', 'S1', null]);
  });

  test('JSON-object logs: the frame rebuilt from its fields, a payload given as text parsed, errors with their code', () => {
    const r = readAll([
      '{"Timestamp":"2024-04-02T08:00:00.000Z","ChargePointId":"C5","Direction":"in","CallType":2,"UUID":"u-2","Action":"Authorize","Payload":"{\\"idTag\\":\\"T\\"}"}',
      '{"Timestamp":"2024-04-02T08:00:00.020Z","ChargePointId":"C5","Direction":"out","CallType":4,"UUID":"u-2","ErrorCode":"InternalError","ErrorDescription":"down"}',
      '{"CallType":2,"Action":"Heartbeat","Payload":{}}',
    ].join('\n'));
    expect(r.frames.map((f) => [f.raw, f.direction, f.chargerId, f.rebuilt])).toEqual([
      ['[2,"u-2","Authorize",{"idTag":"T"}]', 'in', 'C5', true], ['[4,"u-2","InternalError","down",{}]', 'out', 'C5', true],
    ]);
    expect(r.skipped).toEqual([[3, expect.stringMatching(/without a readable message type .* or message id/)]]);
  });

  test('a refusal says what was expected and what was found, and quotes the first lines', () => {
    const bad = '12/03/2024 10:00:00 sent {"action":"Heartbeat"}\n12/03/2024 10:00:01 got {"status":"ok"}';
    const text = explainRefusal('site.log', bad.split('\n'), chooseFormat(bad.split('\n')), ['line 1: no OCPP-J array']);
    expect(text).toMatch(/^nothing readable in site\.log: expected OCPP-J frames/);
    expect(text).toMatch(/no OCPP-J array .* on any line/);
    expect(text).toMatch(/dates such as "12\/03\/2024", a date format that is not read/);
    expect(text).toContain('First lines: «12/03/2024 10:00:00 sent {"action":"Heartbeat"}»');
    const soap = '<?xml version="1.0"?>\n<soap:Envelope><soap:Body><bootNotificationRequest/></soap:Body></soap:Envelope>';
    expect(explainRefusal('cp.xml', soap.split('\n'), chooseFormat(soap.split('\n')), [])).toMatch(/XML \(OCPP over SOAP\?\): only OCPP-J/);
    const table = 'Time;Charge Point;Action;Status\n2024-01-01 10:00;CP;Heartbeat;Accepted'.split('\n');
    expect(explainRefusal('msgs.csv', table, chooseFormat(table), [])).toMatch(/^msgs\.csv: this is a message table .* not OCPP-J frames/);
  });
});

describe('the time-zone offer', () => {
  const frame = (at: string, payloadTime: string) => ({ raw: `[2,"1","StatusNotification",{"timestamp":"${payloadTime}"}]`, at, unzoned: true, chargerId: null, direction: null, relative: false, rebuilt: false });

  test('line times a whole offset from the payload UTC times: offered, never applied', () => {
    const d = new TzDetector();
    for (let i = 0; i < 4; i++) d.observe(frame(`2024-07-11T20:38:4${i}.000Z`, `2024-07-11T18:38:4${i}Z`));
    expect(d.offer(null)).toMatchObject({ tz: '+02:00', minutes: 120, samples: 4, agreeing: 4 });
    expect(d.offer(null)!.message).toMatch(/run 2 h ahead .* import it again with tz=\+02:00/);
  });

  test('no offer when the times agree, when too few frames tell, or when they disagree', () => {
    const same = new TzDetector();
    for (let i = 0; i < 5; i++) same.observe(frame(`2024-07-11T18:38:4${i}.300Z`, `2024-07-11T18:38:4${i}Z`));
    expect(same.offer(null)).toBeNull();
    const few = new TzDetector();
    few.observe(frame('2024-07-11T20:38:40.000Z', '2024-07-11T18:38:40Z'));
    expect(few.offer(null)).toBeNull();
    const mixed = new TzDetector();
    for (let i = 0; i < 3; i++) mixed.observe(frame(`2024-07-11T20:38:4${i}.000Z`, `2024-07-11T18:38:4${i}Z`));
    for (let i = 0; i < 3; i++) mixed.observe(frame(`2024-07-11T15:38:4${i}.000Z`, `2024-07-11T18:38:4${i}Z`));
    expect(mixed.offer(null)).toBeNull();
    const zoned = new TzDetector();
    for (let i = 0; i < 4; i++) zoned.observe({ ...frame(`2024-07-11T20:38:4${i}.000Z`, `2024-07-11T18:38:4${i}Z`), unzoned: false });
    expect(zoned.offer(null)).toBeNull();
  });
});
