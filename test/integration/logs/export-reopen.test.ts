/** The chargescope export: a standalone SQLite file that re-opens read-only with nothing lost. */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync, statSync, readdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startApp, TOKEN, type TestApp } from '../../support/harness.ts';
import { recordSiteVisit, sessionContent } from './support.ts';

let t: TestApp;
let other: TestApp;
let sessionId: number;
let file: Buffer;
const temps: string[] = [];
const temp = (prefix: string) => {
  const d = mkdtempSync(join(tmpdir(), prefix));
  temps.push(d);
  return d;
};
const work = temp('chargescope-export-');

async function download(app: TestApp, path: string): Promise<{ status: number; headers: Headers; bytes: Buffer }> {
  const res = await fetch(`http://127.0.0.1:${app.uiPort}${path}`, { headers: { Authorization: `Bearer ${TOKEN}` } });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

beforeAll(async () => {
  t = await startApp();
  other = await startApp();
  ({ sessionId } = await recordSiteVisit(t));
  const r = await download(t, `/api/sessions/${sessionId}/export?format=chargescope`);
  expect(r.status).toBe(200);
  file = r.bytes;
}, 60_000);
afterAll(async () => {
  await t?.stop();
  await other?.stop();
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});

describe('export to one chargescope file', () => {
  test('is an SQLite file named for the session, with a meta table that gives format and versions', () => {
    expect(file.subarray(0, 16).toString('latin1')).toBe('SQLite format 3\0');
    const path = join(work, 'plain.chargescope');
    writeFileSync(path, file);
    const db = new Database(path, { readonly: true });
    const meta = Object.fromEntries((db.prepare('SELECT key, value FROM meta').all() as { key: string; value: string }[]).map((r) => [r.key, r.value]));
    expect(meta['format']).toBe('chargescope-session');
    expect(meta['formatVersion']).toBe('1');
    expect(meta['appVersion']).toMatch(/^\d+\.\d+\.\d+/);
    expect(JSON.parse(meta['counts']!).frames).toBeGreaterThan(20);
    expect(db.pragma('application_id', { simple: true })).toBe(0x43536573);
    expect((db.prepare('SELECT password_hash FROM chargers').all() as { password_hash: unknown }[]).every((r) => r.password_hash === null)).toBe(true);
    db.close();
  });

  test('re-opens on another laptop as a read-only session equal on every table', async () => {
    const r = await other.api('POST', '/api/sessions/import?name=depot.chargescope', new Uint8Array(file));
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ format: 'chargescope', fileName: 'depot.chargescope', skippedLines: 0, alreadyOpen: false });
    expect(r.body.session).toMatchObject({ readOnly: true, live: false, source: 'depot.chargescope', name: 'Depot Nord visit', site: 'Depot Nord' });
    const before = sessionContent(t.app.store.db, sessionId);
    const after = sessionContent(other.app.store.db, r.body.sessionId);
    expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
    for (const table of Object.keys(before)) expect({ table, rows: after[table] }).toEqual({ table, rows: before[table] });
    expect(r.body.frames).toBe(before['frames']!.length);
  });

  test('re-opens beside the original on the same laptop, every route working with ?session=', async () => {
    const r = await t.api('POST', '/api/sessions/import?name=again.chargescope', new Uint8Array(file));
    expect(r.status).toBe(201);
    const copy = r.body.sessionId as number;
    // Equal on every table but the name: beside its original it is named apart ("(2)").
    const original = sessionContent(t.app.store.db, sessionId);
    const reopened = sessionContent(t.app.store.db, copy);
    expect(reopened['sessions']![0]!['name']).toBe(`${original['sessions']![0]!['name']} (2)`);
    reopened['sessions']![0]!['name'] = original['sessions']![0]!['name'];
    expect(reopened).toEqual(original);
    const [a, b] = await Promise.all([t.api('GET', `/api/frames?session=${sessionId}&limit=5000`), t.api('GET', `/api/frames?session=${copy}&limit=5000`)]);
    expect(b.body.frames.map((f: { raw: string }) => f.raw)).toEqual(a.body.frames.map((f: { raw: string }) => f.raw));
    const tx = await t.api('GET', `/api/transactions?session=${copy}`);
    expect(tx.body).toHaveLength(1);
    expect(tx.body[0]).toMatchObject({ meterStart: 1000, meterStop: 1500, energyWh: 500, reason: 'Local' });
    const samples = await t.api('GET', `/api/meter-values?session=${copy}&transaction=${tx.body[0].id}`);
    expect(samples.body.length).toBe(10);
    const findings = await t.api('GET', `/api/findings?session=${copy}`);
    expect(findings.body.map((f: { rule: string }) => f.rule)).toContain('malformed-frame');
    const chargers = await t.api('GET', `/api/sessions/${copy}/chargers`);
    const live = await t.api('GET', `/api/sessions/${sessionId}/chargers`);
    // The live record may move on after the export (last seen of a link that closes): that one field is the file's.
    const strip = (c: Record<string, unknown>) => ({ ...c, connected: false, localAddress: null, remoteAddress: null, subprotocol: null, hasPassword: false, lastSeen: null });
    expect(chargers.body.map(strip)).toEqual(live.body.map(strip));
    const path = join(work, 'plain.chargescope');
    const db = new Database(path, { readonly: true });
    const seen = db.prepare('SELECT id, last_seen FROM chargers ORDER BY id').all() as { id: string; last_seen: string }[];
    db.close();
    expect(chargers.body.map((c: { id: string; lastSeen: string }) => ({ id: c.id, last_seen: c.lastSeen }))).toEqual(seen);
    expect(chargers.body.find((c: { id: string }) => c.id === 'CP-SN4711XYZ').configuration.length).toBeGreaterThan(0);
    const rec = await t.api('GET', `/api/sessions/${copy}/recording`);
    expect(rec.body).toMatchObject({ format: 'chargescope', fileName: 'again.chargescope', anonymized: false, formatVersion: 1 });
    expect(rec.body.exportedAt).toMatch(/^\d{4}-/);
  });

  test('keeps the files chargers uploaded', async () => {
    const r = await other.api('GET', '/api/sessions');
    const rec = r.body.find((s: { source: string | null }) => s.source === 'depot.chargescope');
    const dir = join(other.dataDir, 'recordings', String(rec.id));
    const files = readdirSync(dir);
    expect(files).toHaveLength(1);
    expect(readFileSync(join(dir, files[0]!), 'latin1')).toContain('diagnostics of the charger');
    const row = other.app.store.db.prepare('SELECT file_path, secret FROM transfers WHERE session_id = ?').get(rec.id) as { file_path: string; secret: string };
    expect(row.file_path).toBe(join('recordings', String(rec.id), files[0]!));
    expect(row.secret).toBe('recording\nabc');
    const content = await fetch(`http://127.0.0.1:${other.uiPort}/api/transfers/${encodeURIComponent(`r${rec.id}-tr-1`)}/content`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(content.status).toBe(200);
    expect(await content.text()).toContain('diagnostics of the charger');
  });

  test('a recording exports again to an equal file: every table, the chargers snapshot, the uploaded files', async () => {
    const list = (await other.api('GET', '/api/sessions')).body;
    const rec = list.find((s: { source: string | null }) => s.source === 'depot.chargescope');
    const again = await download(other, `/api/sessions/${rec.id}/export`);
    const [p1, p2] = [join(work, 'first.chargescope'), join(work, 'second.chargescope')];
    writeFileSync(p1, file);
    writeFileSync(p2, again.bytes);
    const [a, b] = [new Database(p1, { readonly: true }), new Database(p2, { readonly: true })];
    expect(sessionContent(b, rec.id)).toEqual(sessionContent(a, sessionId));
    for (const table of ['chargers', 'connectors', 'configuration', 'local_list', 'reservations', 'charging_profiles', 'transfer_files']) {
      // Transfer ids are the only text keys: a re-opened copy prefixes them (r<session>-) as it renumbers the others.
      const rows = (db: Database.Database) => (db.prepare(`SELECT * FROM ${table}`).all() as Record<string, unknown>[])
        .map((r) => ('transfer_id' in r ? { ...r, transfer_id: String(r['transfer_id']).replace(/^r\d+-/, '') } : r));
      expect({ table, rows: rows(b) }).toEqual({ table, rows: rows(a) });
    }
    const meta = (db: Database.Database) => JSON.parse((db.prepare("SELECT value FROM meta WHERE key = 'counts'").get() as { value: string }).value);
    expect(meta(b)).toEqual(meta(a));
    a.close();
    b.close();
  });

  test('the same file is not opened twice', async () => {
    const r = await other.api('POST', '/api/sessions/import?name=depot-copy.chargescope', new Uint8Array(file));
    expect(r.status).toBe(201);
    expect(r.body.alreadyOpen).toBe(true);
    expect(r.body.session.source).toBe('depot.chargescope');
  });
});

