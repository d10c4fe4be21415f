import type { UpstreamConfig, UpstreamFallback } from '../../shared/api/types.ts';
import type { Db } from './db.ts';

export interface UpstreamRecord { url: string; password: string | null; fallback: UpstreamFallback }

interface Row { charger_id: string; url: string; password: string | null; fallback: string }

/** Each charger's own back-end (proxy mode), read on every connection: kept in memory, written through. */
export function createUpstreamRepo(db: Db) {
  const all = db.prepare<[], Row>('SELECT charger_id, url, password, fallback FROM upstreams');
  const upsert = db.prepare<[string, string, string | null, string, string]>(
    `INSERT INTO upstreams (charger_id, url, password, fallback, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (charger_id) DO UPDATE SET url = excluded.url, password = excluded.password, fallback = excluded.fallback, updated_at = excluded.updated_at`,
  );
  const remove = db.prepare<[string]>('DELETE FROM upstreams WHERE charger_id = ?');
  const cache = new Map<string, UpstreamRecord>();
  for (const r of all.all()) cache.set(r.charger_id, { url: r.url, password: r.password, fallback: r.fallback === 'close' ? 'close' : 'answer' });
  return {
    get(chargerId: string): UpstreamRecord | undefined {
      return cache.get(chargerId);
    },
    set(chargerId: string, c: UpstreamConfig, at: string): UpstreamRecord {
      const rec: UpstreamRecord = { url: c.url, password: c.password ?? null, fallback: c.fallback ?? 'answer' };
      upsert.run(chargerId, rec.url, rec.password, rec.fallback, at);
      cache.set(chargerId, rec);
      return rec;
    },
    delete(chargerId: string): boolean {
      cache.delete(chargerId);
      return remove.run(chargerId).changes > 0;
    },
  };
}
export type UpstreamRepo = ReturnType<typeof createUpstreamRepo>;
