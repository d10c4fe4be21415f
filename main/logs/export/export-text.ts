import type { MessageTypeName } from '../../../shared/ocpp/actions.ts';
import { payloadTextOf } from '../../ocpp/frame.ts';
import type { TraceFrameRow as FrameRow } from '../../store/session-rows.ts';
import type { Store } from '../../store/store.ts';
import type { Anonymizer } from './anonymize.ts';
import { yieldToLoop, type Job } from '../jobs.ts';

/** OCPP Trace Format version written (docs/reference/trace-format.md of shiv3/ocpp-cp-simulator). */
export const TRACE_SCHEMA_VERSION = '1.1';

/**
 * One OCPP Trace Format v1.1 record per frame, in seq order: schemaVersion, timestamp, ocppVersion ("1.6", or "2.0.1" relayed),
 * transport "json", chargePointId, connectorId (CALLs that name one), direction, messageType, messageId, action
 * (results: from their CALL), payload (not on CALLERROR), raw (verbatim), error (CALLERROR only), and ChargeScope's
 * own fields in meta (seq, valid, issues, latencyMs, callSeq, and timeUnknown on a frame whose log gave it no time: its
 * timestamp, which the format requires, then only keeps the order), as the format asks of producer extensions.
 */
export async function* traceLines(store: Store, sessionId: number, upTo: number, anon: Anonymizer | null, job: Job): AsyncGenerator<string> {
  let after = 0;
  let done = 0;
  for (;;) {
    job.check();
    const rows = store.sessionRows.framesAfter(sessionId, after, upTo);
    if (rows.length === 0) return;
    let chunk = '';
    for (const r of rows) {
      const line = traceRecord(r, anon);
      if (line !== null) chunk += line + '\n';
    }
    done += rows.length;
    after = rows[rows.length - 1]!.seq;
    job.update({ done, frames: done });
    yield chunk;
    await yieldToLoop();
  }
}

export function traceRecord(r: FrameRow, anon: Anonymizer | null): string | null {
  if (r.message_type === null || (r.message_type === 'CALL' && r.action === null)) return null;
  if (anon) anon.row('frames', r as unknown as Record<string, unknown>);
  // Older rows hold the payload text; newer ones only raw (read after anonymizing, so the payload follows it).
  const payload = r.payload ?? payloadTextOf(r.raw, r.message_type as MessageTypeName | null);
  let s = `{"schemaVersion":"${TRACE_SCHEMA_VERSION}","timestamp":${JSON.stringify(r.at)},"ocppVersion":"${r.ocpp_version === '2.0.1' ? '2.0.1' : '1.6'}","transport":"json","chargePointId":${JSON.stringify(r.charger_id)}`;
  if (r.message_type === 'CALL' && payload !== null && payload.includes('"connectorId"')) {
    const c = (JSON.parse(payload) as { connectorId?: unknown }).connectorId;
    if (Number.isInteger(c) && (c as number) >= 0) s += `,"connectorId":${c as number}`;
  }
  s += `,"direction":"${r.direction === 'in' ? 'cp-to-csms' : 'csms-to-cp'}","messageType":"${r.message_type}"`;
  if (r.message_id !== null) s += `,"messageId":${JSON.stringify(r.message_id)}`;
  if (r.action !== null) s += `,"action":${JSON.stringify(r.action)}`;
  if (r.message_type !== 'CALLERROR' && payload !== null) s += `,"payload":${payload}`;
  s += `,"raw":${JSON.stringify(r.raw)}`;
  if (r.message_type === 'CALLERROR') s += `,"error":${JSON.stringify(callError(r))}`;
  s += `,"meta":{"seq":${r.seq},"valid":${r.valid === 1}`;
  if (r.latency_ms !== null) s += `,"latencyMs":${r.latency_ms}`;
  if (r.call_seq !== null) s += `,"callSeq":${r.call_seq}`;
  // Proxy mode: which side a relayed frame came from, or `injected`.
  if (r.relay) s += `,"relay":"${r.relay}"`;
  if (r.time_unknown === 1) s += ',"timeUnknown":true';
  if (r.issues !== null) s += `,"issues":${r.issues}`;
  return s + '}}';
}

function callError(r: FrameRow): { code?: string; description?: string; details?: unknown } {
  try {
    const a = JSON.parse(r.raw) as unknown[];
    if (Array.isArray(a) && a[0] === 4) {
      const e: { code?: string; description?: string; details?: unknown } = {};
      if (typeof a[2] === 'string') e.code = a[2];
      if (typeof a[3] === 'string') e.description = a[3];
      if (a.length > 4) e.details = a[4];
      return e;
    }
  } catch {
    // A CALLERROR whose raw is not JSON: fall back to the code the store read from it.
  }
  return r.error_code !== null ? { code: r.error_code } : {};
}

