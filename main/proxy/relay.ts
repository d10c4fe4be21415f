import type { WebSocket } from 'ws';
import type { OcppVersion, ProxyView, SchemaIssue, UpstreamEventKind } from '../../shared/api/types.ts';
import { isCsmsAction, isIncomingAction } from '../../shared/ocpp/actions.ts';
import { settle } from '../csms/calls.ts';
import { Recorder, type CsmsEnv } from '../csms/env.ts';
import { answerStoredCall, onChargerFrame } from '../csms/incoming.ts';
import type { ChargerLink, LinkRelay } from '../csms/link.ts';
import { handleResult } from '../csms/results.ts';
import { OcppError } from '../ocpp/errors.ts';
import { parseFrame, type ParsedFrame, type Payload } from '../ocpp/frame.ts';
import { truncateText } from '../ocpp/frame-guard.ts';
import { describeIssues, type OcppValidator } from '../ocpp/validation.ts';
import type { UpstreamTarget } from './target.ts';
import { RULES, type RuleId } from '../../shared/rules/catalogue.ts';

type Side = 'charger' | 'backend';
type Call = Extract<ParsedFrame, { type: 'CALL' }>;
type Result = Extract<ParsedFrame, { type: 'CALLRESULT' | 'CALLERROR' }>;

/** A CALL on its way to the other side, awaiting that side's answer. */
interface InFlight {
  messageId: string;
  action: string;
  seq: number;
  text: string;
  request: Payload;
  /** When ChargeScope received it (a local answer under fallback is timed from here). */
  at: Date;
  /** Known to its sender's side and schema-valid (set by its record's job, read by its answer's). */
  valid: boolean;
  /** When it left ChargeScope towards the answering side (ms): the answering leg's latency starts here. */
  sentAt: number;
  /** The same moment on the CSMS clock (the analysis engine times the answer from it). */
  sentAtMs: number;
  timer: NodeJS.Timeout | null;
}

/** Charger CALLs awaiting the back-end beyond this are forgotten, oldest first (a charger has one at a time). */
const MAX_IN_FLIGHT = 64;
/** Back-end CALLs waiting for the charger's slot; more are refused with a finding (a back-end keeps one outstanding). */
const MAX_WAITING = 64;
const LATE_MEMORY = 16;
/** A relayed CALL waits at most this long for its answer's commit before it gets one of its own. */
const CALL_COMMIT_DELAY_MS = 25;

export interface RelayHooks {
  event(kind: UpstreamEventKind, reason: string, code: number | null): void;
  changed(): void;
}

/**
 * One relayed charger connection (proxy mode). Every frame from either side is committed with its side before it
 * is written to the other (nothing is acknowledged before it is on disk), validated against its version's
 * schemas, and paired with its CALL on that leg. OCPP 1.6 frames also go through the analysis engine inside that
 * same commit, as the local CSMS's do (the back-end in the Central System's place: its BootNotification answer
 * gives the heartbeat interval the rules check against), so their findings are durable with them and the engine
 * alone reports schema and pairing facts. OCPP 2.0.1 frames get the relay's own schema and pairing findings only:
 * the engine's rules are those of 1.6. Operator calls are injected on the charger's leg through the
 * usual operator queue; the back-end's CALLs and the operator's share the charger's one call slot.
 */
export class Relay implements LinkRelay {
  mode: 'proxied' | 'fallback' | 'closed' = 'proxied';
  /** Charger CALLs relayed to the back-end, by message id. */
  private readonly up = new Map<string, InFlight>();
  /** The back-end CALL the charger has to answer, and those waiting for the slot. */
  private down: InFlight | null = null;
  private readonly waiting: InFlight[] = [];
  private readonly lateDown = new Map<string, InFlight>();
  readonly state: NonNullable<ProxyView['link']>;
  /** The back-end link's ping (settings pingIntervalSec), and whether the back-end was heard since the last ping. */
  private pinger: NodeJS.Timeout | null = null;
  private heard = true;
  /** The charger closed; its last frames, still committing, go to the back-end before the back-end link closes. */
  private draining = false;
  /**
   * Frames from each side committed or committing but not yet relayed. A CALL from that side waits behind them:
   * a charger that answers the back-end's RemoteStartTransaction and then sends StartTransaction must not have
   * its StartTransaction overtake its answer (a relay keeps each direction's order).
   */
  private readonly unrelayed = { charger: 0, backend: 0 };

