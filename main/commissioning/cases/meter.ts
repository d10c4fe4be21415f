import { fail, inconclusive } from '../verdicts.ts';
import { payloadOf, type CaseDef } from '../types.ts';
import { chargingTransaction, connectorOf, reactionMs } from './helpers.ts';

interface Sv { value: string; measurand?: string; context?: string; unit?: string }

export const meterCases: CaseDef[] = [
  {
    id: 'meter.sampled-data', title: 'Sampled meter values during charging (vehicle)', profile: 'Core', manual: true,
    needs: ['MeterValueSampleInterval', 'MeterValuesSampledData'], tc: null, spec: 'OCPP 1.6 §4.7, §9.1 (MeterValueSampleInterval, MeterValuesSampledData)',
    description: 'During a transaction the charger sends MeterValues (§4.7) with the transactionId every MeterValueSampleInterval (±25 %, ≥ 2 s), context Sample.Periodic, every measurand of MeterValuesSampledData, and a register that never goes down.',
    async run(ctx) {
      const c = connectorOf(ctx);
      const interval = ctx.configInt('MeterValueSampleInterval') ?? 0;
      if (interval <= 0) throw inconclusive('MeterValueSampleInterval is 0: the charger is configured to send no sampled values');
      const tx = await chargingTransaction(ctx, c);
      const wanted = (ctx.facts.config.get('MeterValuesSampledData')?.value ?? 'Energy.Active.Import.Register').split(',').map((s) => s.trim()).filter(Boolean);
      const tol = Math.max(2000, interval * 250);
      const from = ctx.mark();
      const first = await ctx.waitCall('MeterValues', from, interval * 1000 + tol + reactionMs(ctx), (p) => p['transactionId'] === tx!.id);
      if (!first) throw fail(`no MeterValues for transaction ${tx.id} within MeterValueSampleInterval ${interval} s`);
      const t0 = ctx.now();
      const second = await ctx.waitCall('MeterValues', ctx.mark(), interval * 1000 + tol, (p) => p['transactionId'] === tx!.id);
      if (!second) throw fail(`after MeterValues #${first.seq} the next did not come within ${interval} s + ${Math.round(tol / 1000)} s`);
      const gap = (ctx.now() - t0) / 1000;
      if (gap < interval - tol / 1000) throw fail(`MeterValues ${gap.toFixed(1)} s apart, MeterValueSampleInterval is ${interval} s`);
      const svs = [first, second].flatMap((f) => ((payloadOf(f)['meterValue'] ?? []) as { sampledValue?: Sv[] }[]).flatMap((m) => m.sampledValue ?? []));
      const measurands = new Set(svs.map((s) => s.measurand ?? 'Energy.Active.Import.Register'));
      const missing = wanted.filter((m) => !measurands.has(m));
      if (missing.length) throw fail(`MeterValuesSampledData asks for ${missing.join(', ')} but the samples do not carry it`);
      const wrongContext = svs.find((s) => s.context !== undefined && s.context !== 'Sample.Periodic');
      if (wrongContext) throw fail(`a periodic sample has context ${wrongContext.context}; expected Sample.Periodic`);
      const energy = (f: typeof first) => {
        const sv = ((payloadOf(f)['meterValue'] ?? []) as { sampledValue?: Sv[] }[]).flatMap((m) => m.sampledValue ?? []).find((s) => (s.measurand ?? 'Energy.Active.Import.Register') === 'Energy.Active.Import.Register');
        return sv ? Number(sv.value) * (sv.unit === 'kWh' ? 1000 : 1) : null;
      };
      const e1 = energy(first);
      const e2 = energy(second);
      if (e1 !== null && e2 !== null && e2 < e1) throw fail(`Energy.Active.Import.Register went down from ${e1} to ${e2} Wh`);
      return `MeterValues ${gap.toFixed(1)} s apart (interval ${interval} s) with ${[...measurands].join(', ')}`;
    },
  },
];
