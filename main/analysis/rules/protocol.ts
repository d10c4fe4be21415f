/** OCPP-J framing and pairing: unreadable frames, unknown actions, schema, answers and their times (OCPP-J §4). */
import { isCsmsAction, isIncomingAction } from '../../../shared/ocpp/actions.ts';
import { describeIssues } from '../../ocpp/validation.ts';
import { unanswered } from '../engine.ts';
import { MAX_PENDING, RECENT_IDS } from '../state.ts';
import type { CheckContext, RuleFamily } from '../types.ts';

/** Answer times above these are reported (the charger's, the Central System's). */
export const SLOW_CHARGER_MS = 10_000;
export const SLOW_CSMS_MS = 5_000;

function unreadable(c: CheckContext): void {
  const u = c.f.unreadable;
  c.cs.lastUnreadableId = c.f.messageId;
  // A reply that does not parse but whose id could be read (an import pairs it): its CALL is answered, if badly.
  if (c.pair !== null && c.f.messageId !== null) c.cs.pending[c.f.direction === 'in' ? 'out' : 'in'].delete(c.f.messageId);
  if (u) c.report(u.ignored ? 'unknown-message-type' : 'malformed-frame', u.message);
}

function call(c: CheckContext): void {
  const { f, cs } = c;
  const dir = f.direction;
  const action = f.action!;
  const id = f.messageId!;
  const recent = cs.recentIds[dir];
  const pending = cs.pending[dir];
  if (recent.has(id)) {
    c.report('duplicate-message-id', pending.has(id)
      ? `${action}: message id ${id} is already used by a CALL that was not answered yet`
      : `${action}: message id ${id} was used before by the same sender (OCPP-J §4.1.1: each CALL needs a new id)`);
  } else {
    recent.set(id, true);
    if (recent.size > RECENT_IDS) recent.delete(recent.keys().next().value!);
  }
  pending.set(id, { seq: f.seq, action, atMs: f.atMs, at: f.at });
  if (pending.size > MAX_PENDING) {
    const [oldId, p] = pending.entries().next().value!;
    pending.delete(oldId);
    const u = unanswered(f.chargerId, oldId, p, dir);
    c.report(u.rule, u.message, u.seq);
  }
  const known = dir === 'in' ? isIncomingAction(action) : isCsmsAction(action);
  if (!known) {
    const other = dir === 'in' ? isCsmsAction(action) : isIncomingAction(action);
    c.report(other ? 'wrong-direction' : 'unknown-action', other
      ? `${action} is sent by a ${dir === 'in' ? 'Central System, not by a Charge Point' : 'Charge Point, not by a Central System'}`
      : `Unknown action ${action} (action names are case-sensitive)`);
  } else if (!f.valid) {
    c.report(dir === 'in' ? 'schema-violation' : 'csms-call-invalid', `${action}: ${describeIssues([...f.issues])}`);
  }
}

function result(c: CheckContext): void {
  const { f, pair, cs } = c;
  const answering = f.direction === 'in' ? 'out' : 'in';
  if (pair === null) {
    // OCPP-J: a CALLERROR with id "-1" answers a frame whose message id could not be read.
    // So does one with the id of the unreadable frame just before it.
    if (f.type === 'CALLERROR' && (f.messageId === '-1' || f.messageId === cs.lastUnreadableId)) return;
    c.report('unmatched-result', `${f.type} with messageId ${f.messageId} answers no CALL ${f.direction === 'in' ? 'the Central System sent' : 'the charger sent'}`);
    return;
  }
  cs.pending[answering].delete(f.messageId!);
  const latency = f.atMs - pair.atMs;
  if (f.direction === 'in') {
    if (latency > (pair.timeoutMs ?? c.options.callTimeoutMs)) c.report('late-answer', `${pair.action} answered after the call had timed out (${latency} ms after it was sent)`);
    else if (latency > SLOW_CHARGER_MS) c.report('slow-charger-answer', `${pair.action} answered after ${latency} ms`);
  } else if (latency > SLOW_CSMS_MS) {
    c.report('slow-csms-answer', `${pair.action} answered after ${latency} ms`);
  }
  if (f.type === 'CALLRESULT') {
    if (!f.valid && pair.valid) c.report(f.direction === 'in' ? 'invalid-reply' : 'csms-reply-invalid', `${pair.action}.conf breaks the schema: ${describeIssues([...f.issues])}`);
    return;
  }
  const detail = `${pair.action} answered CALLERROR ${f.errorCode}${f.errorDescription ? `: ${f.errorDescription}` : ''}`;
  if (f.direction === 'in') c.report('call-error', detail);
  else if (f.errorCode === 'SecurityError') c.report('not-accepted', `${detail} (only BootNotification is accepted until the charger is Accepted)`, pair.seq);
  // A CALL that broke its schema, or named an unknown action, has its finding already: the CALLERROR is its answer.
  else if (pair.valid) c.report('csms-call-error', detail);
}

export const protocolRules: RuleFamily = {
  name: 'protocol',
  rules: ['malformed-frame', 'unknown-message-type', 'unknown-action', 'wrong-direction', 'schema-violation', 'csms-call-invalid', 'duplicate-message-id',
    'unmatched-result', 'late-answer', 'slow-charger-answer', 'slow-csms-answer', 'invalid-reply', 'csms-reply-invalid', 'call-error', 'csms-call-error',
    'not-accepted', 'unanswered-call'],
  checks: {
    'in:UNREADABLE:*': unreadable,
    'out:UNREADABLE:*': unreadable,
    'in:CALL:*': call,
    'out:CALL:*': call,
    'in:CALLRESULT:*': result,
    'in:CALLERROR:*': result,
    'out:CALLRESULT:*': result,
    'out:CALLERROR:*': result,
  },
};
