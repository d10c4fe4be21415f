import { describe, expect, test } from 'vitest';
import { createOcppValidator, errorCodeForKeyword } from '../../../main/ocpp/validation.ts';

const v = createOcppValidator();

describe('schema violations map to the OCPP-J 1.6 error codes with their wire spellings', () => {
  test('a missing required field is an OccurenceConstraintViolation (one r, as OCPP-J 1.6 spells it)', () => {
    expect(v.validate('BootNotification', 'Request', { chargePointVendor: 'v' }).code).toBe('OccurenceConstraintViolation');
  });
  test('a wrong type is a TypeConstraintViolation', () => {
    expect(v.validate('StartTransaction', 'Request', { connectorId: '1', idTag: 'a', meterStart: 0, timestamp: '2025-01-01T00:00:00Z' }).code)
      .toBe('TypeConstraintViolation');
  });
  test('an extra property and a bad enum value are PropertyConstraintViolations', () => {
    expect(v.validate('Heartbeat', 'Request', { extra: 1 }).code).toBe('PropertyConstraintViolation');
    expect(v.validate('StatusNotification', 'Request', { connectorId: 1, status: 'Busy', errorCode: 'NoError' }).code).toBe('PropertyConstraintViolation');
  });
  test('a string over its maximum length is a FormationViolation', () => {
    expect(v.validate('Authorize', 'Request', { idTag: 'x'.repeat(21) }).code).toBe('FormationViolation');
  });
  test('a timestamp without a time zone breaks the date-time format', () => {
    const r = v.validate('StartTransaction', 'Request', { connectorId: 1, idTag: 'a', meterStart: 0, timestamp: '2025-01-01T00:00:00' });
    expect(r.valid).toBe(false);
    expect(r.issues[0]!.path).toBe('/timestamp');
  });
  test('both Celsius and Celcius are accepted (OCPP-J 1.6 errata 2.1)', () => {
    for (const unit of ['Celsius', 'Celcius']) {
      const r = v.validate('MeterValues', 'Request', {
        connectorId: 1, meterValue: [{ timestamp: '2025-01-01T00:00:00Z', sampledValue: [{ value: '20', measurand: 'Temperature', unit }] }],
      });
      expect(r.valid, unit).toBe(true);
    }
  });
  test('BootNotification.conf interval must be an integer (errata-corrected schema)', () => {
    expect(v.validate('BootNotification', 'Response', { status: 'Accepted', currentTime: '2025-01-01T00:00:00Z', interval: 1.5 }).valid).toBe(false);
  });
  test('every request and response schema of the 1.6 core and security actions compiles', () => {
    const actions = ['Authorize', 'BootNotification', 'CancelReservation', 'CertificateSigned', 'ChangeAvailability', 'ChangeConfiguration',
      'ClearCache', 'ClearChargingProfile', 'DataTransfer', 'DeleteCertificate', 'DiagnosticsStatusNotification', 'ExtendedTriggerMessage',
      'FirmwareStatusNotification', 'GetCompositeSchedule', 'GetConfiguration', 'GetDiagnostics', 'GetInstalledCertificateIds',
      'GetLocalListVersion', 'GetLog', 'Heartbeat', 'InstallCertificate', 'LogStatusNotification', 'MeterValues', 'RemoteStartTransaction',
      'RemoteStopTransaction', 'ReserveNow', 'Reset', 'SecurityEventNotification', 'SendLocalList', 'SetChargingProfile', 'SignCertificate',
      'SignedFirmwareStatusNotification', 'SignedUpdateFirmware', 'StartTransaction', 'StatusNotification', 'StopTransaction',
      'TriggerMessage', 'UnlockConnector', 'UpdateFirmware'];
    for (const a of actions) {
      expect(v.hasSchema(a, 'Request'), a).toBe(true);
      expect(v.validatorFor(a, 'Response'), a).toBeTypeOf('function');
    }
  });
  test('unknown keywords fall back to FormationViolation', () => {
    expect(errorCodeForKeyword('somethingNew')).toBe('FormationViolation');
  });
});
