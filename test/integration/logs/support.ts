/** Builds a realistic live session with real chargers, and reads per-session tables in a comparable form. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../../../main/store/db.ts';
import { isSeqColumn, isTxColumn, sessionTables } from '../../../main/store/session-files/tables.ts';
import { connectCharger, rawCharger, until, type TestApp } from '../../support/harness.ts';

/** Values the anonymizer must remove from every export. */
export const SECRETS = {
  identity: 'CP-SN4711XYZ',
  serial: 'SN4711XYZ',
  boxSerial: 'BOX-88776655',
  meterSerial: 'MTR-00998877',
  idTag: 'TAG-SECRET-01',
  otherIdTag: 'TAG-SECRET-02',
  authorizationKey: '00112233445566778899AABBCCDDEEFF',
  ftpPassword: 's3cretPW',
  wifiPassword: 'wifi-pass-123456',
};

/**
 * A session with everything a site visit has: boot (serials), status, authorize, a transaction with meter values,
 * a DataTransfer quoting an idTag, operator calls (ChangeConfiguration AuthorizationKey, GetConfiguration,
 * UpdateFirmware with FTP credentials, SendLocalList), a malformed frame, a connection, a received file.
 */
export async function recordSiteVisit(t: TestApp): Promise<{ sessionId: number }> {
  const sessionId = (await t.api('POST', '/api/sessions', { name: 'Depot Nord visit', site: 'Depot Nord', notes: `badge ${SECRETS.idTag} did not work` })).body.id as number;
  await t.api('PUT', `/api/idtags/${SECRETS.idTag}`, { status: 'Accepted' });
  const cp = await connectCharger(t, SECRETS.identity, { boot: false });
  cp.handle('ChangeConfiguration', async () => ({ status: 'Accepted' }));
  cp.handle('GetConfiguration', async () => ({
    configurationKey: [
      { key: 'AuthorizationKey', readonly: false, value: SECRETS.authorizationKey },
      { key: 'WifiPassword', readonly: false, value: SECRETS.wifiPassword },
      { key: 'HeartbeatInterval', readonly: false, value: '60' },
    ],
  }));
  cp.handle('UpdateFirmware', async () => ({}));
  cp.handle('SendLocalList', async () => ({ status: 'Accepted' }));
  await cp.call('BootNotification', {
    chargePointVendor: 'Acme', chargePointModel: 'Wall 22', chargePointSerialNumber: SECRETS.serial, chargeBoxSerialNumber: SECRETS.boxSerial,
    meterSerialNumber: SECRETS.meterSerial, firmwareVersion: '2.4.1',
  });
  await cp.call('StatusNotification', { connectorId: 1, status: 'Preparing', errorCode: 'NoError' });
  await cp.call('Authorize', { idTag: SECRETS.idTag });
  const start = await cp.call('StartTransaction', { connectorId: 1, idTag: SECRETS.idTag, meterStart: 1000, timestamp: '2025-01-01T10:00:00.000Z' }) as { transactionId: number };
  for (let i = 1; i <= 3; i++) {
    await cp.call('MeterValues', {
      connectorId: 1, transactionId: start.transactionId,
      meterValue: [{ timestamp: `2025-01-01T10:0${i}:00.000Z`, sampledValue: [
        { value: String(1000 + i * 150), measurand: 'Energy.Active.Import.Register', unit: 'Wh' },
        { value: String(7 + i / 10), measurand: 'Power.Active.Import', unit: 'kW' },
        { value: '31.5', measurand: 'Current.Import', unit: 'A', phase: 'L1' },
      ] }],
    });
  }
  await cp.call('DataTransfer', { vendorId: 'Acme', messageId: 'log', data: `card ${SECRETS.idTag} swiped twice` });
  await cp.call('StopTransaction', {
    transactionId: start.transactionId, idTag: SECRETS.idTag, meterStop: 1500, timestamp: '2025-01-01T10:05:00.000Z', reason: 'Local',
    transactionData: [{ timestamp: '2025-01-01T10:05:00.000Z', sampledValue: [{ value: '1500', context: 'Transaction.End' }] }],
  });
  await cp.call('Authorize', { idTag: SECRETS.otherIdTag });
  const id = encodeURIComponent(SECRETS.identity);
  await t.api('POST', `/api/chargers/${id}/calls/ChangeConfiguration`, { key: 'AuthorizationKey', value: SECRETS.authorizationKey });
  await t.api('POST', `/api/chargers/${id}/calls/GetConfiguration`, {});
  await t.api('POST', `/api/chargers/${id}/calls/UpdateFirmware`, { location: `ftp://tech:${SECRETS.ftpPassword}@10.0.0.5/fw.bin`, retrieveDate: '2025-01-01T11:00:00.000Z' });
  await t.api('POST', `/api/chargers/${id}/calls/SendLocalList`, {
    listVersion: 3, updateType: 'Full', localAuthorizationList: [{ idTag: SECRETS.otherIdTag, idTagInfo: { status: 'Accepted', parentIdTag: SECRETS.idTag } }],
  });
  await cp.close();
  // A frame that is not JSON, holding an idTag: anonymization must reach into it too.
  const raw = await rawCharger(t, 'CP-RAW-2');
  raw.send(`[2,"bad-1","Authorize",{"idTag":"${SECRETS.idTag}"`);
  await raw.next();
  raw.close();
  // A diagnostics file a charger uploaded (main/files records it this way).
  mkdirSync(join(t.dataDir, 'uploads', 'tr-1'), { recursive: true });
  const file = join('uploads', 'tr-1', 'diag.zip');
  writeFileSync(join(t.dataDir, file), Buffer.from('PK\u0003\u0004 diagnostics of the charger', 'latin1'));
  t.app.store.db.prepare(
    `INSERT INTO transfers (id, session_id, kind, charger_id, protocol, location, secret, bytes, total_bytes, state, file_name, file_path, statuses, created_at, expires_at)
     VALUES ('tr-1', ?, 'diagnostics', ?, 'http', 'http://192.168.1.2:8887/files/up/abc/', 'abc', 38, 38, 'done', 'diag.zip', ?, '[{"status":"Uploaded","at":"2025-01-01T10:30:00.000Z"}]', '2025-01-01T10:20:00.000Z', '2025-01-01T11:20:00.000Z')`,
  ).run(sessionId, SECRETS.identity, file);
  await until(() => (t.app.store.db.prepare('SELECT COUNT(*) AS n FROM frames WHERE session_id = ? AND charger_id = ?').get(sessionId, 'CP-RAW-2') as { n: number }).n >= 2, 'the malformed frame and its answer');
  await until(() => (t.app.store.db.prepare("SELECT COUNT(*) AS n FROM connection_events WHERE session_id = ? AND kind = 'closed'").get(sessionId) as { n: number }).n >= 2, 'both links closed');
  return { sessionId };
}

