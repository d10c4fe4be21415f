import { createConfigurationRepo, createLocalListRepo } from './charger-config.ts';
import { createChargerRepo } from './chargers.ts';
import { createChargingProfileRepo } from './charging-profiles.ts';
import { createCommandRepo } from './commands.ts';
import { openDatabase, type Db } from './db.ts';
import { createConnectionRepo, createFindingRepo } from './findings.ts';
import { createFrameRepo } from './frames.ts';
import { createIdTagRepo } from './idtags.ts';
import { createReservationRepo } from './reservations.ts';
import { createFirmwareUpdateRepo } from './firmware-updates.ts';
import { createSessionRepo } from './sessions.ts';
import { createSettingsRepo } from './settings.ts';
import { createTransactionRepo } from './transactions.ts';
import { createUpstreamRepo } from './upstreams.ts';
import { createReadingsRepo } from './readings.ts';
import { createSessionRowsRepo } from './session-rows.ts';

/** The whole store: one database, one repository per aggregate, statements prepared once. */
export function createStore(file: string, now: string) {
  const db = openDatabase(file);
  const sessions = createSessionRepo(db);
  sessions.resumeOrStart(now);
  return {
    db,
    file,
    sessions,
    settings: createSettingsRepo(db),
    chargers: createChargerRepo(db),
    frames: createFrameRepo(db),
    findings: createFindingRepo(db),
    connections: createConnectionRepo(db),
    transactions: createTransactionRepo(db),
    idTags: createIdTagRepo(db),
    reservations: createReservationRepo(db),
    chargingProfiles: createChargingProfileRepo(db),
    configuration: createConfigurationRepo(db),
    localList: createLocalListRepo(db),
    commands: createCommandRepo(db),
    firmwareUpdates: createFirmwareUpdateRepo(db),
    upstreams: createUpstreamRepo(db),
    readings: createReadingsRepo(db),
    /** Whole rows of one session, for exports and a session's charger list. */
    sessionRows: createSessionRowsRepo(db),
    close(): void {
      if (db.open) db.close();
    },
  };
}
export type Store = ReturnType<typeof createStore>;
export type { Db };
