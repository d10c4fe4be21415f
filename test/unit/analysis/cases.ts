/** For every rule of the engine: a scripted exchange that fires it and a close one that does not. */
import type { RuleId } from '../../../shared/rules/catalogue.ts';
import { Sim } from './sim.ts';

export interface RuleCase { fires(s: Sim): unknown; quiet(s: Sim): unknown }

const CORE_KEYS: Record<string, string> = {
  AuthorizeRemoteTxRequests: 'true', ClockAlignedDataInterval: '0', ConnectionTimeOut: '60', ConnectorPhaseRotation: 'Unknown', GetConfigurationMaxKeys: '50',
  HeartbeatInterval: '60', LocalAuthorizeOffline: 'true', LocalPreAuthorize: 'false', MeterValuesAlignedData: 'Energy.Active.Import.Register',
  MeterValuesSampledData: 'Energy.Active.Import.Register', MeterValueSampleInterval: '60', NumberOfConnectors: '1', ResetRetries: '3',
  StopTransactionOnInvalidId: 'true', StopTxnAlignedData: '', StopTxnSampledData: '', SupportedFeatureProfiles: 'Core', TransactionMessageAttempts: '3',
  TransactionMessageRetryInterval: '60', UnlockConnectorOnEVSideDisconnect: 'true',
};
const profile = (id: number, limit: number, o: Record<string, unknown> = {}) => ({
  chargingProfileId: id, stackLevel: 0, chargingProfilePurpose: 'TxDefaultProfile', chargingProfileKind: 'Absolute',
  chargingSchedule: { startSchedule: '2025-06-01T07:00:00.000Z', chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit }] }, ...o,
});
const txProfile = (id: number, o: Record<string, unknown> = {}) => ({
  chargingProfileId: id, stackLevel: 1, chargingProfilePurpose: 'TxProfile', chargingProfileKind: 'Relative',
  chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }] }, ...o,
});
const reserve = (s: Sim, reservationId: number, o: { connectorId?: number; idTag?: string; expiry?: string; status?: string } = {}) =>
  s.cs('ReserveNow', { connectorId: o.connectorId ?? 1, expiryDate: o.expiry ?? s.iso(3600), idTag: o.idTag ?? 'TAG', reservationId }, { status: o.status ?? 'Accepted' });
const composite = (s: Sim, limit: number, unit = 'A') =>
  s.cs('GetCompositeSchedule', { connectorId: 1, duration: 60, chargingRateUnit: 'A' }, {
    status: 'Accepted', connectorId: 1, scheduleStart: s.iso(),
    chargingSchedule: { duration: 60, chargingRateUnit: unit, chargingSchedulePeriod: [{ startPeriod: 0, limit }] },
  });
const sendList = (s: Sim, listVersion: number, updateType: string, status = 'Accepted', info = true) =>
  s.cs('SendLocalList', { listVersion, updateType, localAuthorizationList: [{ idTag: 'A', ...(info ? { idTagInfo: { status: 'Accepted' } } : {}) }] }, { status });
const firmware = (s: Sim) => s.cs('UpdateFirmware', { location: 'http://x/fw.bin', retrieveDate: s.iso() }, {});
const fw = (s: Sim, status: string) => s.cp('FirmwareStatusNotification', { status });
const changeConfig = (s: Sim, key: string, value: string, status = 'Accepted') => s.cs('ChangeConfiguration', { key, value }, { status });

