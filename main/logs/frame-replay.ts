import type { Direction, MeterSample, SchemaIssue, Severity } from '../../shared/api/types.ts';
import { isCsmsAction, isIncomingAction } from '../../shared/ocpp/actions.ts';
import type { MeterValuesRequest } from '../../shared/ocpp/payloads.ts';
import type { HandlerContext } from '../csms/context.ts';
import { recordMeterValues } from '../csms/handlers/meter-values.ts';
import { OcppError } from '../ocpp/errors.ts';
import { parseFrame, type ParsedFrame, type Payload } from '../ocpp/frame.ts';
import { describeIssues, type OcppValidator } from '../ocpp/validation.ts';
import type { Snapshot } from './recordings.ts';
import type { ReplaySink } from './replay-ops.ts';

interface PendingCall { seq: number; action: string; atMs: number; timeKnown: boolean; nth: number; payload: Payload | null }

/**
 * A log cut from a longer one starts and ends mid-exchange: a result among a charger's first EDGE_FRAMES frames that
 * answers no CALL, or a CALL among its last EDGE_FRAMES (or within EDGE_MS of its last frame) that has no answer, is
 * marked "possibly cut" (info) rather than reported as a fault.
 */
export const EDGE_FRAMES = 10;
export const EDGE_MS = 60_000;
/** The message type and id at the start of a reply that does not parse, to pair it with its CALL anyway. */
const REPLY_HEAD = /^\s*\[\s*([34])\s*,\s*"((?:[^"\\]|\\.){1,128})"/;

/** Outstanding CALLs kept per charger and direction; beyond this the oldest is reported unanswered. */
const MAX_PENDING = 10_000;
/** Findings of one kind written per import; the rest are counted in one summary finding. */
export const MAX_FINDINGS_PER_RULE = 10_000;

/**
 * Replays recorded frames into a read-only session "as if live": every frame is parsed and validated against the
 * OCPP 1.6 schemas as the CSMS does for a live charger, each CALL is paired with its CALLRESULT/CALLERROR by
 * message id (action, latency, call seq), and the same findings are recorded. Transactions, meter values and
 * connector status history are derived from the frames, so the transactions view and plots work on an import.
 * What it writes goes to a ReplaySink (in the import worker: recorded, and written by the store's thread), so seqs and
 * transaction ids here are the sink's handles. The frames' payload column is left NULL: readers take it from raw.
 */
export class FrameReplay {
  private readonly pending = new Map<string, Map<string, PendingCall>>();
  /** charger + transactionId on the wire → the local transaction, its connector and when it was stopped. */
  private readonly txIds = new Map<string, { id: number; connectorId: number; stoppedAt: string | null }>();
  private readonly chargers = new Map<string, Record<string, unknown>>();
  private readonly connectors = new Map<string, Record<string, unknown>>();
  private readonly ruleCounts = new Map<string, number>();
  /** Frames per charger, and each charger's last frame time: what "at the edge of the file" means for it. */
  private readonly counts = new Map<string, { n: number; lastAt: string }>();
  /** What recordMeterValues (the live handler's code) needs: the store it writes samples to, and one context reused. */
  private readonly meterCtx;
  /** A transaction's last energy register, written once per batch instead of once per MeterValues. */
  private readonly lastEnergy = new Map<number, number>();
  frames = 0;
  minAt: string | null = null;
  maxAt: string | null = null;

  constructor(private readonly sink: ReplaySink, private readonly validator: OcppValidator) {
    const replay = this;
    this.meterCtx = {
      chargerId: '', sessionId: 0, seq: 0, at: '',
      store: {
        transactions: {
          addSamples: (ms: MeterSample[]) => {
            for (const m of ms) sink.sample(m);
          },
          setLastEnergy: (id: number, wh: number) => void this.lastEnergy.set(id, wh),
        },
      },
      finding(rule: string, sev: Severity, msg: string) {
        replay.finding(this.chargerId, this.seq, rule, sev, msg, this.at);
      },
    };
  }

  finding(chargerId: string, seq: number | null, rule: string, severity: Severity, message: string, at: string): void {
    const n = (this.ruleCounts.get(rule) ?? 0) + 1;
    this.ruleCounts.set(rule, n);
    if (n <= MAX_FINDINGS_PER_RULE) this.sink.finding({ chargerId, seq, rule, severity, message, at });
  }

