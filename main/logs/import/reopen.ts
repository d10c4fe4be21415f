import type { ContainerMeta } from '../../store/session-files/container.ts';
import { copySessionFile } from '../../store/session-files/reopen-copy.ts';
import { SNAPSHOT_TABLES } from '../../store/session-files/tables.ts';
import type { RecordingsRepo } from '../../store/recordings.ts';
import type { Store } from '../../store/store.ts';
import type { Job } from '../jobs.ts';
import { readSessionFile, type SessionFileBudget } from './session-file-reader.ts';

export interface ReopenContext {
  store: Store;
  recordings: RecordingsRepo;
  dataDir: string;
  clock(): Date;
  /** Time and size budget of the file's check (session-file-reader.ts); defaults there. */
  fileBudget?: SessionFileBudget;
}

/**
 * Re-opens a chargescope file as a new read-only session of the live database: the file is checked in a worker
 * (session-file-reader.ts), its rows copied with new ids (main/store/session-files/reopen-copy.ts). The recordings
 * row is written last: an import cut short (crash, cancel) is recognised and removed.
 */
export async function reopenChargescope(ctx: ReopenContext, path: string, fileName: string, sha256: string | null, job: Job): Promise<{ sessionId: number; frames: number }> {
  // Checked in a worker within a time and size budget: only plain tables, integer keys (session-file-check.ts).
  job.update({ phase: 'checking' });
  const { meta, sessionRow, snapshot, hasFiles } = await readSessionFile(path, fileName, ctx.fileBudget);

  const total = Object.entries(meta.counts).filter(([t]) => t !== 'sessions' && t !== 'transfer_files' && !(SNAPSHOT_TABLES as readonly string[]).includes(t))
    .reduce((a, [, n]) => a + n, 0);
  job.update({ phase: 'copying', unit: 'rows', total, done: 0 });
  const sid = ctx.store.sessions.addReadOnly(
    String(sessionRow['name'] ?? fileName), fileName, String(sessionRow['started_at'] ?? meta.exportedAt), (sessionRow['ended_at'] as string | null) ?? null,
    (sessionRow['site'] as string | null) ?? null, (sessionRow['notes'] as string | null) ?? null,
  );
  job.update({ sessionId: sid });
  try {
    const { frames } = await copySessionFile(ctx.store, { path, fileName, sid, hasFiles, dataDir: ctx.dataDir }, job);
    const recMeta: Partial<ContainerMeta> = { ...meta };
    delete recMeta.counts;
    ctx.recordings.insert({ sessionId: sid, format: 'chargescope', fileName, sha256, importedAt: ctx.clock().toISOString(), frames, skippedLines: 0, meta: recMeta, snapshot });
    return { sessionId: sid, frames };
  } catch (err) {
    job.update({ phase: 'cleaning' });
    await ctx.recordings.deleteSession(sid, job);
    throw err;
  }
}
