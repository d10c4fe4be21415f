/**
 * OCTT for OCPP 1.6-J, SUT = Central System: the operator-triggered Core cases (test case document
 * 2024-04, ch. 3; the "Op:" rows of shared/reference/octt16-csms.md §1.2). Each test drives the CSMS
 * through the control API, checks the payload the charger received, and the CSMS state afterwards.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startApp, type TestApp } from '../../support/harness.ts';
import { accepted, booted, charging, findings, get, op, station, status, stopped, validTag } from './support.ts';

let t: TestApp;
beforeAll(async () => { t = await startApp(); });
afterAll(async () => { await t.stop(); });

const transactions = async (id: string) => (await t.api('GET', `/api/transactions?charger=${id}`)).body as any[];

/** Configuration keys of OCTT Table 133 (Core, Local Auth List, Smart Charging) as a charger reports them. */
const TABLE_133 = [
  ['AllowOfflineTxForUnknownId', 'false', false], ['AuthorizationCacheEnabled', 'true', false], ['AuthorizeRemoteTxRequests', 'true', false],
  ['ClockAlignedDataInterval', '0', false], ['ConnectionTimeOut', '60', false], ['ConnectorPhaseRotation', '0.RST,1.RST', false],
  ['GetConfigurationMaxKeys', '50', true], ['HeartbeatInterval', '60', false], ['LocalAuthorizeOffline', 'true', false],
  ['LocalPreAuthorize', 'false', false], ['MeterValuesAlignedData', 'Energy.Active.Import.Register', false],
  ['MeterValuesSampledData', 'Energy.Active.Import.Register', false], ['MeterValueSampleInterval', '30', false],
  ['NumberOfConnectors', '1', true], ['ResetRetries', '3', false], ['StopTransactionOnEVSideDisconnect', 'true', false],
  ['StopTransactionOnInvalidId', 'true', false], ['StopTxnAlignedData', '', false], ['StopTxnSampledData', '', false],
  ['SupportedFeatureProfiles', 'Core,FirmwareManagement,LocalAuthListManagement,Reservation,SmartCharging,RemoteTrigger', true],
  ['TransactionMessageAttempts', '3', false], ['TransactionMessageRetryInterval', '60', false], ['UnlockConnectorOnEVSideDisconnect', 'true', false],
  ['WebSocketPingInterval', '30', false], ['LocalAuthListEnabled', 'true', false], ['LocalAuthListMaxLength', '100', true],
  ['SendLocalListMaxLength', '50', true], ['ChargeProfileMaxStackLevel', '8', true], ['ChargingScheduleAllowedChargingRateUnit', 'Current', true],
  ['ChargingScheduleMaxPeriods', '24', true], ['MaxChargingProfilesInstalled', '10', true],
].map(([key, value, readonly]) => ({ key: key as string, value: value as string, readonly: readonly as boolean }));