describe('a recording is read-only', () => {
  test('changes to it answer 409, deleting it removes every row', async () => {
    const r = await t.api('POST', '/api/sessions/import?name=ro.chargescope', new Uint8Array(await reExport()));
    const id = r.body.sessionId as number;
    const patch = await t.api('PATCH', `/api/sessions/${id}`, { name: 'renamed' });
    expect(patch.status).toBe(409);
    expect(patch.body.error).toMatch(/read-only/);
    expect((await t.api('PATCH', `/api/sessions/${sessionId}`, { notes: 'checked twice' })).status).toBe(200);
    expect((await t.api('DELETE', `/api/sessions/${t.app.store.sessions.liveId}`)).status).toBe(409);
    expect((await t.api('DELETE', `/api/sessions/${id}`)).status).toBe(200);
    expect((await t.api('GET', `/api/frames?session=${id}`)).status).toBe(404);
    expect((t.app.store.db.prepare('SELECT COUNT(*) AS n FROM frames WHERE session_id = ?').get(id) as { n: number }).n).toBe(0);
  });
});

async function reExport(): Promise<Buffer> {
  const r = await download(t, `/api/sessions/${sessionId}/export`);
  return r.bytes;
}

describe('a file it cannot read is refused with a message that says why', () => {
  test('a newer export format or schema', async () => {
    const path = join(work, 'newer.chargescope');
    writeFileSync(path, file);
    const db = new Database(path);
    db.prepare("UPDATE meta SET value = '2' WHERE key = 'formatVersion'").run();
    db.prepare("UPDATE meta SET value = '\"9.0.0\"' WHERE key = 'appVersion'").run();
    db.close();
    const r = await other.api('POST', '/api/sessions/import?name=newer.chargescope', new Uint8Array(readFileSync(path)));
    expect(r.status).toBe(400);
    expect(r.body.reason).toBe('too-new');
    expect(r.body.error).toMatch(/newer ChargeScope.*update ChargeScope/);
    const db2 = new Database(path);
    db2.prepare("UPDATE meta SET value = '1' WHERE key = 'formatVersion'").run();
    db2.prepare("UPDATE meta SET value = '999' WHERE key = 'schemaVersion'").run();
    db2.close();
    const r2 = await other.api('POST', '/api/sessions/import?name=newer.chargescope', new Uint8Array(readFileSync(path)));
    expect(r2.body.reason).toBe('too-new');
  });

  test('a truncated or damaged file, and rows missing', async () => {
    const cut = join(work, 'cut.chargescope');
    writeFileSync(cut, file);
    truncateSync(cut, Math.floor(statSync(cut).size / 2));
    const r = await other.api('POST', '/api/sessions/import?name=cut.chargescope', new Uint8Array(readFileSync(cut)));
    expect(r.status).toBe(400);
    expect(r.body.reason).toBe('damaged');
    expect(r.body.error).toMatch(/damaged/);
    const missing = join(work, 'missing.chargescope');
    copyFileSync(join(work, 'plain.chargescope'), missing);
    const db = new Database(missing);
    db.prepare('DELETE FROM frames WHERE seq = (SELECT MAX(seq) FROM frames)').run();
    db.close();
    const r2 = await other.api('POST', '/api/sessions/import?name=missing.chargescope', new Uint8Array(readFileSync(missing)));
    expect(r2.status).toBe(400);
    expect(r2.body.error).toMatch(/frames holds \d+ rows, the export wrote \d+/);
    const before = (await other.api('GET', '/api/sessions')).body.length;
    expect(before).toBe((await other.api('GET', '/api/sessions')).body.length);
  });

  test('an SQLite file that is not a ChargeScope export', async () => {
    const path = join(work, 'foreign.db');
    const db = new Database(path);
    db.exec('CREATE TABLE x (a); INSERT INTO x VALUES (1)');
    db.close();
    const r = await other.api('POST', '/api/sessions/import?name=foreign.db', new Uint8Array(readFileSync(path)));
    expect(r.status).toBe(400);
    expect(r.body.reason).toBe('not-chargescope');
  });
});

