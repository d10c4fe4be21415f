import type { Direction, SchemaIssue } from '../../../shared/api/types.ts';
import { isCsmsAction, isIncomingAction } from '../../../shared/ocpp/actions.ts';
import type { MeterValuesRequest } from '../../../shared/ocpp/payloads.ts';
import { RULES, type RuleId } from '../../../shared/rules/catalogue.ts';
import { Analysis } from '../../analysis/engine.ts';
import type { AnalysisFinding, AnalysisFrame, AnalysisPair } from '../../analysis/types.ts';
import { meterSamples } from '../../ocpp/meter-samples.ts';
import { OcppError } from '../../ocpp/errors.ts';
import { parseFrame, type ParsedFrame, type Payload } from '../../ocpp/frame.ts';
import type { OcppValidator } from '../../ocpp/validation.ts';
import { clampBigIntegers } from '../../ocpp/big-numbers.ts';
import type { Snapshot } from '../../store/recordings.ts';
import type { ReplaySink } from '../../store/replay-ops.ts';

interface PendingCall { seq: number; action: string; atMs: number; payload: Payload; valid: boolean; timeKnown: boolean; nth: number }

/**
 * A log cut from a longer one starts and ends mid-exchange: a result among a charger's first EDGE_FRAMES frames that
 * answers no CALL, or a CALL among its last EDGE_FRAMES (or within EDGE_MS of its last frame) that has no answer, is
 * marked "possibly cut" (import-possibly-cut, info) rather than reported as a fault. Only an import knows a file's
 * edges, so this is the import's annotation of the engine's unmatched-result / unanswered-call.
 */
export const EDGE_FRAMES = 10;
export const EDGE_MS = 60_000;
/** The message type and id at the start of a reply that does not parse, to pair it with its CALL anyway. */
const REPLY_HEAD = /^\s*\[\s*([34])\s*,\s*"((?:[^"\\]|\\.){1,128})"/;

/** Outstanding CALLs kept per charger and direction for pairing; beyond this the oldest is dropped. */
const MAX_PENDING = 10_000;
/** Findings of one kind written per import; the rest are counted in one summary finding. */
export const MAX_FINDINGS_PER_RULE = 10_000;

/**
 * Replays recorded frames into a read-only session "as if live": every frame is parsed and validated against the
 * OCPP 1.6 schemas as the CSMS does for a live charger, each CALL is paired with its CALLRESULT/CALLERROR by
 * message id (action, latency, call seq), and the analysis engine (main/analysis, the same as live) gives the
 * findings. Transactions, meter values and connector status history are derived from the frames, so the transactions
 * view and plots work on an import. What it writes goes to a ReplaySink (in the import worker: recorded, and written by
 * the store's thread), so seqs and transaction ids here are the sink's handles. The frames' payload column is left
 * NULL: readers take it from raw.
 */
export class FrameReplay {
  /** Outstanding CALLs by charger, then by the direction they were sent in. */
  private readonly pending = new Map<string, { in: Map<string, PendingCall>; out: Map<string, PendingCall> }>();
  /** charger + transactionId on the wire → the local transaction, its connector and when it was stopped. */
  private readonly txIds = new Map<string, { id: number; connectorId: number; stoppedAt: string | null }>();
  /** charger + connector → its open transaction (a new start there supersedes it). */
  private readonly openOn = new Map<string, { id: number; connectorId: number; stoppedAt: string | null }>();
  private readonly chargers = new Map<string, Record<string, unknown>>();
  private readonly connectors = new Map<string, Record<string, unknown>>();
  private readonly ruleCounts = new Map<string, number>();
  private readonly analysis = new Analysis();
  /** Frames per charger, and each charger's last frame time: what "at the edge of the file" means for it. */
  /** Frames per charger, the last one's time (a stand-in when not `lastKnown`), and the last time the log really gave. */
  private readonly counts = new Map<string, { n: number; lastAt: string; lastKnown: boolean; lastKnownAt: string | null }>();
  /**
   * A charger's frame count at its untimed answers to Central System calls, by the CALL's seq: how far an untimed log
   * goes on after a command whose effect the engine still awaits at its end. Bounded (oldest dropped).
   */
  private readonly untimedAnswers = new Map<number, number>();
  /** A transaction's last energy register, written once per batch instead of once per MeterValues. */
  private readonly lastEnergy = new Map<number, number>();
  frames = 0;
  minAt: string | null = null;
  maxAt: string | null = null;