  /**
   * Records one frame; `direction` null means "infer it" (a bare frame): from the action, or from the CALL it answers.
   * `timeKnown` false: the log gave the frame no time (`at` only keeps the order), so no latency is claimed.
   */
  frame(chargerId: string, direction: Direction | null, raw: string, at: string, line?: number, timeKnown = true): void {
    this.frames++;
    if (this.minAt === null || at < this.minAt) this.minAt = at;
    if (this.maxAt === null || at > this.maxAt) this.maxAt = at;
    this.seen(chargerId, at);
    this.known = timeKnown;
    const c = this.counts.get(chargerId);
    if (c) {
      c.n++;
      c.lastAt = at;
    } else this.counts.set(chargerId, { n: 1, lastAt: at });
    let parsed: ParsedFrame;
    try {
      parsed = parseFrame(raw);
    } catch (err) {
      const e = err instanceof OcppError ? err : new OcppError('InternalError', String(err));
      this.broken(chargerId, direction, raw, at, e, line);
      return;
    }
    if (parsed.type === 'CALL') this.call(chargerId, direction ?? (isCsmsAction(parsed.action) && !isIncomingAction(parsed.action) ? 'out' : 'in'), parsed, raw, at);
    else this.result(chargerId, direction, parsed, raw, at);
  }

  /** Whether the frame being replayed has a time of its own. */
  private known = true;

  /** A frame that does not parse: kept with its finding; a reply whose type and id can be read still answers its CALL. */
  private broken(chargerId: string, direction: Direction | null, raw: string, at: string, e: OcppError, line?: number): void {
    const head = REPLY_HEAD.exec(raw);
    const messageId = e.messageId ?? head?.[2] ?? null;
    const messageType = e.messageType ?? (head ? (head[1] === '3' ? 'CALLRESULT' : 'CALLERROR') : null);
    let call: PendingCall | undefined;
    let dir = direction;
    if (messageId !== null && (messageType === 'CALLRESULT' || messageType === 'CALLERROR')) {
      for (const d of direction ? [direction] : (['in', 'out'] as const)) {
        const q = this.queue(chargerId, d === 'in' ? 'out' : 'in');
        call = q.get(messageId);
        if (call) {
          q.delete(messageId);
          dir = d;
          break;
        }
      }
    }
    const seq = this.insert({ chargerId, direction: dir ?? 'in', messageType, messageId, action: call?.action ?? null, raw, at,
      latencyMs: call ? this.latency(call, at) : null, valid: false, issues: [{ path: '', keyword: 'frame', message: e.message }], callSeq: call?.seq ?? null, errorCode: null });
    const ignored = e.details['ignore'] === true;
    const message = `${call ? `the ${messageType === 'CALLERROR' ? 'CALLERROR' : 'reply'} to ${call.action} (message id ${messageId}) does not parse: ` : ''}${e.message}`;
    this.finding(chargerId, seq, ignored ? 'unknown-message-type' : 'malformed-frame', ignored ? 'warning' : 'error', line === undefined ? message : `line ${line}: ${message}`, at);
  }

  private latency(call: PendingCall, at: string): number | null {
    return call.timeKnown && this.known ? Date.parse(at) - call.atMs : null;
  }

  private call(chargerId: string, direction: Direction, call: Extract<ParsedFrame, { type: 'CALL' }>, raw: string, at: string): void {
    const known = direction === 'in' ? isIncomingAction(call.action) : isCsmsAction(call.action);
    const check = known ? this.validator.validate(call.action, 'Request', call.payload) : null;
    const seq = this.insert({ chargerId, direction, messageType: 'CALL', messageId: call.messageId, action: call.action, raw, at,
      latencyMs: null, valid: known && check!.valid, issues: check?.issues ?? [], callSeq: null, errorCode: null });
    const queue = this.queue(chargerId, direction);
    if (queue.has(call.messageId)) this.finding(chargerId, seq, 'duplicate-message-id', 'warning', `${call.action}: message id ${call.messageId} is already used by a CALL that was not answered yet`, at);
    queue.set(call.messageId, { seq, action: call.action, atMs: Date.parse(at), timeKnown: this.known, nth: this.counts.get(chargerId)?.n ?? 0, payload: call.action === 'StartTransaction' || call.action === 'BootNotification' ? call.payload : null });
    if (queue.size > MAX_PENDING) this.unanswered(chargerId, queue.keys().next().value!, queue);
    if (!known) {
      const other = direction === 'in' ? isCsmsAction(call.action) : isIncomingAction(call.action);
      this.finding(chargerId, seq, other ? 'wrong-direction' : 'unknown-action', 'error', other
        ? `${call.action} is sent by a ${direction === 'in' ? 'Central System, not by a Charge Point' : 'Charge Point, not by a Central System'}`
        : `Unknown action ${call.action} (action names are case-sensitive)`, at);
      return;
    }
    if (!check!.valid) {
      this.finding(chargerId, seq, direction === 'in' ? 'schema-violation' : 'csms-call-invalid', 'error', `${call.action}: ${describeIssues(check!.issues)}`, at);
      return;
    }
    if (direction === 'in') this.derive(chargerId, seq, call.action, call.payload, at);
  }

