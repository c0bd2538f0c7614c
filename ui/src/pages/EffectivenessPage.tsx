import { useEffect, useState } from 'react';
import { api, type Effectiveness, type Page } from '../api/client';
import { IntervalValue } from '../components/IntervalValue';
import { ACTION_LABELS } from '../lib/actions';
import { isMeasured, outcomeLabel, scoreText } from '../lib/effectiveness';
import { formatInstant, formatSignedCents } from '../lib/format';
import { routeHash } from '../lib/routes';

const PAGE_SIZE = 25;

/** GET /api/effectiveness: what each executed action did to the margin, measured afterwards. */
export function EffectivenessPage() {
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<Page<Effectiveness> | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    api.effectiveness(PAGE_SIZE, offset).then(
      (p) => {
        if (!current) return;
        setPage(p);
        setError(null);
      },
      (e) => current && setError(`Could not load the measurements: ${e instanceof Error ? e.message : String(e)}`),
    );
    return () => {
      current = false;
    };
  }, [offset]);

  const items = page?.items ?? [];
  const total = page?.total ?? 0;
  return (
    <>
      <div className="page-header">
        <h1>Effectiveness</h1>
      </div>
      <section className="panel" aria-labelledby="eff-title">
        <h2 id="eff-title">
          Measured actions {page && <small>{total}</small>}
        </h2>
        <p className="muted small">
          Each executed action's effect on the margin of the promoted item and its substitutes, with its 90% interval. An effect
          whose interval includes zero is no clear change; too few sales after the action is insufficient data.
        </p>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        {page && items.length === 0 && <p className="empty">No action has been measured yet.</p>}
        {items.length > 0 && (
          <div className="table-scroll">
            <table data-testid="effectiveness-table">
              <caption className="visually-hidden">Measured actions, most recent first</caption>
              <thead>
                <tr>
                  <th scope="col">Alert · action</th>
                  <th scope="col">Outcome</th>
                  <th scope="col" className="num">
                    Margin effect (90% interval)
                  </th>
                  <th scope="col" className="num">
                    Score
                  </th>
                  <th scope="col">Measured</th>
                </tr>
              </thead>
              <tbody>
                {items.map((e) => (
                  <tr key={`${e.alertId}-${e.measuredAt}`} data-testid="effectiveness-row" data-outcome={e.outcome}>
                    <th scope="row">
                      <a href={routeHash({ page: 'alert', alertId: e.alertId })}>{e.alertId}</a>
                      <span className="sub">
                        {ACTION_LABELS[e.actionType] ?? e.actionType} · {formatInstant(e.actionAt)}
                      </span>
                      {e.detail && <span className="sub">{e.detail}</span>}
                    </th>
                    <td>
                      <span className={`outcome outcome-${e.outcome.toLowerCase()}`}>{outcomeLabel(e.outcome)}</span>
                    </td>
                    <td className="num">
                      {isMeasured(e) ? (
                        <IntervalValue interval={e.groupMarginEffectCents} format={formatSignedCents} />
                      ) : (
                        <span className="muted">Insufficient data</span>
                      )}
                    </td>
                    <td className="num">{scoreText(e)}</td>
                    <td className="muted">{formatInstant(e.measuredAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {total > PAGE_SIZE && (
          <nav className="pager" aria-label="Pages of measured actions">
            <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE_SIZE))}>
              Newer
            </button>
            <span className="muted">
              {offset + 1}–{Math.min(total, offset + PAGE_SIZE)} of {total}
            </span>
            <button type="button" disabled={offset + PAGE_SIZE >= total} onClick={() => setOffset(offset + PAGE_SIZE)}>
              Older
            </button>
          </nav>
        )}
      </section>
    </>
  );
}
