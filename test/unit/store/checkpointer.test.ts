import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { startCheckpointer, type Checkpointer } from '../../../main/store/checkpointer.ts';
import { openDatabase, type Db } from '../../../main/store/db.ts';
import { createStore } from '../../../main/store/store.ts';
import { holdCheckpoints } from '../../../main/store/wal.ts';

const size = (f: string) => {
  try {
    return statSync(f).size;
  } catch {
    return 0;
  }
};

/** Polls `check` every 20 ms for at most `ms`; the last value is returned either way (the test asserts on it). */
async function until<T>(check: () => T, ok: (v: T) => boolean, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  let v = check();
  while (!ok(v) && Date.now() < end) {
    await sleep(20);
    v = check();
  }
  return v;
}

describe('WAL checkpoints run on their own thread', () => {
  let dir: string;
  let file: string;
  let db: Db;
  let cp: Checkpointer | null = null;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cs-ckpt-'));
    file = join(dir, 'x.db');
    db = openDatabase(file);
    db.exec('CREATE TABLE t (v TEXT NOT NULL)');
  });
  afterEach(async () => {
    await cp?.close();
    cp = null;
    if (db.open) db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const write = (n: number) => {
    const ins = db.prepare('INSERT INTO t (v) VALUES (?)');
    db.transaction(() => {
      for (let i = 0; i < n; i++) ins.run('x'.repeat(500));
    })();
  };

  test('the main connection never checkpoints; the thread copies the WAL into the database file', async () => {
    cp = startCheckpointer(db, file, { intervalMs: 20 });
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    const before = size(file);
    write(5000); // ~2.5 MB: the WAL holds it, the database file does not yet
    expect(size(`${file}-wal`)).toBeGreaterThan(2_000_000);
    const after = await until(() => size(file), (s) => s > before + 2_000_000);
    expect(after).toBeGreaterThan(before + 2_000_000);
  });

  test('a hold (an import writing) keeps the thread from checkpointing; the release checkpoints at once', async () => {
    cp = startCheckpointer(db, file, { intervalMs: 20 });
    expect(await cp.ready).toBe(true);
    const release = holdCheckpoints(db); // delegates to the thread: the main connection's setting stays 0
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    const before = size(file);
    write(5000);
    await sleep(300); // fifteen of the thread's intervals
    expect(size(file)).toBe(before);
    release();
    const after = await until(() => size(file), (s) => s > before + 2_000_000);
    expect(after).toBeGreaterThan(before + 2_000_000);
  });

  test('a WAL written without pause is caught up and restarts instead of growing', async () => {
    cp = startCheckpointer(db, file, { intervalMs: 50, restartFrames: 200, catchUpEveryMs: 50 });
    expect(await cp.ready).toBe(true);
    db.pragma('synchronous = NORMAL'); // commits as fast as the live committer's (its fsync is off the thread)
    const ins = db.prepare('INSERT INTO t (v) VALUES (?)');
    // 3,000 small commits without a pause (each rewrites at least the table's last page): without restarts the WAL
    // would hold every one of them, over 12 MB.
    const end = Date.now() + 10_000;
    for (let i = 0; i < 3000 && Date.now() < end; i++) {
      ins.run('y'.repeat(200));
      if (i % 10 === 9) await new Promise((r) => setImmediate(r));
      if (i % 50 === 49) await sleep(2);
    }
    const wal = size(`${file}-wal`);
    expect(wal).toBeGreaterThan(0);
    expect(wal).toBeLessThan(6_000_000);
  });

  test('the app\'s store has one (and a WAL sync); closing it stops the thread', async () => {
    const store = createStore(join(dir, 'app.db'), '2026-01-01T00:00:00.000Z', { background: true });
    expect(store.walSync).not.toBeNull();
    expect(store.checkpointer).not.toBeNull();
    expect(store.db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    await store.checkpointer!.close();
    store.close();
    expect(store.db.open).toBe(false);
    const plain = createStore(join(dir, 'plain.db'), '2026-01-01T00:00:00.000Z');
    expect(plain.walSync).toBeNull();
    expect(plain.db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    plain.close();
  });
});
