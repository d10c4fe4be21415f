/**
 * The SetChargingProfile editor's state (text as typed, so a half-typed number is not lost) and its
 * translation to a request. Translation problems (not a number, not a date-time) make the request
 * schema-invalid and are reported per field; the rules of the specification are checked afterwards by
 * validateChargingProfile on the built profile.
 */
import type {
  ChargingProfile, ChargingProfileKind, ChargingProfilePurpose, ChargingRateUnit, ChargingSchedulePeriod, RecurrencyKind,
} from '../../shared/ocpp/charging-profile.ts';

export interface PeriodRow {
  /** Stable React key. */
  key: number;
  startPeriod: string;
  limit: string;
  numberPhases: string;
}

export interface ProfileFormState {
  connectorId: string;
  chargingProfileId: string;
  stackLevel: string;
  purpose: ChargingProfilePurpose;
  kind: ChargingProfileKind;
  /** '' = omitted. */
  recurrencyKind: RecurrencyKind | '';
  /** '' = omitted. */
  transactionId: string;
  validFrom: string;
  validTo: string;
  unit: ChargingRateUnit;
  startSchedule: string;
  duration: string;
  minChargingRate: string;
  periods: PeriodRow[];
}

export interface FieldProblem {
  /** `connectorId`, `periods.2.limit`, ... */
  field: string;
  message: string;
}

export interface SetChargingProfileRequest {
  connectorId: number;
  csChargingProfiles: ChargingProfile;
}

export const PURPOSES: readonly ChargingProfilePurpose[] = ['ChargePointMaxProfile', 'TxDefaultProfile', 'TxProfile'];
export const KINDS: readonly ChargingProfileKind[] = ['Absolute', 'Recurring', 'Relative'];

let nextKey = 1;
export function periodRow(startPeriod: number | string, limit: number | string, numberPhases: number | string = ''): PeriodRow {
  return { key: nextKey++, startPeriod: String(startPeriod), limit: String(limit), numberPhases: String(numberPhases) };
}

/** RFC 3339 date-time, as the schema's `format: date-time` demands (errata 3.10: offsets and fractions allowed). */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

/** ISO 8601 UTC without milliseconds: what the templates put in date fields. */
export function isoSeconds(d: Date): string {
  return `${d.toISOString().slice(0, 19)}Z`;
}

export function emptyForm(connectorId = 1): ProfileFormState {
  return {
    connectorId: String(connectorId), chargingProfileId: '1', stackLevel: '0', purpose: 'TxDefaultProfile', kind: 'Absolute', recurrencyKind: '',
    transactionId: '', validFrom: '', validTo: '', unit: 'A', startSchedule: '', duration: '', minChargingRate: '', periods: [periodRow(0, 16)],
  };
}

/** The editor state that shows an installed (or any) profile, for "edit a copy". */
export function formFromProfile(connectorId: number, p: ChargingProfile): ProfileFormState {
  const s = p.chargingSchedule;
  const text = (v: number | string | undefined) => (v === undefined ? '' : String(v));
  return {
    connectorId: String(connectorId), chargingProfileId: String(p.chargingProfileId), stackLevel: String(p.stackLevel),
    purpose: p.chargingProfilePurpose, kind: p.chargingProfileKind, recurrencyKind: p.recurrencyKind ?? '', transactionId: text(p.transactionId),
    validFrom: text(p.validFrom), validTo: text(p.validTo), unit: s.chargingRateUnit, startSchedule: text(s.startSchedule), duration: text(s.duration),
    minChargingRate: text(s.minChargingRate), periods: s.chargingSchedulePeriod.map((r) => periodRow(r.startPeriod, r.limit, r.numberPhases ?? '')),
  };
}

class Reader {
  readonly problems: FieldProblem[] = [];

  integer(field: string, label: string, text: string, required: true): number;
  integer(field: string, label: string, text: string, required: false): number | undefined;
  integer(field: string, label: string, text: string, required: boolean): number | undefined {
    const t = text.trim();
    if (t === '') {
      if (required) this.problems.push({ field, message: `${label} is required (an integer).` });
      return required ? 0 : undefined;
    }
    if (!/^[+-]?\d+$/.test(t)) {
      this.problems.push({ field, message: `${label} must be an integer, got "${t}".` });
      return 0;
    }
    return Number(t);
  }

