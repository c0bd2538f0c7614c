import { describe, expect, it } from 'vitest';
import type { Series } from '../api/client';
import { PANEL, buildPanel, describeSeries, linePath, niceCeil, orderSeries, seriesTotals } from './chart';

const series = (sku: string, role: Series['role'], pairs: [number, number | null][]): Series => ({
  sku,
  role,
  points: pairs.map(([actualUnits, baselineUnits], i) => ({
    windowStart: new Date(Date.UTC(2026, 0, 5, 10, i * 30)).toISOString(),
    actualUnits,
    baselineUnits,
  })),
});

describe('niceCeil', () => {
  it('rounds up to 1, 2, 2.5 or 5 times a power of ten', () => {
    expect(niceCeil(7)).toBe(10);
    expect(niceCeil(10)).toBe(10);
    expect(niceCeil(11)).toBe(20);
    expect(niceCeil(23)).toBe(25);
    expect(niceCeil(0.3)).toBe(0.5);
    expect(niceCeil(4100)).toBe(5000);
  });

  it('gives a usable scale for nothing to show', () => {
    expect(niceCeil(0)).toBe(1);
    expect(niceCeil(Number.NaN)).toBe(1);
  });
});

describe('buildPanel', () => {
  const { left, right, top, bottom, width, height } = PANEL;

  it('spans the plot area: first window at the left, last at the right, zero at the bottom', () => {
    const panel = buildPanel(series('A', 'PROMOTED', [[0, 5], [20, 5]]));
    // y scale 0..20: actual goes from the bottom-left to the top-right corner.
    expect(panel.actualPath).toBe(`M${left.toFixed(1)},${(height - bottom).toFixed(1)} L${(width - right).toFixed(1)},${top.toFixed(1)}`);
    expect(panel.yTicks.map((t) => t.label)).toEqual(['0', '10', '20']);
    expect(panel.xTicks).toHaveLength(2);
  });

  it('draws both lines on one scale', () => {
    const panel = buildPanel(series('A', 'SUBSTITUTE', [[4, 8], [2, 8]]));
    expect(panel.yTicks.at(-1)?.label).toBe('10');
    // The baseline (8 of 10) is flat, above the bottom.
    const ys = panel.baselinePath.split(' ').map((p) => p.split(',')[1]);
    expect(new Set(ys).size).toBe(1);
  });

  it('orders points by time whatever order they come in', () => {
    const s = series('A', 'PROMOTED', [[1, 1], [9, 1]]);
    const reversed = { ...s, points: [...s.points].reverse() };
    expect(buildPanel(reversed).actualPath).toBe(buildPanel(s).actualPath);
  });

  it('puts a single window in the middle and draws nothing for none', () => {
    const one = buildPanel(series('A', 'PROMOTED', [[3, 2]]));
    expect(one.actualPath.startsWith(`M${((left + width - right) / 2).toFixed(1)},`)).toBe(true);
    expect(one.xTicks).toHaveLength(1);
    const none = buildPanel(series('A', 'PROMOTED', []));
    expect(none.actualPath).toBe('');
    expect(none.xTicks).toEqual([]);
  });

  it('writes SVG path data', () => {
    expect(linePath([])).toBe('');
    expect(linePath([{ x: 1, y: 2 }, { x: 3.25, y: 4 }])).toBe('M1.0,2.0 L3.3,4.0');
  });

  it('leaves a gap where the baseline is unknown instead of drawing it as zero', () => {
    expect(linePath([{ x: 1, y: 2 }, null, { x: 5, y: 6 }, { x: 7, y: 8 }])).toBe('M1.0,2.0 M5.0,6.0 L7.0,8.0');
    const panel = buildPanel(series('A', 'PROMOTED', [[4, 5], [6, null], [8, 5]]));
    expect(panel.baselinePath.match(/M/g)).toHaveLength(2);
    expect(panel.baselinePath).not.toContain('L');
  });
});

describe('describing series', () => {
  const promoted = series('PIZZA-4CH', 'PROMOTED', [[10, 8], [30, 8]]);
  const small = series('PIZZA-PEP', 'SUBSTITUTE', [[7, 8], [6, 8]]);
  const big = series('PIZZA-MARG', 'SUBSTITUTE', [[2, 9], [1, 9]]);

  it('sums actual against baseline', () => {
    expect(seriesTotals(promoted)).toEqual({ actual: 40, baseline: 16, difference: 24, withBaseline: 2 });
  });

  it('compares only the windows that have a baseline', () => {
    const partial = series('A', 'SUBSTITUTE', [[3, 5], [100, null]]);
    expect(seriesTotals(partial)).toEqual({ actual: 103, baseline: 5, difference: -2, withBaseline: 1 });
    expect(describeSeries(partial)).toBe(
      'A (substitute): 103 units sold against a baseline of 5 over 2 windows (baseline known for 1 of them), 2 units below baseline.',
    );
    expect(describeSeries(series('B', 'SUBSTITUTE', [[3, null]]))).toBe('B (substitute): 3 units sold over 1 windows; no baseline known.');
  });

  it('says what the chart shows in one sentence per item', () => {
    expect(describeSeries(promoted)).toBe(
      'PIZZA-4CH (promoted item): 40 units sold against a baseline of 16 over 2 windows, 24 units above baseline.',
    );
    expect(describeSeries(big)).toContain('15 units below baseline');
    expect(describeSeries(series('X', 'SUBSTITUTE', []))).toBe('X (substitute): no sales windows recorded.');
  });

  it('lists the promoted item first, then the substitutes that lost most', () => {
    expect(orderSeries([small, big, promoted]).map((s) => s.sku)).toEqual(['PIZZA-4CH', 'PIZZA-MARG', 'PIZZA-PEP']);
  });
});
