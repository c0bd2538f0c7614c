// Geometry for the actual-vs-baseline chart (an SVG drawn by hand, no charting library): scales,
// line paths, axis ticks and the words a screen reader gets instead of the picture. Pure.
import type { Series } from '../api/client';
import { formatUnits, instantMillis } from './format';

export interface PanelSize {
  width: number;
  height: number;
  /** Room for the y-axis labels on the left and the x-axis labels at the bottom. */
  left: number;
  bottom: number;
  top: number;
  right: number;
}

export const PANEL: PanelSize = { width: 320, height: 150, left: 40, bottom: 22, top: 8, right: 8 };

export interface Tick {
  at: number;
  label: string;
}

export interface Panel {
  actualPath: string;
  baselinePath: string;
  yTicks: Tick[];
  xTicks: Tick[];
  /** Plot area, for the axis lines. */
  plot: { x0: number; x1: number; y0: number; y1: number };
}

/** The smallest "nice" number (1, 2, 2.5 or 5 times a power of ten) at or above `value`. */
export function niceCeil(value: number): number {
  if (!Number.isFinite(value) || value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) {
    if (step * power >= value - 1e-9 * power) return step * power;
  }
  return 10 * power;
}

/**
 * An SVG path through the points, "M x,y L x,y ..."; empty for no points. A null point breaks the
 * line (the next point starts a new segment) rather than drawing a fall to zero.
 */
export function linePath(points: ({ x: number; y: number } | null)[]): string {
  const parts: string[] = [];
  let pen = 'M';
  for (const p of points) {
    if (p === null) {
      pen = 'M';
      continue;
    }
    parts.push(`${pen}${p.x.toFixed(1)},${p.y.toFixed(1)}`);
    pen = 'L';
  }
  return parts.join(' ');
}

const timeLabel = (millis: number) =>
  new Date(millis).toLocaleString('en-US', { month: 'short', day: 'numeric', hour: 'numeric' });

/**
 * One item's panel: both lines share the y scale (0 to a nice maximum of both), time runs left
 * to right over the points' window starts. A single point is drawn in the middle.
 */
export function buildPanel(series: Series, size: PanelSize = PANEL): Panel {
  const x0 = size.left;
  const x1 = size.width - size.right;
  const y0 = size.height - size.bottom;
  const y1 = size.top;
  const points = [...series.points].sort((a, b) => instantMillis(a.windowStart) - instantMillis(b.windowStart));
  const times = points.map((p) => instantMillis(p.windowStart));
  const tMin = Math.min(...times);
  const tMax = Math.max(...times);
  const top = niceCeil(Math.max(0, ...points.flatMap((p) => [p.actualUnits, p.baselineUnits ?? 0])));
  const x = (t: number) => (tMax === tMin ? (x0 + x1) / 2 : x0 + ((t - tMin) / (tMax - tMin)) * (x1 - x0));
  const y = (units: number) => y0 - (Math.max(0, units) / top) * (y0 - y1);
  const yTicks = [0, top / 2, top].map((v) => ({ at: y(v), label: formatUnits(v) }));
  const xTicks =
    points.length === 0 ? [] : tMax === tMin ? [{ at: x(tMin), label: timeLabel(tMin) }] : [tMin, tMax].map((t) => ({ at: x(t), label: timeLabel(t) }));
  return {
    actualPath: linePath(points.map((p, i) => ({ x: x(times[i]), y: y(p.actualUnits) }))),
    baselinePath: linePath(points.map((p, i) => (p.baselineUnits === null ? null : { x: x(times[i]), y: y(p.baselineUnits) }))),
    yTicks,
    xTicks,
    plot: { x0, x1, y0, y1 },
  };
}

export interface SeriesTotals {
  actual: number;
  baseline: number;
  /** actual - baseline over the windows that have a baseline: positive is lift, negative is units lost. */
  difference: number;
  /** How many windows have a baseline. */
  withBaseline: number;
}

export function seriesTotals(series: Series): SeriesTotals {
  const actual = series.points.reduce((s, p) => s + p.actualUnits, 0);
  const based = series.points.filter((p) => p.baselineUnits !== null);
  const baseline = based.reduce((s, p) => s + (p.baselineUnits ?? 0), 0);
  const actualWhereBased = based.reduce((s, p) => s + p.actualUnits, 0);
  return { actual, baseline, difference: actualWhereBased - baseline, withBaseline: based.length };
}

/** One sentence per item for the chart's description, e.g. for a screen reader. */
export function describeSeries(series: Series): string {
  const role = series.role === 'PROMOTED' ? 'promoted item' : 'substitute';
  if (series.points.length === 0) return `${series.sku} (${role}): no sales windows recorded.`;
  const t = seriesTotals(series);
  if (t.withBaseline === 0) {
    return `${series.sku} (${role}): ${formatUnits(t.actual)} units sold over ${series.points.length} windows; no baseline known.`;
  }
  const direction = t.difference >= 0 ? 'above' : 'below';
  const partial = t.withBaseline < series.points.length ? ` (baseline known for ${t.withBaseline} of them)` : '';
  return (
    `${series.sku} (${role}): ${formatUnits(t.actual)} units sold against a baseline of ` +
    `${formatUnits(t.baseline)} over ${series.points.length} windows${partial}, ` +
    `${formatUnits(Math.abs(t.difference))} units ${direction} baseline.`
  );
}

/** The promoted item first, then substitutes by how much they lost (most first). */
export function orderSeries(series: Series[]): Series[] {
  return [...series].sort(
    (a, b) =>
      (a.role === 'PROMOTED' ? 0 : 1) - (b.role === 'PROMOTED' ? 0 : 1) ||
      seriesTotals(a).difference - seriesTotals(b).difference ||
      a.sku.localeCompare(b.sku),
  );
}
