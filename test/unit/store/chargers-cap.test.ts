import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { createStore } from '../../../main/store/store.ts';

test('chargers that never booted are kept up to the cap, oldest removed first, never a connected or booted one', () => {
  const store = createStore(join(mkdtempSync(join(tmpdir(), 'cs-cap-')), 'x.db'), '2026-11-01T00:00:00.000Z');
  const c = store.chargers;
  const at = (i: number) => new Date(Date.UTC(2026, 10, 1, 0, 0, i)).toISOString();
  c.touch('booted', at(0));
  c.recordBoot('booted', { chargePointVendor: 'V', chargePointModel: 'M' }, 'Accepted', at(0));
  c.setPasswordHash('with-password', 'x:y:', at(0));
  const connected = new Set(['s-0']);
  let removed = 0;
  for (let i = 0; i < 30; i++) {
    c.touch(`s-${i}`, at(i + 1));
    removed += c.pruneUnbooted(10, (id) => connected.has(id));
  }
  const ids = c.list().map((r) => r.id);
  const strangers = ids.filter((id) => id.startsWith('s-'));
  expect(strangers.length).toBe(10);
  expect(removed).toBe(20);
  expect(ids).toContain('s-0');
  expect(ids).toContain('s-29');
  expect(ids).not.toContain('s-1');
  expect(ids).toContain('booted');
  expect(ids).toContain('with-password');
  store.close();
});
