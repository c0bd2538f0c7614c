import { useEffect, useRef } from 'react';
import type { AlertDetail, AlertEstimate, Interval, Recommendation } from '../api/client';
import { ACTION_LABELS } from '../lib/actions';
import { analystLabel, formatCents, formatInstant, formatRate, formatSignedCents, formatUnits } from '../lib/format';
import { ActionPanel } from './ActionPanel';
import { EffectivenessSummary } from './EffectivenessSummary';
import { IntervalValue } from './IntervalValue';
import { SeriesChart } from './SeriesChart';
import { SeverityBadge } from './SeverityBadge';
import { Timeline } from './Timeline';

interface Props {
  alertId: string;
  alert: AlertDetail | null;
  error: string | null;
  onChanged: () => void;
  onClose: () => void;
}

/** One alert: its chart, how the lift decomposes, the analysis, the workflow and the decision. */
export function AlertDetailPanel({ alertId, alert, error, onChanged, onClose }: Props) {
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    // On a tablet the detail sits below the feed: bring it into view when a row is opened.
    ref.current?.scrollIntoView?.({ block: 'nearest', behavior: 'smooth' });
  }, [alertId]);

  return (
    <section
      ref={ref}
      className="panel detail"
      data-testid="alert-detail"
      data-alert-id={alertId}
      aria-labelledby="detail-title"
      onKeyDown={(e) => e.key === 'Escape' && !e.defaultPrevented && onClose()}
    >
      <header className="detail-header">
        {alert && <SeverityBadge severity={alert.severity} />}
        <h2 id="detail-title">
          {alert ? (
            <>
              {alert.promotedSku} <small>promotion {alert.promotionId}</small>
            </>
          ) : (
            alertId
          )}
        </h2>
        {alert && (
          <span className={`status status-${alert.status.toLowerCase()}`} data-testid="alert-status">
            {alert.status}
          </span>
        )}
        <button type="button" className="close" onClick={onClose} aria-label="Close detail">
          ×
        </button>
      </header>

      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {!alert && !error && <p className="muted">Loading…</p>}
      {alert && <Detail alert={alert} onChanged={onChanged} />}
    </section>
  );
}

/**
 * The decomposition to show: the estimate's figures with their intervals, and where the API could
 * not compute one (it invents none), the detector's point value from the alert itself, if any.
 */
function decomposition(alert: AlertDetail): { estimate: AlertEstimate; pointsUsed: boolean } {
  const point = (v: number): Interval => ({ estimate: v, lower: v, upper: v });
  const e = alert.estimate;
  const fallback: Record<'grossLiftUnits' | 'cannibalizedUnits' | 'netUnits' | 'cannibalizationRate', Interval> = {
    grossLiftUnits: point(alert.grossLiftUnits),
    cannibalizedUnits: point(alert.cannibalizedUnits),
    netUnits: point(alert.grossLiftUnits - alert.cannibalizedUnits),
    cannibalizationRate: point(alert.cannibalizationRate),
  };
  const pick = (key: keyof typeof fallback): Interval => e?.[key] ?? fallback[key];
  const estimate: AlertEstimate = {
    grossLiftUnits: pick('grossLiftUnits'),
    cannibalizedUnits: pick('cannibalizedUnits'),
    pullForwardUnits: e?.pullForwardUnits ?? null,
    netUnits: pick('netUnits'),
    netRevenueCents: e?.netRevenueCents ?? null,
    netMarginCents: e?.netMarginCents ?? null,
    cannibalizationRate: pick('cannibalizationRate'),
    basis: e?.basis ?? null,
  };
  const pointsUsed = (Object.keys(fallback) as (keyof typeof fallback)[]).some((k) => !e?.[k]);
  return { estimate, pointsUsed };
}


