/**
 * Warnings for requests that are schema-valid but odd: an unknown connector, key, transaction or
 * reservation, a charging profile that breaks a rule of the specification. The UI warns and still lets the
 * engineer send (conformance tests need odd requests); the schema itself is enforced by the form.
 */
import { parseAllowedChargingRateUnits, validateChargingProfile, type ChargingProfile, type ChargingProfileContext } from '../../shared/ocpp/charging-profile.ts';
import type { CsmsAction } from '../../shared/ocpp/actions.ts';
import { configValue, type CommandContext } from './command-context.ts';

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

export function profileContext(ctx: CommandContext, connectorId: number, inRemoteStart: boolean): ChargingProfileContext {
  const open = ctx.openTransactions.find((t) => t.connectorId === connectorId);
  const maxStack = Number(configValue(ctx, 'ChargeProfileMaxStackLevel'));
  const maxPeriods = Number(configValue(ctx, 'ChargingScheduleMaxPeriods'));
  const units = configValue(ctx, 'ChargingScheduleAllowedChargingRateUnit');
  return {
    connectorId,
    ...(connectorId > 0 ? { hasActiveTransaction: open !== undefined } : {}),
    ...(open ? { activeTransactionId: open.id } : {}),
    ...(inRemoteStart ? { inRemoteStart } : {}),
    ...(Number.isInteger(maxStack) && configValue(ctx, 'ChargeProfileMaxStackLevel') !== null ? { maxStackLevel: maxStack } : {}),
    ...(Number.isInteger(maxPeriods) && configValue(ctx, 'ChargingScheduleMaxPeriods') !== null ? { maxPeriods } : {}),
    ...(units !== null ? { allowedUnits: parseAllowedChargingRateUnits(units) } : {}),
  };
}

function isProfile(v: unknown): v is ChargingProfile {
  const p = v as Partial<ChargingProfile> | undefined;
  return Boolean(p && typeof p === 'object' && p.chargingSchedule && Array.isArray(p.chargingSchedule.chargingSchedulePeriod));
}

export function warningsFor(action: CsmsAction, data: Record<string, unknown>, ctx: CommandContext): string[] {
  const out: string[] = [];
  if (!ctx.charger.connected) out.push(`${ctx.charger.id} is not connected: the command will fail with “not connected” until it reconnects.`);
  const known = new Set(ctx.charger.connectors.map((c) => c.connectorId));
  const connectorId = num(data['connectorId']);
  if (connectorId !== undefined && connectorId > 0 && !known.has(connectorId)) {
    out.push(`Connector ${connectorId} is unknown: the charger never sent a StatusNotification for it (known: ${[...known].filter((c) => c > 0).join(', ') || 'none'}).`);
  }
  const haveConfig = ctx.configuration.length > 0;
  const configKey = (key: string) => ctx.configuration.find((c) => c.key === key);
  switch (action) {
    case 'ChangeConfiguration': {
      const key = typeof data['key'] === 'string' ? data['key'] : '';
      const k = key ? configKey(key) : undefined;
      if (key && haveConfig && (!k || k.unknown)) out.push(`Key ${key} is not among the keys the charger reported in GetConfiguration: expect NotSupported.`);
      if (k?.readonly) out.push(`Key ${key} is read-only on this charger: expect Rejected.`);
      break;
    }
    case 'GetConfiguration': {
      const keys = Array.isArray(data['key']) ? (data['key'] as unknown[]).filter((x): x is string => typeof x === 'string') : [];
      const unknown = haveConfig ? keys.filter((key) => !configKey(key) || configKey(key)!.unknown) : [];
      if (unknown.length) out.push(`Not reported by the charger before: ${unknown.join(', ')} (they should come back in unknownKey).`);
      break;
    }
    case 'RemoteStopTransaction': {
      const id = num(data['transactionId']);
      if (id !== undefined && !ctx.openTransactions.some((t) => t.id === id)) out.push(`Transaction ${id} is not open on this charger: expect Rejected.`);
      break;
    }
    case 'CancelReservation': {
      const id = num(data['reservationId']);
      if (id !== undefined && !ctx.reservations.some((r) => r.reservationId === id && r.state === 'active')) out.push(`Reservation ${id} is not active on this charger: expect Rejected.`);
      break;
    }
    case 'ReserveNow': {
      if (connectorId === 0 && (configValue(ctx, 'ReserveConnectorZeroSupported') ?? '').toLowerCase() !== 'true') {
        out.push('Reserving connector 0 needs ReserveConnectorZeroSupported = true on the charger: expect Rejected.');
      }
      break;
    }
    case 'RemoteStartTransaction': {
      const idTag = typeof data['idTag'] === 'string' ? data['idTag'] : '';
      if (idTag && !ctx.idTags.some((t) => t.idTag === idTag)) out.push(`idTag ${idTag} is not in ChargeScope's idTag list: an Authorize gets the “unknown idTags” answer from Settings.`);
      if (isProfile(data['chargingProfile'])) {
        for (const v of validateChargingProfile(data['chargingProfile'], profileContext(ctx, connectorId ?? 0, true))) out.push(v.message);
      }
      break;
    }
    case 'SetChargingProfile': {
      if (isProfile(data['csChargingProfiles'])) {
        for (const v of validateChargingProfile(data['csChargingProfiles'], profileContext(ctx, connectorId ?? 0, false))) out.push(v.message);
      }
      break;
    }
    case 'SendLocalList': {
      const version = num(data['listVersion']);
      if (data['updateType'] === 'Differential' && version !== undefined && version <= ctx.localListVersion) {
        out.push(`A Differential update should carry a listVersion above the current ${ctx.localListVersion}.`);
      }
      break;
    }
    default:
      break;
  }
  return out;
}
