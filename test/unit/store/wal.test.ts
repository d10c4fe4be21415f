import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { commitUnsynced, holdCheckpoints } from '../../../main/store/wal.ts';
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

/**
 * Checkpoints wait while an import writes; the last release checkpoints once, here, or through `elsewhere` on the
 * import's writer thread (then the setting comes back only once that has settled, so that no live commit checkpoints
 * the import's WAL on the store's thread meanwhile).
 */
describe('holdCheckpoints', () => {
  let dir: string;
  let store: Store;
  const auto = () => store.db.pragma('wal_autocheckpoint', { simple: true });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cs-wal-'));
    store = createStore(join(dir, 'x.db'), '2026-01-01T00:00:00.000Z');
  });
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('the last of nested holds puts the setting back', () => {
    const a = holdCheckpoints(store.db);
    const b = holdCheckpoints(store.db);
    expect(auto()).toBe(0);
    a();
    expect(auto()).toBe(0);
    b();
    expect(auto()).toBe(1000);
  });

  test('a release elsewhere is asked to checkpoint only when it is the last, and the setting waits for it', async () => {
    const a = holdCheckpoints(store.db);
    const b = holdCheckpoints(store.db);
    const asked: boolean[] = [];
    let done!: () => void;
    a(async (checkpoint) => {
      asked.push(checkpoint);
    });
    b((checkpoint) => {
      asked.push(checkpoint);
      return new Promise<void>((r) => (done = r));
    });
    expect(asked).toEqual([false, true]);
    expect(auto()).toBe(0);
    done();
    await new Promise((r) => setImmediate(r));
    expect(auto()).toBe(1000);
  });

  test('a hold taken while a checkpoint runs elsewhere finds the setting as it was before any hold', async () => {
    const a = holdCheckpoints(store.db);
    let done!: () => void;
    a(() => new Promise<void>((r) => (done = r)));
    const b = holdCheckpoints(store.db);
    b();
    expect(auto()).toBe(0);
    done();
    await new Promise((r) => setImmediate(r));
    expect(auto()).toBe(1000);
  });
});
