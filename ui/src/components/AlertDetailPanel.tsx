import { useEffect, useRef } from 'react';
import type { AlertDetail } from '../api/client';
import { ACTION_LABELS } from '../lib/actions';
import { analystLabel, formatCents, formatInstant, formatRate, formatUnits } from '../lib/format';
import { ActionPanel } from './ActionPanel';
import { SeverityBadge } from './SeverityBadge';

interface Props {
  alertId: string;
  alert: AlertDetail | null;
  error: string | null;
  onChanged: () => void;
  onClose: () => void;
}

/** One alert: how the lift decomposes, which substitutes lost, the analysis and the decision. */
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
      aria-label={`Alert ${alertId}`}
      onKeyDown={(e) => e.key === 'Escape' && !e.defaultPrevented && onClose()}
    >
      <header className="detail-header">
        {alert ? (
          <>
            <SeverityBadge severity={alert.severity} />
            <h2>
              {alert.promotedSku} <small>promotion {alert.promotionId}</small>
            </h2>
            <span className={`status status-${alert.status.toLowerCase()}`}>{alert.status}</span>
          </>
        ) : (
          <h2>{alertId}</h2>
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

function Detail({ alert, onChanged }: { alert: AlertDetail; onChanged: () => void }) {
  const netLift = alert.grossLiftUnits - alert.cannibalizedUnits;
  return (
    <>
      <p className="muted">
        {alert.category} › {alert.subCategory} · evidence {formatInstant(alert.windowStart)} – {formatInstant(alert.windowEnd)}{' '}
        (event time) · test statistic {alert.testStatistic.toFixed(2)}
      </p>

      <dl className="decomposition" aria-label="Lift decomposition">
        <div>
          <dt>Gross lift</dt>
          <dd>{formatUnits(alert.grossLiftUnits)} units</dd>
        </div>
        <div>
          <dt>Cannibalized</dt>
          <dd>{formatUnits(alert.cannibalizedUnits)} units</dd>
        </div>
        <div>
          <dt>Net lift</dt>
          <dd>{formatUnits(netLift)} units</dd>
        </div>
        <div>
          <dt>Cannibalization rate</dt>
          <dd>{formatRate(alert.cannibalizationRate)}</dd>
        </div>
        <div>
          <dt>Lost revenue</dt>
          <dd>{formatCents(alert.lostRevenueCents)}</dd>
        </div>
      </dl>
      <div className="bar" aria-hidden="true" title="Share of the gross lift taken from substitutes">
        <span style={{ width: `${Math.min(100, Math.max(0, alert.cannibalizationRate * 100))}%` }} />
      </div>

      <h3>Substitutes</h3>
      {alert.substitutes.length === 0 ? (
        <p className="muted">No substitute losses recorded.</p>
      ) : (
        <div className="table-scroll">
          <table className="substitutes">
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
                  Lost
                </th>
              </tr>
            </thead>
            <tbody>
              {alert.substitutes.map((s) => (
                <tr key={s.sku}>
                  <td>{s.sku}</td>
                  <td className="num">{formatUnits(s.baselineUnits)}</td>
                  <td className="num">{formatUnits(s.actualUnits)}</td>
                  <td className="num lost">{formatUnits(s.lostUnits)}</td>
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
            <span className="analyst">{analystLabel(alert.analysis.analyst)}</span> · confidence{' '}
            {formatRate(alert.analysis.confidence)}
          </p>
          <p>{alert.analysis.explanation}</p>
          {alert.analysis.recommendations.length > 0 && (
            <ol className="recommendations">
              {[...alert.analysis.recommendations]
                .sort((a, b) => a.rank - b.rank)
                .map((r) => (
                  <li key={r.rank} className={r.rank === 1 ? 'primary-rec' : undefined}>
                    <strong>
                      {r.rank === 1 ? 'Recommended: ' : 'Alternative: '}
                      {r.title}
                    </strong>{' '}
                    <span className="muted">
                      ({ACTION_LABELS[r.actionType] ?? r.actionType}
                      {r.newPriceCents !== null && ` to ${formatCents(r.newPriceCents)}`})
                    </span>
                    {/* The analyst states substitute revenue at regular prices per 24 h, not margin:
                        the alert carries no unit costs yet (the estimator issue adds them). */}
                    {r.expectedMarginChangeCents !== null && (
                      <span className={r.expectedMarginChangeCents >= 0 ? 'effect gain' : 'effect loss'}>
                        {' '}
                        substitute revenue {r.expectedMarginChangeCents >= 0 ? '+' : ''}
                        {formatCents(r.expectedMarginChangeCents)} / 24 h
                      </span>
                    )}
                    <p>{r.rationale}</p>
                  </li>
                ))}
            </ol>
          )}
        </div>
      ) : (
        <p className="muted">Analysis in progress…</p>
      )}

      <ActionPanel key={alert.alertId} alert={alert} onChanged={onChanged} />
    </>
  );
}
