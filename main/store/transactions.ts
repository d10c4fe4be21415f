import type { MeterSample, Transaction } from '../../shared/api/types.ts';
import type { Db } from './db.ts';

interface TxRow {
  id: number; session_id: number; charger_id: string; connector_id: number; id_tag: string; id_tag_status: string;
  meter_start: number; started_at: string; meter_stop: number | null; stopped_at: string | null; reason: string | null;
  reservation_id: number | null; stop_id_tag: string | null; last_energy_wh: number | null;
}
interface SampleRow {
  seq: number; charger_id: string; connector_id: number; transaction_id: number | null; timestamp: string; value: string;
  measurand: string; unit: string | null; phase: string | null; context: string | null; location: string | null; format: string | null;
}

const toTx = (r: TxRow): Transaction => ({
  id: r.id, sessionId: r.session_id, chargerId: r.charger_id, connectorId: r.connector_id, idTag: r.id_tag,
  idTagStatus: r.id_tag_status, meterStart: r.meter_start, startedAt: r.started_at, meterStop: r.meter_stop,
  stoppedAt: r.stopped_at, reason: r.reason, reservationId: r.reservation_id, stopIdTag: r.stop_id_tag,
  energyWh: r.meter_stop !== null ? r.meter_stop - r.meter_start : r.last_energy_wh !== null ? r.last_energy_wh - r.meter_start : null,
});

export interface NewTransaction {
  sessionId: number; chargerId: string; connectorId: number; idTag: string; idTagStatus: string; meterStart: number;
  startedAt: string; reservationId: number | null; startSeq: number;
}

/** Transaction ids come from AUTOINCREMENT: unique and never reused, across restarts. */
export function createTransactionRepo(db: Db) {
  const insert = db.prepare(
    `INSERT INTO transactions (session_id, charger_id, connector_id, id_tag, id_tag_status, meter_start, started_at,
       reservation_id, start_seq) VALUES (@sessionId, @chargerId, @connectorId, @idTag, @idTagStatus, @meterStart,
       @startedAt, @reservationId, @startSeq)`,
  );
  const stop = db.prepare(
    `UPDATE transactions SET meter_stop = @meterStop, stopped_at = @stoppedAt, reason = @reason, stop_id_tag = @idTag,
       stop_seq = @seq WHERE id = @id`,
  );
  const byId = db.prepare<[number], TxRow>('SELECT * FROM transactions WHERE id = ?');
  const openByTag = db.prepare<[string], TxRow>('SELECT * FROM transactions WHERE id_tag = ? AND stopped_at IS NULL ORDER BY id DESC LIMIT 1');
  const openOnConnector = db.prepare<[string, number], TxRow>(
    'SELECT * FROM transactions WHERE charger_id = ? AND connector_id = ? AND stopped_at IS NULL ORDER BY id DESC',
  );
  const openOfCharger = db.prepare<[string], TxRow>('SELECT * FROM transactions WHERE charger_id = ? AND stopped_at IS NULL ORDER BY id');
  const list = db.prepare<[number], TxRow>('SELECT * FROM transactions WHERE session_id = ? ORDER BY id');
  const listByCharger = db.prepare<[number, string], TxRow>('SELECT * FROM transactions WHERE session_id = ? AND charger_id = ? ORDER BY id');
  const setEnergy = db.prepare<[number, number]>('UPDATE transactions SET last_energy_wh = ? WHERE id = ?');
  const insertSample = db.prepare(
    `INSERT INTO meter_values (session_id, seq, charger_id, connector_id, transaction_id, timestamp, value, measurand,
       unit, phase, context, location, format) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const samples = db.prepare<[number], SampleRow>('SELECT * FROM meter_values WHERE session_id = ? ORDER BY id LIMIT 200000');
  const samplesByCharger = db.prepare<[number, string], SampleRow>(
    'SELECT * FROM meter_values WHERE session_id = ? AND charger_id = ? ORDER BY id LIMIT 200000',
  );
  const samplesByTx = db.prepare<[number], SampleRow>('SELECT * FROM meter_values WHERE transaction_id = ? ORDER BY id');

  const toSample = (r: SampleRow): MeterSample => ({
    seq: r.seq, chargerId: r.charger_id, connectorId: r.connector_id, transactionId: r.transaction_id,
    timestamp: r.timestamp, value: r.value, measurand: r.measurand, unit: r.unit, phase: r.phase, context: r.context,
    location: r.location, format: r.format,
  });

  return {
    start(t: NewTransaction): number {
      return Number(insert.run(t).lastInsertRowid);
    },
    stop(s: { id: number; meterStop: number; stoppedAt: string; reason: string; idTag: string | null; seq: number }): void {
      stop.run(s);
    },
    get(id: number): Transaction | undefined {
      const r = byId.get(id);
      return r ? toTx(r) : undefined;
    },
    openForIdTag(idTag: string): Transaction | undefined {
      const r = openByTag.get(idTag);
      return r ? toTx(r) : undefined;
    },
    openOnConnector(chargerId: string, connectorId: number): Transaction[] {
      return openOnConnector.all(chargerId, connectorId).map(toTx);
    },
    openOfCharger(chargerId: string): Transaction[] {
      return openOfCharger.all(chargerId).map(toTx);
    },
    list(sessionId: number, chargerId?: string): Transaction[] {
      return (chargerId === undefined ? list.all(sessionId) : listByCharger.all(sessionId, chargerId)).map(toTx);
    },
    setLastEnergy(id: number, wh: number): void {
      setEnergy.run(wh, id);
    },
    addSample(s: MeterSample & { sessionId: number }): void {
      insertSample.run(s.sessionId, s.seq, s.chargerId, s.connectorId, s.transactionId, s.timestamp, s.value, s.measurand,
        s.unit, s.phase, s.context, s.location, s.format);
    },
    samples(q: { sessionId: number; chargerId?: string; transactionId?: number }): MeterSample[] {
      if (q.transactionId !== undefined) return samplesByTx.all(q.transactionId).map(toSample);
      return (q.chargerId === undefined ? samples.all(q.sessionId) : samplesByCharger.all(q.sessionId, q.chargerId)).map(toSample);
    },
  };
}
export type TransactionRepo = ReturnType<typeof createTransactionRepo>;
