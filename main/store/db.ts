import Database from 'better-sqlite3';
import { MIGRATIONS } from './migrations.ts';
import { sqliteAddon } from './sqlite-addon.ts';

export type Db = Database.Database;

export class MigrationError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MigrationError';
    this.code = code;
  }
}

/** The schema version this build writes. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/**
 * Opens (creating when absent) a ChargeScope database: WAL, synchronous=FULL, foreign keys on, and every
 * pending migration applied in one transaction. A database written by a newer ChargeScope is refused.
 */
export function openDatabase(file: string, options: { readonly?: boolean } = {}): Db {
  const db = new Database(file, { ...(options.readonly ? { readonly: true, fileMustExist: true } : {}), ...sqliteAddon() });
  try {
    if (!options.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
    }
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db, file, options.readonly === true);
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}

function migrate(db: Db, file: string, readonly: boolean): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > SCHEMA_VERSION) {
    throw new MigrationError(
      'DB_TOO_NEW',
      `${file} was written by a newer ChargeScope (schema ${current}, this build knows ${SCHEMA_VERSION}); update ChargeScope or choose another data dir`,
    );
  }
  if (current === SCHEMA_VERSION) return;
  if (readonly) {
    throw new MigrationError('DB_TOO_OLD', `${file} has schema ${current}; open it once read-write to migrate it to ${SCHEMA_VERSION}`);
  }
  db.transaction(() => {
    for (let v = current; v < SCHEMA_VERSION; v++) {
      try {
        db.exec(MIGRATIONS[v]!);
      } catch (err) {
        throw new MigrationError('MIGRATION_FAILED', `migration ${v + 1} of ${file} failed: ${(err as Error).message}`, { cause: err });
      }
    }
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  })();
}
