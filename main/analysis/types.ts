/**
 * What the analysis engine reads and writes. The engine is pure: frames in (with the CALL each answer pairs with),
 * findings out, its state in memory; no I/O and no clock of its own (time is the frames' time).
 */
import type { Direction, SchemaIssue } from '../../shared/api/types.ts';
import type { MessageTypeName } from '../../shared/ocpp/actions.ts';
import type { RuleId } from '../../shared/rules/catalogue.ts';
import type { Payload } from '../ocpp/frame.ts';
import type { ChargerState } from './state.ts';

/** One frame as the engine sees it: parsed, validated, stored (seq is the handle findings point at). */
export interface AnalysisFrame {
  chargerId: string;
  seq: number;
  direction: Direction;
  /** null: the frame could not be read as OCPP-J (see `unreadable`). */
  type: MessageTypeName | null;
  messageId: string | null;
  /** For results: the action of the CALL they answer (null when unmatched). */
  action: string | null;
  /** The CALL's or CALLRESULT's payload (null for CALLERRORs and unreadable frames). */
  payload: Payload | null;
  errorCode: string | null;
  errorDescription?: string;
  at: string;
  /**
   * NaN when the frame's time is unknown (an imported log gave it none; `at` then only keeps the order): every
   * comparison with NaN is false, so no rule that measures time (answer times, heartbeat cadence, repeated boots,
   * clock skew, meter gaps, command deadlines, expiries) fires on such a frame, nor on a later one measured against it.
   */
  atMs: number;
  /** Whether the frame passed its schema (a result without its CALL: false). */
  valid: boolean;
  issues: readonly SchemaIssue[];
  /** Why the frame could not be read, and whether OCPP-J says to ignore it (an unknown message type). */
  unreadable?: { message: string; ignored: boolean };
}

/** The CALL a result answers. */
export interface AnalysisPair {
  seq: number;
  action: string;
  payload: Payload | null;
  /** NaN when the CALL's time is unknown (see AnalysisFrame.atMs): its answer time is not measured. */
  atMs: number;
  valid: boolean;
  /** The call's own timeout when its sender set one (the live CSMS: `?timeoutMs=`); else AnalysisOptions.callTimeoutMs. */
  timeoutMs?: number;
}

export interface AnalysisFinding {
  chargerId: string;
  seq: number | null;
  rule: RuleId;
  message: string;
  at: string;
  /** Only from finish(): an effect still awaited at the end, and when it was due (an import tells a cut log by it). */
  dueAtMs?: number;
}

export interface AnalysisOptions {
  /** An answer later than this is late (the live CSMS's call timeout). */
  callTimeoutMs: number;
  /** Volts for A ↔ W (the composite schedule check). */
  nominalVoltage: number;
}

/** What one check sees and how it reports; one object reused for every frame. */
export interface CheckContext {
  readonly f: AnalysisFrame;
  readonly pair: AnalysisPair | null;
  readonly cs: ChargerState;
  readonly options: AnalysisOptions;
  /** A finding on this frame (or on `seq`). */
  report(rule: RuleId, message: string, seq?: number | null): void;
}

/** `in:CALL:Heartbeat`, `out:CALLRESULT:BootNotification` (the CSMS's answer), `in:CALLERROR:*`, `in:*`, `*`. */
export type Trigger = string;

/** A family of rules: checks that read the state before the frame, then what the frame changes in the state. */
export interface RuleFamily {
  name: string;
  /** Which catalogued rules this family can report (the rule tests check every id is covered). */
  rules: readonly RuleId[];
  checks: Partial<Record<Trigger, (c: CheckContext) => void>>;
  follow?: Partial<Record<Trigger, (c: CheckContext) => void>>;
}
