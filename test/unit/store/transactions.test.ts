import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { createStore } from '../../../main/store/store.ts';

test('addSamples writes every sampled value in order, in multi-row INSERTs of any length', () => {
  const store = createStore(join(mkdtempSync(join(tmpdir(), 'cs-tx-')), 'x.db'), '2026-11-01T00:00:00.000Z');
  const sessionId = store.sessions.liveId;
  const sample = (i: number) => ({
    sessionId, seq: 1, chargerId: 'CP-1', connectorId: 1, transactionId: null, timestamp: '2026-11-01T00:00:00.000Z', value: String(i),
    measurand: i % 2 ? 'Voltage' : 'Current.Import', unit: i % 3 ? 'V' : null, phase: i % 4 ? 'L1' : null, context: null, location: null, format: null,
  });
  for (const n of [1, 4, 16, 17, 40]) {
    store.db.prepare('DELETE FROM meter_values').run();
    const want = Array.from({ length: n }, (_, i) => sample(i));
    store.transactions.addSamples(want);
    const got = store.db.prepare('SELECT value, measurand, unit, phase FROM meter_values ORDER BY id').all();
    expect(got).toEqual(want.map((s) => ({ value: s.value, measurand: s.measurand, unit: s.unit, phase: s.phase })));
  }
  store.close();
});
