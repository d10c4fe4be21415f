import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expect, test } from 'vitest';
import { MigrationError, openDatabase, SCHEMA_VERSION } from '../../../main/store/db.ts';
import { MIGRATIONS } from '../../../main/store/migrations.ts';
import { createStore } from '../../../main/store/store.ts';

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

test('a schema-3 database with frames and meter values is migrated: old rows keep their payload and are found by the block indexes', () => {
  const f = file();
  const raw = new Database(f);
  raw.pragma('journal_mode = WAL');
  for (const m of MIGRATIONS.slice(0, 3)) raw.exec(m);
  raw.pragma('user_version = 3');
  raw.prepare("INSERT INTO sessions (id, name, started_at) VALUES (1, 'old', '2026-01-01T00:00:00.000Z')").run();
  raw.prepare(`INSERT INTO frames (seq, session_id, charger_id, direction, message_type, message_id, action, payload, raw, at, valid)
    VALUES (5000, 1, 'CP-OLD', 'in', 'CALL', 'm1', 'Heartbeat', '{"kept":true}', '[2,"m1","Heartbeat",{}]', '2026-01-01T00:00:00.000Z', 1)`).run();
  raw.prepare(`INSERT INTO meter_values (session_id, seq, charger_id, connector_id, transaction_id, timestamp, value, measurand)
    VALUES (1, 5000, 'CP-OLD', 1, NULL, '2026-01-01T00:00:00.000Z', '42', 'Energy.Active.Import.Register')`).run();
  raw.close();
  const store = createStore(f, '2026-02-01T00:00:00.000Z');
  expect(store.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
  const [frame] = store.frames.list({ sessionId: 1, chargerId: 'CP-OLD', after: 0, limit: 10 });
  expect(frame).toMatchObject({ seq: 5000, action: 'Heartbeat', payload: { kept: true } });
  expect(store.transactions.samples({ sessionId: 1, chargerId: 'CP-OLD' }).map((s) => s.value)).toEqual(['42']);
  store.close();
});
