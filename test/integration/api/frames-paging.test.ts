import { afterAll, beforeAll, expect, test } from 'vitest';
import { rawCharger, startApp, type TestApp } from '../../support/harness.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startApp();
  const a = await rawCharger(t, 'PAGE-A');
  const b = await rawCharger(t, 'PAGE-B');
  for (const cp of [a, b]) await cp.call('BootNotification', { chargePointVendor: 'V', chargePointModel: 'M' });
  // A speaks three times as often as B: their frames interleave unevenly.
  for (let i = 0; i < 12; i++) {
    await a.call('Heartbeat', {});
    if (i % 3 === 0) await b.call('Heartbeat', {});
  }
  a.close();
  b.close();
});
afterAll(async () => { await t.stop(); });

type Page = { frames: { seq: number; chargerId: string }[]; next: number };
const get = async (q: string) => (await t.api<Page>('GET', `/api/frames?${q}`)).body;
const all = async (charger?: string) => (await get(`limit=5000${charger ? `&charger=${charger}` : ''}`)).frames.map((f) => f.seq);

test('before= gives the newest frames below it, in seq order, for the session and for one charger', async () => {
  const every = await all();
  expect(every.length).toBe(36); // 18 CALLs and their answers
  expect((await get('before=9007199254740991&limit=5')).frames.map((f) => f.seq)).toEqual(every.slice(-5));
  const ofB = await all('PAGE-B');
  const cut = ofB[ofB.length - 2]!;
  const page = await get(`charger=PAGE-B&before=${cut}&limit=2`);
  expect(page.frames.map((f) => f.seq)).toEqual(ofB.filter((s) => s < cut).slice(-2));
  expect(page.frames.every((f) => f.chargerId === 'PAGE-B')).toBe(true);
  expect(page.next).toBe(page.frames.at(-1)!.seq);
});

test('paging backwards with before= visits every frame of a charger once, as forward paging does', async () => {
  for (const charger of ['PAGE-A', 'PAGE-B']) {
    const forward = await all(charger);
    const back: number[] = [];
    let before = 9007199254740991;
    for (let i = 0; i < 100; i++) {
      const page = await get(`charger=${charger}&before=${before}&limit=3`);
      back.unshift(...page.frames.map((f) => f.seq));
      if (page.frames.length < 3) break;
      before = page.frames[0]!.seq;
    }
    expect(back).toEqual(forward);
  }
});

test('after= and before= together bound the window; a bad before= is refused with what to fix', async () => {
  const every = await all();
  const [lo, hi] = [every[3]!, every[10]!];
  expect((await get(`after=${lo}&before=${hi}&limit=100`)).frames.map((f) => f.seq)).toEqual(every.slice(4, 10));
  for (const bad of ['0', 'x', '-3']) {
    const res = await t.api('GET', `/api/frames?before=${bad}`);
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toMatch(/before/);
  }
});
