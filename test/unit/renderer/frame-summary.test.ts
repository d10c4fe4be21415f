/** The one-line summary of a trace row: what a frame says, readable without opening it. */
import { describe, expect, test } from 'vitest';
import type { Frame } from '../../../shared/api/types.ts';
import { frameSummary, rowSummary } from '../../../renderer/trace/frame-summary.ts';

let seq = 0;
function f(messageType: Frame['messageType'], action: string | null, payload: unknown, over: Partial<Frame> = {}): Frame {
  seq++;
  return {
    seq, sessionId: 1, chargerId: 'CP-1', direction: messageType === 'CALL' ? 'in' : 'out', messageType, messageId: `m${seq}`, action,
    payload, raw: '[]', at: new Date(1_700_000_000_000).toISOString(), latencyMs: null, valid: true, issues: [], callSeq: null, errorCode: null, ...over,
  };
}

describe('trace row summaries', () => {
  test('StatusNotification names the connector and status, and the error code when there is one', () => {
    expect(frameSummary(f('CALL', 'StatusNotification', { connectorId: 1, status: 'Charging', errorCode: 'NoError' }))).toBe('#1 Charging');
    expect(frameSummary(f('CALL', 'StatusNotification', { connectorId: 2, status: 'Faulted', errorCode: 'GroundFailure' }))).toBe('#2 Faulted GroundFailure');
  });

  test('MeterValues reads power in kW (from W), current, energy and SoC of the last meterValue', () => {
    const mv = f('CALL', 'MeterValues', {
      connectorId: 1, transactionId: 7,
      meterValue: [{ timestamp: 'x', sampledValue: [
        { value: '21600', measurand: 'Power.Active.Import', unit: 'W' },
        { value: '43', measurand: 'SoC', unit: 'Percent' },
        { value: '321', unit: 'Wh' },
      ] }],
    });
    expect(frameSummary(mv)).toBe('#1 tx 7 21.6 kW 321 Wh 43 %');
    const bad = f('CALL', 'MeterValues', { connectorId: 1, meterValue: [{ timestamp: 'x', sampledValue: [{ value: 'n/a', measurand: 'SoC' }] }] });
    expect(frameSummary(bad)).toBe('#1 1 value');
  });

  test('a CALL row carries its answer: StartTransaction #2 04A1… → 117 Accepted', () => {
    const call = f('CALL', 'StartTransaction', { connectorId: 2, idTag: '04A1B2C3D4E5F6', meterStart: 0, timestamp: 'x' });
    const answer = f('CALLRESULT', 'StartTransaction', { transactionId: 117, idTagInfo: { status: 'Accepted' } });
    expect(rowSummary(call, answer)).toBe('#2 04A1B2C3… 0 Wh → 117 Accepted');
    expect(rowSummary(call, undefined)).toBe('#2 04A1B2C3… 0 Wh');
  });

  test('a CALLERROR answer shows its code on the CALL row and its description on its own row', () => {
    const call = f('CALL', 'Reset', { type: 'Hard' }, { direction: 'out' });
    const error = f('CALLERROR', 'Reset', { errorCode: 'NotImplemented', errorDescription: 'no reset here', errorDetails: {} }, { errorCode: 'NotImplemented' });
    expect(rowSummary(call, error)).toBe('Hard → NotImplemented');
    expect(frameSummary(error)).toBe('no reset here');
  });

  test('hostile payloads (wrong types, arrays, null) give a short or empty summary, never a throw', () => {
    for (const payload of [null, [], 'x', { connectorId: { a: 1 }, status: ['x'] }, { meterValue: 'no' }]) {
      for (const action of ['StatusNotification', 'MeterValues', 'StartTransaction', 'Unknown']) {
        expect(typeof rowSummary(f('CALL', action, payload), f('CALLRESULT', action, payload))).toBe('string');
      }
    }
  });
});
