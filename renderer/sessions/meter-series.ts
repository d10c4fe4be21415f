/**
 * A transaction's meter values as plot panels: energy, power, current, voltage and SoC over time, one series per
 * measurand and phase. Each value is converted by the unit its own sample gives (kWh → Wh × 1000, kW → W × 1000);
 * a sample without a unit takes OCPP 1.6's default for its measurand (Wh for energy, the SI unit otherwise) and
 * says so; a unit that does not fit the measurand is never guessed at: the sample is listed, not plotted.
 * A panel shows kWh/kW when its values reach 1000 Wh/W, else Wh/W. Every point keeps the seq of its frame.
 */
import type { MeterSample } from '../../shared/api/types.ts';

export type Quantity = 'energy' | 'power' | 'current' | 'voltage' | 'soc';

export const QUANTITY_MEASURANDS: Record<Quantity, readonly string[]> = {
  energy: ['Energy.Active.Import.Register', 'Energy.Active.Export.Register'],
  power: ['Power.Active.Import', 'Power.Active.Export', 'Power.Offered'],
  current: ['Current.Import', 'Current.Export', 'Current.Offered'],
  voltage: ['Voltage'],
  soc: ['SoC'],
};
const QUANTITY_OF = new Map<string, Quantity>(
  (Object.entries(QUANTITY_MEASURANDS) as [Quantity, readonly string[]][]).flatMap(([q, ms]) => ms.map((m) => [m, q] as const)),
);

/** OCPP 1.6 UnitOfMeasure values each quantity may come in, with the factor to its base unit. */
const UNITS: Record<Quantity, Record<string, { unit: string; factor: number }>> = {
  energy: { wh: { unit: 'Wh', factor: 1 }, kwh: { unit: 'kWh', factor: 1000 } },
  power: { w: { unit: 'W', factor: 1 }, kw: { unit: 'kW', factor: 1000 } },
  current: { a: { unit: 'A', factor: 1 } },
  voltage: { v: { unit: 'V', factor: 1 } },
  soc: { percent: { unit: 'Percent', factor: 1 } },
};
const BASE_UNIT: Record<Quantity, string> = { energy: 'Wh', power: 'W', current: 'A', voltage: 'V', soc: 'Percent' };
export const QUANTITY_TITLE: Record<Quantity, string> = { energy: 'Energy', power: 'Power', current: 'Current', voltage: 'Voltage', soc: 'State of charge' };

