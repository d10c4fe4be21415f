import { describe, expect, test } from 'vitest';
import { LIMITS } from '../../../../../main/logs/import/formats/types.ts';
import { readAll } from './read.ts';

describe('the text-log family', () => {
  test('the time comes from the prefix only: a date inside the frame is never the line time', () => {
    const r = readAll('INFO:ocpp:CP7: receive message [2,"s","StatusNotification",{"connectorId":1,"status":"Available","errorCode":"NoError","timestamp":"2024-02-01T10:00:01Z"}]');
    expect(r.frames).toEqual([expect.objectContaining({ line: 1, at: null, chargerId: 'CP7', direction: 'in', relative: true })]);
    expect(r.skipped).toEqual([]);
    expect(r.summary).toMatchObject({ framesWithoutTime: 1 });
  });

  test('a frame wrapped over lines that repeat the prefix is put back together, the prefix stripped', () => {
    const r = readAll([
      '02.10.2023 06:57:00 INF [sendTXT] [2,"a8","DataTransfer",{"vendorId":"V","data":"12',
      '02.10.2023 06:57:00 INF [sendTXT] 34"}]',
      '02.10.2023 06:57:01 INF [WStype_TEXT] [3,"a8",{"status":"Accepted"}]',
    ].join('\n'));
    expect(r.frames.map((f) => [f.line, f.raw, f.at, f.direction])).toEqual([
      [1, '[2,"a8","DataTransfer",{"vendorId":"V","data":"1234"}]', '2023-10-02T06:57:00.000Z', 'out'],
      [3, '[3,"a8",{"status":"Accepted"}]', '2023-10-02T06:57:01.000Z', 'in'],
    ]);
  });

  test('pretty-printed frames: brackets counted with strings respected, a header line before a lone [', () => {
    const r = readAll([
      '2024-09-01 12:00:00.100 Sending:',
      '[',
      '  2, "a2", "DataTransfer",',
      '  { "vendorId": "V", "data": "] } [ \\" ]" }',
      ']',
      '2024-09-01 12:00:00.300 Received: [3, "a2", {',
      '  "status": "Accepted"',
      '}] trailing words',
    ].join('\n'));
    expect(r.frames).toHaveLength(2);
    expect(JSON.parse(r.frames[0]!.raw)).toEqual([2, 'a2', 'DataTransfer', { vendorId: 'V', data: '] } [ " ]' }]);
    expect(r.frames[0]).toMatchObject({ line: 1, at: '2024-09-01T12:00:00.100Z', direction: 'out' });
    expect(JSON.parse(r.frames[1]!.raw)).toEqual([3, 'a2', { status: 'Accepted' }]);
    expect(r.skipped).toEqual([]);
  });

  test('a frame that never closes ends at the next entry (kept broken, for its finding); one spanning too many lines is dropped', () => {
    const r = readAll('2024-01-01 10:00:00 Received: [2,"x","Heartbeat",{\n2024-01-01 10:00:01 Received: [2,"y","Heartbeat",{}]');
    expect(r.frames.map((f) => f.raw)).toEqual(['[2,"x","Heartbeat",{', '[2,"y","Heartbeat",{}]']);
    // A line that cannot continue JSON is an entry of its own, not a piece of the open frame.
    const prose = readAll('2024-01-01 10:00:00 Received: [2,"x","Heartbeat",{\nthis is not JSON\n2024-01-01 10:00:01 Received: [2,"y","Heartbeat",{}]');
    expect(prose.frames.map((f) => f.raw)).toEqual(['[2,"x","Heartbeat",{', '[2,"y","Heartbeat",{}]']);
    expect(prose.skipped).toEqual([[2, expect.stringMatching(/no OCPP-J array/)]]);
    const long = ['2024-01-01 10:00:00 Received: [2,"x","DataTransfer",{"vendorId":"V"'];
    for (let i = 0; i < LIMITS.frameLines + 5; i++) long.push(`  ,"k${i}": 1`);
    long.push('2024-01-01 10:00:01 Received: [2,"y","Heartbeat",{}]');
    const b = readAll(long.join('\n'));
    expect(b.frames.map((f) => f.raw)).toEqual(['[2,"y","Heartbeat",{}]']);
    expect(b.skipped[0]![1]).toMatch(/does not close within 500 lines/);
  });

  test('echoes: a second logger quoting the frame is skipped, and what it knew completes the frame kept', () => {
    const r = readAll([
      'DEBUG:websockets.server:< TEXT \'[2,"b","BootNotification",{"chargePointVendor":"V","chargePointModel":"M"}]\' [70 bytes]',
      'INFO:ocpp:CP-4: receive message [2,"b","BootNotification",{"chargePointVendor":"V","chargePointModel":"M"}]',
      'INFO:ocpp:CP-4: send [3,"b",{"status":"Accepted","currentTime":"2024-01-01T00:00:00Z","interval":10}]',
      'DEBUG:websockets.server:> TEXT \'[3,"b",{"status":"Accepted","currentTime":"2024-01-...\' [75 bytes]',
    ].join('\n'));
    expect(r.frames.map((f) => [f.line, f.chargerId, f.direction])).toEqual([[1, 'CP-4', 'in'], [3, 'CP-4', 'out']]);
    expect(r.skipped).toEqual([[2, 'echo of the frame on line 1'], [4, 'echo of the frame on line 3 (shortened by its logger)']]);
    expect(r.summary).toMatchObject({ echoes: 2 });
  });

  test('time-only lines: the date asked for, else the first dated payload, across midnight', () => {
    const log = '23:59:59.900 -> [2,"1","Heartbeat",{}]\n00:00:00.050 <- [3,"1",{"currentTime":"2024-12-01T00:00:00.040Z"}]';
    expect(readAll(log).frames.map((f) => f.at)).toEqual(['2024-12-01T23:59:59.900Z', '2024-12-02T00:00:00.050Z']);
    const asked = readAll(log, { date: '2024-11-30' });
    expect(asked.frames.map((f) => f.at)).toEqual(['2024-11-30T23:59:59.900Z', '2024-12-01T00:00:00.050Z']);
    expect(asked.summary!.date).toEqual({ value: '2024-11-30', from: 'parameter' });
    expect(readAll('[10:00:00,000] -> [2,"1","Heartbeat",{}]').summary!.date).toEqual({ value: '2026-01-01', from: 'import-day' });
  });

  test('a zone asked for applies to times without one, never to times with one', () => {
    const r = readAll('2024-07-11 20:38:40 recv A: [2,"1","Heartbeat",{}]\n2024-07-11T20:38:41+02:00 recv A: [2,"2","Heartbeat",{}]', { tzMinutes: 120 });
    expect(r.frames.map((f) => [f.at, f.unzoned])).toEqual([['2024-07-11T18:38:40.000Z', true], ['2024-07-11T18:38:41.000Z', false]]);
  });

  test('a hostile line is cut to its bound before it is read', () => {
    const r = readAll(`2024-01-01 10:00:00 Received: [2,"x","DataTransfer",{"vendorId":"${'v'.repeat(LIMITS.lineChars)}"}]`);
    expect(r.frames[0]!.raw.length).toBeLessThanOrEqual(LIMITS.lineChars);
  });
});
