/** The state the rules read, per charger, built from the frames alone (so live and recorded traffic build the same). */
import type { InstalledProfile } from '../csms/smart-charging/profiles-model.ts';

export interface TxState {
  /** The transactionId on the wire (what the CSMS answered). */
  id: number;
  connectorId: number;
  idTag: string;
  idTagStatus: string;
  startSeq: number;
  /** The charger's start timestamp (the frame's time when unreadable). */
  startedMs: number;
  meterStart: number;
  /** Last Energy.Active.Import.Register reading, Wh. */
  lastEnergyWh: number | null;
  /** Frame time of the last MeterValues of this transaction (or of its start). */
  lastSampleMs: number;
  gapReported: boolean;
  continuedReported: boolean;
  withoutIdReported: boolean;
  energyDecreaseReported: boolean;
  aboveLimitReported: boolean;
}

/** Something a command should have caused, checked when a later frame of the charger arrives (or at the end). */
export interface Expectation {
  rule: 'availability-not-followed' | 'reset-no-reboot' | 'remote-start-no-transaction' | 'remote-stop-not-followed' | 'trigger-not-sent';
  seq: number;
  deadlineMs: number;
  message: string;
  /** True when this frame fulfils the expectation. */
  met(f: import('./types.ts').AnalysisFrame): boolean;
}

export interface ReservationState { connectorId: number; idTag: string; expiryMs: number; state: 'active' | 'cancelled' | 'used' }

/** Message ids remembered per sender for the duplicate check. */
export const RECENT_IDS = 256;
/** Stopped transactions remembered (for "stopped twice"). */
const STOPPED_MEMORY = 64;
/** CALLs kept waiting for an answer per charger and direction; beyond this the oldest is reported unanswered. */
export const MAX_PENDING = 64;

export interface PendingCall { seq: number; action: string; atMs: number; at: string }

export class ChargerState {
  /** Heartbeat interval the charger was given (BootNotification.conf, HeartbeatInterval), seconds. */
  heartbeatInterval: number | null = null;
  lastInMs: number | null = null;
  lastHeartbeatMs: number | null = null;
  heartbeatLateReported = false;
  heartbeatFrequentReported = false;
  bootTimes: number[] = [];
  firmwareVersion: string | null | undefined = undefined;
  /** An UpdateFirmware was sent since the last boot, and the charger reported installing it. */
  firmwarePushed = false;
  firmwareInstalled = false;
  firmwareStatus: string | null = null;
  diagnosticsRequested = false;
  diagnosticsStatus: string | null = null;
  /** Connector → status; `fresh` connectors reported no status since the last boot (any first status is fine). */
  readonly status = new Map<number, string>();
  readonly open = new Map<number, TxState>();
  readonly openByConnector = new Map<number, TxState>();
  readonly stopped = new Map<number, string>();
  /** idTag → the status the CSMS answered in Authorize (the last few). */
  readonly authorized = new Map<string, string>();
  readonly configuration = new Map<string, string | null>();
  readonly reservations = new Map<number, ReservationState>();
  profiles: InstalledProfile[] = [];
  localListVersion: number | null = null;
  securityProfile: number | null = null;
  expectations: Expectation[] = [];
  /** Recent causes of a stop: Reset types, remote stops by transaction, unlocks by connector (frame times). */
  lastReset: { type: string; atMs: number } | null = null;
  readonly remoteStops = new Set<number>();
  readonly unlocks = new Set<number>();
  /** Recent CALL message ids per direction: id → answered. */
  readonly recentIds = { in: new Map<string, boolean>(), out: new Map<string, boolean>() };
  readonly pending = { in: new Map<string, PendingCall>(), out: new Map<string, PendingCall>() };
  /** A TriggerMessage(Heartbeat) answered Accepted: the next heartbeat may come early. */
  triggeredHeartbeat = false;
  /** The message id of the last unreadable frame (a CALLERROR may answer it). */
  lastUnreadableId: string | null = null;
  /** Rules reported once per charger (flood-prone ones). */
  readonly once = new Set<string>();

  rememberStopped(id: number, at: string): void {
    this.stopped.set(id, at);
    if (this.stopped.size > STOPPED_MEMORY) this.stopped.delete(this.stopped.keys().next().value!);
  }

  rememberAuthorize(idTag: string, status: string): void {
    this.authorized.delete(idTag);
    this.authorized.set(idTag, status);
    if (this.authorized.size > 64) this.authorized.delete(this.authorized.keys().next().value!);
  }

  /** Configuration value as an integer, or null when unknown or not an integer. */
  intKey(key: string): number | null {
    const v = this.configuration.get(key);
    if (v === undefined || v === null || !/^\s*-?\d+\s*$/.test(v)) return null;
    return Number(v);
  }
}
