/**
 * The step chart of the composite schedule (uPlot): each purpose's contribution, the composite in bold, the
 * charger's GetCompositeSchedule answer on top, meter lines, "no limit" bands and a "now" line. Times on
 * the axis are UTC, like everything OCPP sends.
 */
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { ChargingRateUnit } from '../../shared/ocpp/charging-profile.ts';
import { alignSeries, type SeriesKey, type SeriesSpec } from './chart-data.ts';
import { timeTicks, utc } from '../components/utc-axis.ts';

interface Style {
  stroke: string;
  width: number;
  dash?: number[];
}

const STYLE: Record<Exclude<SeriesKey, `meter:${string}`>, Style> = {
  chargePointMax: { stroke: '#e8590c', width: 1.5, dash: [6, 4] },
  txDefault: { stroke: '#1c7ed6', width: 1.5, dash: [2, 3] },
  txDefaultOverridden: { stroke: 'rgba(28, 126, 214, 0.35)', width: 1, dash: [2, 5] },
  tx: { stroke: '#2f9e44', width: 1.5, dash: [8, 3, 2, 3] },
  composite: { stroke: '#212529', width: 3.5 },
  charger: { stroke: '#d6336c', width: 2.5, dash: [10, 5] },
};
const METER_COLOURS = ['#7048e8', '#0c8599', '#ae3ec9', '#5c940d', '#862e9c'];

export interface CompositeChartProps {
  specs: SeriesSpec[];
  unit: ChargingRateUnit;
  /** [from, to] Unix seconds where nothing limits charging. */
  noLimit: [number, number][];
  nowSec: number;
  /** Where the time axis starts at the latest (the past the plot shows). */
  sinceSec?: number;
  height?: number;
}

/** A label on a light box, so it stays readable over grid and series lines. */
function boxedText(ctx: CanvasRenderingContext2D, text: string, x: number, y: number): void {
  const r = uPlot.pxRatio;
  ctx.font = `${Math.round(12 * r)}px system-ui, sans-serif`;
  const w = ctx.measureText(text).width + 10 * r;
  const h = 18 * r;
  ctx.fillStyle = 'rgba(255, 255, 255, 0.9)';
  ctx.fillRect(x - w / 2, y, w, h);
  ctx.fillStyle = '#495057';
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillText(text, x, y + h / 2);
}

/** Pixel x-ranges of the "no limit" spans inside the plot area. */
function spanPixels(u: uPlot, spans: [number, number][]): [number, number][] {
  const { bbox } = u;
  return spans
    .map(([from, to]): [number, number] => [Math.max(bbox.left, u.valToPos(from, 'x', true)), Math.min(bbox.left + bbox.width, u.valToPos(to, 'x', true))])
    .filter(([x0, x1]) => x1 > x0);
}

/** Under the grid and the series: the "no limit" bands and the "now" line. */
function drawUnder(u: uPlot, spans: [number, number][], nowSec: number): void {
  const { ctx, bbox } = u;
  const r = uPlot.pxRatio;
  ctx.save();
  ctx.fillStyle = 'rgba(134, 142, 150, 0.12)';
  for (const [x0, x1] of spanPixels(u, spans)) ctx.fillRect(x0, bbox.top, x1 - x0, bbox.height);
  const xNow = u.valToPos(nowSec, 'x', true);
  if (xNow >= bbox.left && xNow <= bbox.left + bbox.width) {
    ctx.strokeStyle = '#adb5bd';
    ctx.lineWidth = r;
    ctx.setLineDash([3 * r, 3 * r]);
    ctx.beginPath();
    ctx.moveTo(xNow, bbox.top);
    ctx.lineTo(xNow, bbox.top + bbox.height);
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.fillStyle = '#868e96';
    ctx.font = `${Math.round(11 * r)}px system-ui, sans-serif`;
    ctx.textAlign = 'left';
    ctx.textBaseline = 'bottom';
    ctx.fillText('now', xNow + 3 * r, bbox.top + bbox.height - 3 * r);
  }
  ctx.restore();
}

/** Over everything: the "no limit" label of each band wide enough to hold it. */
function drawOver(u: uPlot, spans: [number, number][]): void {
  const r = uPlot.pxRatio;
  u.ctx.save();
  for (const [x0, x1] of spanPixels(u, spans)) {
    if (x1 - x0 > 60 * r) boxedText(u.ctx, 'no limit', (x0 + x1) / 2, u.bbox.top + u.bbox.height / 2 - 9 * r);
  }
  u.ctx.restore();
}