describe('Core', () => {
  test('TC_061_CSMS Clear Authorization Data in Authorization Cache', async () => {
    const st = await station(t, 'tc061');
    await booted(st);
    const { result, wire } = await accepted(t, st, 'ClearCache', {});
    expect(wire).toEqual({});
    expect(result).toEqual({ status: 'Accepted' });
    await st.close();
  });

  test('TC_010_CSMS Remote Start Charging Session – Cable Plugged in First', async () => {
    const tag = await validTag(t, 'T-tc010');
    const st = await station(t, 'tc010');
    await booted(st);
    await status(st, 1, 'Preparing');
    const { result, wire } = await accepted(t, st, 'RemoteStartTransaction', { idTag: tag, connectorId: 1 });
    expect(wire).toEqual({ idTag: tag, connectorId: 1 });
    expect(result).toEqual({ status: 'Accepted' });
    expect((await st.call('Authorize', { idTag: tag })).idTagInfo.status).toBe('Accepted');
    const start = await st.call('StartTransaction', { connectorId: 1, idTag: tag, meterStart: 0, timestamp: new Date().toISOString() });
    expect(start.idTagInfo.status).toBe('Accepted');
    await status(st, 1, 'Charging');
    expect(await transactions('tc010')).toEqual([expect.objectContaining({ id: start.transactionId, connectorId: 1, idTag: tag, stoppedAt: null })]);
    await st.close();
  });

  test('TC_011_1_CSMS Remote Start Charging Session – Remote Start First', async () => {
    const tag = await validTag(t, 'T-tc011-1');
    const st = await station(t, 'tc011-1');
    await booted(st);
    const { wire } = await accepted(t, st, 'RemoteStartTransaction', { idTag: tag, connectorId: 1 });
    expect(wire).toEqual({ idTag: tag, connectorId: 1 });
    const txId = await charging(st, tag);
    expect((await transactions('tc011-1')).map((x) => x.id)).toEqual([txId]);
    await st.close();
  });

  test('TC_011_2_CSMS Remote Start Charging Session – Time Out', async () => {
    const tag = await validTag(t, 'T-tc011-2');
    const st = await station(t, 'tc011-2');
    await booted(st);
    const { result } = await accepted(t, st, 'RemoteStartTransaction', { idTag: tag });
    expect(result).toEqual({ status: 'Accepted' });
    expect(st.received[0]!.params).toEqual({ idTag: tag });
    expect((await st.call('Authorize', { idTag: tag })).idTagInfo.status).toBe('Accepted');
    await status(st, 1, 'Preparing');
    await status(st, 1, 'Available');
    expect(await transactions('tc011-2')).toEqual([]);
    const c = (await t.api('GET', '/api/chargers/tc011-2')).body;
    expect(c.connectors.find((x: any) => x.connectorId === 1).status).toBe('Available');
    await st.close();
  });

  test('TC_012_CSMS Remote Stop Charging Session', async () => {
    const tag = await validTag(t, 'T-tc012');
    const st = await station(t, 'tc012');
    await booted(st);
    const txId = await charging(st, tag);
    const { wire, result } = await accepted(t, st, 'RemoteStopTransaction', { transactionId: txId });
    expect(wire).toEqual({ transactionId: txId });
    expect(result).toEqual({ status: 'Accepted' });
    await stopped(st, txId, 'Remote');
    expect((await transactions('tc012'))[0]).toMatchObject({ id: txId, reason: 'Remote', meterStop: 1000 });
    await st.close();
  });

  for (const [id, type] of [['TC_013_CSMS Hard Reset', 'Hard'], ['TC_014_CSMS Soft Reset', 'Soft']] as const) {
    test(id, async () => {
      const name = `reset-${type}`;
      const st = await station(t, name);
      await booted(st);
      const { wire, result } = await accepted(t, st, 'Reset', { type });
      expect(wire).toEqual({ type });
      expect(result).toEqual({ status: 'Accepted' });
      await st.close();
      // The charger reboots: a new connection, a BootNotification (answered Accepted), StatusNotifications.
      const again = await station(t, name);
      await booted(again);
      const c = (await t.api('GET', `/api/chargers/${name}`)).body;
      expect(c).toMatchObject({ connected: true, registration: 'Accepted' });
      expect(c.connectors.map((x: any) => x.status)).toEqual(['Available', 'Available']);
      await again.close();
    });
  }

  test('TC_017_1_CSMS Unlock connector – no charging session running (not fixed cable)', async () => {
    const st = await station(t, 'tc017-1');
    await booted(st);
    const { wire, result } = await accepted(t, st, 'UnlockConnector', { connectorId: 1 });
    expect(wire).toEqual({ connectorId: 1 });
    expect(result).toEqual({ status: 'Unlocked' });
    await st.close();
  });

  test('TC_017_2_CSMS Unlock connector – no charging session running (fixed cable)', async () => {
    const st = await station(t, 'tc017-2', { UnlockConnector: { status: 'NotSupported' } });
    await booted(st);
    const { wire, result } = await accepted(t, st, 'UnlockConnector', { connectorId: 1 });
    expect(wire).toEqual({ connectorId: 1 });
    expect(result).toEqual({ status: 'NotSupported' });
    expect(await findings(t, 'tc017-2', 'internal-error')).toEqual([]);
    await st.close();
  });

  test('TC_018_1_CSMS Unlock Connector – With Charging Session', async () => {
    const tag = await validTag(t, 'T-tc018-1');
    const st = await station(t, 'tc018-1');
    await booted(st);
    const txId = await charging(st, tag);
    const { wire, result } = await accepted(t, st, 'UnlockConnector', { connectorId: 1 });
    expect(wire).toEqual({ connectorId: 1 });
    expect(result).toEqual({ status: 'Unlocked' });
    await status(st, 1, 'Finishing');
    await st.call('StopTransaction', { transactionId: txId, meterStop: 500, timestamp: new Date().toISOString(), reason: 'UnlockCommand' });
    await status(st, 1, 'Available');
    expect((await transactions('tc018-1'))[0]).toMatchObject({ id: txId, reason: 'UnlockCommand' });
    await st.close();
  });

  test('TC_019_1_CSMS Retrieve all configuration keys', async () => {
    const st = await station(t, 'tc019-1', { GetConfiguration: { configurationKey: TABLE_133 } });
    await booted(st);
    const { wire, result } = await accepted(t, st, 'GetConfiguration', {});
    expect(wire).toEqual({});
    expect(wire.key).toBeUndefined();
    expect(result.configurationKey).toHaveLength(TABLE_133.length);
    const config = await get(t, 'tc019-1', 'configuration');
    expect(config.map((k: any) => [k.key, k.value, k.readonly, k.unknown])).toEqual(
      [...TABLE_133].sort((a, b) => (a.key < b.key ? -1 : 1)).map((k) => [k.key, k.value, k.readonly, false]),
    );
    // "The key is <Empty>": an empty list asks for everything as well.
    const empty = await accepted(t, st, 'GetConfiguration', { key: [] });
    expect(empty.wire).toEqual({ key: [] });
    await st.close();
  });

  test('TC_019_2_CSMS Retrieve specific configuration key', async () => {
    const features = TABLE_133.find((k) => k.key === 'SupportedFeatureProfiles')!;
    const st = await station(t, 'tc019-2', { GetConfiguration: { configurationKey: [features] } });
    await booted(st);
    const { wire, result } = await accepted(t, st, 'GetConfiguration', { key: ['SupportedFeatureProfiles'] });
    expect(wire).toEqual({ key: ['SupportedFeatureProfiles'] });
    expect(result).toEqual({ configurationKey: [features] });
    expect(await get(t, 'tc019-2', 'configuration')).toEqual([
      expect.objectContaining({ key: 'SupportedFeatureProfiles', value: features.value, readonly: true, unknown: false }),
    ]);
    await st.close();
  });

  test('TC_021_CSMS Change/set Configuration', async () => {
    const st = await station(t, 'tc021');
    await booted(st);
    const { wire, result } = await accepted(t, st, 'ChangeConfiguration', { key: 'MeterValueSampleInterval', value: '60' });
    expect(wire).toEqual({ key: 'MeterValueSampleInterval', value: '60' });
    expect(result).toEqual({ status: 'Accepted' });
    expect(await get(t, 'tc021', 'configuration')).toEqual([
      expect.objectContaining({ key: 'MeterValueSampleInterval', value: '60', unknown: false, lastChange: 'Accepted' }),
    ]);
    await st.close();
  });

  test('TC_026_CSMS Remote Start Charging Session – Rejected', async () => {
    const tag = await validTag(t, 'T-tc026');
    const st = await station(t, 'tc026', { RemoteStartTransaction: { status: 'Rejected' } });
    await booted(st);
    const { wire, result } = await accepted(t, st, 'RemoteStartTransaction', { idTag: tag, connectorId: 1 });
    expect(wire).toEqual({ idTag: tag, connectorId: 1 });
    expect(result).toEqual({ status: 'Rejected' });
    expect(await transactions('tc026')).toEqual([]);
    expect(await get(t, 'tc026', 'charging-profiles')).toEqual([]);
    await st.close();
  });

  test('TC_028_CSMS Remote Stop Transaction – Rejected (an unknown transactionId)', async () => {
    const tag = await validTag(t, 'T-tc028');
    const st = await station(t, 'tc028', { RemoteStopTransaction: { status: 'Rejected' } });
    await booted(st);
    const txId = await charging(st, tag);
    const { wire, result } = await accepted(t, st, 'RemoteStopTransaction', { transactionId: txId + 100000 });
    expect(wire).toEqual({ transactionId: txId + 100000 });
    expect(result).toEqual({ status: 'Rejected' });
    expect((await transactions('tc028'))[0]).toMatchObject({ id: txId, stoppedAt: null });
    await st.close();
  });

  test('TC_030_CSMS Unlock Connector – Unlock Failure', async () => {
    const st = await station(t, 'tc030', { UnlockConnector: { status: 'UnlockFailed' } });
    await booted(st);
    const { wire, result } = await accepted(t, st, 'UnlockConnector', { connectorId: 1 });
    expect(wire).toEqual({ connectorId: 1 });
    expect(result).toEqual({ status: 'UnlockFailed' });
    await st.close();
  });

  test('TC_031_CSMS Unlock Connector – Unknown Connector', async () => {
    const st = await station(t, 'tc031', { UnlockConnector: (p: any) => ({ status: p.connectorId > 1 ? 'NotSupported' : 'Unlocked' }) });
    await booted(st);
    const { wire, result } = await accepted(t, st, 'UnlockConnector', { connectorId: 9 });
    expect(wire).toEqual({ connectorId: 9 });
    expect(result).toEqual({ status: 'NotSupported' });
    await st.close();
  });

  test('TC_040_1_CSMS Configuration keys – NotSupported', async () => {
    const st = await station(t, 'tc040-1', { ChangeConfiguration: { status: 'NotSupported' } });
    await booted(st);
    const { wire, result } = await accepted(t, st, 'ChangeConfiguration', { key: 'UnknownKeyForOctt', value: 'true' });
    expect(wire).toEqual({ key: 'UnknownKeyForOctt', value: 'true' });
    expect(result).toEqual({ status: 'NotSupported' });
    expect(await get(t, 'tc040-1', 'configuration')).toEqual([
      expect.objectContaining({ key: 'UnknownKeyForOctt', value: null, unknown: true, lastChange: 'NotSupported' }),
    ]);
    await st.close();
  });

  test('TC_040_2_CSMS Configuration keys – invalid value', async () => {
    const st = await station(t, 'tc040-2', {
      GetConfiguration: { configurationKey: [{ key: 'MeterValueSampleInterval', readonly: false, value: '30' }] },
      ChangeConfiguration: (p: any) => ({ status: Number(p.value) < 0 ? 'Rejected' : 'Accepted' }),
    });
    await booted(st);
    await accepted(t, st, 'GetConfiguration', { key: ['MeterValueSampleInterval'] });
    const before = await get(t, 'tc040-2', 'configuration');
    const { wire, result } = await accepted(t, st, 'ChangeConfiguration', { key: 'MeterValueSampleInterval', value: '-1' });
    expect(wire).toEqual({ key: 'MeterValueSampleInterval', value: '-1' });
    expect(result).toEqual({ status: 'Rejected' });
    expect(await get(t, 'tc040-2', 'configuration')).toEqual(before);
    expect(before[0]).toMatchObject({ value: '30', lastChange: null });
    await st.close();
  });
});

