/** Sensible starting values for each form, from what ChargeScope knows about the charger. */
import type { CsmsAction } from '../../shared/ocpp/actions.ts';
import { firstConnector, type CommandContext } from './command-context.ts';

const inMinutes = (m: number) => new Date(Date.now() + m * 60_000).toISOString();

export function defaultsFor(action: CsmsAction, ctx: CommandContext): Record<string, unknown> {
  const connectorId = firstConnector(ctx);
  const idTag = ctx.idTags.find((t) => t.status === 'Accepted')?.idTag;
  const vendor = typeof ctx.charger.boot?.['chargePointVendor'] === 'string' ? (ctx.charger.boot['chargePointVendor'] as string) : undefined;
  switch (action) {
    case 'ChangeAvailability': return { connectorId, type: 'Inoperative' };
    case 'DataTransfer': return vendor ? { vendorId: vendor } : {};
    case 'GetCompositeSchedule': return { connectorId, duration: 3600, chargingRateUnit: 'A' };
    case 'RemoteStartTransaction': return { connectorId, ...(idTag ? { idTag } : {}) };
    case 'RemoteStopTransaction': return ctx.openTransactions[0] ? { transactionId: ctx.openTransactions[0].id } : {};
    case 'ReserveNow': {
      const next = Math.max(0, ...ctx.reservations.map((r) => r.reservationId)) + 1;
      return { connectorId, expiryDate: inMinutes(15), reservationId: next, ...(idTag ? { idTag } : {}) };
    }
    case 'CancelReservation': {
      const active = ctx.reservations.find((r) => r.state === 'active');
      return active ? { reservationId: active.reservationId } : {};
    }
    case 'Reset': return { type: 'Soft' };
    case 'SendLocalList': return {
      listVersion: ctx.localListVersion + 1,
      updateType: 'Full',
      localAuthorizationList: ctx.idTags.slice(0, 50).map((t) => ({
        idTag: t.idTag,
        idTagInfo: { status: t.status, ...(t.expiryDate ? { expiryDate: t.expiryDate } : {}), ...(t.parentIdTag ? { parentIdTag: t.parentIdTag } : {}) },
      })),
    };
    case 'SetChargingProfile': return {
      connectorId: 0,
      csChargingProfiles: {
        chargingProfileId: 1, stackLevel: 0, chargingProfilePurpose: 'TxDefaultProfile', chargingProfileKind: 'Relative',
        chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }] },
      },
    };
    case 'TriggerMessage': return { requestedMessage: 'StatusNotification' };
    case 'ExtendedTriggerMessage': return { requestedMessage: 'StatusNotification' };
    case 'UnlockConnector': return { connectorId };
    case 'UpdateFirmware': return { retrieveDate: new Date().toISOString() };
    case 'GetLog': return { logType: 'DiagnosticsLog', requestId: 1 };
    case 'GetInstalledCertificateIds': return { certificateType: 'CentralSystemRootCertificate' };
    default: return {};
  }
}
