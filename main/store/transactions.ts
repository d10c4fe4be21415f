import type { MeterSample, Transaction } from '../../shared/api/types.ts';
import { createSeqBounds, walkBlocks } from './blocks.ts';
import type { Statement } from 'better-sqlite3';
import type { Db } from './db.ts';

interface TxRow {
  id: number; session_id: number; charger_id: string; connector_id: number; id_tag: string; id_tag_status: string;
  meter_start: number; started_at: string; meter_stop: number | null; stopped_at: string | null; reason: string | null;
  reservation_id: number | null; stop_id_tag: string | null; last_energy_wh: number | null; superseded_by: number | null;
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
  supersededBy: r.superseded_by ?? null,
});

/**
 * Transaction ids: the live CSMS gives 1, 2, 3, ... (the transactionIds chargers see); transactions of re-opened and
 * imported recordings are kept from this id on, so that opening, importing or deleting a recording never moves the
 * live sequence (DESIGN "Sessions and logs"). 2^40 stays a safe integer in JSON.
 */
export const RECORDING_TX_BASE = 2 ** 40;
/** The next id of the live sequence (the primary key's index: one seek). */
export const NEXT_LIVE_TX_ID = `(SELECT COALESCE(MAX(id), 0) + 1 FROM transactions WHERE id < ${RECORDING_TX_BASE})`;
/** The next id of the recordings' range. */
export const NEXT_RECORDING_TX_ID = `(SELECT COALESCE(MAX(id), ${RECORDING_TX_BASE}) + 1 FROM transactions WHERE id >= ${RECORDING_TX_BASE})`;

export interface NewTransaction {
  sessionId: number; chargerId: string; connectorId: number; idTag: string; idTagStatus: string; meterStart: number;
  startedAt: string; reservationId: number | null; startSeq: number;
}

/** Rows per meter-value INSERT (13 parameters each, well under SQLite's limit). */
const SAMPLES_PER_INSERT = 16;
/** Samples one answer holds at most. */
const MAX_SAMPLES = 200_000;