/* ---- CSV (RFC 4180: CRLF, quotes doubled, a header row) ---- */

const cell = (v: unknown): string => {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};
const csvRow = (values: unknown[]): string => values.map(cell).join(',') + '\r\n';

/** Transactions of the session, one row each; energy in Wh. */
export function* transactionsCsv(store: Store, sessionId: number, anon: Anonymizer | null): Generator<string> {
  yield csvRow(['transactionId', 'chargerId', 'connectorId', 'idTag', 'idTagStatus', 'startedAt', 'meterStartWh', 'stoppedAt', 'meterStopWh',
    'energyWh', 'reason', 'stopIdTag', 'reservationId', 'startSeq', 'stopSeq']);
  const rows = store.sessionRows.transactions(sessionId);
  for (const r of rows) {
    anon?.row('transactions', r);
    const stop = r['meter_stop'] as number | null;
    const last = r['last_energy_wh'] as number | null;
    const start = r['meter_start'] as number;
    yield csvRow([r['id'], r['charger_id'], r['connector_id'], r['id_tag'], r['id_tag_status'], r['started_at'], start, r['stopped_at'], stop,
      stop !== null ? stop - start : last !== null ? last - start : null, r['reason'], r['stop_id_tag'], r['reservation_id'], r['start_seq'], r['stop_seq']]);
  }
}

/** Scale factors of the OCPP 1.6 UnitOfMeasure values that have a base unit: kW → W, kWh → Wh, ... */
const UNIT_BASE: Record<string, [string, number]> = {
  Wh: ['Wh', 1], kWh: ['Wh', 1000], varh: ['varh', 1], kvarh: ['varh', 1000], W: ['W', 1], kW: ['W', 1000], VA: ['VA', 1], kVA: ['VA', 1000],
  var: ['var', 1], kvar: ['var', 1000], A: ['A', 1], V: ['V', 1], Celsius: ['Celsius', 1], Celcius: ['Celsius', 1], Fahrenheit: ['Fahrenheit', 1],
  K: ['K', 1], Percent: ['Percent', 1],
};
/** The default unit of a measurand when the charger gives none (OCPP 1.6 §7.31: Wh for energy registers). */
const DEFAULT_UNIT = (measurand: string): string | null =>
  measurand.startsWith('Energy.') ? (measurand.includes('Reactive') ? 'varh' : 'Wh') : measurand.startsWith('Power.Active') ? 'W' : measurand.startsWith('Current') ? 'A' : measurand === 'Voltage' ? 'V' : measurand === 'SoC' ? 'Percent' : null;

export function normalizeValue(value: string, measurand: string, unit: string | null, format: string | null): { value: number | null; unit: string | null } {
  if ((format ?? 'Raw') !== 'Raw') return { value: null, unit: null };
  const n = Number(value);
  const u = unit ?? DEFAULT_UNIT(measurand);
  const base = u === null ? undefined : UNIT_BASE[u];
  if (!Number.isFinite(n) || value.trim() === '') return { value: null, unit: base?.[0] ?? u };
  return base ? { value: n * base[1], unit: base[0] } : { value: n, unit: u };
}

/** Every sampled value of the session (or of one transaction), with the value in its base unit beside the raw one. */
export async function* meterValuesCsv(store: Store, sessionId: number, transactionId: number | null, anon: Anonymizer | null, job: Job): AsyncGenerator<string> {
  yield csvRow(['seq', 'chargerId', 'connectorId', 'transactionId', 'timestamp', 'measurand', 'phase', 'location', 'context', 'format', 'value', 'unit',
    'normalizedValue', 'normalizedUnit']);
  let after = 0;
  for (;;) {
    job.check();
    const rows = store.sessionRows.meterValuesAfter(sessionId, after, transactionId);
    if (rows.length === 0) return;
    let chunk = '';
    for (const r of rows) {
      anon?.row('meter_values', r);
      const measurand = String(r['measurand']);
      const n = normalizeValue(String(r['value']), measurand, r['unit'] as string | null, r['format'] as string | null);
      chunk += csvRow([r['seq'], r['charger_id'], r['connector_id'], r['transaction_id'], r['timestamp'], measurand, r['phase'], r['location'], r['context'],
        r['format'], r['value'], r['unit'], n.value, n.unit]);
    }
    after = rows[rows.length - 1]!['id'] as number;
    job.update({ done: (job.progress.done ?? 0) + rows.length });
    yield chunk;
    await yieldToLoop();
  }
}
