import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { createProgress } from '../../../main/files/progress.ts';
import type { TransferRecord } from '../../../main/files/transfer-store.ts';

let now = 0;
beforeEach(() => {
  vi.useFakeTimers();
  now = 0;
});
afterEach(() => {
  vi.useRealTimers();
});

const record = (id: string, bytes: number, state: TransferRecord['state'] = 'transferring') => ({ id, bytes, state }) as TransferRecord;

function setup() {
  const emitted: [string, number, string][] = [];
  const persisted: [string, number][] = [];
  const p = createProgress({
    emit: (r) => emitted.push([r.id, r.bytes, r.state]),
    persist: (r) => persisted.push([r.id, r.bytes]),
    now: () => now,
  });
  return { p, emitted, persisted };
}

function tick(ms: number) {
  now += ms;
  vi.advanceTimersByTime(ms);
}

test('byte counts are emitted at most every 100 ms per transfer and the last count is never lost', () => {
  const { p, emitted } = setup();
  for (let i = 1; i <= 1000; i++) {
    p.bytes(record('a', i * 10));
    tick(1); // 1000 updates over one second
  }
  tick(200);
  expect(emitted.length).toBeGreaterThanOrEqual(9);
  expect(emitted.length).toBeLessThanOrEqual(11);
  expect(emitted.at(-1)).toEqual(['a', 10_000, 'transferring']);
});

test('byte counts are written to the database at most once per second, state changes at once', () => {
  const { p, persisted, emitted } = setup();
  for (let i = 1; i <= 300; i++) {
    p.bytes(record('a', i));
    tick(10); // three seconds
  }
  tick(1000);
  expect(persisted.length).toBeGreaterThanOrEqual(3);
  expect(persisted.length).toBeLessThanOrEqual(5);
  expect(persisted.at(-1)).toEqual(['a', 300]);
  const before = emitted.length;
  p.now(record('a', 300, 'failed'));
  expect(emitted.length).toBe(before + 1);
  expect(persisted.at(-1)).toEqual(['a', 300]);
});

test('transfers are throttled independently of each other', () => {
  const { p, emitted } = setup();
  p.bytes(record('a', 1));
  p.bytes(record('b', 1));
  expect(emitted).toEqual([['a', 1, 'transferring'], ['b', 1, 'transferring']]);
});

test('flush writes and emits what is pending and cancels timers', () => {
  const { p, emitted, persisted } = setup();
  p.bytes(record('a', 1));
  tick(10);
  p.bytes(record('a', 2));
  p.flush('a');
  expect(emitted.at(-1)).toEqual(['a', 2, 'transferring']);
  expect(persisted.at(-1)).toEqual(['a', 2]);
  const count = emitted.length;
  tick(5000);
  expect(emitted.length).toBe(count);
  expect(vi.getTimerCount()).toBe(0);
});
