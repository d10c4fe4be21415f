import type { WebSocket } from 'ws';
import type { CallOutcome } from '../../shared/api/types.ts';

export interface PendingCall {
  action: string;
  messageId: string;
  /** 0 until the CALL is committed and written to the socket. */
  seq: number;
  sentAt: number;
  /** The CALL frame's time (the analysis pairs the answer with it). */
  atMs: number;
  timeoutMs: number;
  commandId: number | null;
  request: Record<string, unknown>;
  timer: NodeJS.Timeout | null;
  /** Its answer came and is being committed: the answer settles it, even if the link closes meanwhile. */
  answered?: boolean;
  resolve(outcome: CallOutcome): void;
  reject(err: Error): void;
}

export interface QueuedCall {
  action: string;
  payload: Record<string, unknown>;
  timeoutMs: number;
  commandId: number | null;
  resolve(outcome: CallOutcome): void;
  reject(err: Error): void;
}

/** One live WebSocket connection of a charger. */
export interface ChargerLink {
  id: string;
  ws: WebSocket;
  /** address:port of ours that the charger connected to. */
  localAddress: string;
  remoteAddress: string;
  subprotocol: string | null;
  connectedAt: string;
  /** The CSMS CALL awaiting its answer (one at a time, OCPP-J §4.1.1). */
  pending: PendingCall | null;
  queue: QueuedCall[];
  /** Recently timed-out calls, so that a late answer is recognised. */
  late: Map<string, { action: string; seq: number; sentAt: number; atMs: number; timeoutMs: number; request: Record<string, unknown> }>;
  alive: boolean;
  closed: boolean;
  /** Proxy mode (main/proxy): set when this connection is relayed to a back-end. */
  relay?: LinkRelay;
}

/** What the charger link asks of a relay (proxy mode); the relay itself lives in main/proxy. */
export interface LinkRelay {
  /** Every text frame the charger sends, instead of the local CSMS. */
  fromCharger(text: string): void;
  /**
   * True when the charger's one call slot (OCPP-J §4.1.1) is the back-end's: a back-end CALL awaits the charger's
   * answer, or one waits and is sent now. Operator calls then wait in their queue.
   */
  claimsSlot(): boolean;
  /** The charger's link closed (or was replaced). */
  chargerClosed(code: number, reason: string): void;
}

/** API-facing failures of an operator call, mapped to HTTP statuses by the API layer. */
export class CallFailure extends Error {
  readonly code: 'NOT_CONNECTED' | 'TIMEOUT' | 'BAD_REQUEST';
  constructor(code: CallFailure['code'], message: string) {
    super(message);
    this.name = 'CallFailure';
    this.code = code;
  }
}

export const LATE_MEMORY = 64;
