import type { CallOutcome } from '../../shared/api/types.ts';
import type { CsmsAction } from '../../shared/ocpp/actions.ts';
import type { ParsedFrame } from '../ocpp/frame.ts';
import { finishCommand, settle } from './calls.ts';
import { Recorder, type CsmsEnv } from './env.ts';
import { applyFollower } from './followers/index.ts';
import type { ChargerLink } from './link.ts';

type Result = Extract<ParsedFrame, { type: 'CALLRESULT' | 'CALLERROR' }>;

/** A CALLRESULT or CALLERROR from the charger: matched to our CALL, recorded, never answered. */
export function handleResult(env: CsmsEnv, link: ChargerLink, res: Result, text: string, at: Date): void {
  const atIso = at.toISOString();
  const p = link.pending;
  const matched = p !== null && p.seq !== 0 && p.messageId === res.messageId ? p : null;
  if (matched?.timer) clearTimeout(matched.timer);
  // A charger that answers and then closes (Reset) answered: its commit resolves the call, not the close.
  if (matched) matched.answered = true;
  const late = matched ? undefined : link.late.get(res.messageId);
  if (late) link.late.delete(res.messageId);
  const call = matched ?? late ?? null;
  const action = (call?.action ?? null) as CsmsAction | null;

  env.committer.enqueue(() => {
    const rec = new Recorder(env, env.store.sessions.liveId, link.id);
    env.store.chargers.touch(link.id, atIso);
    const check = res.type === 'CALLRESULT' && action ? env.validator.validate(action, 'Response', res.payload) : null;
    const seq = rec.frame({
      direction: 'in', messageType: res.type, messageId: res.messageId, action,
      payload: res.type === 'CALLRESULT' ? res.payload : { errorCode: res.errorCode, errorDescription: res.errorDescription, errorDetails: res.errorDetails },
      raw: text, at: atIso, latencyMs: call ? at.getTime() - call.sentAt : null, valid: check ? check.valid : call !== null,
      issues: check?.issues ?? [], callSeq: call?.seq ?? null, errorCode: res.type === 'CALLERROR' ? res.errorCode : null,
      relay: link.relay ? 'injected' : null,
    });
    rec.analyse({
      chargerId: link.id, seq, direction: 'in', type: res.type, messageId: res.messageId, action, payload: res.type === 'CALLRESULT' ? res.payload : null,
      errorCode: res.type === 'CALLERROR' ? res.errorCode : null, ...(res.type === 'CALLERROR' ? { errorDescription: res.errorDescription } : {}),
      at: atIso, atMs: at.getTime(), valid: check ? check.valid : call !== null, issues: check?.issues ?? [],
    }, call ? { seq: call.seq, action: call.action, payload: call.request, atMs: call.atMs, valid: true, timeoutMs: call.timeoutMs } : null);
    // A late answer still tells what the charger did: the CSMS view follows it too.
    if (call && res.type === 'CALLRESULT' && action) {
      applyFollower(env, rec, { chargerId: link.id, seq, at: atIso, action, request: call.request, response: res.payload });
    }
    return rec;
  }, (err, rec) => {
    if (err) env.log(`recording a ${res.type} from ${link.id} failed: ${err.message}`);
    rec?.flush();
    if (!matched) return;
    const outcome: CallOutcome = res.type === 'CALLRESULT'
      ? { callResult: res.payload }
      : { callError: { errorCode: res.errorCode, errorDescription: res.errorDescription, errorDetails: res.errorDetails } };
    finishCommand(env, matched.commandId, {
      state: res.type === 'CALLRESULT' ? 'answered' : 'error',
      response: res.type === 'CALLRESULT' ? res.payload : null,
      error: res.type === 'CALLERROR' ? (outcome as { callError: NonNullable<unknown> }).callError as never : null,
      latencyMs: at.getTime() - matched.sentAt,
    });
    if (link.pending === matched) settle(env, link);
    matched.resolve(outcome);
  });
}
