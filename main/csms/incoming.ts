import type { IncomingAction, MessageTypeName } from '../../shared/ocpp/actions.ts';
import { isCsmsAction, isIncomingAction } from '../../shared/ocpp/actions.ts';
import type { LiveEvent, SchemaIssue, Settings, Severity } from '../../shared/api/types.ts';
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
    const seq = rec.frame({
      direction: 'in', messageType: e.messageType ?? null, messageId: e.messageId ?? null, action: null, payload: null,
      raw: kept, at: atIso, latencyMs: null, valid: false, issues: [{ path: '', keyword: 'frame', message: e.message }],
      callSeq: null, errorCode: null,
    });
    rec.finding(seq, ignored ? 'unknown-message-type' : 'malformed-frame', ignored ? 'warning' : 'error', e.message, atIso);
    if (!answer) return { raw: null, recorder: rec };
    const id = e.messageId ?? '-1';
    const raw = serializeError(id, e.code, e.message, {});
    recordOut(env, rec, seq, 'CALLERROR', id, null, raw, at, e.code);
    return { raw, recorder: rec };
  }, (err, out) => {
    if (err) return env.log(`recording a malformed frame from ${link.id} failed: ${err.message}`);
    if (out?.raw) send(env, link, out.raw);
    out?.recorder.flush();
  });
}

function recordOut(
  env: CsmsEnv, rec: Recorder, callSeq: number, type: MessageTypeName, messageId: string, action: string | null, raw: string,
  receivedAt: Date, errorCode: string | null, payload: unknown = null, issues: SchemaIssue[] = [],
): number {
  const now = env.clock();
  return rec.frame({
    direction: 'out', messageType: type, messageId, action, payload, raw, at: now.toISOString(),
    latencyMs: now.getTime() - receivedAt.getTime(), valid: issues.length === 0, issues, callSeq, errorCode,
  });
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
  constructor(env: CsmsEnv, private readonly rec: Recorder, readonly seq: number, readonly at: string, readonly now: Date) {
    this.chargerId = rec.chargerId;
    this.sessionId = rec.sessionId;
    this.store = env.store;
    this.settings = env.store.settings.get();
    this.hooks = env.hooks;
    this.listening = env.listening();
  }
  finding(rule: string, severity: Severity, message: string): void {
    this.rec.finding(this.seq, rule, severity, message, this.at);
  }
  emit(e: LiveEvent): void {
    this.rec.events.push(e);
  }
  afterCommit(fn: () => void): void {
    this.rec.after.push(fn);
  }
}

/** Why a CALL's handling was rolled back; recorded and answered InternalError by the job's recovery. */
class ReplyInvalid extends Error {}

function onCall(env: CsmsEnv, link: ChargerLink, call: Call, text: string, at: Date): void {
  // A handler that throws (or builds an invalid reply) leaves nothing behind: the committer rolls the whole job
  // back and runs it again as a failure, which records the frame, the finding and the CALLERROR.
  const recover = (failure: Error): Reply => {
    if (!(failure instanceof ReplyInvalid)) env.log(`handler ${call.action} for ${link.id} failed: ${failure.stack ?? String(failure)}`);
    return answerCall(env, link, call, text, at, failure);
  };
  env.committer.enqueue(() => answerCall(env, link, call, text, at, null), (err, reply) => {
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

/** Answers a CALL with a CALLERROR and records why as a finding on it. */
function failCall(
  env: CsmsEnv, rec: Recorder, call: Call, seq: number, at: Date, code: OcppError['code'], description: string, severity: 'warning' | 'error', rule: string,
): Reply {
  rec.finding(seq, rule, severity, `${call.action}: ${description}`, at.toISOString());
  const raw = serializeError(call.messageId, code, description, {});
  recordOut(env, rec, seq, 'CALLERROR', call.messageId, call.action, raw, at, code);
  return { raw, recorder: rec };
}

/**
 * Runs inside the group commit: records the CALL, runs the handler, records the reply. With `failure` (the
 * recovery of a rolled-back first run) the handler is not run again: the CALL is answered InternalError.
 */
function answerCall(env: CsmsEnv, link: ChargerLink, call: Call, text: string, at: Date, failure: Error | null): Reply {
  const atIso = at.toISOString();
  const rec = new Recorder(env, env.store.sessions.liveId, link.id);
  const charger = env.store.chargers.touch(link.id, atIso);
  const known = isIncomingAction(call.action);
  const check = known ? env.validator.validate(call.action, 'Request', call.payload) : null;
  const seq = rec.frame({
    direction: 'in', messageType: 'CALL', messageId: call.messageId, action: call.action, payload: call.payload, raw: text,
    at: atIso, latencyMs: null, valid: known && check!.valid, issues: check?.issues ?? [], callSeq: null, errorCode: null,
  });
  if (!known) {
    return isCsmsAction(call.action)
      ? failCall(env, rec, call, seq, at, 'NotSupported', `${call.action} is sent by a Central System, not by a Charge Point`, 'error', 'wrong-direction')
      : failCall(env, rec, call, seq, at, 'NotImplemented', `Unknown action ${call.action} (action names are case-sensitive)`, 'error', 'unknown-action');
  }
  if (!check!.valid) {
    return failCall(env, rec, call, seq, at, check!.code ?? 'FormationViolation', describeIssues(check!.issues), 'error', 'schema-violation');
  }
  if (call.action !== 'BootNotification' && charger.registration !== 'Accepted') {
    const why = charger.registration === null ? 'has not sent a BootNotification yet' : `was answered ${charger.registration} to its last BootNotification`;
    return failCall(env, rec, call, seq, at, 'SecurityError', `Charge point ${why}; only BootNotification is accepted until it is Accepted`, 'warning', 'not-accepted');
  }
  const action = call.action as IncomingAction;
  if (failure instanceof ReplyInvalid) return failCall(env, rec, call, seq, at, 'InternalError', failure.message, 'error', 'csms-reply-invalid');
  if (failure) return failCall(env, rec, call, seq, at, 'InternalError', `The CSMS failed to process ${action}: ${failure.message}`, 'error', 'internal-error');
  const ctx = new CallContext(env, rec, seq, atIso, at);
  const big = clampBigIntegers(call.payload, text);
  for (const b of big?.clamped ?? []) {
    ctx.finding('number-beyond-storage', 'warning', `${action}.${b.path} = ${b.text} is a valid integer, beyond what ChargeScope stores exactly (±2^53−1): the frame keeps it as sent, the CSMS state holds ${b.storedAs}`);
  }
  const response = (handlers[action] as (c: HandlerContext, r: unknown) => Payload)(ctx, big?.payload ?? call.payload);
  const out = env.validator.validate(action, 'Response', response);
  if (!out.valid) throw new ReplyInvalid(`The CSMS built an invalid ${action} reply (${describeIssues(out.issues)})`);
  const raw = serializeResult(call.messageId, response);
  recordOut(env, rec, seq, 'CALLRESULT', call.messageId, action, raw, at, null, response);
  if (action === 'BootNotification' || action === 'StatusNotification') rec.after.push(() => env.hooks.chargerChanged?.(link.id));
  if (action === 'BootNotification' && response['status'] === 'Accepted' && ctx.settings.autoGetConfiguration) {
    // An automatic action the engineer turned on in settings; off by default (the OCA's test tool fails unsolicited CALLs).
    rec.after.push(() => void callCharger(env, link, 'GetConfiguration', {}, ctx.settings.callTimeoutMs).catch((err: Error) => env.log(`automatic GetConfiguration for ${link.id}: ${err.message}`)));
  }
  return { raw, recorder: rec };
}
