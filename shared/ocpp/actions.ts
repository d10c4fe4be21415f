/** OCPP 1.6 action names, spelled exactly as in the specification. */

/** Actions a charger initiates (Core + Firmware Management), answered by the CSMS. */
export const CHARGER_ACTIONS = [
  'Authorize',
  'BootNotification',
  'DataTransfer',
  'DiagnosticsStatusNotification',
  'FirmwareStatusNotification',
  'Heartbeat',
  'MeterValues',
  'StartTransaction',
  'StatusNotification',
  'StopTransaction',
] as const;

/** Charger-initiated actions of the OCPP 1.6 security whitepaper. */
export const CHARGER_SECURITY_ACTIONS = [
  'SecurityEventNotification',
  'SignCertificate',
  'LogStatusNotification',
  'SignedFirmwareStatusNotification',
] as const;

/** The 19 CSMS-initiated actions of the six 1.6 profiles. */
export const CSMS_ACTIONS = [
  'CancelReservation',
  'ChangeAvailability',
  'ChangeConfiguration',
  'ClearCache',
  'ClearChargingProfile',
  'DataTransfer',
  'GetCompositeSchedule',
  'GetConfiguration',
  'GetDiagnostics',
  'GetLocalListVersion',
  'RemoteStartTransaction',
  'RemoteStopTransaction',
  'ReserveNow',
  'Reset',
  'SendLocalList',
  'SetChargingProfile',
  'TriggerMessage',
  'UnlockConnector',
  'UpdateFirmware',
] as const;

/** The 7 CSMS-initiated actions of the security whitepaper. */
export const CSMS_SECURITY_ACTIONS = [
  'CertificateSigned',
  'DeleteCertificate',
  'ExtendedTriggerMessage',
  'GetInstalledCertificateIds',
  'GetLog',
  'InstallCertificate',
  'SignedUpdateFirmware',
] as const;

export type ChargerAction = (typeof CHARGER_ACTIONS)[number];
export type ChargerSecurityAction = (typeof CHARGER_SECURITY_ACTIONS)[number];
export type CsmsAction = (typeof CSMS_ACTIONS)[number] | (typeof CSMS_SECURITY_ACTIONS)[number];
export type IncomingAction = ChargerAction | ChargerSecurityAction;

export const ALL_CSMS_ACTIONS: readonly CsmsAction[] = [...CSMS_ACTIONS, ...CSMS_SECURITY_ACTIONS];
export const ALL_INCOMING_ACTIONS: readonly IncomingAction[] = [...CHARGER_ACTIONS, ...CHARGER_SECURITY_ACTIONS];

export function isCsmsAction(name: string): name is CsmsAction {
  return (ALL_CSMS_ACTIONS as readonly string[]).includes(name);
}

export function isIncomingAction(name: string): name is IncomingAction {
  return (ALL_INCOMING_ACTIONS as readonly string[]).includes(name);
}

/** OCPP-J 1.6 CALLERROR codes with their wire spellings (OCPP-J 1.6 Table 7; errata §5 "do not fix"). */
export const OCPP_ERROR_CODES = [
  'NotImplemented',
  'NotSupported',
  'InternalError',
  'ProtocolError',
  'SecurityError',
  'FormationViolation',
  'PropertyConstraintViolation',
  'OccurenceConstraintViolation',
  'TypeConstraintViolation',
  'GenericError',
] as const;
export type OcppErrorCode = (typeof OCPP_ERROR_CODES)[number];

export type MessageTypeName = 'CALL' | 'CALLRESULT' | 'CALLERROR';