  constructor(private readonly sink: ReplaySink, private readonly validator: OcppValidator) {}

  finding(chargerId: string, seq: number | null, rule: RuleId, message: string, at: string): void {
    const n = (this.ruleCounts.get(rule) ?? 0) + 1;
    this.ruleCounts.set(rule, n);
    if (n <= MAX_FINDINGS_PER_RULE) this.sink.finding({ chargerId, seq, rule, severity: RULES[rule].severity, message, at });
  }

  private analyse(f: AnalysisFrame, pair: AnalysisPair | null): void {
    this.record(this.analysis.frame(f, pair));
  }

  private record(found: readonly AnalysisFinding[]): void {
    for (const x of found) this.finding(x.chargerId, x.seq, x.rule, x.message, x.at);
  }

  /**
   * Records one frame; `direction` null means "infer it" (a bare frame): from the action, or from the CALL it answers.
   * `timeKnown` false: the log gave the frame no time (`at` only keeps the order): the row is marked time_unknown, no
   * latency is claimed, and the engine sees its time as NaN, so no rule that measures time fires on it (engine.ts).
   */
  frame(chargerId: string, direction: Direction | null, raw: string, at: string, line?: number, timeKnown = true): void {
    this.frames++;
    // The session's span and a charger's first and last sight come from the log's own times; stand-ins (the import's
    // time before the first timed line) count only while no time is known at all.
    if (timeKnown && !this.anyKnown) {
      this.anyKnown = true;
      this.minAt = this.maxAt = null;
    }
    if (timeKnown || !this.anyKnown) {
      if (this.minAt === null || at < this.minAt) this.minAt = at;
      if (this.maxAt === null || at > this.maxAt) this.maxAt = at;
    }
    this.seen(chargerId, at, timeKnown);
    this.known = timeKnown;
    const c = this.counts.get(chargerId);
    if (c) {
      c.n++;
      c.lastAt = at;
      c.lastKnown = timeKnown;
      if (timeKnown) c.lastKnownAt = at;
    } else this.counts.set(chargerId, { n: 1, lastAt: at, lastKnown: timeKnown, lastKnownAt: timeKnown ? at : null });
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

  /** Whether the frame being replayed has a time of its own, and whether any frame had one so far. */
  private known = true;
  private anyKnown = false;
  /** Chargers whose first and last sight are stand-in times so far. */
  private readonly seenUnknown = new Set<string>();

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
    const issues = [{ path: '', keyword: 'frame', message: e.message }];
    const d = dir ?? 'in';
    const atMs = Date.parse(at);
    const seq = this.insert({ chargerId, direction: d, messageType, messageId, action: call?.action ?? null, raw, at,
      latencyMs: call ? this.latency(call, atMs) : null, valid: false, issues, callSeq: call?.seq ?? null, errorCode: null });
    const message = `${call ? `the ${messageType === 'CALLERROR' ? 'CALLERROR' : 'reply'} to ${call.action} (message id ${messageId}) does not parse: ` : ''}${e.message}`;
    // Paired, the engine takes the CALL as answered (no unanswered-call for it).
    this.analyse({
      chargerId, seq, direction: d, type: null, messageId, action: call?.action ?? null, payload: null, errorCode: null, at, atMs: this.engineMs(at),
      valid: false, issues, unreadable: { message: line === undefined ? message : `line ${line}: ${message}`, ignored: e.details['ignore'] === true },
    }, call ? this.pairOf(call) : null);
  }

