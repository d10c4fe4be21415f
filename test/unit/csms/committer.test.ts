import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { createCommitter } from '../../../main/csms/committer.ts';
import { openDatabase } from '../../../main/store/db.ts';

const open = () => {
  const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'cs-commit-')), 'x.db'));
  db.exec('CREATE TABLE t (v TEXT NOT NULL)');
  return db;
};
const rows = (db: ReturnType<typeof open>) => (db.prepare('SELECT v FROM t ORDER BY rowid').all() as { v: string }[]).map((r) => r.v);

test('jobs of one turn share one commit; a failing job is undone alone and its recovery written in its place', async () => {
  const db = open();
  let rollbacks = 0;
  const c = createCommitter(db, { onRollback: () => rollbacks++ });
  const ins = db.prepare('INSERT INTO t (v) VALUES (?)');
  const results: unknown[] = [];
  const done = (err: Error | null, v: unknown) => results.push(err ? `error: ${err.message}` : v);
  c.enqueue(() => (ins.run('a'), 'A'), done);
  c.enqueue(() => {
    ins.run('half-written');
    throw new Error('handler broke');
  }, done, (failure) => (ins.run(`recovered from ${failure.message}`), 'R'));
  c.enqueue(() => {
    ins.run('lost');
    throw new Error('no recovery');
  }, done);
  c.enqueue(() => {
    ins.run('lost too');
    throw new Error('first');
  }, done, () => {
    ins.run('recovery half-written');
    throw new Error('recovery broke as well');
  });
  c.enqueue(() => (ins.run('b'), 'B'), done);
  expect(results).toEqual([]); // nothing is acknowledged before the commit
  await new Promise((r) => setImmediate(r));
  expect(c.commits).toBe(1);
  expect(results).toEqual(['A', 'R', 'error: no recovery', 'error: recovery broke as well', 'B']);
  expect(rows(db)).toEqual(['a', 'recovered from handler broke', 'b']);
  expect(rollbacks).toBe(1); // in-memory caches are told once per commit that something was rolled back
  db.close();
});

test('a turn without failures does not report a rollback', async () => {
  const db = open();
  let rollbacks = 0;
  const c = createCommitter(db, { onRollback: () => rollbacks++ });
  await c.run(() => db.prepare("INSERT INTO t (v) VALUES ('x')").run());
  expect(rollbacks).toBe(0);
  expect(rows(db)).toEqual(['x']);
  db.close();
});

test('lazy work rides with the next commit another job asks for, in order, or commits on its own after its delay', async () => {
  const db = open();
  const c = createCommitter(db);
  const ins = db.prepare('INSERT INTO t (v) VALUES (?)');
  const results: unknown[] = [];
  const done = (err: Error | null, v: unknown) => results.push(err ? `error: ${err.message}` : v);
  c.enqueueLazy(() => (ins.run('call'), 'CALL'), done, 60_000);
  await new Promise((r) => setImmediate(r));
  expect(c.commits).toBe(0); // asked for no commit of its own
  c.enqueue(() => (ins.run('answer'), 'ANSWER'), done);
  await new Promise((r) => setImmediate(r));
  expect(c.commits).toBe(1);
  expect(results).toEqual(['CALL', 'ANSWER']);

  const alone = new Promise((resolve) => c.enqueueLazy(() => ins.run('alone'), () => resolve(rows(db)), 5));
  expect(await alone).toEqual(['call', 'answer', 'alone']);
  expect(c.commits).toBe(2);
  db.close();
});
