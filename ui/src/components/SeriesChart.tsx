import { useId } from 'react';
import type { Series } from '../api/client';
import { PANEL, buildPanel, describeSeries, orderSeries, seriesTotals } from '../lib/chart';
import { formatInstant, formatUnits } from '../lib/format';

/**
 * Actual vs baseline sales of the promoted item and each substitute, one small panel per item
 * (their volumes differ too much for one scale). Each panel is an SVG with a title and a
 * description; the numbers are also in a table for anyone who cannot see the chart.
 */
export function SeriesChart({ series }: { series: Series[] }) {
  const id = useId();
  if (series.length === 0) {
    return <p className="muted">No windowed sales recorded for this alert's period yet.</p>;
  }
  const ordered = orderSeries(series);
  return (
    <div className="series" data-testid="series-chart">
      <ul className="legend" aria-hidden="true">
        <li>
          <span className="swatch actual" /> Actual
        </li>
        <li>
          <span className="swatch baseline" /> Baseline (expected without the promotion)
        </li>
      </ul>
      <div className="series-grid">
        {ordered.map((s, i) => {
          const panel = buildPanel(s);
          const titleId = `${id}-t${i}`;
          const descId = `${id}-d${i}`;
          const totals = seriesTotals(s);
          return (
            <figure key={s.sku} className={`series-panel ${s.role.toLowerCase()}`} data-testid="series-panel" data-sku={s.sku}>
              <figcaption>
                <strong>{s.sku}</strong> <span className="muted">{s.role === 'PROMOTED' ? 'promoted' : 'substitute'}</span>{' '}
                <span className={totals.difference >= 0 ? 'effect gain' : 'effect loss'}>
                  {totals.difference >= 0 ? '+' : '−'}
                  {formatUnits(Math.abs(totals.difference))} units
                </span>
              </figcaption>
              <svg
                viewBox={`0 0 ${PANEL.width} ${PANEL.height}`}
                role="img"
                aria-labelledby={`${titleId} ${descId}`}
                preserveAspectRatio="xMidYMid meet"
              >
                <title id={titleId}>{`${s.sku}: actual vs baseline units`}</title>
                <desc id={descId}>{describeSeries(s)}</desc>
                <line className="axis" x1={panel.plot.x0} x2={panel.plot.x1} y1={panel.plot.y0} y2={panel.plot.y0} />
                {panel.yTicks.map((t) => (
                  <g key={t.label}>
                    <line className="grid" x1={panel.plot.x0} x2={panel.plot.x1} y1={t.at} y2={t.at} />
                    <text className="tick" x={panel.plot.x0 - 4} y={t.at + 3} textAnchor="end">
                      {t.label}
                    </text>
                  </g>
                ))}
                {panel.xTicks.map((t, j) => (
                  <text
                    key={t.label + j}
                    className="tick"
                    x={t.at}
                    y={PANEL.height - 6}
                    textAnchor={panel.xTicks.length === 1 ? 'middle' : j === 0 ? 'start' : 'end'}
                  >
                    {t.label}
                  </text>
                ))}
                <path className="line baseline" d={panel.baselinePath} />
                <path className="line actual" d={panel.actualPath} />
              </svg>
            </figure>
          );
        })}
      </div>
      <details className="series-table">
        <summary>Show the chart's numbers as a table</summary>
        <div className="table-scroll">
          <table data-testid="series-table">
            <caption>Actual and baseline units per sales window</caption>
            <thead>
              <tr>
                <th scope="col">Item</th>
                <th scope="col">Window start</th>
                <th scope="col" className="num">
                  Actual
                </th>
                <th scope="col" className="num">
                  Baseline
                </th>
                <th scope="col" className="num">
                  Difference
                </th>
              </tr>
            </thead>
            <tbody>
              {ordered.flatMap((s) =>
                s.points.map((p) => (
                  <tr key={`${s.sku}-${p.windowStart}`}>
                    <th scope="row">
                      {s.sku} <span className="sub">{s.role === 'PROMOTED' ? 'promoted' : 'substitute'}</span>
                    </th>
                    <td>{formatInstant(p.windowStart)}</td>
                    <td className="num">{formatUnits(p.actualUnits)}</td>
                    <td className="num">{p.baselineUnits === null ? '–' : formatUnits(p.baselineUnits)}</td>
                    <td className="num">{p.baselineUnits === null ? '–' : formatUnits(p.actualUnits - p.baselineUnits)}</td>
                  </tr>
                )),
              )}
            </tbody>
          </table>
        </div>
      </details>
    </div>
  );
}
