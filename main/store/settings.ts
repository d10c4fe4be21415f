import type { Settings } from '../../shared/api/types.ts';
import type { Db } from './db.ts';
import { parseJson } from './json.ts';

export const DEFAULT_SETTINGS: Settings = {
  unknownChargers: 'accept',
  unknownIdTags: 'accept',
  heartbeatInterval: 60,
  callTimeoutMs: 30_000,
  strict: false,
  requireAuth: false,
  dataTransferVendors: {},
  pingIntervalSec: 30,
  maxFrameBytes: 1024 * 1024,
  nominalVoltage: 230,
  autoGetConfiguration: false,
  concurrentTransactions: 'allow',
  maxFirmwareBytes: 512 * 1024 * 1024,
  maxUploadBytes: 256 * 1024 * 1024,
  upstream: null,
  upstreamCaFile: null,
};

/** Settings live in memory (read on every frame) and are written through to SQLite. */
export function createSettingsRepo(db: Db) {
  const all = db.prepare<[], { key: string; value: string }>('SELECT key, value FROM settings');
  const upsert = db.prepare<[string, string]>(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  );
  const current: Settings = { ...DEFAULT_SETTINGS };
  for (const row of all.all()) {
    if (Object.hasOwn(DEFAULT_SETTINGS, row.key)) {
      (current as unknown as Record<string, unknown>)[row.key] = parseJson(row.value, (DEFAULT_SETTINGS as unknown as Record<string, unknown>)[row.key]);
    }
  }
  return {
    get(): Settings {
      return current;
    },
    /** Stores an already validated patch. */
    patch(patch: Partial<Settings>): Settings {
      db.transaction(() => {
        for (const [key, value] of Object.entries(patch)) {
          if (value === undefined || !Object.hasOwn(DEFAULT_SETTINGS, key)) continue;
          upsert.run(key, JSON.stringify(value));
          (current as unknown as Record<string, unknown>)[key] = value;
        }
      })();
      return current;
    },
  };
}
export type SettingsRepo = ReturnType<typeof createSettingsRepo>;
