import { fail, inconclusive } from '../verdicts.ts';
import { payloadOf, type CaseContext, type CaseDef } from '../types.ts';
import { chargingTransaction, connectorOf, expectStatus, reactionMs, statusOf } from './helpers.ts';

const TEST_PROFILE_ID = 915_001;

/** A or W, as the charger allows (ChargingScheduleAllowedChargingRateUnit, §9.4). */
function unitOf(ctx: CaseContext): 'A' | 'W' {
  const allowed = ctx.facts.config.get('ChargingScheduleAllowedChargingRateUnit')?.value ?? 'Current';
  return /current/i.test(allowed) ? 'A' : 'W';
}

/** Installs a profile and registers its removal, re-sending any profile it replaced (same purpose, connector and stackLevel). */
async function install(ctx: CaseContext, profile: Record<string, unknown>, connectorId: number): Promise<void> {
  const replaced = ctx.csmsState.installedProfiles().find((p) => p.connectorId === connectorId && p.purpose === profile['chargingProfilePurpose'] && p.stackLevel === profile['stackLevel']);
  expectStatus(await ctx.call('SetChargingProfile', { connectorId, csChargingProfiles: profile }), 'SetChargingProfile', ['Accepted']);
  ctx.onRestore(`charging profile ${String(profile['chargingProfileId'])} removed`, async () => {
    const r = await ctx.call('ClearChargingProfile', { id: profile['chargingProfileId'] });
    const s = statusOf(r, 'ClearChargingProfile');
    if (s !== 'Accepted' && s !== 'Unknown') throw new Error(`ClearChargingProfile was answered ${s}`);
    if (replaced) {
      const back = await ctx.call('SetChargingProfile', { connectorId: replaced.connectorId, csChargingProfiles: replaced.profile });
      if (statusOf(back, 'SetChargingProfile') !== 'Accepted') throw new Error(`profile ${replaced.chargingProfileId} that the test replaced was not accepted back`);
    }
  });
}

function txDefault(ctx: CaseContext, id: number, limit: number): Record<string, unknown> {
  const unit = unitOf(ctx);
  return {
    chargingProfileId: id, stackLevel: Math.max(0, ctx.configInt('ChargeProfileMaxStackLevel') ?? 0), chargingProfilePurpose: 'TxDefaultProfile',
    chargingProfileKind: 'Absolute', validFrom: ctx.iso(-60_000), validTo: ctx.iso(3_600_000),
    chargingSchedule: { duration: 3600, startSchedule: ctx.iso(-60_000), chargingRateUnit: unit, chargingSchedulePeriod: [{ startPeriod: 0, limit: unit === 'A' ? limit : limit * 1000 }] },
  };
}