/** Transaction ids come from AUTOINCREMENT: unique and never reused, across restarts. */
export function createTransactionRepo(db: Db) {
  // Positional parameters: start and stop run once per transaction on the message path.
  const insert = db.prepare(
    `INSERT INTO transactions (id, session_id, charger_id, connector_id, id_tag, id_tag_status, meter_start, started_at,
       reservation_id, start_seq) VALUES (${NEXT_LIVE_TX_ID}, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const stop = db.prepare('UPDATE transactions SET meter_stop = ?, stopped_at = ?, reason = ?, stop_id_tag = ?, stop_seq = ? WHERE id = ?');
  const byId = db.prepare<[number], TxRow>('SELECT * FROM transactions WHERE id = ?');
  const chargerOfTx = db.prepare<[number, number], string>('SELECT charger_id FROM transactions WHERE id = ? AND session_id = ?').pluck();
  const openByTag = db.prepare<[string, number], TxRow>('SELECT * FROM transactions WHERE id_tag = ? AND stopped_at IS NULL AND session_id = ? ORDER BY id DESC');
  const openOnConnector = db.prepare<[string, number, number], TxRow>(
    'SELECT * FROM transactions WHERE charger_id = ? AND connector_id = ? AND stopped_at IS NULL AND session_id = ? ORDER BY id DESC',
  );
  const supersede = db.prepare<[string, number, number, number]>('UPDATE transactions SET stopped_at = ?, stop_seq = ?, superseded_by = ?, reason = \'Superseded\' WHERE id = ?');
  const list = db.prepare<[number], TxRow>('SELECT * FROM transactions WHERE session_id = ? ORDER BY id');
  const listByCharger = db.prepare<[number, string], TxRow>('SELECT * FROM transactions WHERE session_id = ? AND charger_id = ? ORDER BY id');
  const setEnergy = db.prepare<[number, number]>('UPDATE transactions SET last_energy_wh = ? WHERE id = ?');
  // Multi-row INSERTs, one prepared statement per row count up to SAMPLES_PER_INSERT: one statement per MeterValues.
  const insertSamples: Statement[] = [];
  const insertOf = (rows: number): Statement => (insertSamples[rows] ??= db.prepare(
    `INSERT INTO meter_values (session_id, seq, charger_id, connector_id, transaction_id, timestamp, value, measurand,
       unit, phase, context, location, format) VALUES ${Array(rows).fill('(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
  ));
  // One block of 1,024 frames at a time (main/store/blocks.ts).
  const samplesOfBlock = db.prepare<[number, number, number], SampleRow>(
    'SELECT * FROM meter_values INDEXED BY meter_values_block WHERE (seq >> 10) = ? AND session_id = ? ORDER BY id LIMIT ?',
  );
  const samplesOfCharger = db.prepare<[number, string, number, number], SampleRow>(
    'SELECT * FROM meter_values INDEXED BY meter_values_block WHERE (seq >> 10) = ? AND charger_id = ? AND session_id = ? ORDER BY id LIMIT ?',
  );
  const samplesOfTx = db.prepare<[number, string, number, number], SampleRow>(
    'SELECT * FROM meter_values INDEXED BY meter_values_block WHERE (seq >> 10) = ? AND charger_id = ? AND transaction_id = ? ORDER BY id LIMIT ?',
  );
  const txStart = db.prepare<[number], { charger_id: string; start_seq: number | null }>('SELECT charger_id, start_seq FROM transactions WHERE id = ?');
  const bounds = createSeqBounds(db);

  const toSample = (r: SampleRow): MeterSample => ({
    seq: r.seq, chargerId: r.charger_id, connectorId: r.connector_id, transactionId: r.transaction_id,
    timestamp: r.timestamp, value: r.value, measurand: r.measurand, unit: r.unit, phase: r.phase, context: r.context,
    location: r.location, format: r.format,
  });

  return {
    start(t: NewTransaction): number {
      return Number(insert.run(t.sessionId, t.chargerId, t.connectorId, t.idTag, t.idTagStatus, t.meterStart, t.startedAt, t.reservationId, t.startSeq).lastInsertRowid);
    },
    stop(s: { id: number; meterStop: number; stoppedAt: string; reason: string; idTag: string | null; seq: number }): void {
      stop.run(s.meterStop, s.stoppedAt, s.reason, s.idTag, s.seq, s.id);
    },
    get(id: number): Transaction | undefined {
      const r = byId.get(id);
      return r ? toTx(r) : undefined;
    },
    /** The charger a transaction of the session belongs to (what MeterValues checks, once per message: no row object built). */
    chargerOf(id: number, sessionId: number): string | undefined {
      return chargerOfTx.get(id, sessionId);
    },
    /** The session's open transactions of an idTag, newest first. */
    openForIdTag(idTag: string, sessionId: number): Transaction[] {
      return openByTag.all(idTag, sessionId).map(toTx);
    },
    openOnConnector(chargerId: string, connectorId: number, sessionId: number): Transaction[] {
      return openOnConnector.all(chargerId, connectorId, sessionId).map(toTx);
    },
    /** Closes a transaction that a new start on its connector replaces (DESIGN: a start supersedes the unstopped one). */
    supersede(id: number, by: number, at: string, seq: number): void {
      supersede.run(at, seq, by, id);
    },
    list(sessionId: number, chargerId?: string): Transaction[] {
      return (chargerId === undefined ? list.all(sessionId) : listByCharger.all(sessionId, chargerId)).map(toTx);
    },
    setLastEnergy(id: number, wh: number): void {
      setEnergy.run(wh, id);
    },
    addSample(s: MeterSample & { sessionId: number }): void {
      this.addSamples([s]);
    },
    addSamples(list: readonly (MeterSample & { sessionId: number })[]): void {
      for (let i = 0; i < list.length; i += SAMPLES_PER_INSERT) {
        const part = list.length <= SAMPLES_PER_INSERT ? list : list.slice(i, i + SAMPLES_PER_INSERT);
        const args: unknown[] = [];
        for (const s of part) {
          args.push(s.sessionId, s.seq, s.chargerId, s.connectorId, s.transactionId, s.timestamp, s.value, s.measurand, s.unit, s.phase,
            s.context, s.location, s.format);
        }
        insertOf(part.length).run(args);
      }
    },
    /** A transaction's samples (its own charger's, from its start on, in any session), or a session's. */
    samples(q: { sessionId: number; chargerId?: string; transactionId?: number }): MeterSample[] {
      const { transactionId, chargerId, sessionId } = q;
      if (transactionId !== undefined) {
        // Only samples of the transaction's charger carry its id (the MeterValues handler checks), from its start on.
        const tx = txStart.get(transactionId);
        const last = bounds.last();
        if (!tx || last === null) return [];
        return walkBlocks(tx.start_seq ?? 0, last, MAX_SAMPLES, (b, n) => samplesOfTx.all(b, tx.charger_id, transactionId, n)).map(toSample);
      }
      const range = bounds.session(sessionId);
      if (!range) return [];
      return walkBlocks(range.lo, range.hi, MAX_SAMPLES, (b, n) => (chargerId === undefined
        ? samplesOfBlock.all(b, sessionId, n)
        : samplesOfCharger.all(b, chargerId, sessionId, n))).map(toSample);
    },
  };
}
export type TransactionRepo = ReturnType<typeof createTransactionRepo>;