describe('configuration the CSMS knows', () => {
  test('GetConfiguration stores unknownKey entries as unknown; a later report of the key makes it known again', async () => {
    const st = await station(t, 'cfg-1', { GetConfiguration: { configurationKey: [{ key: 'HeartbeatInterval', readonly: false, value: '90' }], unknownKey: ['Foo', 'Bar'] } });
    await accepted(t, st, 'GetConfiguration', { key: ['HeartbeatInterval', 'Foo', 'Bar'] });
    expect((await get(t, 'cfg-1', 'configuration')).map((k: any) => [k.key, k.value, k.readonly, k.unknown])).toEqual([
      ['Bar', null, null, true], ['Foo', null, null, true], ['HeartbeatInterval', '90', false, false],
    ]);
    st.answer('GetConfiguration', { configurationKey: [{ key: 'Foo', readonly: true, value: '1' }] });
    await accepted(t, st, 'GetConfiguration', { key: ['Foo'] });
    expect((await get(t, 'cfg-1', 'configuration')).find((k: any) => k.key === 'Foo')).toMatchObject({ value: '1', readonly: true, unknown: false });
    await st.close();
  });

  test('a key asked for but answered in neither list is a finding', async () => {
    const st = await station(t, 'cfg-2', { GetConfiguration: { configurationKey: [] } });
    await accepted(t, st, 'GetConfiguration', { key: ['HeartbeatInterval'] });
    expect((await findings(t, 'cfg-2', 'configuration-key-missing'))[0].message).toContain('HeartbeatInterval');
    await st.close();
  });

  test('ChangeConfiguration RebootRequired stores the value with lastChange RebootRequired; Rejected changes nothing', async () => {
    const st = await station(t, 'cfg-3', { ChangeConfiguration: { status: 'RebootRequired' } });
    await accepted(t, st, 'ChangeConfiguration', { key: 'WebSocketPingInterval', value: '10' });
    expect(await get(t, 'cfg-3', 'configuration')).toEqual([expect.objectContaining({ key: 'WebSocketPingInterval', value: '10', lastChange: 'RebootRequired' })]);
    st.answer('ChangeConfiguration', { status: 'Rejected' });
    const before = await get(t, 'cfg-3', 'configuration');
    await accepted(t, st, 'ChangeConfiguration', { key: 'WebSocketPingInterval', value: '99' });
    await accepted(t, st, 'ChangeConfiguration', { key: 'Other', value: '1' });
    expect(await get(t, 'cfg-3', 'configuration')).toEqual(before);
    await st.close();
  });

  test('a CALLERROR to ChangeConfiguration changes nothing', async () => {
    const st = await station(t, 'cfg-4', { ChangeConfiguration: () => { throw new Error('boom'); } });
    const res = await op(t, st.id, 'ChangeConfiguration', { key: 'HeartbeatInterval', value: '5' });
    expect(res.body.callError).toBeDefined();
    expect(await get(t, 'cfg-4', 'configuration')).toEqual([]);
    await st.close();
  });

  test('the value of the write-only AuthorizationKey is never stored, and a charger that reveals it gets a finding', async () => {
    const st = await station(t, 'cfg-5', { GetConfiguration: { configurationKey: [{ key: 'AuthorizationKey', readonly: false, value: '0011223344556677889900112233445566778899' }] } });
    await accepted(t, st, 'GetConfiguration', {});
    expect(await get(t, 'cfg-5', 'configuration')).toEqual([expect.objectContaining({ key: 'AuthorizationKey', value: null })]);
    expect(await findings(t, 'cfg-5', 'secret-key-readable')).toHaveLength(1);
    await st.close();
  });
});