/**
 * Every per-session table of a session, with ids, seqs and session ids replaced by ranks so two copies of the
 * same session compare equal however they were numbered.
 */
export function sessionContent(db: Db, sessionId: number): Record<string, Record<string, unknown>[]> {
  const out: Record<string, Record<string, unknown>[]> = {};
  const seqs = (db.prepare('SELECT seq FROM frames WHERE session_id = ? ORDER BY seq').all(sessionId) as { seq: number }[]).map((r) => r.seq);
  const seqRank = new Map(seqs.map((s, i) => [s, i]));
  const txs = (db.prepare('SELECT id FROM transactions WHERE session_id = ? ORDER BY id').all(sessionId) as { id: number }[]).map((r) => r.id);
  const txRank = new Map(txs.map((s, i) => [s, i]));
  for (const t of sessionTables(db)) {
    const rows = db.prepare(`SELECT * FROM "${t.name}" WHERE session_id = ? ORDER BY ${t.key ?? 'rowid'}`).all(sessionId) as Record<string, unknown>[];
    out[t.name] = rows.map((r) => {
      const n: Record<string, unknown> = {};
      for (const [c, v] of Object.entries(r)) {
        if (c === 'session_id' || c === 'file_path') continue;
        if (c === t.key && t.keyIsInteger && t.name !== 'frames') continue;
        if (t.name === 'frames' && c === 'seq') n[c] = seqRank.get(v as number);
        else if (isSeqColumn(t.name, c)) n[c] = v === null ? null : seqRank.get(v as number) ?? 'outside';
        else if (isTxColumn(t.name, c)) n[c] = v === null ? null : txRank.get(v as number) ?? 'outside';
        else if (t.name === 'transfers' && c === 'id') n[c] = String(v).replace(/^r\d+-/, '');
        else if (t.name === 'transfers' && c === 'secret') n[c] = String(v).replace(/^recording\n/, '');
        else n[c] = v;
      }
      return n;
    });
  }
  const s = db.prepare('SELECT name, site, notes, started_at, ended_at FROM sessions WHERE id = ?').get(sessionId);
  out['sessions'] = [s as Record<string, unknown>];
  return out;
}
