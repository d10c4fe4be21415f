/**
 * The composite chart's data, without the chart: step functions from the local timeline and the charger's
 * GetCompositeSchedule answer, meter lines, all on one x axis of Unix seconds (uPlot's time scale) so
 * that schedules computed a few seconds apart and meter samples line up on absolute time.
 *
 * A step point's value holds from its instant until the next point; the last point closes the function.
 * `null` is "no limit": drawn as a gap, never as a number.
 */
import type { CompositeSchedule } from '../../shared/api/types.ts';
import type { TimelineInterval } from '../../shared/ocpp/charging-profile.ts';

export interface Point {
  t: number;
  v: number | null;
}

export type SeriesKey = 'chargePointMax' | 'txDefault' | 'txDefaultOverridden' | 'tx' | 'composite' | 'charger' | `meter:${string}`;

export interface SeriesSpec {
  key: SeriesKey;
  label: string;
  kind: 'step' | 'line';
  points: Point[];
}

export interface AlignedData {
  xs: number[];
  /** One array per spec, aligned with xs. */
  ys: (number | null)[][];
}

const sec = (ms: number) => ms / 1000;

/** The timeline as a step function of one of its values (the composite limit, or one purpose's contribution). */
export function timelineSteps(scheduleStart: string, timeline: readonly TimelineInterval[], pick: (i: TimelineInterval) => number | null): Point[] {
  const t0 = sec(Date.parse(scheduleStart));
  const out: Point[] = timeline.map((i) => ({ t: t0 + i.startSec, v: pick(i) }));
  const last = timeline.at(-1);
  if (last !== undefined) out.push({ t: t0 + last.endSec, v: pick(last) });
  return out;
}

/**
 * A GetCompositeSchedule-shaped schedule as a step function: periods relative to scheduleStart (errata
 * 3.57), up to its duration (or `untilSec` when it has none). A negative limit (the local NO_LIMIT) is null.
 */
export function scheduleSteps(schedule: Pick<CompositeSchedule, 'scheduleStart' | 'chargingSchedule'>, untilSec?: number): Point[] {
  const t0 = sec(Date.parse(schedule.scheduleStart));
  if (!Number.isFinite(t0)) return [];
  const periods = [...schedule.chargingSchedule.chargingSchedulePeriod].sort((a, b) => a.startPeriod - b.startPeriod);
  const value = (limit: number) => (limit < 0 ? null : limit);
  const duration = schedule.chargingSchedule.duration;
  const end = duration !== undefined ? t0 + duration : untilSec;
  const out: Point[] = [];
  for (const p of periods) {
    const t = t0 + p.startPeriod;
    if (end !== undefined && t >= end) break;
    out.push({ t, v: value(p.limit) });
  }
  const last = out.at(-1);
  if (last !== undefined && end !== undefined) out.push({ t: end, v: last.v });
  return out;
}

/** Spans of the timeline where nothing limits charging, as [from, to] in Unix seconds. */
export function noLimitSpans(scheduleStart: string, timeline: readonly TimelineInterval[]): [number, number][] {
  const t0 = sec(Date.parse(scheduleStart));
  const out: [number, number][] = [];
  for (const i of timeline) {
    if (i.limit !== null) continue;
    const last = out.at(-1);
    if (last !== undefined && last[1] === t0 + i.startSec) last[1] = t0 + i.endSec;
    else out.push([t0 + i.startSec, t0 + i.endSec]);
  }
  return out;
}

/** True when a step function has at least one value (a purpose that never contributes is left off the chart). */
export function hasValue(points: readonly Point[]): boolean {
  return points.some((p) => p.v !== null);
}

function stepValueAt(points: readonly Point[], x: number): number | null {
  if (points.length === 0 || x < points[0]!.t || x > points.at(-1)!.t) return null;
  let v: number | null = null;
  for (const p of points) {
    if (p.t > x) break;
    v = p.v;
  }
  return v;
}

/**
 * One x array for all series (uPlot's aligned data): every step's breakpoints and every sample. A step
 * series is filled at every x it covers, so it only has gaps where it says "no limit" or outside its
 * range; a line series has values only at its own samples (drawn with spanGaps).
 */
export function alignSeries(specs: readonly SeriesSpec[]): AlignedData {
  const xs = [...new Set(specs.flatMap((s) => s.points.map((p) => p.t)))].sort((a, b) => a - b);
  const ys = specs.map((s) => {
    if (s.kind === 'step') return xs.map((x) => stepValueAt(s.points, x));
    const at = new Map<number, number | null>();
    for (const p of s.points) at.set(p.t, p.v);
    return xs.map((x) => at.get(x) ?? null);
  });
  return { xs, ys };
}