  /** The CALL as the engine's pair; a time the log did not give is NaN to the engine: no answer time is measured. */
  private pairOf(call: PendingCall): AnalysisPair {
    return { seq: call.seq, action: call.action, payload: call.payload, atMs: call.timeKnown ? call.atMs : NaN, valid: call.valid };
  }

  /** The frame's time as the engine sees it: NaN when the log gave none, so every comparison with it is false. */
  private engineMs(at: string): number {
    return this.known ? Date.parse(at) : NaN;
  }

  private latency(call: PendingCall, atMs: number): number | null {
    return call.timeKnown && this.known ? atMs - call.atMs : null;
  }

  private call(chargerId: string, direction: Direction, call: Extract<ParsedFrame, { type: 'CALL' }>, raw: string, at: string): void {
    const known = direction === 'in' ? isIncomingAction(call.action) : isCsmsAction(call.action);
    const check = known ? this.validator.validate(call.action, 'Request', call.payload) : null;
    const valid = known && check!.valid;
    const issues = check?.issues ?? [];
    const atMs = Date.parse(at);
    const seq = this.insert({ chargerId, direction, messageType: 'CALL', messageId: call.messageId, action: call.action, raw, at,
      latencyMs: null, valid, issues, callSeq: null, errorCode: null });
    const queue = this.queue(chargerId, direction);
    // Integers past 2^53 are clamped as the live CSMS does (ocpp/big-numbers.ts); the frame keeps the text as sent.
    const big = valid ? clampBigIntegers(call.payload, raw) : null;
    for (const b of big?.clamped ?? []) {
      this.finding(chargerId, seq, 'number-beyond-storage', `${call.action}.${b.path} = ${b.text} is a valid integer, beyond what ChargeScope stores exactly (±2^53−1): the frame keeps it as sent, the state holds ${b.storedAs}`, at);
    }
    const payload = big?.payload ?? call.payload;
    queue.set(call.messageId, { seq, action: call.action, atMs, payload, valid, timeKnown: this.known, nth: this.counts.get(chargerId)?.n ?? 0 });
    if (queue.size > MAX_PENDING) queue.delete(queue.keys().next().value!);
    this.analyse({ chargerId, seq, direction, type: 'CALL', messageId: call.messageId, action: call.action, payload, errorCode: null, at, atMs: this.known ? atMs : NaN, valid, issues }, null);
    if (direction === 'in' && valid) this.derive(chargerId, seq, call.action, payload, at);
  }

  private result(chargerId: string, given: Direction | null, res: Extract<ParsedFrame, { type: 'CALLRESULT' | 'CALLERROR' }>, raw: string, at: string): void {
    let direction = given;
    // The CALL it answers: sent the other way (either way when the log gives no direction, `in` tried first).
    let call: PendingCall | undefined;
    const first: Direction = given ?? 'in';
    let q = this.queue(chargerId, first === 'in' ? 'out' : 'in');
    call = q.get(res.messageId);
    if (call) direction = first;
    else if (given === null) {
      q = this.queue(chargerId, 'in');
      call = q.get(res.messageId);
      if (call) direction = 'out';
    }
    if (call) q.delete(res.messageId);
    direction ??= 'in';
    if (call && direction === 'in' && !this.known) {
      this.untimedAnswers.set(call.seq, this.counts.get(chargerId)?.n ?? 0);
      if (this.untimedAnswers.size > MAX_PENDING) this.untimedAnswers.delete(this.untimedAnswers.keys().next().value!);
    }
    const action = call?.action ?? null;
    const check = res.type === 'CALLRESULT' && action && (direction === 'out' ? isIncomingAction(action) : isCsmsAction(action))
      ? this.validator.validate(action, 'Response', res.payload) : null;
    // OCPP-J: a CALLERROR with id "-1" answers a frame whose message id could not be read.
    const answersUnreadable = !call && res.type === 'CALLERROR' && res.messageId === '-1';
    const valid = check ? check.valid : call !== undefined || answersUnreadable;
    const issues = check?.issues ?? [];
    const atMs = Date.parse(at);
    const isError = res.type === 'CALLERROR';
    const seq = this.insert({
      chargerId, direction, messageType: res.type, messageId: res.messageId, action, raw, at,
      latencyMs: call ? this.latency(call, atMs) : null, valid, issues, callSeq: call?.seq ?? null, errorCode: isError ? res.errorCode : null,
    });
    // One shape for every result (errorDescription undefined but on a CALLERROR): the engine's rules read it so.
    const found = this.analysis.frame({
      chargerId, seq, direction, type: res.type, messageId: res.messageId, action, payload: isError ? null : res.payload,
      errorCode: isError ? res.errorCode : null, errorDescription: isError ? res.errorDescription : undefined,
      at, atMs: this.known ? atMs : NaN, valid, issues,
    }, call ? this.pairOf(call) : null);
    const cut = !call && (this.counts.get(chargerId)?.n ?? 0) <= EDGE_FRAMES;
    for (const x of found) {
      if (cut && x.rule === 'unmatched-result') {
        this.finding(x.chargerId, x.seq, 'import-possibly-cut', `possibly cut: ${res.type} with messageId ${res.messageId} answers no CALL in this trace, among the first ${EDGE_FRAMES} frames of ${chargerId}: its CALL is likely before the start of the log`, x.at);
      } else this.finding(x.chargerId, x.seq, x.rule, x.message, x.at);
    }
    // Only a schema-valid CALL establishes state when its answer comes (a StartTransaction without timestamp failed the whole import on NOT NULL).
    if (call && call.valid && res.type === 'CALLRESULT' && direction === 'out' && valid) this.deriveReply(chargerId, call, res.payload);
  }

