import type { LiveEvent, Settings } from '../../shared/api/types.ts';
import type { IncomingAction } from '../../shared/ocpp/actions.ts';
import type { IncomingPayloads } from '../../shared/ocpp/payloads.ts';
import type { Store } from '../store/store.ts';

/** Things other parts of the app want to hear about, called after the commit. */
export interface CsmsHooks {
  firmwareStatus?(chargerId: string, status: string, at: string): void;
  diagnosticsStatus?(chargerId: string, status: string, at: string): void;
  /** The charger's record or connectors changed (boot, status). */
  chargerChanged?(chargerId: string): void;
}

/** What a handler may use. It never touches the socket; its writes commit before the reply leaves. */
export interface HandlerContext {
  chargerId: string;
  sessionId: number;
  /** seq of the CALL frame being answered. */
  seq: number;
  /** Receipt time of the CALL, ISO UTC with ms. */
  at: string;
  now: Date;
  store: Store;
  settings: Settings;
  /** Queues a live event; it is published after the commit. */
  emit(event: LiveEvent): void;
  /** Whether anyone listens to live events: an event that costs a read to build is built only then. */
  listening: boolean;
  /** Queues a callback to run after the commit (hooks, timers). */
  afterCommit(fn: () => void): void;
  hooks: CsmsHooks;
  /** Whether a charger is connected now (the live-only ConcurrentTx rule). */
  isConnected(chargerId: string): boolean;
}

export type Handler<A extends IncomingAction> = (ctx: HandlerContext, req: IncomingPayloads[A]['req']) => IncomingPayloads[A]['res'];

/** One handler for every charger-initiated action: the compiler demands the table be complete. */
export type HandlerTable = { [A in IncomingAction]: Handler<A> };
