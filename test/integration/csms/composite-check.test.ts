/**
 * The composite check (main/csms/followers/composite-check.ts): every GetCompositeSchedule answer is compared
 * with the composite ChargeScope computes for the charger's own window (its scheduleStart, the requested
 * duration), and the outcome is a finding on the answer's frame that names the instant and both values.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startApp, until, type TestApp } from '../../support/harness.ts';
import { booted, station, type Station } from '../api/support.ts';

let t: TestApp;
beforeAll(async () => { t = await startApp(); });
afterAll(async () => { await t.stop(); });

/** The TxDefaultProfile of every case: from S, 10 A, then 16 A after 60 s (OCPP 1.6 §3.13.1 connector default). */
const S = new Date(Date.now() - 10_000);
S.setMilliseconds(0);
const iso = (offsetSec: number) => new Date(S.getTime() + offsetSec * 1000).toISOString();
const PROFILE = {
  chargingProfileId: 1, stackLevel: 0, chargingProfilePurpose: 'TxDefaultProfile', chargingProfileKind: 'Absolute',
  chargingSchedule: { startSchedule: iso(0), chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 10 }, { startPeriod: 60, limit: 16 }] },
};

/** A charger holding PROFILE on connector 1 that answers GetCompositeSchedule with `periods` from S + 10 s. */
async function charger(id: string): Promise<Station> {
  const st = await station(t, id);
  await booted(st);
  const set = await t.api('POST', `/api/chargers/${id}/calls/SetChargingProfile`, { connectorId: 1, csChargingProfiles: PROFILE });
  expect(set.body).toEqual({ callResult: { status: 'Accepted' } });
  return st;
}

async function ask(st: Station, answer: Record<string, unknown>, unit: 'A' | 'W' = 'A'): Promise<{ rule: string; severity: string; message: string; seq: number }[]> {
  st.answer('GetCompositeSchedule', answer);
  const res = await t.api('POST', `/api/chargers/${st.id}/calls/GetCompositeSchedule`, { connectorId: 1, duration: 300, chargingRateUnit: unit });
  expect(res.status).toBe(200);
  const all = async () => ((await t.api('GET', `/api/findings?charger=${st.id}`)).body as { rule: string; severity: string; message: string; seq: number }[]).filter((f) => f.rule.startsWith('composite-schedule'));
  await until(async () => (await all()).length > 0 || answer['status'] === 'Rejected', 'the composite check');
  return all();
}

const conf = (periods: { startPeriod: number; limit: number; numberPhases?: number }[], unit: 'A' | 'W' = 'A') => ({
  status: 'Accepted', connectorId: 1, scheduleStart: iso(10), chargingSchedule: { duration: 300, chargingRateUnit: unit, chargingSchedulePeriod: periods },
});

describe('GetCompositeSchedule is checked against the local composite', () => {
  test('an answer that agrees is recorded as an info finding', async () => {
    const st = await charger('cc-match');
    const findings = await ask(st, conf([{ startPeriod: 0, limit: 10 }, { startPeriod: 50, limit: 16 }]));
    expect(findings).toEqual([expect.objectContaining({ rule: 'composite-schedule-matches', severity: 'info' })]);
    expect(findings[0]!.message).toContain(`matches ChargeScope's composite over 300 s from ${iso(10)} (tolerance 0.1 A)`);
    await st.close();
  });

  test('a different limit is a warning naming the instant and both values', async () => {
    const st = await charger('cc-differs');
    const findings = await ask(st, conf([{ startPeriod: 0, limit: 10 }, { startPeriod: 50, limit: 20 }]));
    expect(findings).toEqual([expect.objectContaining({ rule: 'composite-schedule-differs', severity: 'warning' })]);
    expect(findings[0]!.message).toBe(
      `GetCompositeSchedule of connector 1 differs from ChargeScope's composite at ${iso(60)} (+50 s to +300 s): `
      + 'ChargeScope expects 16 A, the charger reports 20 A (tolerance 0.1 A; OCPP 1.6 §3.13.3)',
    );
    await st.close();
  });

  test('an answer in W to a request in A is flagged, then compared after conversion (230 V × 3)', async () => {
    const st = await charger('cc-unit');
    const findings = await ask(st, conf([{ startPeriod: 0, limit: 6900 }, { startPeriod: 50, limit: 11040 }], 'W'));
    expect(findings.map((f) => f.rule).sort()).toEqual(['composite-schedule-matches', 'composite-schedule-unit']);
    await st.close();
  });

  test('a Rejected answer is not compared', async () => {
    const st = await charger('cc-rejected');
    expect(await ask(st, { status: 'Rejected' })).toEqual([]);
    await st.close();
  });
});
