import type { IncomingAction, MessageTypeName } from '../../shared/ocpp/actions.ts';
import { isCsmsAction, isIncomingAction } from '../../shared/ocpp/actions.ts';
import type { LiveEvent, SchemaIssue, Settings } from '../../shared/api/types.ts';
import type { AnalysisPair } from '../analysis/types.ts';
import { OcppError } from '../ocpp/errors.ts';
import { clampBigIntegers } from '../ocpp/big-numbers.ts';
import { truncateText } from '../ocpp/frame-guard.ts';
import { parseFrame, serializeError, serializeResult, type ParsedFrame, type Payload } from '../ocpp/frame.ts';
import { describeIssues } from '../ocpp/validation.ts';
import type { CsmsHooks, HandlerContext } from './context.ts';
import { Recorder, type CsmsEnv } from './env.ts';
import { handlers } from './handlers/index.ts';
import type { ChargerLink } from './link.ts';
import { callCharger } from './calls.ts';
import { handleResult } from './results.ts';

interface Reply { raw: string; recorder: Recorder }

/** Entry point for every text frame a charger sends. Never throws. */
export function onChargerFrame(env: CsmsEnv, link: ChargerLink, text: string): void {
  const at = env.clock();
  let parsed: ParsedFrame;
  try {
    parsed = parseFrame(text, env.store.settings.get().maxFrameBytes);
  } catch (err) {
    const e = err instanceof OcppError ? err : new OcppError('InternalError', String(err));
    onBadFrame(env, link, text, e, at);
    return;
  }
  if (parsed.type === 'CALL') onCall(env, link, parsed, text, at);
  else handleResult(env, link, parsed, text, at);
}

function send(env: CsmsEnv, link: ChargerLink, raw: string): void {
  if (link.closed) return;
  if (link.ws.readyState !== link.ws.OPEN) {
    env.log(`reply to ${link.id} not sent: its link is closing`);
    return;
  }
  // No callback per message: a failed write closes the link, and its close handler records that.
  link.ws.send(raw);
}

function onBadFrame(env: CsmsEnv, link: ChargerLink, text: string, e: OcppError, at: Date): void {
  const atIso = at.toISOString();
  const ignored = e.details['ignore'] === true;
  // A frame over the size or depth limit is kept in a bounded form: its head and its length.
  const kept = e.details['overLimit'] === true ? truncateText(text) : text;
  // Only a CALL (or a frame whose type cannot be read) is answered; bad results are recorded, never answered.
  const answer = !ignored && (e.messageType === undefined || e.messageType === 'CALL');
  env.committer.enqueue(() => {
    const rec = new Recorder(env, env.store.sessions.liveId, link.id);
    env.store.chargers.touch(link.id, atIso);
    const issues = [{ path: '', keyword: 'frame', message: e.message }];
    const seq = rec.frame({
      direction: 'in', messageType: e.messageType ?? null, messageId: e.messageId ?? null, action: null, payload: null,
      raw: kept, at: atIso, latencyMs: null, valid: false, issues, callSeq: null, errorCode: null,
    });
    rec.analyse({
      chargerId: link.id, seq, direction: 'in', type: null, messageId: e.messageId ?? null, action: null, payload: null, errorCode: null,
      at: atIso, atMs: at.getTime(), valid: false, issues, unreadable: { message: e.message, ignored },
    }, null);
    if (!answer) return { raw: null, recorder: rec };
    const id = e.messageId ?? '-1';
    const raw = serializeError(id, e.code, e.message, {});
    recordOut(env, rec, seq, 'CALLERROR', id, null, raw, at, e.code, null, [], { description: e.message, pair: null });
    return { raw, recorder: rec };
  }, (err, out) => {
    if (err) return env.log(`recording a malformed frame from ${link.id} failed: ${err.message}`);
    if (out?.raw) send(env, link, out.raw);
    out?.recorder.flush();
  });
}

/** Records the CSMS's answer and runs the analysis on it (`analysed.pair`: the CALL it answers). */
function recordOut(
  env: CsmsEnv, rec: Recorder, callSeq: number, type: MessageTypeName, messageId: string, action: string | null, raw: string,
  receivedAt: Date, errorCode: string | null, payload: Payload | null, issues: SchemaIssue[], analysed: { description?: string; pair: AnalysisPair | null },
): number {
  const now = env.clock();
  const at = now.toISOString();
  const seq = rec.frame({
    direction: 'out', messageType: type, messageId, action, payload, raw, at,
    latencyMs: now.getTime() - receivedAt.getTime(), valid: issues.length === 0, issues, callSeq, errorCode,
  });
  rec.analyse({
    chargerId: rec.chargerId, seq, direction: 'out', type, messageId, action, payload, errorCode, ...(analysed.description !== undefined ? { errorDescription: analysed.description } : {}),
    at, atMs: now.getTime(), valid: issues.length === 0, issues,
  }, analysed.pair);
  return seq;
}

