import { describe, expect, it } from 'vitest';
import { validateChargingProfile, type ChargingProfile } from '../../../../shared/ocpp/charging-profile.ts';
import { buildSetChargingProfile, emptyForm, formFromProfile, periodRow, withKind } from '../../../../renderer/smart-charging/profile-form.ts';
import { TEMPLATES, applyTemplate, type TemplateContext } from '../../../../renderer/smart-charging/templates.ts';

const NOW = new Date('2024-05-10T10:15:42.345Z');
const ctx: TemplateContext = { now: NOW, connectorId: 1, nextProfileId: 7, limitA: 10, unit: 'A', openTransaction: { id: 42, connectorId: 1 } };

function built(form: ReturnType<typeof emptyForm>) {
  const { request, problems } = buildSetChargingProfile(form);
  expect(problems).toEqual([]);
  return request!;
}

describe('buildSetChargingProfile', () => {
  it('omits empty optional fields and keeps the schema shape', () => {
    const request = built(emptyForm(2));
    expect(request).toEqual({
      connectorId: 2,
      csChargingProfiles: {
        chargingProfileId: 1, stackLevel: 0, chargingProfilePurpose: 'TxDefaultProfile', chargingProfileKind: 'Absolute',
        chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }] },
      },
    });
  });

  it('reads a decimal comma, numberPhases, duration, dates and minChargingRate', () => {
    const form = { ...emptyForm(1), duration: '600', startSchedule: '2024-05-10T10:00:00Z', validTo: '2024-05-11T10:00:00+02:00', minChargingRate: '6,0' };
    form.periods = [periodRow(0, '6,5', 1), periodRow(300, '16', '')];
    const p = built(form).csChargingProfiles;
    expect(p.validTo).toBe('2024-05-11T10:00:00+02:00');
    expect(p.chargingSchedule).toEqual({
      duration: 600, startSchedule: '2024-05-10T10:00:00Z', chargingRateUnit: 'A', minChargingRate: 6,
      chargingSchedulePeriod: [{ startPeriod: 0, limit: 6.5, numberPhases: 1 }, { startPeriod: 300, limit: 16 }],
    });
  });

  it('reports what keeps the request from being schema-valid, per field', () => {
    const form = { ...emptyForm(1), connectorId: '', stackLevel: '1.5', startSchedule: '2024-05-10 10:00', transactionId: 'abc' };
    form.periods = [periodRow('0', 'six')];
    const { request, problems } = buildSetChargingProfile(form);
    expect(request).toBeNull();
    expect(problems.map((p) => p.field)).toEqual(['connectorId', 'stackLevel', 'transactionId', 'startSchedule', 'periods.0.limit']);
    expect(problems[3]!.message).toContain('RFC 3339');
  });

  it('leaves the specification rules to validateChargingProfile (a form can describe a forbidden profile)', () => {
    const form = { ...emptyForm(0), purpose: 'TxProfile' as const };
    form.periods = [periodRow(10, 16)];
    const { csChargingProfiles, connectorId } = built(form);
    expect(validateChargingProfile(csChargingProfiles, { connectorId }).map((v) => v.rule)).toEqual(['tx-profile-on-connector', 'start-schedule-required', 'first-start-period-zero']);
  });

  it('keeps recurrencyKind in step with the kind', () => {
    const recurring = withKind(emptyForm(), 'Recurring');
    expect(recurring.recurrencyKind).toBe('Daily');
    expect(withKind({ ...recurring, recurrencyKind: 'Weekly' }, 'Recurring').recurrencyKind).toBe('Weekly');
    expect(withKind(recurring, 'Relative').recurrencyKind).toBe('');
  });

  it('loads an installed profile back into the editor unchanged', () => {
    const profile: ChargingProfile = {
      chargingProfileId: 3, transactionId: 9, stackLevel: 2, chargingProfilePurpose: 'TxProfile', chargingProfileKind: 'Relative',
      validFrom: '2024-05-10T10:00:00Z', chargingSchedule: { duration: 120, chargingRateUnit: 'W', chargingSchedulePeriod: [{ startPeriod: 0, limit: 7400, numberPhases: 1 }] },
    };
    expect(built(formFromProfile(1, profile))).toEqual({ connectorId: 1, csChargingProfiles: profile });
  });
});

