/** What the command forms know about the charger, for defaults and warnings. */
import type { Charger, ConfigurationKey, IdTag, Reservation, Transaction } from '../../shared/api/types.ts';
import type { CsmsAction } from '../../shared/ocpp/actions.ts';

export interface CommandContext {
  charger: Charger;
  configuration: ConfigurationKey[];
  openTransactions: Transaction[];
  reservations: Reservation[];
  idTags: IdTag[];
  localListVersion: number;
}

export interface ActionGroup {
  profile: string;
  actions: CsmsAction[];
}

/** The CSMS-initiated actions by OCPP 1.6 feature profile, as the specification lists them. */
export const ACTION_GROUPS: ActionGroup[] = [
  { profile: 'Core', actions: ['ChangeAvailability', 'ChangeConfiguration', 'ClearCache', 'DataTransfer', 'GetConfiguration', 'RemoteStartTransaction', 'RemoteStopTransaction', 'Reset', 'UnlockConnector'] },
  { profile: 'Firmware Management', actions: ['GetDiagnostics', 'UpdateFirmware'] },
  { profile: 'Local Auth List Management', actions: ['GetLocalListVersion', 'SendLocalList'] },
  { profile: 'Reservation', actions: ['CancelReservation', 'ReserveNow'] },
  { profile: 'Smart Charging', actions: ['ClearChargingProfile', 'GetCompositeSchedule', 'SetChargingProfile'] },
  { profile: 'Remote Trigger', actions: ['TriggerMessage'] },
  { profile: 'Security whitepaper', actions: ['CertificateSigned', 'DeleteCertificate', 'ExtendedTriggerMessage', 'GetInstalledCertificateIds', 'GetLog', 'InstallCertificate', 'SignedUpdateFirmware'] },
];

export function configValue(ctx: CommandContext, key: string): string | null {
  const k = ctx.configuration.find((c) => c.key.toLowerCase() === key.toLowerCase());
  return k?.value ?? null;
}

export function firstConnector(ctx: CommandContext): number {
  return ctx.charger.connectors.find((c) => c.connectorId > 0)?.connectorId ?? 1;
}