  constructor(
    private readonly env: CsmsEnv,
    private readonly link: ChargerLink,
    private readonly backend: WebSocket,
    readonly target: UpstreamTarget,
    readonly version: OcppVersion,
    private readonly validator: OcppValidator,
    private readonly hooks: RelayHooks,
  ) {
    this.state = { url: target.url, host: target.host, state: 'open', protocol: backend.protocol || null, since: env.clock().toISOString(), reason: null };
    backend.on('message', (data, isBinary) => {
      this.heard = true;
      const text = Buffer.isBuffer(data) ? data.toString('utf8') : Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data).toString('utf8');
      if (isBinary) this.note(null, 'malformed-frame', 'warning', 'the back-end sent a binary WebSocket frame; OCPP-J uses text frames only (§4.1.2)');
      this.fromBackend(text);
    });
    backend.on('close', (code, reason) => {
      const why = reason.toString();
      this.fail('upstream-closed', `the back-end closed the link (${code}${why ? ` ${why}` : ''})`, code);
    });
    backend.on('error', (err) => this.env.log(`back-end link of ${link.id}: ${err.message}`));
    backend.on('pong', () => (this.heard = true));
    this.startPing(Math.max(1, env.store.settings.get().pingIntervalSec));
  }

  /**
   * A WebSocket ping to the back-end every `seconds` (settings `pingIntervalSec`, as for chargers' links, default
   * 30): a back-end that sent neither a pong nor a frame for one whole interval after a ping is silent, and the
   * fallback applies, even while the charger is idle (call timeouts find silence only when the charger calls).
   */
  private startPing(seconds: number): void {
    this.pinger = setInterval(() => {
      if (this.mode !== 'proxied') return this.stopPing();
      if (!this.heard) {
        this.fail('upstream-silent', `the back-end answered no WebSocket ping and sent nothing for ${seconds} s (settings pingIntervalSec)`, null);
        return;
      }
      this.heard = false;
      if (this.backend.readyState === this.backend.OPEN) this.backend.ping();
    }, seconds * 1000);
    this.pinger.unref();
  }

  private stopPing(): void {
    if (this.pinger !== null) clearInterval(this.pinger);
    this.pinger = null;
  }

  // ---------- from the charger ----------

  fromCharger(text: string): void {
    if (this.mode !== 'proxied') {
      onChargerFrame(this.env, this.link, text);
      return;
    }
    const at = this.env.clock();
    let frame: ParsedFrame;
    try {
      frame = parseFrame(text, this.env.store.settings.get().maxFrameBytes);
    } catch (err) {
      this.recordBad('charger', text, err, at);
      return;
    }
    if (frame.type === 'CALL') return this.relayCall('charger', frame, text, at);
    const p = this.link.pending;
    // The answer to an injected call stays here: recorded as injected, never relayed.
    if ((p !== null && p.seq !== 0 && p.messageId === frame.messageId) || this.link.late.has(frame.messageId)) {
      handleResult(this.env, this.link, frame, text, at);
      return;
    }
    this.relayResult('charger', frame, text, at);
  }

  // ---------- from the back-end ----------

  private fromBackend(text: string): void {
    if (this.mode !== 'proxied') return;
    const at = this.env.clock();
    let frame: ParsedFrame;
    try {
      frame = parseFrame(text, this.env.store.settings.get().maxFrameBytes);
    } catch (err) {
      this.recordBad('backend', text, err, at);
      return;
    }
    if (frame.type === 'CALL') this.relayCall('backend', frame, text, at);
    else this.relayResult('backend', frame, text, at);
  }

  // ---------- the relay proper ----------

  /** The charger's and the back-end's own actions: anything else is a finding (and still relayed). */
  private knownFrom(side: Side, action: string): boolean {
    if (this.version !== '1.6') return this.validator.hasSchema(action, 'Request');
    return side === 'charger' ? isIncomingAction(action) : isCsmsAction(action);
  }

  /**
   * A CALL acknowledges nothing, so it goes on at once and its record rides with the next commit (usually its
   * answer's: the committer keeps order, so the answer's commit covers the CALL). One fsync per relayed round
   * trip, as for a local answer; a commit blocking the event loop between CALL and answer would cost a second.
   */
  private relayCall(side: Side, call: Call, text: string, at: Date): void {
    const atIso = at.toISOString();
    const who = side === 'charger' ? 'the charger' : 'the back-end';
    const flight: InFlight = { messageId: call.messageId, action: call.action, seq: 0, text, request: call.payload, at, valid: false, sentAt: 0, sentAtMs: at.getTime(), timer: null };
    this.env.committer.enqueueLazy(() => {
      const rec = this.recorder(atIso);
      const known = this.knownFrom(side, call.action);
      const check = this.validator.hasSchema(call.action, 'Request') ? this.validator.validate(call.action, 'Request', call.payload) : null;
      const seq = rec.frame({
        direction: side === 'charger' ? 'in' : 'out', messageType: 'CALL', messageId: call.messageId, action: call.action, payload: call.payload,
        raw: text, at: atIso, latencyMs: null, valid: known && check !== null && check.valid, issues: check?.issues ?? [], callSeq: null,
        errorCode: null, relay: side, ocppVersion: this.version,
      });
      flight.valid = known && check !== null && check.valid;
      if (this.version === '1.6') {
        // The back-end is the Central System: its CALLs are `out`, as ChargeScope's own are (the engine's direction).
        rec.analyse({
          chargerId: this.link.id, seq, direction: side === 'charger' ? 'in' : 'out', type: 'CALL', messageId: call.messageId, action: call.action,
          payload: call.payload, errorCode: null, at: atIso, atMs: at.getTime(), valid: flight.valid, issues: check?.issues ?? [],
        }, null);
      } else if (!known) {
        rec.finding(seq, 'unknown-action', `${who} sent ${call.action}, not an OCPP ${this.version} action of its side (names are case-sensitive); relayed as it is`, atIso);
      } else if (check && !check.valid) {
        rec.finding(seq, side === 'charger' ? 'schema-violation' : 'csms-call-invalid', `${who}'s ${call.action} breaks the OCPP ${this.version} schema: ${describeIssues(check.issues)}; relayed as it is`, atIso);
      }
      // What the charger says of its connectors shows on its page, whoever answers it.
      if (side === 'charger' && call.action === 'StatusNotification' && this.version === '1.6' && check?.valid) {
        const p = call.payload as { connectorId: number; status: string; errorCode: string; info?: string; vendorErrorCode?: string; timestamp?: string };
        this.env.store.chargers.setConnectorStatus({
          chargerId: this.link.id, sessionId: rec.sessionId, seq, connectorId: p.connectorId, status: p.status, errorCode: p.errorCode,
          info: p.info ?? null, vendorErrorCode: p.vendorErrorCode ?? null, timestamp: p.timestamp ?? null, updatedAt: atIso,
        });
        rec.after.push(() => this.hooks.changed());
      }
      // Read by the answer's job, which runs after this one.
      flight.seq = seq;
      return rec;
    }, (err, rec) => {
      if (err || !rec) return this.env.log(`recording a relayed ${call.action} of ${this.link.id} failed: ${err?.message}`);
      rec.flush();
    }, CALL_COMMIT_DELAY_MS);
    const relay = () => (side === 'charger' ? this.callBackend(flight) : this.callCharger(flight));
    // Behind that side's frames still waiting for their commit (done callbacks run in commit order).
    if (this.unrelayed[side] > 0) this.env.committer.enqueue(() => null, () => relay());
    else relay();
  }

  private callBackend(f: InFlight): void {
    if (this.mode !== 'proxied') {
      // The back-end failed while this CALL was being stored: the fallback answers it (or the link is closing).
      if (this.mode === 'fallback') answerStoredCall(this.env, this.link, f.text, f.at, () => f.seq);
      return;
    }
    this.backend.send(f.text);
    f.sentAt = Date.now();
    f.sentAtMs = this.env.clock().getTime();
    const timeoutMs = this.env.store.settings.get().callTimeoutMs;
    f.timer = setTimeout(() => this.fail('upstream-silent', `the back-end did not answer ${f.action} (message ${f.messageId}) within ${timeoutMs} ms`, null), timeoutMs);
    this.up.set(f.messageId, f);
    if (this.up.size > MAX_IN_FLIGHT) {
      const oldest = this.up.values().next().value!;
      clearTimeout(oldest.timer!);
      this.up.delete(oldest.messageId);
    }
  }

  private callCharger(f: InFlight): void {
    if (this.mode !== 'proxied') return;
    if (this.waiting.length >= MAX_WAITING) {
      this.note(f, 'csms-call-invalid', 'error', `the back-end's ${f.action} was not relayed: ${MAX_WAITING} of its CALLs already wait for the charger (OCPP-J §4.1.1: one at a time)`);
      return;
    }
    if (this.down !== null) this.note(f, 'csms-call-invalid', 'warning', `the back-end sent ${f.action} before the charger answered its ${this.down.action} (OCPP-J §4.1.1: one CALL at a time); it waits for the slot`);
    this.waiting.push(f);
    this.takeSlot();
  }

  /** Sends the next waiting back-end CALL when the charger's slot is free. True when the slot is the back-end's. */
  private takeSlot(): boolean {
    if (this.down !== null) return true;
    if (this.link.pending !== null || this.link.closed || this.mode !== 'proxied') return false;
    const next = this.waiting.shift();
    if (next === undefined) return false;
    this.down = next;
    this.link.ws.send(next.text);
    next.sentAt = Date.now();
    next.sentAtMs = this.env.clock().getTime();
    const timeoutMs = this.env.store.settings.get().callTimeoutMs;
    next.timer = setTimeout(() => this.chargerSilent(next, timeoutMs), timeoutMs);
    return true;
  }

  claimsSlot(): boolean {
    return this.mode === 'proxied' && this.takeSlot();
  }

  private freeSlot(): void {
    this.down = null;
    // The back-end's next CALL, else the operator's (settle frees an empty slot and sends the next queued call).
    if (!this.takeSlot() && this.link.pending === null) settle(this.env, this.link);
  }

  private chargerSilent(f: InFlight, timeoutMs: number): void {
    if (this.down !== f) return;
    this.lateDown.set(f.messageId, f);
    if (this.lateDown.size > LATE_MEMORY) this.lateDown.delete(this.lateDown.keys().next().value!);
    // On 1.6 the engine reports it, as for ChargeScope's own calls: late-answer when the answer comes, else
    // unanswered-call at the session's end; one finding per fact.
    if (this.version !== '1.6') this.note(f, 'unanswered-call', 'warning', `the charger did not answer the back-end's ${f.action} within ${timeoutMs} ms; the slot is freed`);
    this.freeSlot();
  }

  private relayResult(side: Side, res: Result, text: string, at: Date): void {
    const atIso = at.toISOString();
    let call: InFlight | undefined;
    let late = false;
    if (side === 'backend') {
      call = this.up.get(res.messageId);
      if (call) {
        clearTimeout(call.timer!);
        this.up.delete(res.messageId);
      }
    } else if (this.down?.messageId === res.messageId) {
      call = this.down;
      clearTimeout(call.timer!);
    } else {
      call = this.lateDown.get(res.messageId);
      if (call) {
        this.lateDown.delete(res.messageId);
        late = true;
      }
    }
    const freesSlot = side === 'charger' && call !== undefined && call === this.down;
    this.unrelayed[side]++;
    this.env.committer.enqueue(() => {
      const rec = this.recorder(atIso);
      const check = res.type === 'CALLRESULT' && call && this.validator.hasSchema(call.action, 'Response')
        ? this.validator.validate(call.action, 'Response', res.payload) : null;
      const seq = rec.frame({
        direction: side === 'charger' ? 'in' : 'out', messageType: res.type, messageId: res.messageId, action: call?.action ?? null,
        // (call.seq is set: the CALL's job ran before this one)
        payload: res.type === 'CALLRESULT' ? res.payload : { errorCode: res.errorCode, errorDescription: res.errorDescription, errorDetails: res.errorDetails },
        raw: text, at: atIso, latencyMs: call ? at.getTime() - call.sentAt : null, valid: check ? check.valid : call !== undefined,
        issues: check?.issues ?? [], callSeq: call?.seq || null, errorCode: res.type === 'CALLERROR' ? res.errorCode : null,
        relay: side, ocppVersion: this.version,
      });
      if (this.version === '1.6') {
        // Pairing, lateness, answer times, schema and CALLERRORs are the engine's rules, as for ChargeScope's own traffic.
        rec.analyse({
          chargerId: this.link.id, seq, direction: side === 'charger' ? 'in' : 'out', type: res.type, messageId: res.messageId, action: call?.action ?? null,
          payload: res.type === 'CALLRESULT' ? res.payload : null, errorCode: res.type === 'CALLERROR' ? res.errorCode : null,
          ...(res.type === 'CALLERROR' ? { errorDescription: res.errorDescription } : {}),
          at: atIso, atMs: at.getTime(), valid: check ? check.valid : call !== undefined, issues: check?.issues ?? [],
        }, call ? { seq: call.seq, action: call.action, payload: call.request, atMs: call.sentAtMs, valid: call.valid, timeoutMs: this.env.store.settings.get().callTimeoutMs } : null);
      } else {
        this.ownResultFindings(rec, side, res, call, late, check, seq, at);
      }
      // The back-end's registration decision is the charger's, should ChargeScope have to answer for it later.
      if (side === 'backend' && call?.action === 'BootNotification' && this.version === '1.6' && res.type === 'CALLRESULT' && check?.valid) {
        const status = res.payload['status'];
        if (status === 'Accepted' || status === 'Pending' || status === 'Rejected') {
          this.env.store.chargers.recordBoot(this.link.id, call.request, status, atIso);
          rec.after.push(() => this.hooks.changed());
        }
      }
      return rec;
    }, (err, rec) => {
      this.unrelayed[side]--;
      if (err || !rec) {
        this.env.log(`recording a relayed ${res.type} of ${this.link.id} failed: ${err?.message}; not relayed`);
      } else {
        this.sendTo(side === 'charger' ? 'backend' : 'charger', text);
        rec.flush();
      }
      if (freesSlot && this.down === call) this.freeSlot();
    });
  }

  /**
   * OCPP 2.0.1 results: the relay's own pairing and schema findings. The engine's rules are OCPP 1.6 (actions,
   * state table, transactions), so a 2.0.1 link gets schema and pairing findings only.
   */
  private ownResultFindings(rec: Recorder, side: Side, res: Result, call: InFlight | undefined, late: boolean, check: { valid: boolean; issues: SchemaIssue[] } | null, seq: number, at: Date): void {
    const atIso = at.toISOString();
    const who = side === 'charger' ? 'the charger' : 'the back-end';
    if (!call) rec.finding(seq, 'unmatched-result', `${who}'s ${res.type} ${res.messageId} answers no CALL relayed to it; relayed as it is`, atIso);
    else if (late) rec.finding(seq, 'late-answer', `the charger answered the back-end's ${call.action} after ${at.getTime() - call.sentAt} ms, past the call timeout; relayed`, atIso);
    if (check && !check.valid) rec.finding(seq, side === 'charger' ? 'invalid-reply' : 'csms-reply-invalid', `${who}'s ${call!.action} answer breaks the OCPP ${this.version} schema: ${describeIssues(check.issues)}; relayed as it is`, atIso);
    if (res.type === 'CALLERROR' && call) rec.finding(seq, side === 'charger' ? 'call-error' : 'csms-call-error', `${who} answered ${call.action} with CALLERROR ${res.errorCode}${res.errorDescription ? `: ${res.errorDescription}` : ''}`, atIso);
  }

  /** A frame that is not an OCPP-J message: recorded with its finding and relayed as it is (the other side judges). */
  private recordBad(side: Side, text: string, err: unknown, at: Date): void {
    const e = err instanceof OcppError ? err : new OcppError('InternalError', String(err));
    const atIso = at.toISOString();
    const ignored = e.details['ignore'] === true;
    this.unrelayed[side]++;
    this.env.committer.enqueue(() => {
      const rec = this.recorder(atIso);
      const seq = rec.frame({
        direction: side === 'charger' ? 'in' : 'out', messageType: e.messageType ?? null, messageId: e.messageId ?? null, action: null, payload: null,
        // A frame over the size or depth limit is kept in a bounded form (frame-guard.ts), as for a local charger.
        raw: e.details['overLimit'] === true ? truncateText(text) : text, at: atIso, latencyMs: null, valid: false,
        issues: [{ path: '', keyword: 'frame', message: e.message }], callSeq: null, errorCode: null, relay: side, ocppVersion: this.version,
      });
      if (this.version === '1.6') {
        rec.analyse({
          chargerId: this.link.id, seq, direction: side === 'charger' ? 'in' : 'out', type: null, messageId: e.messageId ?? null, action: null, payload: null,
          errorCode: null, at: atIso, atMs: at.getTime(), valid: false, issues: [{ path: '', keyword: 'frame', message: e.message }], unreadable: { message: e.message, ignored },
        }, null);
      } else {
        rec.finding(seq, ignored ? 'unknown-message-type' : 'malformed-frame', `from ${side === 'charger' ? 'the charger' : 'the back-end'}: ${e.message}; relayed as it is`, atIso);
      }
      return rec;
    }, (error, rec) => {
      this.unrelayed[side]--;
      if (error || !rec) return this.env.log(`recording a malformed frame of ${this.link.id} failed: ${error?.message}`);
      this.sendTo(side === 'charger' ? 'backend' : 'charger', text);
      rec.flush();
    });
  }

  private recorder(atIso: string): Recorder {
    this.env.store.chargers.touch(this.link.id, atIso);
    return new Recorder(this.env, this.env.store.sessions.liveId, this.link.id);
  }

  private sendTo(side: Side, text: string): void {
    const ws = side === 'charger' ? this.link.ws : this.backend;
    if (ws.readyState !== ws.OPEN) return;
    if (side === 'backend' && this.mode !== 'proxied' && !this.draining) return;
    ws.send(text);
  }

  /** A finding outside a frame's own commit (overlaps, timeouts). */
  private note(on: InFlight | null, rule: RuleId, _severity: 'info' | 'warning' | 'error', message: string): void {
    const at = this.env.clock().toISOString();
    // on.seq is read in the job: the CALL's own job, queued before, has set it.
    this.env.committer.enqueue(() => this.env.store.findings.insert({ sessionId: this.env.store.sessions.liveId, chargerId: this.link.id, seq: on?.seq || null, rule, severity: RULES[rule].severity, message, at }),
      (err, finding) => {
        if (err) return this.env.log(`recording a finding failed: ${err.message}`);
        if (finding) this.env.publish({ type: 'finding', finding });
      });
  }

  // ---------- failures ----------

  /**
   * The back-end is gone (closed, silent): recorded with its reason, then the fallback. `answer`: ChargeScope is
   * the CSMS for the rest of this connection and answers the charger's CALLs still waiting for the back-end;
   * `close` (and always for OCPP 2.0.1, which ChargeScope does not answer yet): the charger's link is closed so
   * that it reconnects as it would to its back-end, and the next connection tries the back-end again.
   */
  fail(kind: UpstreamEventKind, reason: string, code: number | null): void {
    if (this.mode !== 'proxied') return;
    const answer = this.target.fallback === 'answer' && this.version === '1.6';
    this.mode = answer ? 'fallback' : 'closed';
    this.stopPing();
    Object.assign(this.state, { state: 'failed', since: this.env.clock().toISOString(), reason });
    const stranded = [...this.up.values()];
    this.up.clear();
    for (const f of stranded) clearTimeout(f.timer!);
    if (this.down) clearTimeout(this.down.timer!);
    this.down = null;
    this.waiting.length = 0;
    if (this.backend.readyState !== this.backend.CLOSED) this.backend.terminate();
    const then = answer
      ? 'fallback answer: ChargeScope answers the charger as the local CSMS'
      : this.target.fallback === 'answer'
        ? `the charger's link is closed (ChargeScope cannot answer OCPP ${this.version} itself) so that it reconnects`
        : "fallback close: the charger's link is closed so that it reconnects as it would to its back-end";
    this.hooks.event(kind, `${reason}; ${then}`, code);
    this.hooks.changed();
    if (answer) {
      // Recorded once (as relayed) and answered once, by ChargeScope: the answer pairs with that record.
      for (const f of stranded) answerStoredCall(this.env, this.link, f.text, f.at, () => f.seq);
      // Operator calls waiting behind the back-end's go now; an injected call still outstanding keeps its slot.
      if (this.link.pending === null) settle(this.env, this.link);
      return;
    }
    if (this.link.ws.readyState === this.link.ws.OPEN) this.link.ws.close(1013, 'back-end unavailable; try again later');
  }

  chargerClosed(code: number, reason: string): void {
    const wasProxied = this.mode === 'proxied';
    this.mode = 'closed';
    this.stopPing();
    for (const f of this.up.values()) clearTimeout(f.timer!);
    this.up.clear();
    if (this.down) clearTimeout(this.down.timer!);
    this.down = null;
    this.waiting.length = 0;
    if (!wasProxied) return;
    Object.assign(this.state, { state: 'closed', since: this.env.clock().toISOString(), reason: 'the charger closed its link' });
    const passOn = (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
    // What the charger sent before it closed (the answer to a back-end's Reset, say) is still being committed:
    // it goes to the back-end first, and the close after it (done callbacks run in commit order).
    this.draining = true;
    this.env.committer.enqueue(() => null, () => {
      this.draining = false;
      this.backend.close(passOn ? code : 1000, reason.slice(0, 100));
    });
    this.hooks.event('upstream-closed', `ChargeScope closed the back-end link because the charger's link closed (${code}${reason ? ` ${reason}` : ''})`, passOn ? code : 1000);
  }
}
