import type { LiveEvent } from '../../shared/api/types.ts';
import { RULES, type RuleId } from '../../shared/rules/catalogue.ts';
import { Analysis } from '../analysis/engine.ts';
import type { AnalysisFrame, AnalysisPair } from '../analysis/types.ts';
import type { NewFrame } from '../store/frames.ts';
import type { Store } from '../store/store.ts';
import type { OcppValidator } from '../ocpp/validation.ts';
import type { Committer } from './committer.ts';
import type { CsmsHooks } from './context.ts';

/** What the CSMS parts share: built once by createCsms. */
export interface CsmsEnv {
  store: Store;
  validator: OcppValidator;
  committer: Committer;
  clock: () => Date;
  publish(event: LiveEvent): void;
  /** Whether anyone listens to live events: frame events are built only then (two objects per frame saved). */
  listening(): boolean;
  hooks: CsmsHooks;
  log(message: string): void;
  /** The analysis engine of a live session (a new session starts a new one). */
  analysis(sessionId: number): Analysis;
  /** Whether a charger has a link now. */
  isConnected(chargerId: string): boolean;
}

/** One engine per live session; its options follow the settings. */
export function liveAnalysis(store: Store): (sessionId: number) => Analysis {
  let current: { sessionId: number; analysis: Analysis } | null = null;
  return (sessionId) => {
    const s = store.settings.get();
    if (current === null || current.sessionId !== sessionId) {
      current = { sessionId, analysis: new Analysis({ callTimeoutMs: s.callTimeoutMs, nominalVoltage: s.nominalVoltage }) };
    } else {
      current.analysis.options.callTimeoutMs = s.callTimeoutMs;
      current.analysis.options.nominalVoltage = s.nominalVoltage;
    }
    return current.analysis;
  };
}

/**
 * Collects what one unit of work records (frames, findings) and the events to publish after its commit.
 * This is the tap: every frame in and out is recorded here, handlers never log frames themselves.
 */
export class Recorder {
  readonly events: LiveEvent[] = [];
  readonly after: (() => void)[] = [];
  constructor(private readonly env: CsmsEnv, readonly sessionId: number, readonly chargerId: string) {}

  frame(f: Omit<NewFrame, 'sessionId' | 'chargerId'>): number {
    const seq = this.env.store.frames.insertFor(this.sessionId, this.chargerId, f);
    if (this.env.listening()) this.events.push({ type: 'frame', frame: { ...f, sessionId: this.sessionId, chargerId: this.chargerId, seq } });
    return seq;
  }

  finding(seq: number | null, rule: RuleId, message: string, at: string): void {
    const finding = this.env.store.findings.insert({ sessionId: this.sessionId, chargerId: this.chargerId, seq, rule, severity: RULES[rule].severity, message, at });
    this.events.push({ type: 'finding', finding });
  }

  /** Runs the analysis engine on a frame just recorded and records what it finds. A failing rule never fails the frame. */
  analyse(f: AnalysisFrame, pair: AnalysisPair | null): void {
    let found;
    try {
      found = this.env.analysis(this.sessionId).frame(f, pair);
    } catch (err) {
      this.env.log(`analysis of ${f.action ?? 'a frame'} from ${this.chargerId} failed: ${(err as Error).stack ?? String(err)}`);
      this.finding(f.seq, 'internal-error', `ChargeScope's analysis failed on this frame: ${(err as Error).message}`, f.at);
      return;
    }
    for (const x of found) this.finding(x.seq, x.rule, x.message, x.at);
  }

  /** Publishes the events and runs the callbacks: call only after the commit. */
  flush(): void {
    for (const e of this.events) this.env.publish(e);
    for (const fn of this.after) fn();
  }
}
