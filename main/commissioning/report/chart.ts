import type { SeriesPoint } from './data.ts';

export interface ChartLine { label: string; color: string; unit: string; points: [number, number][]; max: number }
export interface Chart { width: number; height: number; lines: ChartLine[]; xLabels: { x: number; text: string }[]; t0: number; t1: number }

const PAD = { left: 44, right: 44, top: 10, bottom: 22 };

/** Vector geometry of a transaction's power/current plot, the same for the SVG and the PDF. */
export function chartOf(series: readonly SeriesPoint[], width: number, height: number): Chart | null {
  if (series.length < 2) return null;
  const t0 = series[0]!.t;
  const t1 = series[series.length - 1]!.t;
  const span = Math.max(1, t1 - t0);
  const iw = width - PAD.left - PAD.right;
  const ih = height - PAD.top - PAD.bottom;
  const line = (pick: (p: SeriesPoint) => number | null, label: string, unit: string, color: string): ChartLine | null => {
    const pts = series.filter((p) => pick(p) !== null);
    if (pts.length < 2) return null;
    const max = Math.max(1, ...pts.map((p) => pick(p)!)) * 1.1;
    return {
      label, unit, color, max,
      points: pts.map((p) => [PAD.left + ((p.t - t0) / span) * iw, PAD.top + ih - (pick(p)! / max) * ih]),
    };
  };
  const lines = [line((p) => p.w, 'Power', 'W', '#1565c0'), line((p) => p.a, 'Current', 'A', '#c62828')].filter((l): l is ChartLine => l !== null);
  if (!lines.length) return null;
  const xLabels = [0, 0.5, 1].map((f) => ({ x: PAD.left + f * iw, text: new Date(t0 + f * span).toISOString().slice(11, 19) }));
  return { width, height, lines, xLabels, t0, t1 };
}

export const chartPad = PAD;
