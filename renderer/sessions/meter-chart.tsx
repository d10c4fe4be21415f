/**
 * One panel of a transaction's meter values (uPlot): time in UTC on x, the panel's unit on y, one line per
 * measurand and phase with its points. The legend shows the value under the cursor with its frame; a click on a
 * point opens that frame in the trace.
 */
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { alignPanel, formatValue, type Panel } from './meter-series.ts';
import { timeTicks, utc } from '../components/utc-axis.ts';

const COLOURS = ['#1f6feb', '#d9480f', '#2f9e44', '#ae3ec9', '#0c8599', '#e8590c', '#5c940d', '#862e9c'];
const PICK_PX = 14;

/**
 * SoC on 0–100 %; voltage around its values (a flat 230 V line at the top of a 0-based axis says nothing);
 * energy, power and current from 0, so a drop reads as what it is.
 */
function yRange(quantity: Panel['quantity'], min: number, max: number): uPlot.Range.MinMax {
  if (quantity === 'soc') return [0, 100];
  if (quantity === 'voltage') {
    const pad = Math.max(5, (max - min) * 0.2);
    return [Math.floor(min - pad), Math.ceil(max + pad)];
  }
  return [Math.min(0, min), max > 0 ? max * 1.1 : 1];
}

/** The frame of the point nearest the cursor, within a few pixels, or null. */
function pickSeq(u: uPlot, seqs: (number | null)[][]): number | null {
  const { left, top } = u.cursor;
  if (left === undefined || top === undefined || left < 0) return null;
  const xs = u.data[0];
  let best: { d: number; seq: number } | null = null;
  for (let si = 1; si < u.data.length; si++) {
    if (u.series[si]?.show === false) continue;
    const ys = u.data[si]!;
    for (let i = 0; i < xs.length; i++) {
      const y = ys[i];
      const seq = seqs[si - 1]?.[i];
      if (y === null || y === undefined || seq === null || seq === undefined) continue;
      const dx = u.valToPos(xs[i]!, 'x') - left;
      const dy = u.valToPos(y, 'y') - top;
      const d = Math.hypot(dx, dy);
      if (d <= PICK_PX && (!best || d < best.d)) best = { d, seq };
    }
  }
  return best?.seq ?? null;
}

export function MeterChart({ panel, onPick, height = 200 }: { panel: Panel; onPick(seq: number): void; height?: number }) {
  const box = useRef<HTMLDivElement>(null);
  const pick = useRef(onPick);
  pick.current = onPick;

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const { xs, ys, seqs } = alignPanel(panel);
    const series: uPlot.Series[] = panel.series.map((s, i) => ({
      label: s.label,
      stroke: COLOURS[i % COLOURS.length]!,
      width: 1.75,
      spanGaps: true,
      points: { show: true, size: 6 },
      value: (_u: uPlot, v: number | null, _si: number, idx: number | null) => {
        if (idx === null) return '';
        if (v === null || v === undefined) return '—';
        const seq = seqs[i]?.[idx];
        return `${formatValue(v, panel.unit)}${seq !== null && seq !== undefined ? ` (#${seq})` : ''}`;
      },
    }));
    const opts: uPlot.Options = {
      width: Math.max(320, el.clientWidth),
      height,
      tzDate: utc,
      scales: {
        x: { time: true },
        y: { range: (_u, min, max) => yRange(panel.quantity, min, max) },
      },
      axes: [
        { stroke: '#495057', grid: { stroke: '#e9ecef' }, ticks: { stroke: '#dee2e6' }, values: timeTicks, label: 'UTC', labelSize: 18, space: 80 },
        { stroke: '#495057', grid: { stroke: '#e9ecef' }, ticks: { stroke: '#dee2e6' }, label: panel.unit, size: 60 },
      ],
      series: [{ label: 'time (UTC)', value: '{YYYY}-{MM}-{DD} {HH}:{mm}:{ss}' }, ...series],
      cursor: { drag: { x: true, y: false } },
      hooks: {
        ready: [(u) => {
          u.over.addEventListener('click', () => {
            const seq = pickSeq(u, seqs);
            if (seq !== null) pick.current(seq);
          });
          u.over.title = 'click a point to open its frame in the trace';
        }],
      },
    };
    const u = new uPlot(opts, [xs, ...ys] as uPlot.AlignedData, el);
    const resize = new ResizeObserver(() => u.setSize({ width: Math.max(320, el.clientWidth), height }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      u.destroy();
    };
  }, [panel, height]);

  const last = panel.series.map((s) => {
    const p = s.points[s.points.length - 1];
    return p ? `${s.measurand}${s.phase ? ` ${s.phase}` : ''}=${p.v}` : '';
  }).join(';');
  return (
    <div className="mv-panel" data-testid="meter-panel" data-quantity={panel.quantity} data-unit={panel.unit} data-last={last}>
      <h3>{panel.title} <span className="mv-unit">({panel.unit})</span></h3>
      <div ref={box} className="mv-chart" />
    </div>
  );
}
