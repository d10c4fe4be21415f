import type { FeatureProfile, TestRunParams } from '../../shared/api/commissioning.ts';
import type { CallOutcome, Frame, Transfer } from '../../shared/api/types.ts';
import type { CsmsAction } from '../../shared/ocpp/actions.ts';
import type { Seen } from './watch.ts';

/** Run parameters with every default filled in. */
export type Params = Required<Omit<TestRunParams, 'firmwareId'>> & { firmwareId: string | null };

export interface ConfigValue { value: string | null; readonly: boolean | null }

/** What the engine knows about the charger when a case starts. */
export interface ChargerFacts {
  /** From GetConfiguration at the start of the run (empty when it failed). */
  config: Map<string, ConfigValue>;
  /** SupportedFeatureProfiles; null when the charger did not report it (then no case is skipped for its profile). */
  profiles: Set<FeatureProfile> | null;
  numberOfConnectors: number;
}

/** The answer to a CALL a case sent, with the frames that carry it. */
export interface Reply {
  outcome: CallOutcome;
  /** seq of our CALL and of the charger's answer (0 when not seen). */
  callSeq: number;
  answerSeq: number;
  result: Record<string, unknown> | null;
  errorCode: string | null;
}

/** What a case script may do. Everything it does is recorded as steps and evidence. */
export interface CaseContext {
  readonly chargerId: string;
  readonly params: Params;
  readonly facts: ChargerFacts;
  readonly signal: AbortSignal;
  now(): number;
  iso(offsetMs?: number): string;
  /** A step shown live ("send ChangeAvailability Inoperative to connector 1"). */
  step(text: string): void;
  /** Sends a CSMS call through the operator-call path; a timeout ends the case as fail, a lost link as inconclusive. */
  call(action: CsmsAction, payload: Record<string, unknown>): Promise<Reply>;
  /** Position in the charger's event stream, to wait from. */
  mark(): number;
  /** The first charger CALL of `action` from `from` on matching `pred`, or null after ms. */
  waitCall(action: string, from: number, ms: number, pred?: (payload: Record<string, unknown>, f: Frame) => boolean): Promise<Frame | null>;
  /** Any event from `from` on matching `pred`, or null after ms. */
  waitEvent(from: number, ms: number, pred: (s: Seen) => boolean): Promise<Seen | null>;
  /** Charger CALLs of `action` seen from `from` on. */
  calls(action: string, from: number): Frame[];
  /** Asks the engineer to act; resolves when they say done, when `until` is seen, or ends the case (skip, time out). */
  prompt(text: string, until?: (s: Seen) => boolean): Promise<void>;
  evidence(...seqs: (number | null | undefined)[]): void;
  /** Registers how to put back what the case is about to change; run last-in first-out when the case ends. */
  onRestore(what: string, fn: () => Promise<void>): void;
  sleep(ms: number): Promise<void>;
  /** A configuration value as an integer, or undefined. */
  configInt(key: string): number | undefined;
  /** The CSMS's view of things (read-only). */
  readonly csmsState: CsmsState;
}

export interface CsmsState {
  bootFrame(): Frame | undefined;
  framesSinceSeq(action: string, afterSeq: number): Frame[];
  connectorStatus(connectorId: number): string | undefined;
  openTransaction(connectorId: number): { id: number } | undefined;
  knownTransactionIds(): Set<number>;
  localList(): { version: number; entries: { idTag: string; idTagInfo: Record<string, unknown> | null }[] };
  installedProfiles(): { connectorId: number; chargingProfileId: number; stackLevel: number; purpose: string; profile: Record<string, unknown> }[];
}

/** Files the charger fetches or uploads (firmware, diagnostics): the file service behind an engine port. */
export interface TransferPort {
  createFirmware(chargerId: string, firmwareId: string, protocol: 'http' | 'ftp'): Transfer;
  createDiagnostics(chargerId: string, protocol: 'http' | 'ftp'): Transfer;
}

export interface CaseDef {
  id: string;
  title: string;
  profile: FeatureProfile;
  manual: boolean;
  needs: string[];
  spec: string;
  tc: string | null;
  description: string;
  onlyWhenAsked?: boolean;
  /** Passes by returning (optionally with a note); ends otherwise by throwing fail/inconclusive/skipped. */
  run(ctx: CaseContext, extra: { transfers: TransferPort | null }): Promise<string | void>;
}

export const frameOf = (s: Seen): Frame | null => (s.event.type === 'frame' ? s.event.frame : null);
export const payloadOf = (f: Frame): Record<string, unknown> => (f.payload && typeof f.payload === 'object' ? f.payload as Record<string, unknown> : {});