  decimal(field: string, label: string, text: string, required: boolean): number | undefined {
    const t = text.trim().replace(',', '.');
    if (t === '') {
      if (required) this.problems.push({ field, message: `${label} is required (a number).` });
      return required ? 0 : undefined;
    }
    const n = Number(t);
    if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(t) || !Number.isFinite(n)) {
      this.problems.push({ field, message: `${label} must be a number, got "${t}".` });
      return 0;
    }
    return n;
  }

  dateTime(field: string, label: string, text: string): string | undefined {
    const t = text.trim();
    if (t === '') return undefined;
    if (!DATE_TIME.test(t) || Number.isNaN(Date.parse(t))) {
      this.problems.push({ field, message: `${label} must be an RFC 3339 date-time such as 2024-05-10T07:00:00Z, got "${t}".` });
      return undefined;
    }
    return t;
  }
}

/** The request the form describes, or null with the problems that keep it from being schema-valid. */
export function buildSetChargingProfile(form: ProfileFormState): { request: SetChargingProfileRequest | null; problems: FieldProblem[] } {
  const r = new Reader();
  const connectorId = r.integer('connectorId', 'connectorId', form.connectorId, true);
  const chargingProfileId = r.integer('chargingProfileId', 'chargingProfileId', form.chargingProfileId, true);
  const stackLevel = r.integer('stackLevel', 'stackLevel', form.stackLevel, true);
  const transactionId = r.integer('transactionId', 'transactionId', form.transactionId, false);
  const validFrom = r.dateTime('validFrom', 'validFrom', form.validFrom);
  const validTo = r.dateTime('validTo', 'validTo', form.validTo);
  const startSchedule = r.dateTime('startSchedule', 'startSchedule', form.startSchedule);
  const duration = r.integer('duration', 'duration', form.duration, false);
  const minChargingRate = r.decimal('minChargingRate', 'minChargingRate', form.minChargingRate, false);
  const periods: ChargingSchedulePeriod[] = form.periods.map((row, i) => {
    const startPeriod = r.integer(`periods.${i}.startPeriod`, `Period ${i + 1} startPeriod`, row.startPeriod, true);
    const limit = r.decimal(`periods.${i}.limit`, `Period ${i + 1} limit`, row.limit, true) ?? 0;
    const numberPhases = r.integer(`periods.${i}.numberPhases`, `Period ${i + 1} numberPhases`, row.numberPhases, false);
    return numberPhases === undefined ? { startPeriod, limit } : { startPeriod, limit, numberPhases };
  });
  if (r.problems.length > 0) return { request: null, problems: r.problems };
  const profile: ChargingProfile = {
    chargingProfileId,
    ...(transactionId === undefined ? {} : { transactionId }),
    stackLevel,
    chargingProfilePurpose: form.purpose,
    chargingProfileKind: form.kind,
    ...(form.recurrencyKind === '' ? {} : { recurrencyKind: form.recurrencyKind }),
    ...(validFrom === undefined ? {} : { validFrom }),
    ...(validTo === undefined ? {} : { validTo }),
    chargingSchedule: {
      ...(duration === undefined ? {} : { duration }),
      ...(startSchedule === undefined ? {} : { startSchedule }),
      chargingRateUnit: form.unit,
      chargingSchedulePeriod: periods,
      ...(minChargingRate === undefined ? {} : { minChargingRate }),
    },
  };
  return { request: { connectorId, csChargingProfiles: profile }, problems: [] };
}

/** Switching kind keeps recurrencyKind consistent with it (Recurring needs one, the others must not have one). */
export function withKind(form: ProfileFormState, kind: ChargingProfileKind): ProfileFormState {
  const recurrencyKind = kind === 'Recurring' ? (form.recurrencyKind || 'Daily') : '';
  return { ...form, kind, recurrencyKind };
}