  /** What the CSMS would have stored for a charger's CALL. */
  private derive(chargerId: string, seq: number, action: string, payload: Payload, at: string): void {
    if (action === 'MeterValues') {
      const req = payload as unknown as MeterValuesRequest;
      const local = req.transactionId === undefined ? null : this.txIds.get(`${chargerId}\u0000${req.transactionId}`)?.id ?? null;
      this.samples(chargerId, seq, req.connectorId, local, req.meterValue);
    } else if (action === 'StopTransaction') {
      const req = payload as { transactionId: number; meterStop: number; timestamp: string; reason?: string; idTag?: string; transactionData?: MeterValuesRequest['meterValue'] };
      const t = this.txIds.get(`${chargerId}\u0000${req.transactionId}`);
      if (t !== undefined && t.stoppedAt === null) {
        this.sink.stopTransaction({ meterStop: req.meterStop, stoppedAt: req.timestamp, reason: req.reason ?? 'Local', stopIdTag: req.idTag ?? null, stopSeq: seq, tx: t.id });
        t.stoppedAt = req.timestamp;
      }
      if (req.transactionData) this.samples(chargerId, seq, t?.connectorId ?? 0, t?.id ?? null, req.transactionData);
    } else if (action === 'StatusNotification') {
      const req = payload as { connectorId: number; status: string; errorCode: string; info?: string; vendorErrorCode?: string; timestamp?: string };
      this.sink.status({ seq, chargerId, connectorId: req.connectorId, status: req.status, errorCode: req.errorCode, timestamp: req.timestamp ?? null, at });
      this.connectors.set(`${chargerId}\u0000${req.connectorId}`, {
        charger_id: chargerId, connector_id: req.connectorId, status: req.status, error_code: req.errorCode, info: req.info ?? null,
        vendor_error_code: req.vendorErrorCode ?? null, timestamp: req.timestamp ?? null, updated_at: at,
      });
    }
  }

  private samples(chargerId: string, seq: number, connectorId: number, tx: number | null, meterValue: MeterValuesRequest['meterValue']): void {
    const key = { sessionId: 0, seq, chargerId, connectorId, transactionId: tx };
    for (const mv of meterValue) {
      const { samples, energyWh } = meterSamples(key, mv);
      for (const s of samples) this.sink.sample(s);
      if (tx !== null && energyWh !== null) this.lastEnergy.set(tx, energyWh);
    }
  }

