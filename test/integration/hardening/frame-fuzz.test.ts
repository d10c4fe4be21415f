import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { rawCharger, startApp, TOKEN, type TestApp } from '../../support/harness.ts';

/**
 * Seeded, bounded fuzz of the OCPP endpoint with the UI's live event socket open: deep nesting, odd message ids,
 * huge numbers and random mutations of real frames. Every CALL-shaped frame ([2, "<string id>", ...]) must be
 * answered with its id; afterwards the process is alive and every /api/frames page answers 200.
 */
let t: TestApp;
let events: WebSocket;
let eventBatches = 0;
beforeAll(async () => {
  t = await startApp();
  events = new WebSocket(`ws://127.0.0.1:${t.uiPort}/api/events?token=${TOKEN}`, { headers: { Origin: `http://127.0.0.1:${t.uiPort}` } });
  events.on('message', () => eventBatches++);
  await new Promise<void>((resolve, reject) => {
    events.once('open', () => resolve());
    events.once('error', reject);
  });
});
afterAll(async () => {
  events.close();
  await t.stop();
});

/** mulberry32: a small seeded generator, so a failure replays exactly. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

const deep = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
const deepObj = (n: number) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;
const HUGE = ['1e308', '1.5e20', '9223372036854775808', '18446744073709551616', '1e400', '-1e400', '123456789012345678901234567890'];

function cases(next: () => number): { text: string; id: string | null }[] {
  const pick = <T>(a: readonly T[]): T => a[Math.floor(next() * a.length)]!;
  const out: { text: string; id: string | null }[] = [];
  // Deep nesting in the payload, as a charger CALL (the case that took the process down with the UI open).
  for (const n of [100, 6000, 20000]) {
    out.push({ text: `[2,"deep-${n}","DataTransfer",{"vendorId":"v","data":${deep(n)}}]`, id: `deep-${n}` });
    out.push({ text: `[2,"deepo-${n}","DataTransfer",{"vendorId":"v","data":${deepObj(n)}}]`, id: `deepo-${n}` });
  }
  // Odd ids: empty, 37 and 500 characters, unicode, escapes.
  for (const id of ['', 'x'.repeat(37), 'y'.repeat(500), 'ünï-😀', 'q"uo\\te']) out.push({ text: JSON.stringify([2, id, 'Heartbeat', {}]), id });
  // Huge numbers where the schema says integer or number.
  for (const [i, n] of HUGE.entries()) {
    out.push({ text: `[2,"hs-${i}","StartTransaction",{"connectorId":1,"idTag":"T","meterStart":${n},"timestamp":"2026-01-01T00:00:00.000Z"}]`, id: `hs-${i}` });
    out.push({ text: `[2,"hc-${i}","StatusNotification",{"connectorId":${n},"status":"Available","errorCode":"NoError"}]`, id: `hc-${i}` });
    out.push({ text: `[2,"hm-${i}","MeterValues",{"connectorId":1,"transactionId":${n},"meterValue":[{"timestamp":"2026-01-01T00:00:00.000Z","sampledValue":[{"value":"1"}]}]}]`, id: `hm-${i}` });
    out.push({ text: `[2,"hx-${i}","StopTransaction",{"transactionId":${n},"meterStop":${n},"timestamp":"2026-01-01T00:00:01.000Z"}]`, id: `hx-${i}` });
  }
  // Random mutations of real frames: a seeded sample, bounded in count.
  const base = [
    '[2,"ID","Heartbeat",{}]',
    '[2,"ID","StatusNotification",{"connectorId":1,"status":"Charging","errorCode":"NoError"}]',
    '[2,"ID","Authorize",{"idTag":"TAG1"}]',
    '[2,"ID","DataTransfer",{"vendorId":"v","messageId":"m","data":"d"}]',
  ];
  const junk = ['{', '}', '[', ']', '"', ',', ':', '1e999', '-0', 'null', '\\u0000', '\\', 'true', '9'.repeat(40)];
  for (let i = 0; i < 150; i++) {
    const id = `f${i}`;
    let text = pick(base).replace('ID', id);
    const mutations = 1 + Math.floor(next() * 3);
    for (let m = 0; m < mutations; m++) {
      const at = 12 + Math.floor(next() * Math.max(1, text.length - 12));
      text = text.slice(0, at) + pick(junk) + text.slice(at + (next() < 0.5 ? 1 : 0));
    }
    out.push({ text, id: callShapedId(text) });
  }
  return out;
}

/** The id of a frame that is a CALL by its head: an array starting with 2 and a string id; else null. */
function callShapedId(text: string): string | null {
  try {
    const v: unknown = JSON.parse(text);
    return Array.isArray(v) && v[0] === 2 && typeof v[1] === 'string' ? v[1] : null;
  } catch {
    return null;
  }
}

