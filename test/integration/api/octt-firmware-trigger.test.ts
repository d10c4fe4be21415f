/**
 * OCTT Firmware Management (TC_044_x, TC_045_x) and Remote Trigger (TC_054, TC_055) cases through the
 * control API: the operator call, the payload on the wire, and every notification that follows answered.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startApp, type TestApp } from '../../support/harness.ts';
import { accepted, booted, findings, frames, now, station, status } from './support.ts';

let t: TestApp;
beforeAll(async () => { t = await startApp(); });
afterAll(async () => { await t.stop(); });

const FIRMWARE_URL = 'http://192.0.2.1:8887/files/firmware/abc/fw-2.0.bin';
const LOG_URL = 'ftp://diag:secret@192.0.2.1:2121/upload/';

/** Every CALL the charger sent was answered with a CALLRESULT (none with a CALLERROR). */
async function allAnswered(id: string): Promise<void> {
  const fs = await frames(t, id);
  const calls = fs.filter((f) => f.direction === 'in' && f.messageType === 'CALL');
  const results = fs.filter((f) => f.direction === 'out' && f.messageType === 'CALLRESULT');
  expect(results.map((r) => r.callSeq)).toEqual(calls.map((c) => c.seq));
  expect(fs.filter((f) => f.messageType === 'CALLERROR')).toEqual([]);
}

describe('Firmware Management', () => {
  test('TC_044_1_CSMS Firmware Update – Download and Install', async () => {
    const st = await station(t, 'tc044-1');
    await booted(st);
    const body = { location: FIRMWARE_URL, retrieveDate: now() };
    const { wire, result } = await accepted(t, st, 'UpdateFirmware', body);
    expect(wire).toEqual(body);
    expect(result).toEqual({});
    expect(await st.call('FirmwareStatusNotification', { status: 'Downloading' })).toEqual({});
    expect(await st.call('FirmwareStatusNotification', { status: 'Downloaded' })).toEqual({});
    await status(st, 1, 'Unavailable');
    expect(await st.call('FirmwareStatusNotification', { status: 'Installing' })).toEqual({});
    await st.close();
    const again = await station(t, 'tc044-1', {}, { boot: false });
    const boot = await again.call('BootNotification', { chargePointVendor: 'TestVendor', chargePointModel: 'TestModel', firmwareVersion: '2.0.0' });
    expect(boot.status).toBe('Accepted');
    expect(await again.call('FirmwareStatusNotification', { status: 'Installed' })).toEqual({});
    await booted(again);
    await allAnswered('tc044-1');
    // The UpdateFirmware was Accepted and the charger reported installing it: the new version is its effect.
    expect(await findings(t, 'tc044-1', 'firmware-updated')).toHaveLength(1);
    await again.close();
  });

  test('TC_044_2_CSMS Firmware Update – Download Failed', async () => {
    const st = await station(t, 'tc044-2');
    await booted(st);
    const body = { location: FIRMWARE_URL, retrieveDate: now(), retries: 1, retryInterval: 30 };
    const { wire } = await accepted(t, st, 'UpdateFirmware', body);
    expect(wire).toEqual(body);
    await st.call('FirmwareStatusNotification', { status: 'Downloading' });
    await st.call('FirmwareStatusNotification', { status: 'DownloadFailed' });
    await allAnswered('tc044-2');
    await st.close();
  });

  test('TC_044_3_CSMS Firmware Update – Installation Failed', async () => {
    const st = await station(t, 'tc044-3');
    await booted(st);
    const body = { location: FIRMWARE_URL, retrieveDate: now() };
    const { wire } = await accepted(t, st, 'UpdateFirmware', body);
    expect(wire).toEqual(body);
    for (const s of ['Downloading', 'Downloaded', 'Installing']) await st.call('FirmwareStatusNotification', { status: s });
    await st.close();
    const again = await station(t, 'tc044-3');
    await again.call('FirmwareStatusNotification', { status: 'InstallationFailed' });
    await booted(again);
    await allAnswered('tc044-3');
    await again.close();
  });

  test('TC_045_1_CSMS Get Diagnostics', async () => {
    const st = await station(t, 'tc045-1', { GetDiagnostics: { fileName: 'diag-tc045.zip' } });
    await booted(st);
    const body = { location: LOG_URL };
    const { wire, result } = await accepted(t, st, 'GetDiagnostics', body);
    expect(wire).toEqual(body);
    expect(result).toEqual({ fileName: 'diag-tc045.zip' });
    expect(await st.call('DiagnosticsStatusNotification', { status: 'Uploading' })).toEqual({});
    expect(await st.call('DiagnosticsStatusNotification', { status: 'Uploaded' })).toEqual({});
    await allAnswered('tc045-1');
    await st.close();
  });

  test('TC_045_2_CSMS Get Diagnostics – Upload Failed', async () => {
    const st = await station(t, 'tc045-2');
    await booted(st);
    const body = { location: LOG_URL, startTime: '2026-01-01T00:00:00.000Z', stopTime: now(), retries: 2, retryInterval: 10 };
    const { wire } = await accepted(t, st, 'GetDiagnostics', body);
    expect(wire).toEqual(body);
    await st.call('DiagnosticsStatusNotification', { status: 'Uploading' });
    await st.call('DiagnosticsStatusNotification', { status: 'UploadFailed' });
    await allAnswered('tc045-2');
    await st.close();
  });
});

