import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { createTransferStore } from '../../../main/files/transfer-store.ts';
import { createStore } from '../../../main/store/store.ts';

test('open transfers are those of live sessions only: a recording\'s transfers are history and never expire', () => {
  const store = createStore(join(mkdtempSync(join(tmpdir(), 'cs-tr-')), 'x.db'), '2026-11-01T00:00:00.000Z');
  const recording = store.sessions.addReadOnly('site export', 'site.chargescope', '2026-10-01T00:00:00.000Z', null);
  const insert = store.db.prepare(
    `INSERT INTO transfers (id, session_id, kind, charger_id, protocol, location, secret, bytes, state, statuses, created_at, expires_at)
     VALUES (?, ?, 'diagnostics', 'CP-1', 'ftp', 'ftp://x/', 's', 0, 'transferring', '[]', '2026-10-01T00:00:00.000Z', '2026-10-01T01:00:00.000Z')`,
  );
  insert.run('live-1', store.sessions.liveId);
  insert.run('recorded-1', recording);
  expect(createTransferStore(store.db).open().map((r) => r.id)).toEqual(['live-1']);
  store.close();
});
