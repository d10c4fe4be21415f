import type { TestCaseResult, TestPromptAnswer } from '../../shared/api/commissioning.ts';
import type { CallOutcome, Frame } from '../../shared/api/types.ts';
import type { CsmsAction } from '../../shared/ocpp/actions.ts';
import { Cancelled, fail, inconclusive, skipped } from './verdicts.ts';
import type { CaseContext, ChargerFacts, CsmsState, Params, Reply } from './types.ts';
import type { Seen, Watch } from './watch.ts';
import type { Timers } from './timers.ts';
import { frameOf, payloadOf } from './types.ts';

export interface CallPort {
  call(chargerId: string, action: CsmsAction, payload: Record<string, unknown>): Promise<CallOutcome>;
}

export interface PromptPort {
  /** Shows the prompt and resolves with the engineer's answer, or null when the deadline passes first. */
  ask(caseId: string, text: string, deadlineMs: number, until: ((s: Seen) => boolean) | undefined): Promise<TestPromptAnswer | 'seen' | null>;
}

export interface ContextDeps {
  chargerId: string;
  params: Params;
  facts: ChargerFacts;
  signal: AbortSignal;
  timers: Timers;
  watch: Watch;
  calls: CallPort;
  prompts: PromptPort;
  csmsState: CsmsState;
  result: TestCaseResult;
  changed(): void;
}

const MAX_STEPS = 200;
const MAX_EVIDENCE = 500;

/** A short, readable rendering of a payload for a step line. */
export function brief(payload: unknown, max = 140): string {
  const s = JSON.stringify(payload) ?? '';
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

function isCallFailure(err: unknown): err is Error & { code: string } {
  return err instanceof Error && err.name === 'CallFailure' && typeof (err as { code?: unknown }).code === 'string';
}

/** The case context: one per case run, with its restore stack. */
export function createCaseContext(d: ContextDeps): CaseContext & { restores: { what: string; fn: () => Promise<void> }[] } {
  const restores: { what: string; fn: () => Promise<void> }[] = [];
  const evidence = new Set<number>();
  const addEvidence = (seq: number | null | undefined) => {
    if (typeof seq !== 'number' || seq <= 0 || evidence.size >= MAX_EVIDENCE) return;
    evidence.add(seq);
    d.result.evidence = [...evidence].sort((a, b) => a - b);
  };
  const checkCancelled = () => {
    if (d.signal.aborted) throw new Cancelled();
  };
  const ctx: CaseContext & { restores: typeof restores } = {
    chargerId: d.chargerId,
    params: d.params,
    facts: d.facts,
    signal: d.signal,
    csmsState: d.csmsState,
    restores,
    now: () => d.timers.now(),
    iso: (offsetMs = 0) => new Date(d.timers.now() + offsetMs).toISOString(),
    step(text) {
      if (d.result.steps.length >= MAX_STEPS) d.result.steps.shift();
      d.result.steps.push({ at: new Date(d.timers.now()).toISOString(), text });
      d.changed();
    },
    async call(action, payload): Promise<Reply> {
      const from = d.watch.mark();
      ctx.step(`send ${action} ${brief(payload)}`);
      let outcome: CallOutcome;
      try {
        outcome = await d.calls.call(d.chargerId, action, payload);
      } catch (err) {
        if (isCallFailure(err) && err.code === 'TIMEOUT') throw fail(`the charger did not answer ${action} in time (${err.message})`);
        if (isCallFailure(err) && err.code === 'NOT_CONNECTED') throw inconclusive(`the charger was not connected for ${action}: ${err.message}`);
        throw err;
      }
      const sent = d.watch.find(from, (s) => {
        const f = frameOf(s);
        return f !== null && f.direction === 'out' && f.messageType === 'CALL' && f.action === action;
      });
      const callSeq = sent ? frameOf(sent)!.seq : 0;
      const answer = callSeq ? d.watch.find(from, (s) => frameOf(s)?.callSeq === callSeq && frameOf(s)?.direction === 'in') : undefined;
      const answerSeq = answer ? frameOf(answer)!.seq : 0;
      addEvidence(callSeq);
      addEvidence(answerSeq);
      const result = 'callResult' in outcome ? outcome.callResult : null;
      const errorCode = 'callError' in outcome ? outcome.callError.errorCode : null;
      ctx.step(result ? `answer ${brief(result)}` : `answer CALLERROR ${errorCode} ${'callError' in outcome ? outcome.callError.errorDescription : ''}`.trim());
      return { outcome, callSeq, answerSeq, result, errorCode };
    },
    mark: () => d.watch.mark(),
    async waitCall(action, from, ms, pred) {
      checkCancelled();
      const seen = await d.watch.wait(from, (s) => {
        const f = frameOf(s);
        return f !== null && f.direction === 'in' && f.messageType === 'CALL' && f.action === action && (pred ? pred(payloadOf(f), f) : true);
      }, ms, d.signal).catch(rethrowCancel);
      const f = seen ? frameOf(seen) : null;
      if (f) {
        addEvidence(f.seq);
        ctx.step(`charger sent ${action} ${brief(f.payload)}`);
      }
      return f;
    },
    async waitEvent(from, ms, pred) {
      checkCancelled();
      const seen = await d.watch.wait(from, pred, ms, d.signal).catch(rethrowCancel);
      const f = seen ? frameOf(seen) : null;
      if (f) addEvidence(f.seq);
      return seen;
    },
    calls(action, from): Frame[] {
      return d.watch.since(from).map(frameOf).filter((f): f is Frame => f !== null && f.direction === 'in' && f.messageType === 'CALL' && f.action === action);
    },
    async prompt(text, until) {
      checkCancelled();
      ctx.step(`waiting for the engineer: ${text}`);
      const ms = d.params.manualSec * 1000;
      const answer = await d.prompts.ask(d.result.id, text, ms, until).catch(rethrowCancel);
      if (answer === 'skip') throw skipped(`the engineer skipped the manual step "${text}"`);
      if (answer === null) throw inconclusive(`nobody did "${text}" within ${d.params.manualSec} s`);
      ctx.step(answer === 'seen' ? 'the charger shows it was done' : 'the engineer says it is done');
    },
    evidence(...seqs) {
      for (const s of seqs) addEvidence(s);
    },
    onRestore(what, fn) {
      restores.push({ what, fn });
    },
    async sleep(ms) {
      await d.timers.sleep(ms, d.signal).catch(rethrowCancel);
    },
    configInt(key) {
      const v = d.facts.config.get(key)?.value;
      if (v === null || v === undefined || !/^-?\d+$/.test(v.trim())) return undefined;
      return Number(v.trim());
    },
  };
  return ctx;
}

function rethrowCancel(err: unknown): never {
  if (err instanceof Error && (err.name === 'AbortError' || err.name === 'Cancelled' || err.message === 'cancelled')) throw new Cancelled();
  throw new Cancelled();
}