describe('Remote Trigger', () => {
  test('TC_054_CSMS Trigger Message (MeterValues, Heartbeat, StatusNotification, DiagnosticsStatusNotification, FirmwareStatusNotification)', async () => {
    const st = await station(t, 'tc054', {
      TriggerMessage: (p: any) => ({ status: p.requestedMessage === 'FirmwareStatusNotification' ? 'NotImplemented' : 'Accepted' }),
    });
    await booted(st);
    const triggered: Record<string, () => Promise<unknown>> = {
      MeterValues: () => st.call('MeterValues', { connectorId: 1, meterValue: [{ timestamp: now(), sampledValue: [{ value: '1234', context: 'Trigger' }] }] }),
      Heartbeat: () => st.call('Heartbeat', {}),
      StatusNotification: () => st.call('StatusNotification', { connectorId: 1, status: 'Available', errorCode: 'NoError' }),
      DiagnosticsStatusNotification: () => st.call('DiagnosticsStatusNotification', { status: 'Idle' }),
      FirmwareStatusNotification: () => st.call('FirmwareStatusNotification', { status: 'Idle' }),
    };
    for (const [requestedMessage, send] of Object.entries(triggered)) {
      const body = requestedMessage === 'MeterValues' || requestedMessage === 'StatusNotification' ? { requestedMessage, connectorId: 1 } : { requestedMessage };
      const { wire, result } = await accepted(t, st, 'TriggerMessage', body);
      expect(wire).toEqual(body);
      expect(result.status).toBe(requestedMessage === 'FirmwareStatusNotification' ? 'NotImplemented' : 'Accepted');
      const answer: any = await send();
      if (requestedMessage === 'Heartbeat') expect(answer.currentTime).toBeDefined();
      else expect(answer).toEqual({});
    }
    await allAnswered('tc054');
    await st.close();
  });

  test('TC_055_CSMS Trigger Message – Rejected (a connector beyond NumberOfConnectors)', async () => {
    const st = await station(t, 'tc055', { TriggerMessage: (p: any) => ({ status: (p.connectorId ?? 0) > 1 ? 'Rejected' : 'Accepted' }) });
    await booted(st);
    const body = { requestedMessage: 'MeterValues', connectorId: 2 };
    const { wire, result } = await accepted(t, st, 'TriggerMessage', body);
    expect(wire).toEqual(body);
    expect(result).toEqual({ status: 'Rejected' });
    await st.close();
  });
});