/** The engine's view of a charger's CALL, analysed just before its answer. */
function analyseAndPair(rec: Recorder, call: Call, seq: number, at: Date, valid: boolean, issues: SchemaIssue[]): AnalysisPair {
  rec.analyse({
    chargerId: rec.chargerId, seq, direction: 'in', type: 'CALL', messageId: call.messageId, action: call.action, payload: call.payload, errorCode: null,
    at: at.toISOString(), atMs: at.getTime(), valid, issues,
  }, null);
  return pairOf(rec, call, seq, at, valid);
}

function pairOf(_rec: Recorder, call: Call, seq: number, at: Date, valid: boolean): AnalysisPair {
  return { seq, action: call.action, payload: call.payload, atMs: at.getTime(), valid };
}

type Call = Extract<ParsedFrame, { type: 'CALL' }>;

/** A handler's context: a class, so its methods are made once, not as closures for every CALL. */
class CallContext implements HandlerContext {
  readonly chargerId: string;
  readonly sessionId: number;
  readonly store: CsmsEnv['store'];
  readonly settings: Settings;
  readonly hooks: CsmsHooks;
  readonly listening: boolean;
  constructor(private readonly env: CsmsEnv, private readonly rec: Recorder, readonly seq: number, readonly at: string, readonly now: Date) {
    this.chargerId = rec.chargerId;
    this.sessionId = rec.sessionId;
    this.store = env.store;
    this.settings = env.store.settings.get();
    this.hooks = env.hooks;
    this.listening = env.listening();
  }
  emit(e: LiveEvent): void {
    this.rec.events.push(e);
  }
  afterCommit(fn: () => void): void {
    this.rec.after.push(fn);
  }
  isConnected(chargerId: string): boolean {
    return this.env.isConnected(chargerId);
  }
}

/** Why a CALL's handling was rolled back; recorded and answered InternalError by the job's recovery. */
class ReplyInvalid extends Error {}

/**
 * Proxy mode, fallback answer: a charger CALL the relay already recorded (and the engine saw) when its back-end
 * failed is answered here once, as the local CSMS, without recording the CALL a second time. `storedSeq` is read
 * inside the commit: the relay's own job for the CALL was queued before and has set it.
 */
export function answerStoredCall(env: CsmsEnv, link: ChargerLink, text: string, at: Date, storedSeq: () => number): void {
  let parsed: ParsedFrame;
  try {
    parsed = parseFrame(text, env.store.settings.get().maxFrameBytes);
  } catch (err) {
    env.log(`a stored CALL of ${link.id} no longer parses: ${(err as Error).message}`);
    return;
  }
  if (parsed.type === 'CALL') onCall(env, link, parsed, text, at, storedSeq);
}

function onCall(env: CsmsEnv, link: ChargerLink, call: Call, text: string, at: Date, storedSeq: (() => number) | null = null): void {
  // A handler that throws (or builds an invalid reply) leaves nothing behind: the committer rolls the whole job
  // back and runs it again as a failure, which records the frame, the finding and the CALLERROR.
  const recover = (failure: Error): Reply => {
    if (!(failure instanceof ReplyInvalid)) env.log(`handler ${call.action} for ${link.id} failed: ${failure.stack ?? String(failure)}`);
    return answerCall(env, link, call, text, at, failure, storedSeq);
  };
  env.committer.enqueue(() => answerCall(env, link, call, text, at, null, storedSeq), (err, reply) => {
    if (err || reply === undefined) {
      // The commit failed: nothing may be acknowledged. Say so to the charger without claiming success.
      env.log(`commit for ${link.id} ${call.action} failed: ${err?.message}`);
      send(env, link, serializeError(call.messageId, 'InternalError', 'The CSMS could not store this message; send it again', {}));
      return;
    }
    send(env, link, reply.raw);
    reply.recorder.flush();
  }, recover);
}

/** Answers a CALL with a CALLERROR; the analysis of the pair says why (schema, unknown action, not accepted). */
function failCall(
  env: CsmsEnv, rec: Recorder, call: Call, seq: number, at: Date, code: OcppError['code'], description: string, pair: AnalysisPair,
  own?: 'internal-error' | 'csms-reply-invalid',
): Reply {
  // ChargeScope's own failure is recorded as such: the engine sees only a CALLERROR InternalError.
  if (own) rec.finding(seq, own, `${call.action}: ${description}`, at.toISOString());
  const raw = serializeError(call.messageId, code, description, {});
  recordOut(env, rec, seq, 'CALLERROR', call.messageId, call.action, raw, at, code, null, [], { description, pair });
  return { raw, recorder: rec };
}

