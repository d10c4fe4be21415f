import { randomUUID } from 'node:crypto';
import type { CallOutcome } from '../../shared/api/types.ts';
import type { CsmsAction } from '../../shared/ocpp/actions.ts';
import { serializeCall } from '../ocpp/frame.ts';
import { Recorder, type CsmsEnv } from './env.ts';
import { CallFailure, LATE_MEMORY, type ChargerLink } from './link.ts';

/**
 * Sends an operator's CALL. Calls to one charger leave one at a time (OCPP-J §4.1.1); the rest wait in
 * order. The CALL frame and the command row are committed before the frame is written to the socket.
 */
export function callCharger(
  env: CsmsEnv, link: ChargerLink, action: CsmsAction, payload: Record<string, unknown>, timeoutMs: number,
): Promise<CallOutcome> {
  if (link.closed) return Promise.reject(new CallFailure('NOT_CONNECTED', `${link.id} is not connected`));
  return new Promise((resolve, reject) => {
    env.committer.enqueue(
      () => env.store.commands.create(env.store.sessions.liveId, link.id, action, payload, env.clock().toISOString()),
      (err, commandId) => {
        if (err) return reject(err);
        const command = env.store.commands.get(commandId!);
        if (command) env.publish({ type: 'command', command });
        link.queue.push({ action, payload, timeoutMs, commandId: commandId ?? null, resolve, reject });
        pump(env, link);
      },
    );
  });
}

function pump(env: CsmsEnv, link: ChargerLink): void {
  if (link.pending || link.closed) return;
  // Proxy mode: the back-end's CALLs share the one slot; a waiting one goes first.
  if (link.relay?.claimsSlot()) return;
  const next = link.queue.shift();
  if (next === undefined) return;
  const messageId = randomUUID();
  const raw = serializeCall(messageId, next.action, next.payload);
  const check = env.validator.validate(next.action, 'Request', next.payload);
  // Reserve the slot now so no other call overtakes this one while it commits.
  link.pending = {
    action: next.action, messageId, seq: 0, sentAt: 0, atMs: 0, timeoutMs: next.timeoutMs, commandId: next.commandId, request: next.payload,
    timer: null, resolve: next.resolve, reject: next.reject,
  };
  env.committer.enqueue(() => {
    const rec = new Recorder(env, env.store.sessions.liveId, link.id);
    const at = env.clock().toISOString();
    const seq = rec.frame({
      direction: 'out', messageType: 'CALL', messageId, action: next.action, payload: next.payload, raw, at,
      latencyMs: null, valid: check.valid, issues: check.issues, callSeq: null, errorCode: null, relay: link.relay ? 'injected' : null,
    });
    const atMs = Date.parse(at);
    rec.analyse({
      chargerId: link.id, seq, direction: 'out', type: 'CALL', messageId, action: next.action, payload: next.payload, errorCode: null, at, atMs,
      valid: check.valid, issues: check.issues,
    }, null);
    if (next.commandId !== null) env.store.commands.markSent(next.commandId, messageId);
    return { rec, seq, atMs };
  }, (err, out) => {
    const pending = link.pending;
    if (!pending || pending.messageId !== messageId) return;
    if (err || !out) {
      link.pending = null;
      next.reject(err ?? new Error('commit failed'));
      return pump(env, link);
    }
    if (link.closed) {
      link.pending = null;
      return next.reject(new CallFailure('NOT_CONNECTED', `${link.id} disconnected before ${next.action} could be sent`));
    }
    pending.seq = out.seq;
    pending.atMs = out.atMs;
    pending.sentAt = Date.now();
    pending.timer = setTimeout(() => onTimeout(env, link, messageId, next.timeoutMs), next.timeoutMs);
    link.ws.send(raw);
    out.rec.flush();
  });
}

function onTimeout(env: CsmsEnv, link: ChargerLink, messageId: string, timeoutMs: number): void {
  const p = link.pending;
  if (!p || p.messageId !== messageId) return;
  link.pending = null;
  link.late.set(messageId, { action: p.action, seq: p.seq, sentAt: p.sentAt, atMs: p.atMs, timeoutMs: p.timeoutMs, request: p.request });
  if (link.late.size > LATE_MEMORY) link.late.delete(link.late.keys().next().value!);
  finishCommand(env, p.commandId, { state: 'timeout', latencyMs: null });
  p.reject(new CallFailure('TIMEOUT', `${link.id} did not answer ${p.action} within ${timeoutMs} ms`));
  pump(env, link);
}

/** Frees the slot after an answer and sends the next queued call. */
export function settle(env: CsmsEnv, link: ChargerLink): void {
  link.pending = null;
  pump(env, link);
}

/** Fails everything waiting on a link that closed (a call answered before the close is settled by its answer). */
export function failAll(link: ChargerLink, env: CsmsEnv): void {
  const err = () => new CallFailure('NOT_CONNECTED', `${link.id} disconnected`);
  if (link.pending?.answered) link.pending = null;
  if (link.pending) {
    if (link.pending.timer) clearTimeout(link.pending.timer);
    finishCommand(env, link.pending.commandId, { state: 'failed', latencyMs: null });
    link.pending.reject(err());
    link.pending = null;
  }
  for (const q of link.queue.splice(0)) {
    finishCommand(env, q.commandId, { state: 'failed', latencyMs: null });
    q.reject(err());
  }
}

export function finishCommand(
  env: CsmsEnv, commandId: number | null, f: Parameters<CsmsEnv['store']['commands']['finish']>[1] extends infer F ? Omit<F & object, 'answeredAt'> : never,
): void {
  if (commandId === null) return;
  env.committer.enqueue(() => env.store.commands.finish(commandId, { ...f, answeredAt: env.clock().toISOString() }), (err) => {
    if (err) return env.log(`command ${commandId} could not be updated: ${err.message}`);
    const command = env.store.commands.get(commandId);
    if (command) env.publish({ type: 'command', command });
  });
}
