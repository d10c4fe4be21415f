/** A scripted exchange between a charger and a Central System, fed to the analysis engine frame by frame. */
import type { RuleId } from '../../../shared/rules/catalogue.ts';
import { Analysis } from '../../../main/analysis/engine.ts';
import type { AnalysisFinding, AnalysisFrame, AnalysisPair } from '../../../main/analysis/types.ts';
import { isCsmsAction, isIncomingAction } from '../../../shared/ocpp/actions.ts';
import { createOcppValidator } from '../../../main/ocpp/validation.ts';

const validator = createOcppValidator();
export const T0 = Date.parse('2025-06-01T08:00:00.000Z');
type P = Record<string, unknown>;

export interface Exchange { latencyMs?: number; id?: string; error?: string; noAnswer?: boolean }

export class Sim {
  readonly analysis = new Analysis();
  readonly found: AnalysisFinding[] = [];
  now = T0;
  /** Frames whose log gave them no time (an import): the engine gets NaN, as FrameReplay gives it; payload times still move on. */
  timeUnknown = false;
  private seq = 0;
  private ids = 0;
  constructor(readonly chargerId = 'CP-1') {}

  iso(offsetSec = 0): string {
    return new Date(this.now + offsetSec * 1000).toISOString();
  }

  wait(sec: number): this {
    this.now += sec * 1000;
    return this;
  }

  private feed(f: Omit<AnalysisFrame, 'chargerId' | 'seq' | 'at' | 'atMs'>, pair: AnalysisPair | null): number {
    const seq = ++this.seq;
    this.found.push(...this.analysis.frame({ ...f, chargerId: this.chargerId, seq, at: new Date(this.now).toISOString(), atMs: this.timeUnknown ? NaN : this.now }, pair));
    return seq;
  }

  private check(action: string, kind: 'Request' | 'Response', payload: P, known: boolean) {
    return known ? validator.validate(action, kind, payload) : { valid: false, issues: [] };
  }

  /** The charger calls, the Central System answers `res` (or a CALLERROR). */
  cp(action: string, req: P, res: P = {}, o: Exchange = {}): this {
    return this.exchange('in', action, req, res, o);
  }

  /** The Central System calls, the charger answers. */
  cs(action: string, req: P, res: P = {}, o: Exchange = {}): this {
    return this.exchange('out', action, req, res, o);
  }

  private exchange(dir: 'in' | 'out', action: string, req: P, res: P, o: Exchange): this {
    const known = dir === 'in' ? isIncomingAction(action) : isCsmsAction(action);
    const rq = this.check(action, 'Request', req, known);
    const id = o.id ?? `m${++this.ids}`;
    const seq = this.feed({ direction: dir, type: 'CALL', messageId: id, action, payload: req, errorCode: null, valid: rq.valid, issues: rq.issues }, null);
    if (o.noAnswer) return this;
    const atMs = this.timeUnknown ? NaN : this.now;
    this.now += o.latencyMs ?? 10;
    const pair: AnalysisPair = { seq, action, payload: req, atMs, valid: rq.valid };
    const back = dir === 'in' ? 'out' : 'in';
    if (o.error !== undefined) {
      this.feed({ direction: back, type: 'CALLERROR', messageId: id, action, payload: null, errorCode: o.error, errorDescription: 'x', valid: true, issues: [] }, pair);
    } else {
      const rs = this.check(action, 'Response', res, known);
      this.feed({ direction: back, type: 'CALLRESULT', messageId: id, action, payload: res, errorCode: null, valid: rs.valid, issues: rs.issues }, pair);
    }
    return this;
  }

  /** A frame that is not OCPP-J. */
  unreadable(ignored = false, messageId: string | null = null): this {
    this.feed({ direction: 'in', type: null, messageId, action: null, payload: null, errorCode: null, valid: false, issues: [], unreadable: { message: 'not JSON', ignored } }, null);
    return this;
  }

  /** A result that answers nothing. */
  orphan(dir: 'in' | 'out', type: 'CALLRESULT' | 'CALLERROR', messageId: string): this {
    this.feed({ direction: dir, type, messageId, action: null, payload: type === 'CALLRESULT' ? {} : null, errorCode: type === 'CALLERROR' ? 'GenericError' : null, valid: false, issues: [] }, null);
    return this;
  }

  finish(): this {
    this.found.push(...this.analysis.finish(new Date(this.now).toISOString()));
    return this;
  }

  rules(): RuleId[] {
    return this.found.map((f) => f.rule);
  }

  // ---- common steps ----
  boot(o: { interval?: number; firmwareVersion?: string; status?: string; extra?: P } = {}): this {
    return this.cp('BootNotification', { chargePointVendor: 'V', chargePointModel: 'M', ...(o.firmwareVersion ? { firmwareVersion: o.firmwareVersion } : {}), ...o.extra },
      { status: o.status ?? 'Accepted', currentTime: this.iso(), interval: o.interval ?? 60 });
  }

  status(connectorId: number, status: string, extra: P = {}): this {
    return this.cp('StatusNotification', { connectorId, status, errorCode: 'NoError', timestamp: this.iso(), ...extra });
  }

  heartbeat(): this {
    return this.cp('Heartbeat', {}, { currentTime: this.iso() });
  }

  start(o: { connectorId?: number; idTag?: string; meterStart?: number; txId?: number; status?: string; reservationId?: number; timestamp?: string } = {}): this {
    return this.cp('StartTransaction', {
      connectorId: o.connectorId ?? 1, idTag: o.idTag ?? 'TAG', meterStart: o.meterStart ?? 1000, timestamp: o.timestamp ?? this.iso(),
      ...(o.reservationId !== undefined ? { reservationId: o.reservationId } : {}),
    }, { transactionId: o.txId ?? 1, idTagInfo: { status: o.status ?? 'Accepted' } });
  }

  stop(o: { txId?: number; meterStop?: number; reason?: string; timestamp?: string } = {}): this {
    return this.cp('StopTransaction', { transactionId: o.txId ?? 1, meterStop: o.meterStop ?? 2000, timestamp: o.timestamp ?? this.iso(), ...(o.reason ? { reason: o.reason } : {}) },
      { idTagInfo: { status: 'Accepted' } });
  }

  meter(o: { connectorId?: number; txId?: number | null; values: { value: string; measurand?: string; unit?: string; context?: string }[] }): this {
    const txId = o.txId === undefined ? 1 : o.txId;
    return this.cp('MeterValues', {
      connectorId: o.connectorId ?? 1, ...(txId !== null ? { transactionId: txId } : {}),
      meterValue: [{ timestamp: this.iso(), sampledValue: o.values }],
    });
  }

  config(keys: Record<string, string>, asked?: string[], unknownKey?: string[]): this {
    return this.cs('GetConfiguration', asked ? { key: asked } : {}, {
      configurationKey: Object.entries(keys).map(([key, value]) => ({ key, readonly: false, value })), ...(unknownKey ? { unknownKey } : {}),
    });
  }
}
