import type { IdTag, IdTagStatus } from '../../shared/api/types.ts';
import type { Db } from './db.ts';

interface IdTagRow { id_tag: string; status: string; expiry_date: string | null; parent_id_tag: string | null; updated_at: string }
const toIdTag = (r: IdTagRow): IdTag => ({
  idTag: r.id_tag, status: r.status as IdTagStatus, expiryDate: r.expiry_date, parentIdTag: r.parent_id_tag, updatedAt: r.updated_at,
});

export function createIdTagRepo(db: Db) {
  const byId = db.prepare<[string], IdTagRow>('SELECT * FROM idtags WHERE id_tag = ?');
  const all = db.prepare<[], IdTagRow>('SELECT * FROM idtags ORDER BY id_tag');
  const upsert = db.prepare(
    `INSERT INTO idtags (id_tag, status, expiry_date, parent_id_tag, updated_at)
     VALUES (@idTag, @status, @expiryDate, @parentIdTag, @updatedAt)
     ON CONFLICT (id_tag) DO UPDATE SET status = excluded.status, expiry_date = excluded.expiry_date,
       parent_id_tag = excluded.parent_id_tag, updated_at = excluded.updated_at`,
  );
  const del = db.prepare<[string]>('DELETE FROM idtags WHERE id_tag = ?');
  return {
    get(idTag: string): IdTag | undefined {
      const r = byId.get(idTag);
      return r ? toIdTag(r) : undefined;
    },
    list(): IdTag[] {
      return all.all().map(toIdTag);
    },
    put(t: IdTag): IdTag {
      upsert.run(t);
      return t;
    },
    delete(idTag: string): boolean {
      return del.run(idTag).changes > 0;
    },
  };
}
export type IdTagRepo = ReturnType<typeof createIdTagRepo>;
