// The live alert feed's state: a page from GET /api/alerts merged with the `alert` events of the
// SSE stream, under the overview's filter and sort. Pure, so the merge rules are unit-tested
// without a browser.
import type { AlertSummary } from '../api/client';
import { type AlertQuery, DEFAULT_QUERY, comparatorFor, matchesQuery } from './alertQuery';

/** Enough for a shift's worth of alerts; older ones stay reachable through the API. */
export const MAX_FEED_SIZE = 200;

export type FeedAction =
  /**
   * A page from GET /api/alerts. `streamedDuringLoad` are the stream events that arrived while
   * the request was in flight: they may be newer than the page's snapshot, so they are applied
   * after it. Rows the page does not hold (beyond its limit) are kept, unless `replace` (a new
   * query: the old rows were chosen by another filter).
   */
  | { type: 'page'; items: AlertSummary[]; streamedDuringLoad: AlertSummary[]; query?: AlertQuery; replace?: boolean }
  /** A live event: inserted or updated in place, or removed when it no longer matches. */
  | { type: 'upsert'; alert: AlertSummary; query?: AlertQuery };

/** Newest detection first; the id breaks ties so the order is stable. */
export const compareAlerts = comparatorFor(DEFAULT_QUERY);

/**
 * Inserts an alert, or replaces the one with the same id, keeping the list in the query's order
 * (an update whose sort value is unchanged keeps its place: the order is total) and at most
 * MAX_FEED_SIZE long. An alert that no longer matches the query leaves the list.
 */
export function mergeAlert(list: AlertSummary[], update: AlertSummary, query: AlertQuery = DEFAULT_QUERY): AlertSummary[] {
  const rest = list.filter((a) => a.alertId !== update.alertId);
  if (!matchesQuery(update, query)) return rest.length === list.length ? list : rest;
  return [update, ...rest].sort(comparatorFor(query)).slice(0, MAX_FEED_SIZE);
}

export function feedReducer(state: AlertSummary[], action: FeedAction): AlertSummary[] {
  const query = action.query ?? DEFAULT_QUERY;
  switch (action.type) {
    case 'page': {
      const inPage = new Set(action.items.map((a) => a.alertId));
      const kept = action.replace ? [] : state.filter((a) => !inPage.has(a.alertId) && matchesQuery(a, query));
      const merged = [...action.items, ...kept].sort(comparatorFor(query)).slice(0, MAX_FEED_SIZE);
      return action.streamedDuringLoad.reduce((list, a) => mergeAlert(list, a, query), merged);
    }
    case 'upsert':
      return mergeAlert(state, action.alert, query);
  }
}

/** Statuses that still wait for a manager's decision (the API's "pending"). */
export const PENDING_STATUSES: ReadonlySet<string> = new Set(['OPEN', 'ANALYSED', 'ESCALATED']);
