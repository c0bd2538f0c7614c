import type { KeyboardEvent } from 'react';
import type { AlertSummary } from '../api/client';
import { formatCents, formatInstant, formatRate, formatUnits } from '../lib/format';
import { SeverityBadge } from './SeverityBadge';

interface Props {
  alerts: AlertSummary[];
  selectedId: string | null;
  onSelect: (alertId: string) => void;
}

/** Moves focus between rows with the arrow keys; Enter or Space opens the focused alert. */
function onRowKey(e: KeyboardEvent<HTMLTableRowElement>, alertId: string, onSelect: (id: string) => void) {
  if (e.key === 'Enter' || e.key === ' ') {
    e.preventDefault();
    onSelect(alertId);
  } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
    e.preventDefault();
    const next = e.key === 'ArrowDown' ? e.currentTarget.nextElementSibling : e.currentTarget.previousElementSibling;
    (next as HTMLElement | null)?.focus();
  }
}

/** The alert list, newest first; rows update in place as the stream reports changes. */
export function AlertFeed({ alerts, selectedId, onSelect }: Props) {
  if (alerts.length === 0) {
    return <p className="empty">No alerts yet. They appear here as soon as the pipeline raises them.</p>;
  }
  return (
    <div className="table-scroll">
      <table className="feed">
        <caption className="visually-hidden">
          Alerts, newest first. Use the arrow keys to move and Enter to open one.
        </caption>
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
                tabIndex={0}
                aria-current={selected ? 'true' : undefined}
                aria-label={`${a.severity} alert for ${a.promotedSku}, promotion ${a.promotionId}, ${a.status}`}
                className={selected ? 'selected' : undefined}
                onClick={() => onSelect(a.alertId)}
                onKeyDown={(e) => onRowKey(e, a.alertId, onSelect)}
              >
                <td>
                  <SeverityBadge severity={a.severity} />
                </td>
                <td>
                  <span className="sku">{a.promotedSku}</span>
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
    </div>
  );
}