function Detail({ alert, onChanged }: { alert: AlertDetail; onChanged: () => void }) {
  const { estimate, pointsUsed } = decomposition(alert);
  const parts: { label: string; value: Interval | null; format: (n: number) => string; testId: string }[] = [
    { label: 'Gross lift (units)', value: estimate.grossLiftUnits, format: formatUnits, testId: 'est-gross' },
    { label: 'Cannibalized (units)', value: estimate.cannibalizedUnits, format: formatUnits, testId: 'est-cannibalized' },
    { label: 'Pull-forward (units)', value: estimate.pullForwardUnits, format: formatUnits, testId: 'est-pull-forward' },
    { label: 'Net lift (units)', value: estimate.netUnits, format: formatUnits, testId: 'est-net' },
    { label: 'Cannibalization rate', value: estimate.cannibalizationRate, format: formatRate, testId: 'est-rate' },
    { label: 'Net revenue', value: estimate.netRevenueCents, format: formatCents, testId: 'est-net-revenue' },
    { label: 'Net margin', value: estimate.netMarginCents, format: formatCents, testId: 'est-net-margin' },
  ];
  const recommendations = [...(alert.analysis?.recommendations ?? [])].sort((a, b) => a.rank - b.rank);
  const [primary, ...alternatives] = recommendations;
  return (
    <>
      <p className="muted">
        {alert.category} › {alert.subCategory} · evidence {formatInstant(alert.windowStart)} – {formatInstant(alert.windowEnd)}{' '}
        (event time) · test statistic {alert.testStatistic.toFixed(2)} · lost revenue {formatCents(alert.lostRevenueCents)}
      </p>

      <h3>Actual vs baseline</h3>
      <SeriesChart series={alert.series ?? []} />

      <h3 id="decomposition-title">Lift decomposition</h3>
      <p className="muted small" data-testid="decomposition-note">
        Estimates with their 90% interval in brackets
        {pointsUsed && '; figures without one are the detector\'s point values'}.
      </p>
      {estimate.basis && (
        <p className="muted small basis" data-testid="decomposition-basis">
          Basis: {estimate.basis}
        </p>
      )}
      <dl className="decomposition" aria-labelledby="decomposition-title" data-testid="decomposition">
        {parts
          .filter((p) => p.value !== null)
          .map((p) => (
            <div key={p.testId}>
              <dt>{p.label}</dt>
              <dd>
                <IntervalValue interval={p.value} format={p.format} testId={p.testId} />
              </dd>
            </div>
          ))}
      </dl>

      <h3>Substitutes</h3>
      {alert.substitutes.length === 0 ? (
        <p className="muted">No substitute losses recorded.</p>
      ) : (
        <div className="table-scroll">
          <table className="substitutes">
            <caption className="visually-hidden">Substitutes' baseline, actual and lost units</caption>
            <thead>
              <tr>
                <th scope="col">Item</th>
                <th scope="col" className="num">
                  Baseline
                </th>
                <th scope="col" className="num">
                  Actual
                </th>
                <th scope="col" className="num">
                  Lost (90% interval)
                </th>
              </tr>
            </thead>
            <tbody>
              {alert.substitutes.map((s) => (
                <tr key={s.sku}>
                  <th scope="row">{s.sku}</th>
                  <td className="num">{formatUnits(s.baselineUnits)}</td>
                  <td className="num">{formatUnits(s.actualUnits)}</td>
                  <td className="num lost">
                    <IntervalValue interval={s.lostUnitsInterval ?? { estimate: s.lostUnits, lower: s.lostUnits, upper: s.lostUnits }} format={formatUnits} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h3>Analysis</h3>
      {alert.analysis ? (
        <div className="analysis" data-testid="analysis">
          <p className="muted">
            <span className="analyst" data-testid="analyst">
              {analystLabel(alert.analysis.analyst)}
            </span>{' '}
            · confidence <span data-testid="confidence">{formatRate(alert.analysis.confidence)}</span>
          </p>
          <p data-testid="explanation">{alert.analysis.explanation}</p>
          {primary && (
            <div className="primary-rec" data-testid="recommendation-primary">
              <h4>Recommended: {primary.title}</h4>
              <RecommendationBody r={primary} />
            </div>
          )}
          {alternatives.length > 0 && (
            <>
              <h4>Alternatives</h4>
              <ol className="recommendations" data-testid="recommendation-alternatives">
                {alternatives.map((r) => (
                  <li key={r.rank}>
                    <strong>{r.title}</strong>
                    <RecommendationBody r={r} />
                  </li>
                ))}
              </ol>
            </>
          )}
        </div>
      ) : (
        <p className="muted">Analysis in progress…</p>
      )}

      <h3>Workflow</h3>
      <Timeline entries={alert.timeline ?? []} />

      <ActionPanel key={alert.alertId} alert={alert} onChanged={onChanged} />

      {alert.effectiveness && (
        <>
          <h3>Measured effect</h3>
          <EffectivenessSummary effectiveness={alert.effectiveness} />
        </>
      )}
    </>
  );
}

function RecommendationBody({ r }: { r: Recommendation }) {
  return (
    <p>
      <span className="muted">
        {ACTION_LABELS[r.actionType] ?? r.actionType}
        {r.newPriceCents !== null && ` to ${formatCents(r.newPriceCents)}`}
      </span>
      {/* Margin over the promotion's rest from the active model's what-if, or, without a model,
          a heuristic of regular-price revenue per 24 h: the rationale's last sentence says which. */}
      {r.expectedMarginChangeCents !== null && (
        <span className={r.expectedMarginChangeCents >= 0 ? 'effect gain' : 'effect loss'}>
          {' '}
          · expected effect {formatSignedCents(r.expectedMarginChangeCents)}
          {r.expectedMarginChangeLowerCents != null && r.expectedMarginChangeUpperCents != null && (
            <span className="interval">
              {' '}
              (90% interval {formatSignedCents(r.expectedMarginChangeLowerCents)} to{' '}
              {formatSignedCents(r.expectedMarginChangeUpperCents)})
            </span>
          )}
        </span>
      )}
      <br />
      {r.rationale}
    </p>
  );
}