  private result(chargerId: string, given: Direction | null, res: Extract<ParsedFrame, { type: 'CALLRESULT' | 'CALLERROR' }>, raw: string, at: string): void {
    let direction = given;
    let call: PendingCall | undefined;
    for (const d of given ? [given] : (['in', 'out'] as const)) {
      const q = this.queue(chargerId, d === 'in' ? 'out' : 'in');
      call = q.get(res.messageId);
      if (call) {
        q.delete(res.messageId);
        direction = d;
        break;
      }
    }
    direction ??= 'in';
    const action = call?.action ?? null;
    const check = res.type === 'CALLRESULT' && action && (direction === 'out' ? isIncomingAction(action) : isCsmsAction(action))
      ? this.validator.validate(action, 'Response', res.payload) : null;
    // OCPP-J: a CALLERROR with id "-1" answers a frame whose message id could not be read.
    const answersUnreadable = !call && res.type === 'CALLERROR' && res.messageId === '-1';
    const seq = this.insert({
      chargerId, direction, messageType: res.type, messageId: res.messageId, action, raw, at,
      latencyMs: call ? this.latency(call, at) : null, valid: check ? check.valid : call !== undefined || answersUnreadable, issues: check?.issues ?? [],
      callSeq: call?.seq ?? null, errorCode: res.type === 'CALLERROR' ? res.errorCode : null,
    });
    if (!call) {
      if (answersUnreadable) return;
      const cut = (this.counts.get(chargerId)?.n ?? 0) <= EDGE_FRAMES;
      this.finding(chargerId, seq, 'unmatched-result', cut ? 'info' : 'warning', cut
        ? `possibly cut: ${res.type} with messageId ${res.messageId} answers no CALL in this trace, among the first ${EDGE_FRAMES} frames of ${chargerId}: its CALL is likely before the start of the log`
        : `${res.type} with messageId ${res.messageId} answers no CALL in this trace`, at);
      return;
    }
    if (check && !check.valid) {
      this.finding(chargerId, seq, direction === 'in' ? 'invalid-reply' : 'csms-reply-invalid', 'error', `${action}.conf breaks the schema: ${describeIssues(check.issues)}`, at);
    }
    if (res.type === 'CALLERROR') {
      this.finding(chargerId, seq, direction === 'in' ? 'call-error' : 'csms-call-error', 'info', `${action} answered CALLERROR ${res.errorCode}${res.errorDescription ? `: ${res.errorDescription}` : ''}`, at);
    } else if (direction === 'out' && (!check || check.valid)) {
      this.deriveReply(chargerId, call, res.payload, at);
    }
  }

  /** What the CSMS would have stored for a charger's CALL. */
  private derive(chargerId: string, seq: number, action: string, payload: Payload, at: string): void {
    const ctx = this.meterCtx;
    ctx.chargerId = chargerId;
    ctx.seq = seq;
    ctx.at = at;
    if (action === 'MeterValues') {
      const req = payload as unknown as MeterValuesRequest;
      const local = req.transactionId === undefined ? null : this.txIds.get(`${chargerId}\u0000${req.transactionId}`)?.id ?? null;
      if (req.transactionId !== undefined && local === null) ctx.finding('unknown-transaction', 'warning', `MeterValues for transactionId ${req.transactionId}, which no StartTransaction in this trace was given`);
      recordMeterValues(ctx as unknown as HandlerContext, req.connectorId, local, req.meterValue);
    } else if (action === 'StopTransaction') {
      const req = payload as { transactionId: number; meterStop: number; timestamp: string; reason?: string; idTag?: string; transactionData?: MeterValuesRequest['meterValue'] };
      const t = this.txIds.get(`${chargerId}\u0000${req.transactionId}`);
      if (t === undefined) ctx.finding('unknown-transaction', 'warning', `StopTransaction for transactionId ${req.transactionId}, which no StartTransaction in this trace was given`);
      else if (t.stoppedAt !== null) ctx.finding('transaction-stopped-twice', 'warning', `transaction ${req.transactionId} was already stopped at ${t.stoppedAt}`);
      else {
        this.sink.stopTransaction({ meterStop: req.meterStop, stoppedAt: req.timestamp, reason: req.reason ?? 'Local', stopIdTag: req.idTag ?? null, stopSeq: seq, tx: t.id });
        t.stoppedAt = req.timestamp;
      }
      if (req.transactionData) recordMeterValues(ctx as unknown as HandlerContext, 0, t?.id ?? null, req.transactionData, t?.connectorId);
    } else if (action === 'StatusNotification') {
      const req = payload as { connectorId: number; status: string; errorCode: string; info?: string; vendorErrorCode?: string; timestamp?: string };
      this.sink.status({ seq, chargerId, connectorId: req.connectorId, status: req.status, errorCode: req.errorCode, timestamp: req.timestamp ?? null, at });
      this.connectors.set(`${chargerId}\u0000${req.connectorId}`, {
        charger_id: chargerId, connector_id: req.connectorId, status: req.status, error_code: req.errorCode, info: req.info ?? null,
        vendor_error_code: req.vendorErrorCode ?? null, timestamp: req.timestamp ?? null, updated_at: at,
      });
    }
  }

