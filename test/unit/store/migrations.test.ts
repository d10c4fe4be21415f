import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expect, test } from 'vitest';
import { MigrationError, openDatabase, SCHEMA_VERSION } from '../../../main/store/db.ts';

const file = () => join(mkdtempSync(join(tmpdir(), 'cs-mig-')), 'x.db');

test('a new database is migrated to the current schema with WAL and synchronous=FULL', () => {
  const db = openDatabase(file());
  expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
  expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
  expect(db.pragma('synchronous', { simple: true })).toBe(2);
  db.close();
});

test('a database written by a newer ChargeScope is refused with a message that says what to do', () => {
  const f = file();
  const raw = new Database(f);
  raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
  raw.close();
  expect(() => openDatabase(f)).toThrow(MigrationError);
  expect(() => openDatabase(f)).toThrow(/newer ChargeScope.*update ChargeScope or choose another data dir/);
});

test('opening twice keeps the data and does not re-run migrations', () => {
  const f = file();
  const a = openDatabase(f);
  a.prepare("INSERT INTO idtags (id_tag, status, updated_at) VALUES ('T', 'Accepted', 'x')").run();
  a.close();
  const b = openDatabase(f);
  expect(b.prepare('SELECT COUNT(*) AS n FROM idtags').get()).toEqual({ n: 1 });
  b.close();
});