  /** What the CSMS's answer established: a transaction id (a start supersedes its connector's open one), a registration. */
  private deriveReply(chargerId: string, call: PendingCall, reply: Payload): void {
    if (call.action === 'StartTransaction' && typeof reply['transactionId'] === 'number') {
      const req = call.payload as { connectorId: number; idTag: string; meterStart: number; timestamp: string; reservationId?: number };
      const status = (reply['idTagInfo'] as { status?: string } | undefined)?.status ?? 'Unknown';
      const id = this.sink.startTransaction({ chargerId, connectorId: req.connectorId, idTag: req.idTag, idTagStatus: status, meterStart: req.meterStart, startedAt: req.timestamp,
        reservationId: req.reservationId ?? null, startSeq: call.seq });
      const on = `${chargerId}\u0000${req.connectorId}`;
      const old = this.openOn.get(on);
      if (old !== undefined && old.stoppedAt === null) {
        this.sink.supersede({ tx: old.id, by: id, at: req.timestamp, seq: call.seq });
        old.stoppedAt = req.timestamp;
      }
      const t = { id, connectorId: req.connectorId, stoppedAt: null };
      this.txIds.set(`${chargerId}\u0000${reply['transactionId']}`, t);
      this.openOn.set(on, t);
    } else if (call.action === 'BootNotification') {
      const c = this.chargers.get(chargerId)!;
      const status = String(reply['status'] ?? '');
      Object.assign(c, { boot: JSON.stringify(call.payload), boot_at: call.timeKnown ? new Date(call.atMs).toISOString() : null, registration: status || null });
      if (status === 'Accepted') c['ever_accepted'] = 1;
    }
  }

  private insert(f: { chargerId: string; direction: Direction; messageType: 'CALL' | 'CALLRESULT' | 'CALLERROR' | null; messageId: string | null; action: string | null;
    raw: string; at: string; latencyMs: number | null; valid: boolean; issues: SchemaIssue[]; callSeq: number | null; errorCode: string | null }): number {
    return this.sink.frame({
      chargerId: f.chargerId, direction: f.direction, messageType: f.messageType, messageId: f.messageId, action: f.action, raw: f.raw, at: f.at,
      latencyMs: f.latencyMs, valid: f.valid, issues: f.issues.length ? JSON.stringify(f.issues) : null, callSeq: f.callSeq, errorCode: f.errorCode,
      timeUnknown: !this.known,
    });
  }

  private queue(chargerId: string, direction: Direction): Map<string, PendingCall> {
    let q = this.pending.get(chargerId);
    if (!q) this.pending.set(chargerId, (q = { in: new Map(), out: new Map() }));
    return q[direction];
  }

  private seen(chargerId: string, at: string, known: boolean): void {
    const c = this.chargers.get(chargerId);
    if (!c) {
      this.chargers.set(chargerId, {
        id: chargerId, registration: null, ever_accepted: 0, boot: null, boot_at: null, first_seen: at, last_seen: at, password_hash: null,
        local_list_version: 0, local_list_updated_at: null,
      });
      if (!known) this.seenUnknown.add(chargerId);
      return;
    }
    // A stand-in time says nothing of when the charger was seen; the first real one replaces the stand-ins.
    if (!known) return;
    if (this.seenUnknown.delete(chargerId)) {
      c['first_seen'] = at;
      c['last_seen'] = at;
      return;
    }
    if (at < (c['first_seen'] as string)) c['first_seen'] = at;
    if (at > (c['last_seen'] as string)) c['last_seen'] = at;
  }

