/**
 * The newest readings of every open transaction of a session: power, current per phase, SoC from its newest
 * MeterValues, and its energy so far. One transaction's samples are found walking the seq blocks down from the newest
 * frame (main/store/blocks.ts), at most READINGS_SAMPLES samples and never below the transaction's start.
 */
import type { ConnectorReading } from '../../shared/api/readings.ts';
import { createSeqBounds, walkBlocksDown } from './blocks.ts';
import type { Db } from './db.ts';

interface OpenTx { id: number; charger_id: string; connector_id: number; meter_start: number; started_at: string; last_energy_wh: number | null; start_seq: number | null }
interface Sample { seq: number; timestamp: string; value: string; measurand: string; unit: string | null; phase: string | null }

/** Samples read per transaction at most: one MeterValues rarely carries more than 30. */
export const READINGS_SAMPLES = 64;
/** Open transactions answered at most (a site has hundreds of connectors, not thousands). */
export const READINGS_MAX = 2000;

function num(v: string): number | null {
  const n = Number(v);
  return v.trim() !== '' && Number.isFinite(n) ? n : null;
}

export function createReadingsRepo(db: Db) {
  const open = db.prepare<[number, number], OpenTx>(
    `SELECT id, charger_id, connector_id, meter_start, started_at, last_energy_wh, start_seq FROM transactions
     WHERE session_id = ? AND stopped_at IS NULL ORDER BY charger_id, connector_id LIMIT ?`,
  );
  const newestOfTx = db.prepare<[number, string, number, number], Sample>(
    `SELECT seq, timestamp, value, measurand, unit, phase FROM meter_values INDEXED BY meter_values_block
     WHERE (seq >> 10) = ? AND charger_id = ? AND transaction_id = ? ORDER BY id DESC LIMIT ?`,
  );
  const bounds = createSeqBounds(db);

  function reading(tx: OpenTx, last: number | null): ConnectorReading {
    const samples = last === null ? [] : walkBlocksDown(last, tx.start_seq ?? 0, READINGS_SAMPLES, (b, n) => newestOfTx.all(b, tx.charger_id, tx.id, n));
    // The newest MeterValues frame: its samples share one seq.
    const newestSeq = samples[0]?.seq;
    const current = samples.filter((s) => s.seq === newestSeq);
    let total: number | null = null;
    let phases: number | null = null;
    let soc: number | null = null;
    const currentA: ConnectorReading['currentA'] = [];
    for (const s of current) {
      const v = num(s.value);
      if (v === null) continue;
      if (s.measurand === 'Power.Active.Import') {
        // A total when the charger sends one, else the sum of its phases.
        const w = s.unit === 'kW' ? v * 1000 : v;
        if (s.phase === null) total ??= w;
        else phases = (phases ?? 0) + w;
      } else if (s.measurand === 'Current.Import' && !currentA.some((c) => c.phase === s.phase)) {
        currentA.push({ phase: s.phase, value: v });
      } else if (s.measurand === 'SoC' && soc === null) {
        soc = v;
      }
    }
    const powerW = total ?? phases;
    currentA.sort((a, b) => (a.phase ?? '').localeCompare(b.phase ?? ''));
    return {
      chargerId: tx.charger_id, connectorId: tx.connector_id, transactionId: tx.id,
      energyWh: tx.last_energy_wh !== null ? tx.last_energy_wh - tx.meter_start : null,
      powerW, currentA, soc, at: current[0]?.timestamp ?? null, startedAt: tx.started_at,
    };
  }

  return {
    /** One entry per open transaction of the session, by charger and connector. */
    list(sessionId: number, chargerId?: string): ConnectorReading[] {
      const last = bounds.last();
      return open.all(sessionId, READINGS_MAX).filter((t) => chargerId === undefined || t.charger_id === chargerId).map((t) => reading(t, last));
    },
  };
}
export type ReadingsRepo = ReturnType<typeof createReadingsRepo>;