describe('registration', () => {
  test('POST /api/chargers/:id/accept: a Pending charger is answered Accepted at its next BootNotification', async () => {
    await t.api('PATCH', '/api/settings', { unknownChargers: 'pending' });
    try {
      const st = await station(t, 'pending-1', {}, { boot: false });
      expect((await st.call('BootNotification', { chargePointVendor: 'V', chargePointModel: 'M' })).status).toBe('Pending');
      // The operator may still call a Pending charger (e.g. to read its configuration, or trigger a boot).
      const { wire } = await accepted(t, st, 'TriggerMessage', { requestedMessage: 'BootNotification' });
      expect(wire).toEqual({ requestedMessage: 'BootNotification' });
      const res = await t.api('POST', '/api/chargers/pending-1/accept');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: 'pending-1', registration: 'Pending' });
      expect((await st.call('BootNotification', { chargePointVendor: 'V', chargePointModel: 'M' })).status).toBe('Accepted');
      expect((await t.api('GET', '/api/chargers/pending-1')).body.registration).toBe('Accepted');
      await st.close();
      expect((await t.api('POST', '/api/chargers/nobody/accept')).status).toBe(404);
    } finally {
      await t.api('PATCH', '/api/settings', { unknownChargers: 'accept' });
    }
  });
});
