/** The UTC time axis both uPlot charts use (smart-charging composite, transaction meter values). */
import uPlot from 'uplot';

/** uPlot's tzDate for UTC: every chart reads in UTC, as the trace does. */
export const utc = (ts: number): Date => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC');

const FMT_SEC = uPlot.fmtDate('{HH}:{mm}:{ss}');
const FMT_MIN = uPlot.fmtDate('{HH}:{mm}');
const FMT_DAY = uPlot.fmtDate('{MM}-{DD} {HH}:{mm}');

/** 24-hour UTC tick labels, with seconds on short windows and the date on long ones. */
export function timeTicks(u: uPlot, splits: number[]): string[] {
  const span = (u.scales['x']?.max ?? 0) - (u.scales['x']?.min ?? 0);
  const fmt = span <= 900 ? FMT_SEC : span <= 2 * 86_400 ? FMT_MIN : FMT_DAY;
  return splits.map((s) => fmt(utc(s)));
}