/**
 * Runs inside the group commit: records the CALL, runs the handler, records the reply. With `failure` (the
 * recovery of a rolled-back first run) the handler is not run again: the CALL is answered InternalError.
 */
function answerCall(env: CsmsEnv, link: ChargerLink, call: Call, text: string, at: Date, failure: Error | null, storedSeq: (() => number) | null): Reply {
  const atIso = at.toISOString();
  const rec = new Recorder(env, env.store.sessions.liveId, link.id);
  const charger = env.store.chargers.touch(link.id, atIso);
  const known = isIncomingAction(call.action);
  const check = known ? env.validator.validate(call.action, 'Request', call.payload) : null;
  const issues = check?.issues ?? [];
  const valid = known && check!.valid;
  const seq = storedSeq ? storedSeq() : rec.frame({
    direction: 'in', messageType: 'CALL', messageId: call.messageId, action: call.action, payload: call.payload, raw: text,
    at: atIso, latencyMs: null, valid, issues, callSeq: null, errorCode: null,
  });
  // A CALL stored (and analysed) before: only its answer is new.
  const analyseCall = storedSeq ? pairOf : analyseAndPair;
  // A handler that throws leaves nothing behind (the job is rolled back), so the engine sees the CALL only once its
  // answer is certain: here, or in the recovery that answers InternalError.
  if (!known) {
    const pair = analyseCall(rec, call, seq, at, false, issues);
    return isCsmsAction(call.action)
      ? failCall(env, rec, call, seq, at, 'NotSupported', `${call.action} is sent by a Central System, not by a Charge Point`, pair)
      : failCall(env, rec, call, seq, at, 'NotImplemented', `Unknown action ${call.action} (action names are case-sensitive)`, pair);
  }
  if (!check!.valid) {
    return failCall(env, rec, call, seq, at, check!.code ?? 'FormationViolation', describeIssues(check!.issues), analyseCall(rec, call, seq, at, false, issues));
  }
  if (call.action !== 'BootNotification' && charger.registration !== 'Accepted') {
    const why = charger.registration === null ? 'has not sent a BootNotification yet' : `was answered ${charger.registration} to its last BootNotification`;
    return failCall(env, rec, call, seq, at, 'SecurityError', `Charge point ${why}; only BootNotification is accepted until it is Accepted`, analyseCall(rec, call, seq, at, true, issues));
  }
  const action = call.action as IncomingAction;
  if (failure) {
    const pair = analyseCall(rec, call, seq, at, true, issues);
    const description = failure instanceof ReplyInvalid ? failure.message : `The CSMS failed to process ${action}: ${failure.message}`;
    return failCall(env, rec, call, seq, at, 'InternalError', description, pair, failure instanceof ReplyInvalid ? 'csms-reply-invalid' : 'internal-error');
  }
  const ctx = new CallContext(env, rec, seq, atIso, at);
  // Integers past 2^53 reach the handler and the engine clamped (ocpp/big-numbers.ts); the frame keeps the text as sent.
  const big = clampBigIntegers(call.payload, text);
  for (const b of big?.clamped ?? []) {
    rec.finding(seq, 'number-beyond-storage', `${action}.${b.path} = ${b.text} is a valid integer, beyond what ChargeScope stores exactly (±2^53−1): the frame keeps it as sent, the CSMS state holds ${b.storedAs}`, atIso);
  }
  const held = big ? { ...call, payload: big.payload } : call;
  const response = (handlers[action] as (c: HandlerContext, r: unknown) => Payload)(ctx, held.payload);
  const out = env.validator.validate(action, 'Response', response);
  if (!out.valid) throw new ReplyInvalid(`The CSMS built an invalid ${action} reply (${describeIssues(out.issues)})`);
  const raw = serializeResult(call.messageId, response);
  const pair = analyseCall(rec, held, seq, at, true, issues);
  recordOut(env, rec, seq, 'CALLRESULT', call.messageId, action, raw, at, null, response, [], { pair });
  if (action === 'BootNotification' || action === 'StatusNotification') rec.after.push(() => env.hooks.chargerChanged?.(link.id));
  if (action === 'BootNotification' && response['status'] === 'Accepted' && ctx.settings.autoGetConfiguration) {
    // An automatic action the engineer turned on in settings; off by default (the OCA's test tool fails unsolicited CALLs).
    rec.after.push(() => void callCharger(env, link, 'GetConfiguration', {}, ctx.settings.callTimeoutMs).catch((err: Error) => env.log(`automatic GetConfiguration for ${link.id}: ${err.message}`)));
  }
  return { raw, recorder: rec };
}