export const smartCases: CaseDef[] = [
  {
    id: 'smart.txdefault-composite', title: 'A TxDefaultProfile shows in the composite schedule', profile: 'SmartCharging', manual: false,
    needs: ['ChargingScheduleAllowedChargingRateUnit', 'ChargeProfileMaxStackLevel'], tc: 'TC_056_CS', spec: 'OCPP 1.6 §5.16, §5.7, §3.13',
    description: 'SetChargingProfile TxDefaultProfile Absolute limit 6 A (6000 W) on the connector (§5.16, TC_056_CS) is Accepted; GetCompositeSchedule (§5.7, TC_066_CS) then starts at no more than that limit (§3.13.3). The profile is cleared and any profile it replaced re-sent.',
    async run(ctx) {
      const c = connectorOf(ctx);
      const unit = unitOf(ctx);
      const limit = unit === 'A' ? 6 : 6000;
      await install(ctx, txDefault(ctx, TEST_PROFILE_ID, 6), c);
      const r = await ctx.call('GetCompositeSchedule', { connectorId: c, duration: 300, chargingRateUnit: unit });
      expectStatus(r, 'GetCompositeSchedule', ['Accepted']);
      const periods = ((r.result?.['chargingSchedule'] as Record<string, unknown> | undefined)?.['chargingSchedulePeriod'] ?? []) as { startPeriod: number; limit: number }[];
      if (!Array.isArray(periods) || periods.length === 0) throw fail('GetCompositeSchedule was Accepted but carries no chargingSchedulePeriod');
      const first = periods[0]!;
      if (first.limit > limit + 0.05) throw fail(`the composite schedule starts at ${first.limit} ${unit}, above the ${limit} ${unit} TxDefaultProfile just installed`);
      return `composite schedule starts at ${first.limit} ${unit} (profile limit ${limit} ${unit})`;
    },
  },
  {
    id: 'smart.clear', title: 'ClearChargingProfile removes a profile by id', profile: 'SmartCharging', manual: false, needs: [],
    tc: 'TC_067_CS', spec: 'OCPP 1.6 §5.4',
    description: 'After SetChargingProfile, ClearChargingProfile with its id (§5.4) is Accepted, and a second one for the same id is answered Unknown.',
    async run(ctx) {
      const c = connectorOf(ctx);
      const id = TEST_PROFILE_ID + 1;
      await install(ctx, txDefault(ctx, id, 8), c);
      expectStatus(await ctx.call('ClearChargingProfile', { id }), 'ClearChargingProfile', ['Accepted']);
      expectStatus(await ctx.call('ClearChargingProfile', { id }), 'ClearChargingProfile', ['Unknown'], `profile ${id} was just cleared`);
    },
  },
  {
    id: 'smart.limit-obeyed', title: 'A charging vehicle follows a TxProfile limit (vehicle)', profile: 'SmartCharging', manual: true,
    needs: ['limitA', 'MeterValueSampleInterval', 'MeterValuesSampledData with Current.Import or Power.Active.Import'], tc: 'TC_057_CS', spec: 'OCPP 1.6 §5.16, §3.13, §4.7',
    description: 'During a transaction, SetChargingProfile TxProfile with its transactionId (§5.16, TC_057_CS) is Accepted, and within two MeterValueSampleIntervals the sampled Current.Import (or Power.Active.Import) in MeterValues (§4.7) stays within 10 % (+1 A) of the limit (§3.13).',
    async run(ctx) {
      const c = connectorOf(ctx);
      const tx = await chargingTransaction(ctx, c);
      const interval = ctx.configInt('MeterValueSampleInterval') ?? 0;
      if (interval <= 0) throw inconclusive('MeterValueSampleInterval is 0: the charger sends no sampled meter values to check the limit against');
      const limitA = ctx.params.limitA;
      const unit = unitOf(ctx);
      const profile = {
        chargingProfileId: TEST_PROFILE_ID + 2, transactionId: tx.id, stackLevel: 0, chargingProfilePurpose: 'TxProfile', chargingProfileKind: 'Relative',
        chargingSchedule: { chargingRateUnit: unit, chargingSchedulePeriod: [{ startPeriod: 0, limit: unit === 'A' ? limitA : limitA * 230 * 3 }] },
      };
      await install(ctx, profile, c);
      const from = ctx.mark();
      const seenSeqs = new Set<number>();
      let checked = 0;
      let worst = 0;
      const deadline = ctx.now() + (interval * 2 * 1000) + reactionMs(ctx);
      while (checked < 2 && ctx.now() < deadline) {
        const f = await ctx.waitCall('MeterValues', from, deadline - ctx.now(), (p, fr) => p['transactionId'] === tx!.id && fr.seq > 0 && !seenSeqs.has(fr.seq));
        if (!f) break;
        seenSeqs.add(f.seq);
        const amps = currentOf(payloadOf(f));
        if (amps === null) continue;
        checked++;
        worst = Math.max(worst, amps);
      }
      if (checked === 0) throw inconclusive('no MeterValues with Current.Import or Power.Active.Import came during the transaction');
      if (worst > limitA * 1.1 + 1) throw fail(`the vehicle drew ${worst.toFixed(1)} A with a ${limitA} A TxProfile in force`);
      return `at most ${worst.toFixed(1)} A under a ${limitA} A limit (${checked} samples)`;
    },
  },
];

/** The highest phase current of a MeterValues payload, from Current.Import or Power.Active.Import (W / 230 V / phases). */
export function currentOf(p: Record<string, unknown>): number | null {
  let best: number | null = null;
  for (const mv of (p['meterValue'] ?? []) as { sampledValue?: { value: string; measurand?: string; unit?: string; phase?: string }[] }[]) {
    for (const sv of mv.sampledValue ?? []) {
      const v = Number(sv.value);
      if (!Number.isFinite(v)) continue;
      if (sv.measurand === 'Current.Import') best = Math.max(best ?? 0, v);
      else if (sv.measurand === 'Power.Active.Import') best = Math.max(best ?? 0, (sv.unit === 'kW' ? v * 1000 : v) / 230 / (sv.phase ? 1 : 3));
    }
  }
  return best;
}
