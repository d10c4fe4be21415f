/**
 * Ready-made SetChargingProfile requests for what engineers do most, and the two OCTT CSMS cases that send
 * one (TC_056_CSMS, TC_057_CSMS; shared/reference/octt16-csms.md §1, §3). A template fills the editor; the
 * engineer reviews and sends.
 */
import type { ChargingRateUnit } from '../../shared/ocpp/charging-profile.ts';
import { isoSeconds, periodRow, type ProfileFormState } from './profile-form.ts';

export type TemplateId = 'limit-now' | 'off-peak' | 'site-cap' | 'tc056' | 'tc057';

export interface TemplateContext {
  now: Date;
  /** The connector the editor points at (> 0 when the charger has one). */
  connectorId: number;
  /** The transaction running on that connector, if any. */
  openTransaction?: { id: number; connectorId: number };
  /** The chargingProfileId to use: one above the highest installed. */
  nextProfileId: number;
  /** The A of "limit to X A now" and "cap the whole site". */
  limitA: number;
  /** A unless the charger only allows Power (ChargingScheduleAllowedChargingRateUnit). */
  unit: ChargingRateUnit;
}

export interface Template {
  id: TemplateId;
  label: string;
  /** What it sends, for the button's tooltip. */
  description: string;
}

export const TEMPLATES: readonly Template[] = [
  { id: 'limit-now', label: 'Limit to X A now', description: 'TxDefaultProfile, Absolute, startSchedule now, one period at X A, no duration (holds until replaced).' },
  { id: 'off-peak', label: 'Daily off-peak window', description: 'TxDefaultProfile on connector 0, Recurring Daily from local midnight: 32 A 00–07, 6 A 07–22, 32 A 22–24.' },
  { id: 'site-cap', label: 'Cap the whole site', description: 'ChargePointMaxProfile on connector 0 (all connectors together), Absolute from now, X A.' },
  { id: 'tc056', label: 'TC_056 TxDefaultProfile', description: 'OCTT TC_056_CSMS: TxDefaultProfile, Absolute, validFrom/validTo/startSchedule present, duration 300 s, limit 6.0 A (6000.0 W), no transactionId, no recurrencyKind.' },
  { id: 'tc057', label: 'TC_057 TxProfile', description: 'OCTT TC_057_CSMS: TxProfile for the running transaction (its transactionId), Absolute with validFrom/validTo/startSchedule/duration, no recurrencyKind.' },
];

const DAY_S = 86_400;

function base(ctx: TemplateContext): Omit<ProfileFormState, 'purpose' | 'periods'> {
  return {
    connectorId: String(ctx.connectorId), chargingProfileId: String(ctx.nextProfileId), stackLevel: '0', kind: 'Absolute', recurrencyKind: '',
    transactionId: '', validFrom: '', validTo: '', unit: 'A', startSchedule: '', duration: '', minChargingRate: '',
  };
}

/** The editor state a template produces. */
export function applyTemplate(id: TemplateId, ctx: TemplateContext): ProfileFormState {
  const now = new Date(Math.floor(ctx.now.getTime() / 1000) * 1000);
  const nowText = isoSeconds(now);
  const dayLater = isoSeconds(new Date(now.getTime() + DAY_S * 1000));
  const b = base(ctx);
  const six = ctx.unit === 'W' ? '6000.0' : '6.0';
  switch (id) {
    case 'limit-now':
      return { ...b, purpose: 'TxDefaultProfile', startSchedule: nowText, periods: [periodRow(0, ctx.limitA)] };
    case 'off-peak': {
      const midnight = new Date(ctx.now.getFullYear(), ctx.now.getMonth(), ctx.now.getDate());
      return {
        ...b, connectorId: '0', purpose: 'TxDefaultProfile', kind: 'Recurring', recurrencyKind: 'Daily', startSchedule: isoSeconds(midnight),
        duration: String(DAY_S), periods: [periodRow(0, 32), periodRow(7 * 3600, 6), periodRow(22 * 3600, 32)],
      };
    }
    case 'site-cap':
      return { ...b, connectorId: '0', purpose: 'ChargePointMaxProfile', startSchedule: nowText, periods: [periodRow(0, ctx.limitA)] };
    case 'tc056':
      return {
        ...b, purpose: 'TxDefaultProfile', unit: ctx.unit, validFrom: nowText, validTo: dayLater, startSchedule: nowText, duration: '300',
        periods: [periodRow(0, six)],
      };
    case 'tc057': {
      const tx = ctx.openTransaction;
      return {
        ...b, connectorId: String(tx?.connectorId ?? ctx.connectorId), purpose: 'TxProfile', transactionId: tx ? String(tx.id) : '', unit: ctx.unit,
        validFrom: nowText, validTo: dayLater, startSchedule: nowText, duration: '300', periods: [periodRow(0, ctx.unit === 'W' ? '10000.0' : '10.0')],
      };
    }
  }
}
