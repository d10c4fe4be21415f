import type { ConfigurationKey, LocalList, LocalListEntry } from '../../shared/api/types.ts';
import type { Db } from './db.ts';
import { parseJson } from './json.ts';

interface ConfigRow { key: string; value: string | null; readonly: number | null; unknown: number; updated_at: string; last_change: string | null }

/** The configuration the CSMS last read from (or successfully wrote to) a charger. */
export function createConfigurationRepo(db: Db) {
  const list = db.prepare<[string], ConfigRow>('SELECT * FROM configuration WHERE charger_id = ? ORDER BY key');
  const one = db.prepare<[string, string], ConfigRow>('SELECT * FROM configuration WHERE charger_id = ? AND key = ?');
  const upsert = db.prepare(
    `INSERT INTO configuration (charger_id, key, value, readonly, unknown, updated_at, last_change)
     VALUES (@chargerId, @key, @value, @readonly, @unknown, @updatedAt, @lastChange)
     ON CONFLICT (charger_id, key) DO UPDATE SET value = COALESCE(excluded.value, value),
       readonly = COALESCE(excluded.readonly, readonly), unknown = excluded.unknown, updated_at = excluded.updated_at,
       last_change = COALESCE(excluded.last_change, last_change)`,
  );
  const toKey = (r: ConfigRow): ConfigurationKey => ({
    key: r.key, value: r.value, readonly: r.readonly === null ? null : r.readonly === 1, unknown: r.unknown === 1,
    updatedAt: r.updated_at, lastChange: r.last_change,
  });
  return {
    list(chargerId: string): ConfigurationKey[] {
      return list.all(chargerId).map(toKey);
    },
    get(chargerId: string, key: string): ConfigurationKey | undefined {
      const r = one.get(chargerId, key);
      return r ? toKey(r) : undefined;
    },
    upsert(chargerId: string, k: { key: string; value: string | null; readonly: boolean | null; unknown: boolean; lastChange?: string | null }, at: string): void {
      upsert.run({
        chargerId, key: k.key, value: k.value, readonly: k.readonly === null ? null : k.readonly ? 1 : 0,
        unknown: k.unknown ? 1 : 0, updatedAt: at, lastChange: k.lastChange ?? null,
      });
    },
  };
}
export type ConfigurationRepo = ReturnType<typeof createConfigurationRepo>;

/** The local authorization list the CSMS knows a charger holds (after Accepted SendLocalList). */
export function createLocalListRepo(db: Db) {
  const list = db.prepare<[string], { id_tag: string; id_tag_info: string | null }>(
    'SELECT id_tag, id_tag_info FROM local_list WHERE charger_id = ? ORDER BY id_tag',
  );
  const clear = db.prepare<[string]>('DELETE FROM local_list WHERE charger_id = ?');
  const put = db.prepare<[string, string, string]>(
    'INSERT INTO local_list (charger_id, id_tag, id_tag_info) VALUES (?, ?, ?) ON CONFLICT (charger_id, id_tag) DO UPDATE SET id_tag_info = excluded.id_tag_info',
  );
  const del = db.prepare<[string, string]>('DELETE FROM local_list WHERE charger_id = ? AND id_tag = ?');
  const meta = db.prepare<[string], { local_list_version: number; local_list_updated_at: string | null }>(
    'SELECT local_list_version, local_list_updated_at FROM chargers WHERE id = ?',
  );
  return {
    get(chargerId: string): LocalList {
      const m = meta.get(chargerId);
      const entries: LocalListEntry[] = list.all(chargerId).map((r) => ({ idTag: r.id_tag, idTagInfo: parseJson(r.id_tag_info, null) }));
      return { chargerId, version: m?.local_list_version ?? 0, entries, updatedAt: m?.local_list_updated_at ?? null };
    },
    /** Full: replace everything. Differential: entries with idTagInfo are added/updated, without it removed (OCPP 1.6 §5.15). */
    apply(chargerId: string, updateType: 'Full' | 'Differential', entries: LocalListEntry[]): void {
      if (updateType === 'Full') clear.run(chargerId);
      for (const e of entries) {
        if (e.idTagInfo) put.run(chargerId, e.idTag, JSON.stringify(e.idTagInfo));
        else del.run(chargerId, e.idTag);
      }
    },
  };
}
export type LocalListRepo = ReturnType<typeof createLocalListRepo>;
