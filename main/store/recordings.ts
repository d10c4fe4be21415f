import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { ImportFormat, ImportReading, Recording } from '../../shared/api/types.ts';
import type { Store } from './store.ts';
import { parseJson } from './json.ts';
import { yieldToLoop, type CopyProgress } from './session-files/progress.ts';
import { quoteId, sessionTables, type SnapshotTable } from './session-files/tables.ts';

/** Rows of the per-charger tables as they were at export (or as an imported trace shows them), by table. */
export type Snapshot = Partial<Record<SnapshotTable, Record<string, unknown>[]>>;

interface RecordingRow {
  session_id: number; format: string; file_name: string; sha256: string | null; imported_at: string; frames: number; skipped_lines: number;
  meta: string; snapshot: string;
}

export interface NewRecording {
  sessionId: number; format: ImportFormat; fileName: string; sha256: string | null; importedAt: string; frames: number; skippedLines: number;
  meta: object; snapshot: Snapshot;
}

const DELETE_CHUNK = 10_000;

/** Where each read-only session came from (table `recordings`, schema 2), and removing one with all its rows. */
export function createRecordingsRepo(store: Store, dataDir: string) {
  const db = store.db;
  const insert = db.prepare(
    `INSERT INTO recordings (session_id, format, file_name, sha256, imported_at, frames, skipped_lines, meta, snapshot)
     VALUES (@sessionId, @format, @fileName, @sha256, @importedAt, @frames, @skippedLines, @meta, @snapshot)`,
  );
  const byId = db.prepare<[number], RecordingRow>('SELECT * FROM recordings WHERE session_id = ?');
  const bySha = db.prepare<[string], { session_id: number }>('SELECT session_id FROM recordings WHERE sha256 = ? ORDER BY session_id LIMIT 1');
  const partial = db.prepare<[], { id: number }>('SELECT id FROM sessions WHERE read_only = 1 AND id NOT IN (SELECT session_id FROM recordings)');
  const delRecording = db.prepare<[number]>('DELETE FROM recordings WHERE session_id = ?');
  const span = db.prepare<[string, string | null, number]>('UPDATE sessions SET started_at = ?, ended_at = ? WHERE id = ? AND read_only = 1');

  function deleteStatements() {
    return sessionTables(db).map((t) => db.prepare<[number]>(
      `DELETE FROM ${quoteId(t.name)} WHERE rowid IN (SELECT rowid FROM ${quoteId(t.name)} WHERE session_id = ? LIMIT ${DELETE_CHUNK})`,
    ));
  }
  function finish(sessionId: number): void {
    db.transaction(() => {
      delRecording.run(sessionId);
      store.sessions.removeReadOnly(sessionId);
    })();
    rmSync(join(dataDir, 'recordings', String(sessionId)), { recursive: true, force: true });
  }

  return {
    insert(r: NewRecording): void {
      insert.run({ ...r, meta: JSON.stringify(r.meta), snapshot: JSON.stringify(r.snapshot) });
    },
    /** An imported trace's session spans its first to its last frame. */
    setSpan(sessionId: number, startedAt: string, endedAt: string | null): void {
      span.run(startedAt, endedAt, sessionId);
    },
    get(sessionId: number): Recording | undefined {
      const r = byId.get(sessionId);
      if (!r) return undefined;
      const m = parseJson<Record<string, unknown>>(r.meta, {});
      return {
        sessionId: r.session_id, format: r.format as ImportFormat, fileName: r.file_name, sha256: r.sha256, importedAt: r.imported_at, frames: r.frames,
        skippedLines: r.skipped_lines, exportedAt: typeof m['exportedAt'] === 'string' ? m['exportedAt'] : null,
        appVersion: typeof m['appVersion'] === 'string' ? m['appVersion'] : null,
        formatVersion: typeof m['formatVersion'] === 'number' ? m['formatVersion'] : null, anonymized: m['anonymized'] === true,
        reading: typeof m['reading'] === 'object' && m['reading'] !== null ? m['reading'] as ImportReading : null,
      };
    },
    snapshot(sessionId: number): Snapshot | undefined {
      const r = byId.get(sessionId);
      return r ? parseJson<Snapshot>(r.snapshot, {}) : undefined;
    },
    /** The session that re-opened this very file (same SHA-256), if any. */
    bySha256(sha256: string): number | undefined {
      return bySha.get(sha256)?.session_id;
    },
    /** Deletes a read-only session and all its rows, ~10,000 rows per transaction. */
    async deleteSession(sessionId: number, job?: CopyProgress): Promise<void> {
      for (const del of deleteStatements()) {
        while (db.transaction(() => del.run(sessionId).changes)() > 0) {
          if (job) job.update({});
          await yieldToLoop();
        }
      }
      finish(sessionId);
    },
    /** At start: removes imports that a crash or kill cut short (read-only sessions without a recordings row). */
    removePartialImports(): number[] {
      const ids = partial.all().map((r) => r.id);
      const dels = ids.length ? deleteStatements() : [];
      for (const id of ids) {
        for (const del of dels) while (db.transaction(() => del.run(id).changes)() > 0);
        finish(id);
      }
      return ids;
    },
  };
}
export type RecordingsRepo = ReturnType<typeof createRecordingsRepo>;
