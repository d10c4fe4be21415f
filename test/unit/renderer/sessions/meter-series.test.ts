/** Meter values become plot panels converted by each sample's own unit: never by guessing from the size of a value. */
import { describe, expect, test } from 'vitest';
import type { MeterSample } from '../../../../shared/api/types.ts';
import { alignPanel, displayUnit, meterPanels, readSample } from '../../../../renderer/sessions/meter-series.ts';

let seq = 100;
function s(measurand: string, value: string, unit: string | null, at: string, extra: Partial<MeterSample> = {}): MeterSample {
  return {
    seq: seq++, chargerId: 'CP-1', connectorId: 1, transactionId: 7, timestamp: `2025-03-01T10:${at}Z`, value, measurand, unit,
    phase: null, context: 'Sample.Periodic', location: null, format: null, ...extra,
  };
}

const panelsOf = (samples: MeterSample[]) => meterPanels(samples.map(readSample));

describe('meter-value panels', () => {
  test('kWh and Wh samples of one register land on one line in kWh, each converted by its own unit', () => {
    const [energy] = panelsOf([s('Energy.Active.Import.Register', '1.5', 'kWh', '00:00'), s('Energy.Active.Import.Register', '2250', 'Wh', '01:00')]);
    expect(energy!.unit).toBe('kWh');
    expect(energy!.series[0]!.points.map((p) => p.v)).toEqual([1.5, 2.25]);
  });

  test('a small energy stays in Wh, and a missing unit is read as Wh (the OCPP default) and said so', () => {
    const read = readSample(s('Energy.Active.Import.Register', '420', null, '00:00'));
    expect(read.base).toBe(420);
    expect(read.readAs).toMatch(/Wh \(OCPP default/);
    const [energy] = panelsOf([s('Energy.Active.Import.Register', '420', null, '00:00')]);
    expect(energy!.unit).toBe('Wh');
  });

  test('power in kW is shown in kW, 7.4 kW stays 7.4 and 800 W in the same panel becomes 0.8 kW', () => {
    const [power] = panelsOf([s('Power.Active.Import', '7.4', 'kW', '00:00'), s('Power.Active.Import', '800', 'W', '01:00')]);
    expect(power!.quantity).toBe('power');
    expect(power!.unit).toBe('kW');
    expect(power!.series[0]!.points.map((p) => p.v)).toEqual([7.4, 0.8]);
  });

  test('power below 1000 W stays in W', () => {
    const [power] = panelsOf([s('Power.Active.Import', '0.5', 'kW', '00:00')]);
    expect(power!.unit).toBe('W');
    expect(power!.series[0]!.points[0]!.v).toBe(500);
  });

  test('current per phase gives one series per phase, each point keeping its frame seq', () => {
    const l1 = s('Current.Import', '16.1', 'A', '00:00', { phase: 'L1' });
    const l2 = s('Current.Import', '15.9', 'A', '00:00', { phase: 'L2' });
    const l3 = s('Current.Import', '16', 'A', '00:00', { phase: 'L3' });
    const [current] = panelsOf([l3, l1, l2]);
    expect(current!.series.map((x) => x.label)).toEqual(['Current.Import L1', 'Current.Import L2', 'Current.Import L3']);
    expect(current!.series[0]!.points[0]).toMatchObject({ v: 16.1, seq: l1.seq });
    const aligned = alignPanel(current!);
    expect(aligned.xs).toHaveLength(1);
    expect(aligned.seqs.map((c) => c[0])).toEqual([l1.seq, l2.seq, l3.seq]);
  });

  test('a unit that does not fit the measurand is not converted and not plotted, with the reason', () => {
    const read = readSample(s('Power.Active.Import', '7400', 'Wh', '00:00'));
    expect(read.base).toBeNull();
    expect(read.reason).toMatch(/unit Wh does not fit Power.Active.Import/);
    expect(panelsOf([s('Power.Active.Import', '7400', 'Wh', '00:00')])).toEqual([]);
  });

  test('SoC in Percent, voltage in V; signed data, non-numbers and other measurands are listed, not plotted', () => {
    const panels = panelsOf([
      s('SoC', '42', 'Percent', '00:00'), s('Voltage', '231.2', 'V', '00:00', { phase: 'L1-N' }),
      s('Temperature', '30', 'Celsius', '00:00'), s('Energy.Active.Import.Register', 'abc', 'Wh', '00:00'),
      s('Energy.Active.Import.Register', 'deadbeef', 'Wh', '00:00', { format: 'SignedData' }),
    ]);
    expect(panels.map((p) => [p.quantity, p.unit])).toEqual([['voltage', 'V'], ['soc', '%']]);
    expect(readSample(s('Temperature', '30', 'Celsius', '00:00')).reason).toMatch(/not plotted/);
    expect(readSample(s('Energy.Active.Import.Register', 'abc', 'Wh', '00:00')).reason).toMatch(/not a number/);
  });

  test('display units switch at 1000 of the base unit', () => {
    expect(displayUnit('energy', 999)).toEqual({ unit: 'Wh', divisor: 1 });
    expect(displayUnit('energy', 1000)).toEqual({ unit: 'kWh', divisor: 1000 });
    expect(displayUnit('power', 11_000)).toEqual({ unit: 'kW', divisor: 1000 });
    expect(displayUnit('current', 32)).toEqual({ unit: 'A', divisor: 1 });
  });
});
