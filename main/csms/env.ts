import type { LiveEvent, Severity } from '../../shared/api/types.ts';
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
  /** The TLS port checks client certificates against a CA (--tls-ca, security profile 3). */
  tlsClientCa?: boolean;
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

  finding(seq: number | null, rule: string, severity: Severity, message: string, at: string): void {
    const finding = this.env.store.findings.insert({ sessionId: this.sessionId, chargerId: this.chargerId, seq, rule, severity, message, at });
    this.events.push({ type: 'finding', finding });
  }

  /** Publishes the events and runs the callbacks: call only after the commit. */
  flush(): void {
    for (const e of this.events) this.env.publish(e);
    for (const fn of this.after) fn();
  }
}