function seriesOptions(specs: readonly SeriesSpec[], unit: ChargingRateUnit): uPlot.Series[] {
  const stepped = uPlot.paths.stepped!({ align: 1, alignGaps: 1 });
  let meter = 0;
  return specs.map((s): uPlot.Series => {
    const isMeter = s.key.startsWith('meter:');
    const style = isMeter ? { stroke: METER_COLOURS[meter++ % METER_COLOURS.length]!, width: 1.5 } : STYLE[s.key as keyof typeof STYLE];
    // Under the cursor: the value there (a step series without one is "no limit"). Without a cursor: the value now
    // (a step's value in force at the "now" line, a meter's last reading), never uPlot's "--".
    const text = (v: number | null | undefined) => (v === null || v === undefined ? (isMeter ? '—' : 'no limit') : `${v} ${unit}`);
    const value = (u: uPlot, v: number | null, sidx: number, idx: number | null) => {
      if (idx !== null) return text(v);
      const xs = u.data[0];
      const col = u.data[sidx] ?? [];
      const nowSec = Date.now() / 1000;
      for (let i = xs.length - 1; i >= 0; i--) {
        if (xs[i]! > nowSec && !isMeter) continue;
        if (isMeter && (col[i] === null || col[i] === undefined)) continue;
        return text(col[i]);
      }
      return text(null);
    };
    return {
      label: s.label, stroke: style.stroke, width: style.width, ...(style.dash ? { dash: style.dash } : {}), value,
      ...(isMeter ? { spanGaps: true, points: { show: true, size: 5 } } : { paths: stepped, points: { show: false }, spanGaps: false }),
    };
  });
}

export function CompositeChart({ specs, unit, noLimit, nowSec, sinceSec, height = 320 }: CompositeChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const extras = useRef({ noLimit, nowSec, sinceSec });
  extras.current = { noLimit, nowSec, sinceSec };

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const { xs, ys } = alignSeries(specs);
    const opts: uPlot.Options = {
      width: Math.max(320, el.clientWidth),
      height,
      tzDate: utc,
      // From the first point (half the duration before now, see CompositePanel) so the past shows: the "now" line sits
      // a third in, with the measured values to its left.
      scales: { x: { time: true, range: (_u, min, max) => [Math.min(min, extras.current.sinceSec ?? min), max] }, y: { range: (_u, _min, max) => [0, max > 0 ? Math.ceil(max * 1.2) : 10] } },
      axes: [
        { stroke: '#495057', grid: { stroke: '#e9ecef' }, ticks: { stroke: '#dee2e6' }, values: timeTicks, label: 'UTC', labelSize: 18 },
        { stroke: '#495057', grid: { stroke: '#e9ecef' }, ticks: { stroke: '#dee2e6' }, label: unit === 'A' ? 'A per phase' : 'W total', size: 64 },
      ],
      series: [{ label: 'time (UTC)', value: '{YYYY}-{MM}-{DD} {HH}:{mm}:{ss}' }, ...seriesOptions(specs, unit)],
      cursor: {
        drag: { x: true, y: false },
        // A step holds from its point to the next: under the cursor show the step in force, not the nearest point.
        dataIdx: (u, sidx, closest, xValue) => {
          if (sidx > 0 && specs[sidx - 1]?.kind === 'line') return closest;
          const xsNow = u.data[0];
          let i = Math.min(closest, xsNow.length - 1);
          while (i > 0 && xsNow[i]! > xValue) i--;
          while (i + 1 < xsNow.length && xsNow[i + 1]! <= xValue) i++;
          return i;
        },
      },
      hooks: {
        drawClear: [(u) => drawUnder(u, extras.current.noLimit, extras.current.nowSec)],
        draw: [(u) => drawOver(u, extras.current.noLimit)],
      },
    };
    const u = new uPlot(opts, [xs, ...ys] as uPlot.AlignedData, el);
    plot.current = u;
    const resize = new ResizeObserver(() => u.setSize({ width: Math.max(320, el.clientWidth), height }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.current = null;
      u.destroy();
    };
  }, [specs, unit, height]);

  // The bands and the "now" line are drawn by a hook: a redraw picks up their new values.
  useEffect(() => plot.current?.redraw(false), [noLimit, nowSec]);

  return <div ref={box} className="sc-chart" data-testid="composite-chart" data-series={specs.map((s) => s.key).join(' ')} />;
}