describe('--open FILE and POST /api/sessions/open', () => {
  test('re-opens a file at start, once, and prints its session id', async () => {
    const path = join(work, 'plain.chargescope');
    const dataDir = temp('chargescope-open-');
    const a = await startApp({ dataDir, args: ['--open', path] });
    const started = a.app.store.sessions.list().filter((s) => s.readOnly);
    expect(started).toHaveLength(1);
    expect(started[0]!.source).toBe('plain.chargescope');
    await a.stop();
    const b = await startApp({ dataDir, args: ['--open', path] });
    expect(b.app.store.sessions.list().filter((s) => s.readOnly)).toHaveLength(1);
    await b.stop();
  });

  test('a file it cannot read stops the start with a message', async () => {
    const dataDir = temp('chargescope-open-');
    await expect(startApp({ dataDir, args: ['--open', join(work, 'cut.chargescope')] })).rejects.toThrow(/--open .*cut\.chargescope.*damaged/);
  });

  test('a folder of recordings opens each file', async () => {
    const dir = temp('chargescope-folder-');
    copyFileSync(join(work, 'plain.chargescope'), join(dir, 'a.chargescope'));
    copyFileSync(new URL('../../fixtures/logs/steve.log', import.meta.url), join(dir, 'b.log'));
    writeFileSync(join(dir, 'c.txt'), 'nothing useful\n');
    const r = await other.api('POST', '/api/sessions/open', { path: dir });
    expect(r.status).toBe(201);
    expect(r.body.opened.map((o: { fileName: string }) => o.fileName)).toEqual(['a.chargescope', 'b.log']);
    expect(r.body.failed).toHaveLength(1);
    expect(r.body.failed[0].error).toMatch(/nothing readable/);
    expect(existsSync(join(dir, 'a.chargescope'))).toBe(true);
  });
});