const NUMBER = /^\s*[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?\s*$/;

export interface ReadSample {
  sample: MeterSample;
  /** Unix seconds. */
  t: number;
  quantity: Quantity | null;
  /** In the quantity's base unit (Wh, W, A, V, %); null when not plotted. */
  base: number | null;
  /** The unit the value was read in ("kWh"); "Wh (OCPP default)" when the sample gave none. */
  readAs: string;
  /** Why the sample is not plotted, or null. */
  reason: string | null;
}

export function readSample(s: MeterSample): ReadSample {
  const t = Date.parse(s.timestamp) / 1000;
  const quantity = QUANTITY_OF.get(s.measurand) ?? null;
  const out: ReadSample = { sample: s, t, quantity, base: null, readAs: s.unit ?? '', reason: null };
  if (!quantity) return { ...out, reason: `${s.measurand} is not plotted` };
  if (!Number.isFinite(t)) return { ...out, reason: `timestamp ${JSON.stringify(s.timestamp)} is not a date` };
  if (s.format === 'SignedData') return { ...out, reason: 'signed data: not a plain number' };
  if (!NUMBER.test(s.value)) return { ...out, reason: `value ${JSON.stringify(s.value)} is not a number` };
  let unit: { unit: string; factor: number } | undefined;
  let readAs: string;
  if (s.unit === null || s.unit === '') {
    unit = UNITS[quantity][BASE_UNIT[quantity].toLowerCase()];
    readAs = `${BASE_UNIT[quantity]} (OCPP default: no unit given)`;
  } else {
    unit = UNITS[quantity][s.unit.toLowerCase()];
    readAs = unit?.unit ?? s.unit;
  }
  if (!unit) return { ...out, readAs, reason: `unit ${s.unit} does not fit ${s.measurand}: not converted, not plotted` };
  return { ...out, readAs, base: Number(s.value) * unit.factor };
}

export interface SeriesPoint {
  t: number;
  /** In the panel's display unit. */
  v: number;
  /** The MeterValues frame; null for the 0 at the transaction's start that ChargeScope adds. */
  seq: number | null;
}

export interface PanelSeries {
  key: string;
  measurand: string;
  phase: string | null;
  label: string;
  points: SeriesPoint[];
}

export interface Panel {
  quantity: Quantity;
  title: string;
  /** The display unit: Wh or kWh, W or kW, A, V, %. */
  unit: string;
  series: PanelSeries[];
}

/** The display unit of a panel and the divisor from its base unit. */
export function displayUnit(quantity: Quantity, maxAbsBase: number): { unit: string; divisor: number } {
  if (quantity === 'energy') return maxAbsBase >= 1000 ? { unit: 'kWh', divisor: 1000 } : { unit: 'Wh', divisor: 1 };
  if (quantity === 'power') return maxAbsBase >= 1000 ? { unit: 'kW', divisor: 1000 } : { unit: 'W', divisor: 1 };
  return { unit: quantity === 'soc' ? '%' : BASE_UNIT[quantity], divisor: 1 };
}

const ORDER: Quantity[] = ['energy', 'power', 'current', 'voltage', 'soc'];

/** The panels with at least one plotted value, in the order energy, power, current, voltage, SoC. */
/**
 * With `meterStartWh` (the transaction's meterStart), the import register is drawn as the energy of this transaction
 * (register − meterStart): a 321 Wh session on a meter at 435 kWh is a rising line, not a flat one at 435 kWh.
 */
export function meterPanels(read: readonly ReadSample[], opts: { meterStartWh?: number; startedAt?: string } = {}): Panel[] {
  const panels: Panel[] = [];
  const offsetOf = (r: ReadSample) => (r.quantity === 'energy' && r.sample.measurand === 'Energy.Active.Import.Register' && opts.meterStartWh !== undefined ? opts.meterStartWh : 0);
  for (const quantity of ORDER) {
    const mine = read.filter((r) => r.quantity === quantity && r.base !== null);
    if (mine.length === 0) continue;
    const { unit, divisor } = displayUnit(quantity, Math.max(...mine.map((r) => Math.abs(r.base! - offsetOf(r)))));
    const bySeries = new Map<string, PanelSeries>();
    for (const r of mine) {
      const { measurand, phase } = r.sample;
      const key = `${measurand}|${phase ?? ''}`;
      let s = bySeries.get(key);
      if (!s) {
        const sinceStart = offsetOf(r) !== 0 || (quantity === 'energy' && measurand === 'Energy.Active.Import.Register' && opts.meterStartWh !== undefined);
        s = { key, measurand, phase, label: `${measurand}${phase ? ` ${phase}` : ''}${sinceStart ? ' since meterStart' : ''}`, points: [] };
        bySeries.set(key, s);
      }
      s.points.push({ t: r.t, v: (r.base! - offsetOf(r)) / divisor, seq: r.sample.seq });
    }
    const series = [...bySeries.values()].sort((a, b) => seriesRank(a) - seriesRank(b) || a.label.localeCompare(b.label));
    for (const s of series) s.points.sort((a, b) => a.t - b.t || (a.seq ?? 0) - (b.seq ?? 0));
    // The energy since meterStart is 0 at the start: drawn from there, one reading is a line, not a lone dot.
    const start = opts.startedAt !== undefined ? Date.parse(opts.startedAt) / 1000 : NaN;
    for (const s of series) {
      if (quantity === 'energy' && s.label.endsWith(' since meterStart') && Number.isFinite(start) && s.points.length > 0 && start < s.points[0]!.t) {
        s.points.unshift({ t: start, v: 0, seq: null });
      }
    }
    panels.push({ quantity, title: QUANTITY_TITLE[quantity], unit, series });
  }
  return panels;
}

function seriesRank(s: PanelSeries): number {
  const all = Object.values(QUANTITY_MEASURANDS).flat();
  return all.indexOf(s.measurand);
}

/** uPlot's aligned columns: the union of times, each series' values and frame seqs (null where it has none). */
export function alignPanel(panel: Panel): { xs: number[]; ys: (number | null)[][]; seqs: (number | null)[][] } {
  const xs = [...new Set(panel.series.flatMap((s) => s.points.map((p) => p.t)))].sort((a, b) => a - b);
  const index = new Map(xs.map((x, i) => [x, i]));
  const ys = panel.series.map(() => xs.map((): number | null => null));
  const seqs = panel.series.map(() => xs.map((): number | null => null));
  panel.series.forEach((s, si) => {
    for (const p of s.points) {
      const i = index.get(p.t)!;
      ys[si]![i] = p.v;
      seqs[si]![i] = p.seq;
    }
  });
  return { xs, ys, seqs };
}

/** "7.4 kW", "12 345 Wh": up to 3 decimals, trailing zeros dropped. */
export function formatValue(v: number, unit: string): string {
  const s = Number.isInteger(v) ? String(v) : v.toFixed(3).replace(/\.?0+$/, '');
  return `${s} ${unit}`;
}