  /** What the CSMS's answer established: a transaction id, a registration. */
  private deriveReply(chargerId: string, call: PendingCall, reply: Payload, at: string): void {
    if (call.action === 'StartTransaction' && call.payload && typeof reply['transactionId'] === 'number') {
      const req = call.payload as { connectorId: number; idTag: string; meterStart: number; timestamp: string; reservationId?: number };
      const status = (reply['idTagInfo'] as { status?: string } | undefined)?.status ?? 'Unknown';
      const id = this.sink.startTransaction({ chargerId, connectorId: req.connectorId, idTag: req.idTag, idTagStatus: status, meterStart: req.meterStart, startedAt: req.timestamp,
        reservationId: req.reservationId ?? null, startSeq: call.seq });
      this.txIds.set(`${chargerId}\u0000${reply['transactionId']}`, { id, connectorId: req.connectorId, stoppedAt: null });
    } else if (call.action === 'BootNotification' && call.payload) {
      const c = this.chargers.get(chargerId)!;
      const status = String(reply['status'] ?? '');
      Object.assign(c, { boot: JSON.stringify(call.payload), boot_at: new Date(call.atMs).toISOString(), registration: status || null });
      if (status === 'Accepted') c['ever_accepted'] = 1;
      void at;
    }
  }

  private insert(f: { chargerId: string; direction: Direction; messageType: 'CALL' | 'CALLRESULT' | 'CALLERROR' | null; messageId: string | null; action: string | null;
    raw: string; at: string; latencyMs: number | null; valid: boolean; issues: SchemaIssue[]; callSeq: number | null; errorCode: string | null }): number {
    return this.sink.frame({ ...f, issues: f.issues.length ? JSON.stringify(f.issues) : null });
  }

  private queue(chargerId: string, direction: Direction): Map<string, PendingCall> {
    const k = `${chargerId}\u0000${direction}`;
    let q = this.pending.get(k);
    if (!q) this.pending.set(k, (q = new Map()));
    return q;
  }

  private seen(chargerId: string, at: string): void {
    const c = this.chargers.get(chargerId);
    if (!c) {
      this.chargers.set(chargerId, {
        id: chargerId, registration: null, ever_accepted: 0, boot: null, boot_at: null, first_seen: at, last_seen: at, password_hash: null,
        local_list_version: 0, local_list_updated_at: null,
      });
    } else {
      if (at < (c['first_seen'] as string)) c['first_seen'] = at;
      if (at > (c['last_seen'] as string)) c['last_seen'] = at;
    }
  }

  /** `atEnd`: the replay ended (the CALL may be cut off by the end of the log), rather than the queue overflowing. */
  private unanswered(chargerId: string, messageId: string, queue: Map<string, PendingCall>, atEnd = false): void {
    const p = queue.get(messageId)!;
    queue.delete(messageId);
    const c = this.counts.get(chargerId);
    const cut = atEnd && c !== undefined && (c.n - p.nth < EDGE_FRAMES || (p.timeKnown && Date.parse(c.lastAt) - p.atMs <= EDGE_MS));
    this.finding(chargerId, p.seq, 'unanswered-call', 'info', cut
      ? `possibly cut: ${p.action} (message id ${messageId}) has no answer in this trace, which ends ${c!.n - p.nth} frame(s) of ${chargerId} after it: its answer is likely after the end of the log`
      : `${p.action} (message id ${messageId}) has no answer in this trace`, new Date(p.atMs).toISOString());
  }

  /** Writes what is kept in memory between frames; call at the end of every write transaction. */
  flush(): void {
    for (const [id, wh] of this.lastEnergy) this.sink.lastEnergy(id, wh);
    this.lastEnergy.clear();
  }

  /** Ends the replay: CALLs never answered become findings; the counts of capped findings are stated. */
  finish(at: string): Snapshot {
    this.flush();
    for (const [k, q] of this.pending) {
      const chargerId = k.slice(0, k.lastIndexOf('\u0000'));
      for (const id of [...q.keys()]) this.unanswered(chargerId, id, q, true);
    }
    for (const [rule, n] of this.ruleCounts) {
      if (n > MAX_FINDINGS_PER_RULE) {
        this.sink.finding({ chargerId: '', seq: null, rule, severity: 'info', at, message: `${n} findings ${rule} in this import; the first ${MAX_FINDINGS_PER_RULE} are listed` });
      }
    }
    return { chargers: [...this.chargers.values()], connectors: [...this.connectors.values()] };
  }
}
