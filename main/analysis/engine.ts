/**
 * The analysis engine: one for live traffic, imports and re-analysis. A pure function of (frame, its paired CALL,
 * the state so far) → (findings, state changes): the live CSMS feeds it frames as they are answered and stored, an
 * import feeds it a file's frames in order. No I/O, no clock: time is the frames' time. Rules are the families in
 * rules/, each reporting ids of the catalogue (shared/rules/catalogue.ts).
 */
import { ALL_CSMS_ACTIONS, ALL_INCOMING_ACTIONS } from '../../shared/ocpp/actions.ts';
import type { RuleId } from '../../shared/rules/catalogue.ts';
import { FAMILIES } from './rules/index.ts';
import { ChargerState, MAX_PENDING, type Expectation } from './state.ts';
import type { AnalysisFinding, AnalysisFrame, AnalysisOptions, AnalysisPair, CheckContext, RuleFamily } from './types.ts';

const KNOWN_ACTIONS = new Set<string>([...ALL_CSMS_ACTIONS, ...ALL_INCOMING_ACTIONS]);

type Fn = (c: CheckContext) => void;
interface Plan { checks: Fn[]; follow: Fn[] }

const NONE: readonly AnalysisFinding[] = Object.freeze([]);

export const DEFAULT_ANALYSIS_OPTIONS: AnalysisOptions = { callTimeoutMs: 30_000, nominalVoltage: 230 };

class Ctx implements CheckContext {
  f!: AnalysisFrame;
  pair: AnalysisPair | null = null;
  cs!: ChargerState;
  out: AnalysisFinding[] | null = null;
  constructor(readonly options: AnalysisOptions) {}
  report(rule: RuleId, message: string, seq: number | null = this.f.seq): void {
    (this.out ??= []).push({ chargerId: this.f.chargerId, seq, rule, message, at: this.f.at });
  }
}

export class Analysis {
  private readonly chargers = new Map<string, ChargerState>();
  private readonly plans = new Map<string, Plan>();
  private readonly ctx: Ctx;
  readonly options: AnalysisOptions;
  private readonly generic: { checks: Map<string, Fn[]>; follow: Map<string, Fn[]> } = { checks: new Map(), follow: new Map() };

  constructor(options: Partial<AnalysisOptions> = {}, families: readonly RuleFamily[] = FAMILIES) {
    this.options = { ...DEFAULT_ANALYSIS_OPTIONS, ...options };
    this.ctx = new Ctx(this.options);
    for (const fam of families) {
      for (const [t, fn] of Object.entries(fam.checks)) push(this.generic.checks, t, fn!);
      for (const [t, fn] of Object.entries(fam.follow ?? {})) push(this.generic.follow, t, fn!);
    }
  }

  /** The state of one charger (made on first sight). */
  charger(id: string): ChargerState {
    let cs = this.chargers.get(id);
    if (cs === undefined) this.chargers.set(id, (cs = new ChargerState()));
    return cs;
  }

  /** Analyses one frame; returns the findings it raises (a shared empty array when none). */
  frame(f: AnalysisFrame, pair: AnalysisPair | null): readonly AnalysisFinding[] {
    const c = this.ctx;
    c.f = f;
    c.pair = pair;
    c.cs = this.charger(f.chargerId);
    c.out = null;
    if (c.cs.expectations.length > 0 && f.direction === 'in') this.expect(c);
    const plan = this.plan(f);
    for (const fn of plan.checks) fn(c);
    for (const fn of plan.follow) fn(c);
    const out = c.out;
    c.out = null;
    return out ?? NONE;
  }

  /** The end of a recording: what was still expected, and CALLs never answered. */
  finish(at: string): AnalysisFinding[] {
    const out: AnalysisFinding[] = [];
    for (const [chargerId, cs] of this.chargers) {
      for (const e of cs.expectations) out.push({ chargerId, seq: e.seq, rule: e.rule, message: `${e.message} (none until the end of the log)`, at, dueAtMs: e.deadlineMs });
      cs.expectations = [];
      for (const dir of ['in', 'out'] as const) {
        for (const [id, p] of cs.pending[dir]) out.push(unanswered(chargerId, id, p, dir));
        cs.pending[dir].clear();
      }
    }
    return out;
  }

  private expect(c: Ctx): void {
    const { f, cs } = c;
    const keep: Expectation[] = [];
    for (const e of cs.expectations) {
      if (e.met(f)) continue;
      if (f.atMs > e.deadlineMs) c.report(e.rule, e.message, e.seq);
      else keep.push(e);
    }
    cs.expectations = keep;
  }

  private plan(f: AnalysisFrame): Plan {
    const type = f.type ?? 'UNREADABLE';
    // Unknown actions share one plan: a charger cannot grow the table with made-up names.
    const action = f.action !== null && KNOWN_ACTIONS.has(f.action) ? f.action : '?';
    const key = `${f.direction}:${type}:${action}`;
    let plan = this.plans.get(key);
    if (plan === undefined) {
      const keys = [key, `${f.direction}:${type}:*`, `${f.direction}:*`, '*'];
      const pick = (m: Map<string, Fn[]>) => keys.flatMap((k) => m.get(k) ?? []);
      plan = { checks: pick(this.generic.checks), follow: pick(this.generic.follow) };
      this.plans.set(key, plan);
    }
    return plan;
  }
}

function push(m: Map<string, Fn[]>, k: string, fn: Fn): void {
  const list = m.get(k);
  if (list) list.push(fn);
  else m.set(k, [fn]);
}

export function unanswered(chargerId: string, messageId: string, p: { seq: number; action: string; at: string }, dir: 'in' | 'out'): AnalysisFinding {
  return { chargerId, seq: p.seq, rule: 'unanswered-call', message: `${p.action} (message id ${messageId}) from the ${dir === 'in' ? 'charger' : 'Central System'} got no answer`, at: p.at };
}

export { MAX_PENDING };