export const CASES: Partial<Record<RuleId, RuleCase>> = {
  // ---- protocol ----
  'malformed-frame': { fires: (s) => s.unreadable(false), quiet: (s) => s.unreadable(true) },
  'unknown-message-type': { fires: (s) => s.unreadable(true), quiet: (s) => s.unreadable(false) },
  'unknown-action': { fires: (s) => s.cp('Hearbeat', {}, {}, { error: 'NotImplemented' }), quiet: (s) => s.heartbeat() },
  'wrong-direction': { fires: (s) => s.cp('Reset', { type: 'Hard' }, {}, { error: 'NotSupported' }), quiet: (s) => s.cs('Reset', { type: 'Hard' }, { status: 'Accepted' }) },
  'schema-violation': { fires: (s) => s.cp('Heartbeat', { extra: 1 }, {}, { error: 'FormationViolation' }), quiet: (s) => s.heartbeat() },
  'invalid-reply': { fires: (s) => s.cs('Reset', { type: 'Hard' }, { status: 'Maybe' }), quiet: (s) => s.cs('Reset', { type: 'Hard' }, { status: 'Rejected' }) },
  'csms-call-invalid': { fires: (s) => s.cs('Reset', { type: 'Medium' }, {}, { error: 'PropertyConstraintViolation' }), quiet: (s) => s.cs('Reset', { type: 'Soft' }, { status: 'Rejected' }) },
  'csms-reply-invalid': { fires: (s) => s.cp('Heartbeat', {}, {}), quiet: (s) => s.heartbeat() },
  'call-error': { fires: (s) => s.cs('ClearCache', {}, {}, { error: 'NotSupported' }), quiet: (s) => s.cs('ClearCache', {}, { status: 'Accepted' }) },
  'csms-call-error': { fires: (s) => s.cp('Heartbeat', {}, {}, { error: 'GenericError' }), quiet: (s) => s.cp('Heartbeat', { extra: 1 }, {}, { error: 'FormationViolation' }) },
  'unmatched-result': { fires: (s) => s.orphan('in', 'CALLRESULT', 'nobody'), quiet: (s) => s.orphan('out', 'CALLERROR', '-1') },
  'late-answer': { fires: (s) => s.cs('ClearCache', {}, { status: 'Accepted' }, { latencyMs: 31_000 }), quiet: (s) => s.cs('ClearCache', {}, { status: 'Accepted' }, { latencyMs: 1_000 }) },
  'slow-charger-answer': { fires: (s) => s.cs('ClearCache', {}, { status: 'Accepted' }, { latencyMs: 15_000 }), quiet: (s) => s.cs('ClearCache', {}, { status: 'Accepted' }, { latencyMs: 2_000 }) },
  'slow-csms-answer': { fires: (s) => s.cp('Heartbeat', {}, { currentTime: s.iso() }, { latencyMs: 6_000 }), quiet: (s) => s.heartbeat() },
  'not-accepted': { fires: (s) => s.cp('Heartbeat', {}, {}, { error: 'SecurityError' }), quiet: (s) => s.boot().heartbeat() },
  'unanswered-call': { fires: (s) => s.cs('ClearCache', {}, {}, { noAnswer: true }), quiet: (s) => s.cs('ClearCache', {}, { status: 'Accepted' }) },
  'duplicate-message-id': { fires: (s) => s.cp('Heartbeat', {}, { currentTime: s.iso() }, { id: '7' }).cp('Heartbeat', {}, { currentTime: s.iso() }, { id: '7' }), quiet: (s) => s.heartbeat().heartbeat() },

  // ---- boot, heartbeat, clock ----
  'boot-not-accepted': { fires: (s) => s.boot({ status: 'Pending' }), quiet: (s) => s.boot() },
  'boot-repeated': { fires: (s) => s.boot().wait(60).boot().wait(60).boot(), quiet: (s) => s.boot().wait(360).boot().wait(360).boot() },
  'deprecated-boot-field': { fires: (s) => s.boot({ extra: { chargeBoxSerialNumber: 'SN1' } }), quiet: (s) => s.boot({ extra: { chargePointSerialNumber: 'SN1' } }) },
  'heartbeat-late': { fires: (s) => s.boot().wait(60).heartbeat().wait(100).heartbeat(), quiet: (s) => s.boot().wait(60).heartbeat().wait(62).heartbeat() },
  'heartbeat-too-frequent': { fires: (s) => s.boot().heartbeat().wait(10).heartbeat(), quiet: (s) => s.boot().heartbeat().wait(58).heartbeat() },
  'clock-skew': { fires: (s) => s.status(1, 'Available', { timestamp: s.iso(600) }), quiet: (s) => s.status(1, 'Available') },
  'timestamp-not-utc': { fires: (s) => s.status(1, 'Available', { timestamp: '2025-06-01T10:00:00.000+02:00' }), quiet: (s) => s.status(1, 'Available') },
  'firmware-unchanged': {
    fires: (s) => { s.boot({ firmwareVersion: '1.0' }); firmware(s); fw(s, 'Downloading'); fw(s, 'Downloaded'); fw(s, 'Installing'); s.boot({ firmwareVersion: '1.0' }); },
    quiet: (s) => { s.boot({ firmwareVersion: '1.0' }); firmware(s); fw(s, 'Downloading'); fw(s, 'Downloaded'); fw(s, 'Installing'); s.boot({ firmwareVersion: '2.0' }); },
  },
  'firmware-updated': {
    fires: (s) => { s.boot({ firmwareVersion: '1.0' }); firmware(s); fw(s, 'Downloading'); fw(s, 'Downloaded'); fw(s, 'Installing'); s.boot({ firmwareVersion: '2.0' }); },
    quiet: (s) => s.boot({ firmwareVersion: '1.0' }).boot({ firmwareVersion: '2.0' }),
  },
  'firmware-version-changed': { fires: (s) => s.boot({ firmwareVersion: '1.0' }).boot({ firmwareVersion: '1.1' }), quiet: (s) => s.boot({ firmwareVersion: '1.0' }).boot({ firmwareVersion: '1.0' }) },
  'data-transfer': {
    fires: (s) => s.cp('DataTransfer', { vendorId: 'acme' }, { status: 'UnknownVendorId' }), quiet: (s) => s.cp('DataTransfer', { vendorId: 'acme' }, { status: 'Accepted' }),
  },
  'security-event': { fires: (s) => s.cp('SecurityEventNotification', { type: 'TamperDetectionActivated', timestamp: s.iso() }), quiet: (s) => s.heartbeat() },
  'sign-certificate': { fires: (s) => s.cp('SignCertificate', { csr: 'CSR' }, { status: 'Accepted' }), quiet: (s) => s.heartbeat() },

  // ---- status ----
  'connector0-status': { fires: (s) => s.status(0, 'Charging'), quiet: (s) => s.status(0, 'Available') },
  'faulted-without-error': { fires: (s) => s.status(1, 'Faulted'), quiet: (s) => s.status(1, 'Faulted', { errorCode: 'GroundFailure' }) },
  'status-connector-unknown': { fires: (s) => s.config({ NumberOfConnectors: '1' }).status(2, 'Available'), quiet: (s) => s.config({ NumberOfConnectors: '1' }).status(1, 'Available') },
  'status-transition': { fires: (s) => s.status(1, 'Available').status(1, 'Finishing'), quiet: (s) => s.status(1, 'Available').status(1, 'Preparing') },

  // ---- transactions ----
  'start-on-connector-0': { fires: (s) => s.start({ connectorId: 0 }), quiet: (s) => s.start() },
  'start-without-preparing': { fires: (s) => s.status(1, 'Available').start(), quiet: (s) => s.status(1, 'Preparing').start() },
  'start-after-refused-authorize': {
    fires: (s) => s.cp('Authorize', { idTag: 'TAG' }, { idTagInfo: { status: 'Invalid' } }).start(),
    quiet: (s) => s.cp('Authorize', { idTag: 'TAG' }, { idTagInfo: { status: 'Accepted' } }).start(),
  },
  'transaction-superseded': { fires: (s) => s.start({ txId: 1 }).start({ txId: 2 }), quiet: (s) => s.start({ txId: 1 }).stop({ txId: 1 }).start({ txId: 2 }) },
  'unknown-reservation': { fires: (s) => s.start({ reservationId: 9 }), quiet: (s) => { reserve(s, 9); s.start({ reservationId: 9 }); } },
  'reservation-not-active': { fires: (s) => { reserve(s, 9, { expiry: s.iso(30) }); s.wait(60).start({ reservationId: 9 }); }, quiet: (s) => { reserve(s, 9); s.start({ reservationId: 9 }); } },
  'reservation-connector': { fires: (s) => { reserve(s, 9, { connectorId: 2 }); s.start({ reservationId: 9 }); }, quiet: (s) => { reserve(s, 9); s.start({ reservationId: 9 }); } },
  'reservation-idtag': { fires: (s) => { reserve(s, 9, { idTag: 'OTHER' }); s.start({ reservationId: 9 }); }, quiet: (s) => { reserve(s, 9); s.start({ reservationId: 9 }); } },
  'concurrent-transaction': { fires: (s) => s.start({ status: 'ConcurrentTx' }), quiet: (s) => s.start() },
  'transaction-stopped-twice': { fires: (s) => s.start().stop().stop(), quiet: (s) => s.start().stop() },
  'unknown-transaction': { fires: (s) => s.stop({ txId: 999 }), quiet: (s) => s.start().stop() },
  'meter-decreased': { fires: (s) => s.start({ meterStart: 1000 }).stop({ meterStop: 900 }), quiet: (s) => s.start({ meterStart: 1000 }).stop({ meterStop: 1100 }) },
  'meter-stop-below-samples': {
    fires: (s) => s.start().meter({ values: [{ value: '5000' }] }).stop({ meterStop: 4000 }),
    quiet: (s) => s.start().meter({ values: [{ value: '5000' }] }).stop({ meterStop: 6000 }),
  },
  'transaction-very-short': {
    fires: (s) => s.start({ meterStart: 1000 }).wait(5).stop({ meterStop: 1000 }),
    quiet: (s) => s.start({ meterStart: 1000 }).wait(5).stop({ meterStop: 1200 }),
  },
  'stop-reason-unexplained': {
    fires: (s) => s.start().stop({ reason: 'Remote' }),
    quiet: (s) => s.start().cs('RemoteStopTransaction', { transactionId: 1 }, { status: 'Accepted' }).stop({ reason: 'Remote' }),
  },

  // ---- meter values ----
  'connector0-transaction': { fires: (s) => s.start().meter({ connectorId: 0, values: [{ value: '1' }] }), quiet: (s) => s.start().meter({ values: [{ value: '1001' }] }) },
  'meter-values-wrong-transaction': { fires: (s) => s.start().meter({ connectorId: 2, values: [{ value: '1001' }] }), quiet: (s) => s.start().meter({ values: [{ value: '1001' }] }) },
  'meter-values-without-transaction': { fires: (s) => s.start().meter({ txId: null, values: [{ value: '1001' }] }), quiet: (s) => s.start().meter({ values: [{ value: '1001' }] }) },
  'meter-values-gap': {
    fires: (s) => s.config({ MeterValueSampleInterval: '60' }).start().wait(200).meter({ values: [{ value: '1001' }] }),
    quiet: (s) => s.config({ MeterValueSampleInterval: '60' }).start().wait(60).meter({ values: [{ value: '1001' }] }),
  },
  'start-not-accepted-continued': {
    fires: (s) => s.start({ status: 'Invalid' }).wait(90).meter({ values: [{ value: '1001' }] }),
    quiet: (s) => s.start().wait(90).meter({ values: [{ value: '1001' }] }),
  },
  'meter-unit-unexpected': {
    fires: (s) => s.start().meter({ values: [{ value: '16', measurand: 'Current.Import', unit: 'W' }] }),
    quiet: (s) => s.start().meter({ values: [{ value: '16', measurand: 'Current.Import', unit: 'A' }] }),
  },
  'measurand-not-configured': {
    fires: (s) => s.config({ MeterValuesSampledData: 'Energy.Active.Import.Register' }).start().meter({ values: [{ value: '7', measurand: 'Power.Active.Import', unit: 'kW' }] }),
    quiet: (s) => s.config({ MeterValuesSampledData: 'Energy.Active.Import.Register,Power.Active.Import' }).start().meter({ values: [{ value: '7', measurand: 'Power.Active.Import', unit: 'kW' }] }),
  },
  'meter-value-not-numeric': { fires: (s) => s.start().meter({ values: [{ value: 'abc' }] }), quiet: (s) => s.start().meter({ values: [{ value: '1200' }] }) },
  'energy-register-decreased': {
    fires: (s) => s.start().meter({ values: [{ value: '5000' }] }).meter({ values: [{ value: '4000' }] }),
    quiet: (s) => s.start().meter({ values: [{ value: '5000' }] }).meter({ values: [{ value: '6' , unit: 'kWh' }] }),
  },
  'power-above-limit': {
    fires: (s) => s.cs('SetChargingProfile', { connectorId: 1, csChargingProfiles: profile(1, 10) }, { status: 'Accepted' }).start()
      .meter({ values: [{ value: '32', measurand: 'Current.Import', unit: 'A' }] }),
    quiet: (s) => s.cs('SetChargingProfile', { connectorId: 1, csChargingProfiles: profile(1, 10) }, { status: 'Accepted' }).start()
      .meter({ values: [{ value: '9.8', measurand: 'Current.Import', unit: 'A' }] }),
  },

  // ---- what commands should have caused ----
  'availability-not-followed': {
    fires: (s) => s.status(1, 'Available').cs('ChangeAvailability', { connectorId: 1, type: 'Inoperative' }, { status: 'Accepted' }).wait(70).heartbeat(),
    quiet: (s) => s.status(1, 'Available').cs('ChangeAvailability', { connectorId: 1, type: 'Inoperative' }, { status: 'Accepted' }).status(1, 'Unavailable').wait(70).heartbeat(),
  },
  'reset-no-reboot': {
    fires: (s) => s.cs('Reset', { type: 'Soft' }, { status: 'Accepted' }).wait(400).heartbeat(),
    quiet: (s) => s.cs('Reset', { type: 'Soft' }, { status: 'Accepted' }).wait(40).boot().wait(400).heartbeat(),
  },
  'remote-start-no-transaction': {
    fires: (s) => s.cs('RemoteStartTransaction', { idTag: 'TAG', connectorId: 1 }, { status: 'Accepted' }).wait(100).heartbeat(),
    quiet: (s) => s.cs('RemoteStartTransaction', { idTag: 'TAG', connectorId: 1 }, { status: 'Accepted' }).wait(20).start().wait(100).heartbeat(),
  },
  'remote-stop-not-followed': {
    fires: (s) => s.start().cs('RemoteStopTransaction', { transactionId: 1 }, { status: 'Accepted' }).wait(70).heartbeat(),
    quiet: (s) => s.start().cs('RemoteStopTransaction', { transactionId: 1 }, { status: 'Accepted' }).stop({ reason: 'Remote' }).wait(70).heartbeat(),
  },
  'trigger-not-sent': {
    fires: (s) => s.cs('TriggerMessage', { requestedMessage: 'StatusNotification', connectorId: 1 }, { status: 'Accepted' }).wait(70).heartbeat(),
    quiet: (s) => s.cs('TriggerMessage', { requestedMessage: 'StatusNotification', connectorId: 1 }, { status: 'Accepted' }).status(1, 'Available').wait(70).heartbeat(),
  },
  'firmware-status-sequence': { fires: (s) => fw(s, 'Installed'), quiet: (s) => { firmware(s); fw(s, 'Downloading'); fw(s, 'Downloaded'); } },
  'diagnostics-status-sequence': {
    fires: (s) => s.cs('GetDiagnostics', { location: 'ftp://x/' }, {}).cp('DiagnosticsStatusNotification', { status: 'Uploaded' }),
    quiet: (s) => s.cs('GetDiagnostics', { location: 'ftp://x/' }, {}).cp('DiagnosticsStatusNotification', { status: 'Uploading' }).cp('DiagnosticsStatusNotification', { status: 'Uploaded' }),
  },

  // ---- configuration ----
  'configuration-key-missing': { fires: (s) => s.config({ A: '1' }, ['A', 'B']), quiet: (s) => s.config({ A: '1' }, ['A', 'B'], ['B']) },
  'required-key-missing': { fires: (s) => s.config({ HeartbeatInterval: '60' }), quiet: (s) => s.config(CORE_KEYS) },
  'configuration-value-invalid': { fires: (s) => s.config({ HeartbeatInterval: 'sixty' }, ['HeartbeatInterval']), quiet: (s) => s.config({ HeartbeatInterval: '60' }, ['HeartbeatInterval']) },
  'secret-key-readable': { fires: (s) => s.config({ AuthorizationKey: '0011' }, ['AuthorizationKey']), quiet: (s) => s.config({ AuthorizationKey: '' }, ['AuthorizationKey']) },
  'authorization-key-changed': { fires: (s) => changeConfig(s, 'AuthorizationKey', '00112233445566778899'), quiet: (s) => changeConfig(s, 'AuthorizationKey', '00112233445566778899', 'Rejected') },
  'authorization-key-reboot': { fires: (s) => changeConfig(s, 'AuthorizationKey', '00112233445566778899', 'RebootRequired'), quiet: (s) => changeConfig(s, 'AuthorizationKey', '00112233445566778899') },
  'security-profile-invalid': { fires: (s) => changeConfig(s, 'SecurityProfile', '7'), quiet: (s) => changeConfig(s, 'SecurityProfile', '1') },
  'security-profile-downgrade': { fires: (s) => { changeConfig(s, 'SecurityProfile', '2'); changeConfig(s, 'SecurityProfile', '1'); }, quiet: (s) => { changeConfig(s, 'SecurityProfile', '1'); changeConfig(s, 'SecurityProfile', '2'); } },
  'security-profile-set': { fires: (s) => changeConfig(s, 'SecurityProfile', '1'), quiet: (s) => changeConfig(s, 'SecurityProfile', '1', 'Rejected') },

  // ---- local list ----
  'local-list-version-reserved': { fires: (s) => sendList(s, 0, 'Full'), quiet: (s) => sendList(s, 1, 'Full') },
  'local-list-version-not-increased': { fires: (s) => { sendList(s, 5, 'Full'); sendList(s, 5, 'Differential'); }, quiet: (s) => { sendList(s, 5, 'Full'); sendList(s, 6, 'Differential'); } },
  'local-list-full-without-info': { fires: (s) => sendList(s, 1, 'Full', 'Accepted', false), quiet: (s) => sendList(s, 1, 'Differential', 'Accepted', false) },
  'local-list-version-mismatch': {
    fires: (s) => { sendList(s, 3, 'Full'); s.cs('GetLocalListVersion', {}, { listVersion: 2 }); },
    quiet: (s) => { sendList(s, 3, 'Full'); s.cs('GetLocalListVersion', {}, { listVersion: 3 }); },
  },

  // ---- reservations ----
  'reservation-already-expired': { fires: (s) => reserve(s, 1, { expiry: s.iso(-60) }), quiet: (s) => reserve(s, 1) },
  'reservation-replaced': { fires: (s) => { reserve(s, 1); reserve(s, 1); }, quiet: (s) => { reserve(s, 1); reserve(s, 2); } },
  'reservation-unknown': {
    fires: (s) => s.cs('CancelReservation', { reservationId: 4 }, { status: 'Accepted' }),
    quiet: (s) => { reserve(s, 4); s.cs('CancelReservation', { reservationId: 4 }, { status: 'Accepted' }); },
  },
  'reservation-lost': {
    fires: (s) => { reserve(s, 4); s.cs('CancelReservation', { reservationId: 4 }, { status: 'Rejected' }); },
    quiet: (s) => s.cs('CancelReservation', { reservationId: 4 }, { status: 'Rejected' }),
  },

  // ---- smart charging ----
  'tx-profile-without-transaction': {
    fires: (s) => s.cs('SetChargingProfile', { connectorId: 1, csChargingProfiles: txProfile(5) }, { status: 'Accepted' }),
    quiet: (s) => s.start().cs('SetChargingProfile', { connectorId: 1, csChargingProfiles: txProfile(5, { transactionId: 1 }) }, { status: 'Accepted' }),
  },
  'tx-profile-other-transaction': {
    fires: (s) => s.start().cs('SetChargingProfile', { connectorId: 1, csChargingProfiles: txProfile(5, { transactionId: 99 }) }, { status: 'Accepted' }),
    quiet: (s) => s.start().cs('SetChargingProfile', { connectorId: 1, csChargingProfiles: txProfile(5, { transactionId: 1 }) }, { status: 'Accepted' }),
  },
  'charging-profile-replaced': {
    fires: (s) => s.cs('SetChargingProfile', { connectorId: 1, csChargingProfiles: profile(1, 10) }, { status: 'Accepted' }).cs('SetChargingProfile', { connectorId: 1, csChargingProfiles: profile(1, 12) }, { status: 'Accepted' }),
    quiet: (s) => s.cs('SetChargingProfile', { connectorId: 1, csChargingProfiles: profile(1, 10) }, { status: 'Accepted' }).cs('SetChargingProfile', { connectorId: 1, csChargingProfiles: profile(2, 12, { stackLevel: 1 }) }, { status: 'Accepted' }),
  },
  'charging-profile-unknown': {
    fires: (s) => s.cs('SetChargingProfile', { connectorId: 1, csChargingProfiles: profile(1, 10) }, { status: 'Accepted' }).cs('ClearChargingProfile', { id: 1 }, { status: 'Unknown' }),
    quiet: (s) => s.cs('SetChargingProfile', { connectorId: 1, csChargingProfiles: profile(1, 10) }, { status: 'Accepted' }).cs('ClearChargingProfile', { id: 1 }, { status: 'Accepted' }),
  },
  'charging-profile-none-known': {
    fires: (s) => s.cs('ClearChargingProfile', { id: 7 }, { status: 'Accepted' }),
    quiet: (s) => s.cs('SetChargingProfile', { connectorId: 1, csChargingProfiles: profile(7, 10) }, { status: 'Accepted' }).cs('ClearChargingProfile', { id: 7 }, { status: 'Accepted' }),
  },
  'remote-start-profile-purpose': {
    fires: (s) => s.cs('RemoteStartTransaction', { idTag: 'TAG', connectorId: 1, chargingProfile: profile(3, 10) }, { status: 'Accepted' }),
    quiet: (s) => s.cs('RemoteStartTransaction', { idTag: 'TAG', connectorId: 1, chargingProfile: txProfile(3) }, { status: 'Accepted' }),
  },
  'remote-start-profile-transaction': {
    fires: (s) => s.cs('RemoteStartTransaction', { idTag: 'TAG', connectorId: 1, chargingProfile: txProfile(3, { transactionId: 4 }) }, { status: 'Accepted' }),
    quiet: (s) => s.cs('RemoteStartTransaction', { idTag: 'TAG', connectorId: 1, chargingProfile: txProfile(3) }, { status: 'Accepted' }),
  },
  'composite-schedule-unit': {
    fires: (s) => { s.cs('SetChargingProfile', { connectorId: 1, csChargingProfiles: profile(1, 16) }, { status: 'Accepted' }); composite(s, 11040, 'W'); },
    quiet: (s) => { s.cs('SetChargingProfile', { connectorId: 1, csChargingProfiles: profile(1, 16) }, { status: 'Accepted' }); composite(s, 16); },
  },
  'composite-schedule-matches': {
    fires: (s) => { s.cs('SetChargingProfile', { connectorId: 1, csChargingProfiles: profile(1, 16) }, { status: 'Accepted' }); composite(s, 16); },
    quiet: (s) => { s.cs('SetChargingProfile', { connectorId: 1, csChargingProfiles: profile(1, 16) }, { status: 'Accepted' }); composite(s, 10); },
  },
  'composite-schedule-differs': {
    fires: (s) => { s.cs('SetChargingProfile', { connectorId: 1, csChargingProfiles: profile(1, 16) }, { status: 'Accepted' }); composite(s, 10); },
    quiet: (s) => { s.cs('SetChargingProfile', { connectorId: 1, csChargingProfiles: profile(1, 16) }, { status: 'Accepted' }); composite(s, 16); },
  },
};

/** Rules that are not the engine's (the connection, ChargeScope itself, imports): where their tests are. */
export const TESTED_ELSEWHERE: Partial<Record<RuleId, string>> = {
  connection: 'test/integration/csms/sessions-own-state.test.ts',
  'internal-error': 'test/integration/csms/malformed.test.ts',
  'state-not-followed': 'test/integration/api/calls.test.ts',
  'import-skipped-line': 'test/integration/logs/import.test.ts',
  'import-no-time': 'test/integration/logs/import-worker.test.ts',
  'import-raw-rebuilt': 'test/integration/logs/import.test.ts',
  'number-beyond-storage': 'test/unit/logs/import/frame-replay-big-numbers.test.ts',
  'import-possibly-cut': 'test/unit/logs/import/frame-replay-edges.test.ts',
  'import-time-zone-offered': 'test/integration/logs/formats-corpus.test.ts',
};
