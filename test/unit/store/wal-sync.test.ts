import { fdatasync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { createCommitter } from '../../../main/csms/committer.ts';
import { openDatabase, type Db } from '../../../main/store/db.ts';
import { createWalSync } from '../../../main/store/wal-sync.ts';

type Done = (error: NodeJS.ErrnoException | null) => void;

/** A sync the test completes by hand: what it was asked for, in order. */
function manualSync() {
  const calls: Done[] = [];
  return {
    calls,
    sync: (_fd: number, done: Done) => void calls.push(done),
    /** Completes the oldest sync still running. */
    finish(error: NodeJS.ErrnoException | null = null) {
      const done = calls.shift();
      if (!done) throw new Error('no sync is running');
      done(error);
    },
  };
}

describe('acknowledgements wait for the WAL to be on disk, off the event loop', () => {
  let dir: string;
  let file: string;
  let db: Db;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cs-walsync-'));
    file = join(dir, 'x.db');
    db = openDatabase(file);
    db.exec('CREATE TABLE t (v TEXT NOT NULL)');
  });
  afterEach(() => {
    if (db.open) db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const rows = () => (db.prepare('SELECT v FROM t ORDER BY rowid').all() as { v: string }[]).map((r) => r.v);

  test('the committer commits at NORMAL and runs `done` only once the fdatasync after the commit has returned', async () => {
    const m = manualSync();
    const walSync = createWalSync(db, file, m.sync);
    const c = createCommitter(db, { walSync });
    const ins = db.prepare('INSERT INTO t (v) VALUES (?)');
    const acked: string[] = [];
    let levelInside = -1;
    c.enqueue(() => {
      levelInside = db.pragma('synchronous', { simple: true }) as number;
      ins.run('a');
    }, (err) => acked.push(err ? `error: ${err.message}` : 'a'));
    await new Promise((r) => setImmediate(r));
    expect(c.commits).toBe(1);
    expect(rows()).toEqual(['a']); // committed…
    expect(levelInside).toBe(1); // …at NORMAL, so COMMIT did not sync on this thread
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // and FULL is back for every other write
    expect(m.calls).toHaveLength(1);
    expect(acked).toEqual([]); // …and not acknowledged: the sync is still running
    expect(c.pending).toBe(1);

    // Commits made while a sync runs wait for the next one, which starts only when the first returns.
    c.enqueue(() => ins.run('b'), (err) => acked.push(err ? `error: ${err.message}` : 'b'));
    c.enqueue(() => ins.run('c'), (err) => acked.push(err ? `error: ${err.message}` : 'c'));
    await new Promise((r) => setImmediate(r));
    expect(c.commits).toBe(2);
    expect(m.calls).toHaveLength(1);
    m.finish();
    expect(acked).toEqual(['a']);
    expect(m.calls).toHaveLength(1); // the next sync, for b and c
    m.finish();
    expect(acked).toEqual(['a', 'b', 'c']);
    expect(c.pending).toBe(0);
  });

  test('a sync that fails acknowledges nothing: every `done` it covered gets the error', async () => {
    const m = manualSync();
    const c = createCommitter(db, { walSync: createWalSync(db, file, m.sync) });
    const results: string[] = [];
    c.enqueue(() => db.prepare("INSERT INTO t (v) VALUES ('x')").run(), (err) => results.push(err ? err.message : 'ok'));
    await new Promise((r) => setImmediate(r));
    m.finish(Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' }));
    expect(results).toEqual(['the WAL could not be synced to disk: EIO: i/o error, fdatasync']);
  });

  test('with the real fdatasync every commit is acknowledged, in order, after a sync of the WAL file', async () => {
    let syncs = 0;
    const counted = (fd: number, done: Done) => {
      syncs++;
      fdatasync(fd, done);
    };
    const c = createCommitter(db, { walSync: createWalSync(db, file, counted) });
    const ins = db.prepare('INSERT INTO t (v) VALUES (?)');
    const queued: number[] = [];
    const acked: number[] = [];
    const all = Array.from({ length: 50 }, (_, i) => new Promise<void>((resolve, reject) => {
      setTimeout(() => {
        queued.push(i);
        c.enqueue(() => ins.run(String(i)), (err) => (err ? reject(err) : (acked.push(i), resolve())));
      }, i % 5);
    }));
    await Promise.all(all);
    expect(acked).toEqual(queued);
    expect(rows()).toEqual(queued.map(String));
    expect(syncs).toBeGreaterThan(0);
    expect(syncs).toBeLessThanOrEqual(c.commits);
  });

  test('shutdown (flushNow) commits what is queued, syncs on the spot and acknowledges everything still waiting', async () => {
    const m = manualSync();
    const c = createCommitter(db, { walSync: createWalSync(db, file, m.sync) });
    const acked: string[] = [];
    c.enqueue(() => db.prepare("INSERT INTO t (v) VALUES ('first')").run(), (err) => acked.push(err ? err.message : 'first'));
    await new Promise((r) => setImmediate(r));
    expect(m.calls).toHaveLength(1); // its sync is running…
    c.enqueue(() => db.prepare("INSERT INTO t (v) VALUES ('queued')").run(), (err) => acked.push(err ? err.message : 'queued'));
    c.flushNow(); // …and the shutdown does not wait for it
    expect(acked).toEqual(['first', 'queued']);
    m.finish(); // the late return acknowledges nothing twice
    expect(acked).toEqual(['first', 'queued']);
    expect(rows()).toEqual(['first', 'queued']);
    const late: string[] = [];
    c.enqueue(() => db.prepare("INSERT INTO t (v) VALUES ('after')").run(), (err) => late.push(err ? err.message : 'after'));
    await new Promise((r) => setImmediate(r));
    expect(late).toEqual(['the store is closed']);
  });
});