describe('templates', () => {
  const send = (id: (typeof TEMPLATES)[number]['id'], c: TemplateContext = ctx) => built(applyTemplate(id, c));

  it('"limit to X A now": an Absolute TxDefaultProfile from now (whole seconds) with one period at X', () => {
    expect(send('limit-now')).toEqual({
      connectorId: 1,
      csChargingProfiles: {
        chargingProfileId: 7, stackLevel: 0, chargingProfilePurpose: 'TxDefaultProfile', chargingProfileKind: 'Absolute',
        chargingSchedule: { startSchedule: '2024-05-10T10:15:42Z', chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 10 }] },
      },
    });
  });

  it('"daily off-peak window": Recurring Daily on connector 0, 6 A from 07:00 to 22:00, 32 A otherwise', () => {
    const { connectorId, csChargingProfiles: p } = send('off-peak');
    expect(connectorId).toBe(0);
    expect(p).toMatchObject({ chargingProfilePurpose: 'TxDefaultProfile', chargingProfileKind: 'Recurring', recurrencyKind: 'Daily' });
    expect(p.chargingSchedule.duration).toBe(86_400);
    expect(p.chargingSchedule.chargingSchedulePeriod).toEqual([{ startPeriod: 0, limit: 32 }, { startPeriod: 25_200, limit: 6 }, { startPeriod: 79_200, limit: 32 }]);
    const start = new Date(p.chargingSchedule.startSchedule!);
    expect([start.getHours(), start.getMinutes(), start.getSeconds()]).toEqual([0, 0, 0]);
  });

  it('"cap the whole site": a ChargePointMaxProfile on connector 0', () => {
    const { connectorId, csChargingProfiles: p } = send('site-cap', { ...ctx, limitA: 40 });
    expect(connectorId).toBe(0);
    expect(p.chargingProfilePurpose).toBe('ChargePointMaxProfile');
    expect(p.chargingSchedule.chargingSchedulePeriod).toEqual([{ startPeriod: 0, limit: 40 }]);
  });

  it('TC_056: TxDefaultProfile, Absolute, validFrom/validTo/startSchedule, duration, 6.0 A or 6000.0 W, no transactionId or recurrencyKind', () => {
    const { csChargingProfiles: p } = send('tc056');
    expect(p).toMatchObject({ chargingProfilePurpose: 'TxDefaultProfile', chargingProfileKind: 'Absolute', validFrom: '2024-05-10T10:15:42Z', validTo: '2024-05-11T10:15:42Z' });
    expect(p).not.toHaveProperty('transactionId');
    expect(p).not.toHaveProperty('recurrencyKind');
    expect(p.chargingSchedule).toMatchObject({ startSchedule: '2024-05-10T10:15:42Z', duration: 300, chargingSchedulePeriod: [{ startPeriod: 0, limit: 6 }] });
    expect(send('tc056', { ...ctx, unit: 'W' }).csChargingProfiles.chargingSchedule).toMatchObject({ chargingRateUnit: 'W', chargingSchedulePeriod: [{ limit: 6000 }] });
  });

  it('TC_057: a TxProfile for the running transaction, on its connector, with the Absolute fields', () => {
    const { connectorId, csChargingProfiles: p } = send('tc057', { ...ctx, connectorId: 2, openTransaction: { id: 42, connectorId: 1 } });
    expect(connectorId).toBe(1);
    expect(p).toMatchObject({ chargingProfilePurpose: 'TxProfile', chargingProfileKind: 'Absolute', transactionId: 42, validFrom: '2024-05-10T10:15:42Z' });
    expect(p.chargingSchedule).toMatchObject({ startSchedule: '2024-05-10T10:15:42Z', duration: 300 });
  });

  it('every template passes the rules where the charger allows it', () => {
    for (const t of TEMPLATES) {
      const { connectorId, csChargingProfiles } = send(t.id);
      const violations = validateChargingProfile(csChargingProfiles, {
        connectorId, hasActiveTransaction: connectorId === 1, activeTransactionId: 42, maxStackLevel: 8, maxPeriods: 10, allowedUnits: ['Current', 'Power'],
      });
      expect(violations, t.id).toEqual([]);
    }
  });
});
