// The live alert feed's state: the first page from GET /api/alerts merged with the `alert` events
// of the SSE stream. Pure, so the merge rules are unit-tested without a browser.
import type { AlertSummary } from '../api/client';
import { instantMillis } from './format';

/** Enough for a shift's worth of alerts; older ones stay reachable through the API. */
export const MAX_FEED_SIZE = 200;

export type FeedAction =
  /**
   * A page from GET /api/alerts. `streamedDuringLoad` are the stream events that arrived while
   * the request was in flight: they may be newer than the page's snapshot, so they are applied
   * after it. Alerts the page does not hold (older than its limit) are kept.
   */
  | { type: 'page'; items: AlertSummary[]; streamedDuringLoad: AlertSummary[] }
  | { type: 'upsert'; alert: AlertSummary };

/** Newest detection first; the id breaks ties so the order is stable. */
export function compareAlerts(a: AlertSummary, b: AlertSummary): number {
  return instantMillis(b.detectedAt) - instantMillis(a.detectedAt) || a.alertId.localeCompare(b.alertId);
}

/**
 * Inserts an alert, or replaces the one with the same id in place (an update never moves a row,
 * because detectedAt does not change), keeping the list newest first.
 */
export function mergeAlert(list: AlertSummary[], update: AlertSummary): AlertSummary[] {
  const index = list.findIndex((a) => a.alertId === update.alertId);
  if (index >= 0 && list[index].detectedAt === update.detectedAt) {
    const copy = list.slice();
    copy[index] = update;
    return copy;
  }
  const rest = index >= 0 ? list.filter((a) => a.alertId !== update.alertId) : list;
  return [update, ...rest].sort(compareAlerts).slice(0, MAX_FEED_SIZE);
}

export function feedReducer(state: AlertSummary[], action: FeedAction): AlertSummary[] {
  switch (action.type) {
    case 'page': {
      const inPage = new Set(action.items.map((a) => a.alertId));
      const merged = [...action.items, ...state.filter((a) => !inPage.has(a.alertId))]
        .sort(compareAlerts)
        .slice(0, MAX_FEED_SIZE);
      return action.streamedDuringLoad.reduce(mergeAlert, merged);
    }
    case 'upsert':
      return mergeAlert(state, action.alert);
  }
}

/** Statuses that still wait for a manager's decision (the API's "pending"). */
export const PENDING_STATUSES: ReadonlySet<string> = new Set(['OPEN', 'ANALYSED', 'ESCALATED']);
