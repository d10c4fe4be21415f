import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { createStore } from '../../../main/store/store.ts';

test('a recording never takes the name of a session already here: "(2)", then "(3)"', () => {
  const store = createStore(join(mkdtempSync(join(tmpdir(), 'cs-names-')), 'x.db'), '2026-11-01T00:00:00.000Z');
  const live = store.sessions.get(store.sessions.liveId)!;
  const at = '2026-11-01T08:00:00.000Z';
  const first = store.sessions.addReadOnly(live.name, 'a.chargescope', at, null);
  const second = store.sessions.addReadOnly(live.name, 'b.chargescope', at, null);
  const other = store.sessions.addReadOnly('Depot Nord', 'c.chargescope', at, null);
  expect(store.sessions.get(first)!.name).toBe(`${live.name} (2)`);
  expect(store.sessions.get(second)!.name).toBe(`${live.name} (3)`);
  expect(store.sessions.get(other)!.name).toBe('Depot Nord'); // no clash: kept as the file says
  expect(store.sessions.get(store.sessions.liveId)!.name).toBe(live.name);
  store.close();
});
