import type { KeyboardEvent } from 'react';
import type { AlertSummary } from '../api/client';
import { formatCents, formatInstant, formatRate, formatUnits } from '../lib/format';
import { routeHash } from '../lib/routes';
import { SeverityBadge } from './SeverityBadge';

interface Props {
  alerts: AlertSummary[];
  selectedId: string | null;
  /** Whether a filter is on (changes the empty message). */
  filtered: boolean;
  onSelect: (alertId: string) => void;
}

/**
 * ↑/↓ (and Home/End) move focus between the rows' links; Enter follows the focused link. Only one
 * row's link is in the Tab order (a "roving tab stop"), so Tab leaves the feed in one press.
 */
function onLinkKey(e: KeyboardEvent<HTMLAnchorElement>) {
  const row = e.currentTarget.closest('tr');
  const body = row?.parentElement;
  if (!row || !body) return;
  let target: Element | null = null;
  if (e.key === 'ArrowDown') target = row.nextElementSibling;
  else if (e.key === 'ArrowUp') target = row.previousElementSibling;
  else if (e.key === 'Home') target = body.firstElementChild;
  else if (e.key === 'End') target = body.lastElementChild;
  else return;
  e.preventDefault();
  target?.querySelector<HTMLAnchorElement>('a.row-link')?.focus();
}

/** The alert list in the chosen order; rows update in place as the stream reports changes. */
export function AlertFeed({ alerts, selectedId, filtered, onSelect }: Props) {
  if (alerts.length === 0) {
    return (
      <p className="empty" data-testid="feed-empty">
        {filtered ? 'No alert matches these filters.' : 'No alerts yet. They appear here as soon as the pipeline raises them.'}
      </p>
    );
  }
  const tabStop = alerts.some((a) => a.alertId === selectedId) ? selectedId : alerts[0].alertId;
  return (
    <div className="table-scroll">
      <table className="feed" aria-describedby="feed-help">
        <caption className="visually-hidden">Cannibalization alerts</caption>
        <thead>
          <tr>
            <th scope="col">Severity</th>
            <th scope="col">Promoted item · promotion</th>
            <th scope="col" className="num">
              Cannibalized
            </th>
            <th scope="col" className="num">
              Rate
            </th>
            <th scope="col" className="num">
              Lost revenue
            </th>
            <th scope="col">Status</th>
            <th scope="col" className="detected">
              Detected
            </th>
          </tr>
        </thead>
        <tbody>
          {alerts.map((a) => {
            const selected = a.alertId === selectedId;
            return (
              <tr
                key={a.alertId}
                data-testid="alert-row"
                data-alert-id={a.alertId}
                data-promotion-id={a.promotionId}
                className={selected ? 'selected' : undefined}
                // The link is the keyboard and screen-reader target; the whole row is a bigger
                // mouse and touch target for the same thing.
                onClick={(e) => {
                  if (!(e.target as HTMLElement).closest('a')) onSelect(a.alertId);
                }}
              >
                <td>
                  <SeverityBadge severity={a.severity} />
                </td>
                <td>
                  <a
                    className="row-link sku"
                    href={routeHash({ page: 'alert', alertId: a.alertId })}
                    tabIndex={a.alertId === tabStop ? 0 : -1}
                    aria-current={selected ? 'true' : undefined}
                    onKeyDown={onLinkKey}
                  >
                    {a.promotedSku}
                    <span className="visually-hidden">
                      , {a.severity} alert, {a.status}
                    </span>
                  </a>
                  <span className="sub">
                    {a.promotionId} · {a.subCategory}
                  </span>
                </td>
                <td className="num">{formatUnits(a.cannibalizedUnits)}</td>
                <td className="num">{formatRate(a.cannibalizationRate)}</td>
                <td className="num">{formatCents(a.lostRevenueCents)}</td>
                <td>
                  <span className={`status status-${a.status.toLowerCase()}`}>{a.status}</span>
                </td>
                <td className="detected muted">{formatInstant(a.detectedAt)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p id="feed-help" className="visually-hidden">
        Use the arrow keys to move between alerts and Enter to open one.
      </p>
    </div>
  );
}