  /**
   * The engine's unanswered-call for a CALL near the end of the file (within EDGE_FRAMES frames of its charger's last,
   * or EDGE_MS of its last time) becomes "possibly cut": its answer is likely after the end of the log. So does an
   * effect of a command the engine still awaited (remote-start-no-transaction, reset-no-reboot, ...) when the log ends
   * before its deadline.
   */
  private edge(found: readonly AnalysisFinding[]): AnalysisFinding[] {
    const open = new Map<number, { chargerId: string; messageId: string; p: PendingCall }>();
    for (const [chargerId, byDirection] of this.pending) {
      for (const q of [byDirection.in, byDirection.out]) for (const [messageId, p] of q) open.set(p.seq, { chargerId, messageId, p });
    }
    return found.map((x) => {
      if (x.dueAtMs !== undefined) return this.awaitedAtEnd(x, x.dueAtMs);
      const o = x.rule === 'unanswered-call' && x.seq !== null ? open.get(x.seq) : undefined;
      const c = o && this.counts.get(o.chargerId);
      if (!o || !c || o.chargerId !== x.chargerId) return x;
      const after = c.n - o.p.nth;
      if (!(after < EDGE_FRAMES || (o.p.timeKnown && Date.parse(c.lastAt) - o.p.atMs <= EDGE_MS))) return x;
      return { ...x, rule: 'import-possibly-cut', message: `possibly cut: ${o.p.action} (message id ${o.messageId}) has no answer in this trace, which ends ${after} frame(s) of ${o.chargerId} after it: its answer is likely after the end of the log` };
    });
  }

  /**
   * What a command should have caused, still awaited at the end of the log. A log whose times run past the deadline
   * keeps the engine's finding; one that ends before it was likely cut before the charger did it. When the log gives
   * the command's answer no time, the deadline is unknown: the charger's frames after it decide, as for an unanswered
   * CALL (fewer than EDGE_FRAMES: possibly cut; more: the engine's finding, saying that nothing was measured).
   */
  private awaitedAtEnd(x: AnalysisFinding, dueAtMs: number): AnalysisFinding {
    const c = this.counts.get(x.chargerId);
    if (!c) return x;
    const what = x.message.replace(/ \(none until the end of the log\)$/, '');
    if (Number.isNaN(dueAtMs)) {
      const nth = x.seq === null ? undefined : this.untimedAnswers.get(x.seq);
      const after = nth === undefined ? null : c.n - nth;
      if (after !== null && after >= EDGE_FRAMES) {
        return { ...x, message: `${what} (none in the ${after} frames of ${x.chargerId} after it, to the end of the log; the log gives the answer no time, so the delay is not measured)` };
      }
      const where = after === null ? 'ends' : `ends ${after} frame(s) of ${x.chargerId} after it`;
      return { ...x, rule: 'import-possibly-cut', message: `possibly cut: ${what} — the log gives the answer no time and ${where}, so the charger may not have had the time to do it (${x.rule})` };
    }
    const lastMs = c.lastKnownAt === null ? NaN : Date.parse(c.lastKnownAt);
    if (lastMs >= dueAtMs) return x;
    const gap = Number.isNaN(lastMs) ? '' : ` ${Math.round((dueAtMs - lastMs) / 1000)} s`;
    const ends = c.lastKnown ? `the log of ${x.chargerId} ends${gap} before it was due` : `the last time the log of ${x.chargerId} gives is${gap} before it was due, and its later frames carry no time`;
    return { ...x, rule: 'import-possibly-cut', message: `possibly cut: ${what} — ${ends} (${x.rule})` };
  }

  /** Writes what is kept in memory between frames; call at the end of every write transaction. */
  flush(): void {
    for (const [id, wh] of this.lastEnergy) this.sink.lastEnergy(id, wh);
    this.lastEnergy.clear();
  }

  /** Ends the replay: what the engine still expected and CALLs never answered become findings; capped findings are counted. */
  finish(at: string): Snapshot {
    this.flush();
    this.record(this.edge(this.analysis.finish(at)));
    for (const [rule, n] of this.ruleCounts) {
      if (n > MAX_FINDINGS_PER_RULE) {
        this.sink.finding({ chargerId: '', seq: null, rule: rule as RuleId, severity: 'info', at, message: `${n} findings ${rule} in this import; the first ${MAX_FINDINGS_PER_RULE} are listed` });
      }
    }
    return { chargers: [...this.chargers.values()], connectors: [...this.connectors.values()] };
  }
}
