import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { commitUnsynced } from '../../../main/store/wal.ts';
import { createStore, type Store } from '../../../main/store/store.ts';

/** An import's batches commit without waiting for the disk; everything else on the connection stays synchronous=FULL. */
describe('commitUnsynced', () => {
  let dir: string;
  let store: Store;
  const synchronous = () => store.db.pragma('synchronous', { simple: true });
  const count = () => (store.db.prepare('SELECT COUNT(*) AS n FROM findings').get() as { n: number }).n;
  const add = () => store.findings.insert({ sessionId: store.sessions.liveId, chargerId: 'CP-1', seq: null, rule: 'import-skipped-line', severity: 'info', message: 'm', at: '2026-01-01T00:00:00.000Z' });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cs-wal-'));
    store = createStore(join(dir, 'x.db'), '2026-01-01T00:00:00.000Z');
  });
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('runs in one transaction at NORMAL and puts FULL back', () => {
    expect(synchronous()).toBe(2);
    const inside = commitUnsynced(store.db, () => {
      add();
      add();
      return { inTransaction: store.db.inTransaction, synchronous: synchronous() };
    });
    expect(inside).toEqual({ inTransaction: true, synchronous: 1 });
    expect(synchronous()).toBe(2);
    expect(count()).toBe(2);
  });

  test('a batch that throws is rolled back and FULL is put back', () => {
    expect(() => commitUnsynced(store.db, () => {
      add();
      throw new Error('bad batch');
    })).toThrow('bad batch');
    expect(count()).toBe(0);
    expect(synchronous()).toBe(2);
  });

  test('inside a transaction already open it changes nothing of the setting', () => {
    store.db.transaction(() => {
      commitUnsynced(store.db, () => {
        add();
        expect(synchronous()).toBe(2);
      });
    })();
    expect(count()).toBe(1);
    expect(synchronous()).toBe(2);
  });
});
