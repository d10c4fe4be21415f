import type { Session } from '../../shared/api/types.ts';
import type { Db } from './db.ts';

interface SessionRow {
  id: number; name: string; site: string | null; notes: string | null; started_at: string; ended_at: string | null;
  read_only: number; source: string | null;
}

export function createSessionRepo(db: Db) {
  const insert = db.prepare<[string, string | null, string | null, string, number, string | null]>(
    'INSERT INTO sessions (name, site, notes, started_at, read_only, source) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const end = db.prepare<[string, number]>('UPDATE sessions SET ended_at = ? WHERE id = ? AND ended_at IS NULL');
  const byId = db.prepare<[number], SessionRow>('SELECT * FROM sessions WHERE id = ?');
  const all = db.prepare<[], SessionRow>('SELECT * FROM sessions ORDER BY id');
  const update = db.prepare<[string, string | null, string | null, number]>('UPDATE sessions SET name = ?, site = ?, notes = ? WHERE id = ? AND read_only = 0');
  const remove = db.prepare<[number]>('DELETE FROM sessions WHERE id = ? AND read_only = 1');
  const named = db.prepare<[string], { id: number }>('SELECT id FROM sessions WHERE name = ? LIMIT 1');
  /**
   * A recording never takes the name of a session already here (the live one it was exported from, or another file of
   * the same visit): "<name> (2)", "(3)", ... as a file manager does (bounded; past that the time tells them apart).
   */
  const recordingName = (name: string): string => {
    if (named.get(name) === undefined) return name;
    for (let n = 2; n <= 100; n++) {
      const candidate = `${name} (${n})`;
      if (named.get(candidate) === undefined) return candidate;
    }
    return `${name} (${new Date().toISOString()})`;
  };
  const lastLive = db.prepare<[], SessionRow>(
    'SELECT * FROM sessions WHERE read_only = 0 AND ended_at IS NULL ORDER BY id DESC LIMIT 1',
  );
  let liveId = 0;

  function toSession(r: SessionRow): Session {
    return {
      id: r.id, name: r.name, site: r.site, notes: r.notes, startedAt: r.started_at, endedAt: r.ended_at,
      live: r.id === liveId, readOnly: r.read_only === 1, source: r.source,
    };
  }

  return {
    /** Continues the last live session, or starts the first one. */
    resumeOrStart(now: string): Session {
      const row = lastLive.get();
      if (row) liveId = row.id;
      else liveId = Number(insert.run(`Site visit ${now.slice(0, 10)}`, null, null, now, 0, null).lastInsertRowid);
      return toSession(byId.get(liveId)!);
    },
    /** Ends the live session and starts a new one. */
    startNew(name: string, site: string | null, notes: string | null, now: string): Session {
      return db.transaction(() => {
        end.run(now, liveId);
        liveId = Number(insert.run(name, site, notes, now, 0, null).lastInsertRowid);
        return toSession(byId.get(liveId)!);
      })();
    },
    /** Adds a read-only session (an import or a re-opened recording). */
    addReadOnly(name: string, source: string, startedAt: string, endedAt: string | null, site: string | null = null, notes: string | null = null): number {
      const id = Number(insert.run(recordingName(name), site, notes, startedAt, 1, source).lastInsertRowid);
      if (endedAt) end.run(endedAt, id);
      return id;
    },
    /** Renames or annotates a session; a read-only one (a recording) is never changed. */
    update(id: number, patch: { name?: string; site?: string | null; notes?: string | null }): Session | undefined {
      const r = byId.get(id);
      if (r === undefined || r.read_only === 1) return undefined;
      update.run(patch.name ?? r.name, patch.site === undefined ? r.site : patch.site, patch.notes === undefined ? r.notes : patch.notes, id);
      return toSession(byId.get(id)!);
    },
    /** Deletes the session row of a read-only session (its rows are deleted by main/logs first). */
    removeReadOnly(id: number): boolean {
      return remove.run(id).changes > 0;
    },
    get liveId(): number {
      return liveId;
    },
    get(id: number): Session | undefined {
      const r = byId.get(id);
      return r ? toSession(r) : undefined;
    },
    list(): Session[] {
      return all.all().map(toSession);
    },
  };
}
export type SessionRepo = ReturnType<typeof createSessionRepo>;