describe('seeded fuzz of the OCPP endpoint, event socket open', () => {
  test('every CALL-shaped frame is answered with its id; the process lives; every frames page is 200', async () => {
    const cp = await rawCharger(t, 'fuzz-1');
    const boot = await cp.call('BootNotification', { chargePointVendor: 'V', chargePointModel: 'M' }, 'boot');
    expect(boot[2].status).toBe('Accepted');
    const list = cases(rng(0x5eed17));
    let answered = 0;
    for (const c of list) {
      cp.send(c.text);
      if (c.id === null) {
        // Not a CALL by its shape: it may get a CALLERROR "-1" or nothing. A Heartbeat after it tells which.
        cp.send('[2,"probe","Heartbeat",{}]');
        for (let i = 0; i < 3; i++) {
          const r = await cp.next();
          if (r[1] === 'probe') break;
        }
        continue;
      }
      const reply = await cp.next();
      expect(reply[1], `reply to ${c.text.slice(0, 80)}`).toBe(c.id);
      expect([3, 4]).toContain(reply[0]);
      answered++;
    }
    expect(answered).toBeGreaterThan(40);
    // The big-but-valid numbers are answered as the schema says, never with InternalError.
    const hb = await cp.call('Heartbeat', {}, 'after');
    expect(hb[0]).toBe(3);
    cp.close();

    // Every page of the trace reads back, with the UI's event socket still open.
    expect(events.readyState).toBe(WebSocket.OPEN);
    let after = 0;
    let pages = 0;
    for (; pages < 200; pages++) {
      const page = await t.api('GET', `/api/frames?charger=fuzz-1&after=${after}&limit=20`);
      expect(page.status).toBe(200);
      if (page.body.frames.length === 0) break;
      after = page.body.next;
    }
    expect(pages).toBeGreaterThan(5);
    const health = await t.api('GET', '/api/health');
    expect(health.status).toBe(200);
    expect(eventBatches).toBeGreaterThan(0);
  });

  test('huge numbers: valid ones are answered CALLRESULT, 1e400 (Infinity) is refused by the schema', async () => {
    const cp = await rawCharger(t, 'fuzz-2');
    await cp.call('BootNotification', { chargePointVendor: 'V', chargePointModel: 'M' }, 'boot');
    for (const [i, n] of ['1e308', '1.5e20', '9223372036854775808', '18446744073709551616'].entries()) {
      cp.send(`[2,"s${i}","StartTransaction",{"connectorId":1,"idTag":"T","meterStart":${n},"timestamp":"2026-01-01T00:00:00.000Z"}]`);
      const r = await cp.next();
      expect(r[0], `meterStart ${n}: ${JSON.stringify(r)}`).toBe(3);
      cp.send(`[2,"c${i}","StatusNotification",{"connectorId":${n},"status":"Available","errorCode":"NoError"}]`);
      const c = await cp.next();
      expect(c[0], `connectorId ${n}: ${JSON.stringify(c)}`).toBe(3);
    }
    cp.send('[2,"inf","StartTransaction",{"connectorId":1,"idTag":"T","meterStart":1e400,"timestamp":"2026-01-01T00:00:00.000Z"}]');
    const inf = await cp.next();
    expect(inf.slice(0, 3)).toEqual([4, 'inf', 'TypeConstraintViolation']);
    // The exact text of the big value is kept: in the frame's raw and in the finding that says what was stored.
    const txs = await t.api('GET', '/api/transactions?charger=fuzz-2');
    expect(txs.status).toBe(200);
    expect(txs.body.length).toBeGreaterThanOrEqual(4);
    const findings = await t.api('GET', '/api/findings?charger=fuzz-2');
    const texts = findings.body.filter((f: any) => f.rule === 'number-beyond-storage').map((f: any) => f.message).join('\n');
    for (const n of ['1e308', '1.5e20', '9223372036854775808', '18446744073709551616']) expect(texts).toContain(`= ${n} `);
    cp.close();
  });
});

describe('the frame limits', () => {
  test('a frame over maxFrameBytes (below twice it) is answered FormationViolation with its id and kept truncated', async () => {
    await t.api('PATCH', '/api/settings', { maxFrameBytes: 8192 });
    try {
      const cp = await rawCharger(t, 'limit-1');
      cp.send(`[2,"big-1","DataTransfer",{"vendorId":"v","data":"${'x'.repeat(12_000)}"}]`);
      const r = await cp.next();
      expect(r.slice(0, 3)).toEqual([4, 'big-1', 'FormationViolation']);
      expect(r[3]).toMatch(/maxFrameBytes/);
      const hb = await cp.call('Heartbeat', {}, 'after');
      expect(hb[1]).toBe('after');
      cp.close();
      const page = await t.api('GET', '/api/frames?charger=limit-1&limit=10');
      const stored = page.body.frames.find((f: any) => f.messageId === 'big-1' && f.direction === 'in');
      expect(stored.raw.length).toBeLessThan(4200);
      expect(stored.raw).toMatch(/truncated by ChargeScope: \d+ characters in all/);
    } finally {
      await t.api('PATCH', '/api/settings', { maxFrameBytes: 1024 * 1024 });
    }
  });

  test('a CALL with an empty or a 37-character id is answered FormationViolation with that id', async () => {
    const cp = await rawCharger(t, 'ids-1');
    for (const id of ['', 'z'.repeat(37)]) {
      const r = await cp.call('Heartbeat', {}, id);
      expect(r.slice(0, 3)).toEqual([4, id, 'FormationViolation']);
    }
    cp.close();
  });
});
