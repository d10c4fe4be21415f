/** Request and response payload types of every OCPP 1.6 action (types from typed-ocpp, generated from the OCA schemas). */
import type * as T from 'typed-ocpp/dist/ocpp16/types.js';

export type * from 'typed-ocpp/dist/ocpp16/types.js';

/** Charger-initiated actions: what the charger sends (req) and what the CSMS answers (res). */
export interface IncomingPayloads {
  Authorize: { req: T.AuthorizeRequest; res: T.AuthorizeResponse };
  BootNotification: { req: T.BootNotificationRequest; res: T.BootNotificationResponse };
  DataTransfer: { req: T.DataTransferRequest; res: T.DataTransferResponse };
  DiagnosticsStatusNotification: { req: T.DiagnosticsStatusNotificationRequest; res: T.DiagnosticsStatusNotificationResponse };
  FirmwareStatusNotification: { req: T.FirmwareStatusNotificationRequest; res: T.FirmwareStatusNotificationResponse };
  Heartbeat: { req: T.HeartbeatRequest; res: T.HeartbeatResponse };
  MeterValues: { req: T.MeterValuesRequest; res: T.MeterValuesResponse };
  StartTransaction: { req: T.StartTransactionRequest; res: T.StartTransactionResponse };
  StatusNotification: { req: T.StatusNotificationRequest; res: T.StatusNotificationResponse };
  StopTransaction: { req: T.StopTransactionRequest; res: T.StopTransactionResponse };
  SecurityEventNotification: { req: T.SecurityEventNotificationRequest; res: T.SecurityEventNotificationResponse };
  SignCertificate: { req: T.SignCertificateRequest; res: T.SignCertificateResponse };
  LogStatusNotification: { req: T.LogStatusNotificationRequest; res: T.LogStatusNotificationResponse };
  SignedFirmwareStatusNotification: { req: T.SignedFirmwareStatusNotificationRequest; res: T.SignedFirmwareStatusNotificationResponse };
}

/** CSMS-initiated actions: what the CSMS sends (req) and what the charger answers (res). */
export interface OutgoingPayloads {
  CancelReservation: { req: T.CancelReservationRequest; res: T.CancelReservationResponse };
  ChangeAvailability: { req: T.ChangeAvailabilityRequest; res: T.ChangeAvailabilityResponse };
  ChangeConfiguration: { req: T.ChangeConfigurationRequest; res: T.ChangeConfigurationResponse };
  ClearCache: { req: T.ClearCacheRequest; res: T.ClearCacheResponse };
  ClearChargingProfile: { req: T.ClearChargingProfileRequest; res: T.ClearChargingProfileResponse };
  DataTransfer: { req: T.DataTransferRequest; res: T.DataTransferResponse };
  GetCompositeSchedule: { req: T.GetCompositeScheduleRequest; res: T.GetCompositeScheduleResponse };
  GetConfiguration: { req: T.GetConfigurationRequest; res: T.GetConfigurationResponse };
  GetDiagnostics: { req: T.GetDiagnosticsRequest; res: T.GetDiagnosticsResponse };
  GetLocalListVersion: { req: T.GetLocalListVersionRequest; res: T.GetLocalListVersionResponse };
  RemoteStartTransaction: { req: T.RemoteStartTransactionRequest; res: T.RemoteStartTransactionResponse };
  RemoteStopTransaction: { req: T.RemoteStopTransactionRequest; res: T.RemoteStopTransactionResponse };
  ReserveNow: { req: T.ReserveNowRequest; res: T.ReserveNowResponse };
  Reset: { req: T.ResetRequest; res: T.ResetResponse };
  SendLocalList: { req: T.SendLocalListRequest; res: T.SendLocalListResponse };
  SetChargingProfile: { req: T.SetChargingProfileRequest; res: T.SetChargingProfileResponse };
  TriggerMessage: { req: T.TriggerMessageRequest; res: T.TriggerMessageResponse };
  UnlockConnector: { req: T.UnlockConnectorRequest; res: T.UnlockConnectorResponse };
  UpdateFirmware: { req: T.UpdateFirmwareRequest; res: T.UpdateFirmwareResponse };
  CertificateSigned: { req: T.CertificateSignedRequest; res: T.CertificateSignedResponse };
  DeleteCertificate: { req: T.DeleteCertificateRequest; res: T.DeleteCertificateResponse };
  ExtendedTriggerMessage: { req: T.ExtendedTriggerMessageRequest; res: T.ExtendedTriggerMessageResponse };
  GetInstalledCertificateIds: { req: T.GetInstalledCertificateIdsRequest; res: T.GetInstalledCertificateIdsResponse };
  GetLog: { req: T.GetLogRequest; res: T.GetLogResponse };
  InstallCertificate: { req: T.InstallCertificateRequest; res: T.InstallCertificateResponse };
  SignedUpdateFirmware: { req: T.SignedUpdateFirmwareRequest; res: T.SignedUpdateFirmwareResponse };
}
