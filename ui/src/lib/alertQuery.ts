// The overview's filter and sort of the alert list. The same query goes to GET /api/alerts (so
// the server filters all alerts, not just the loaded ones) and is applied to each live event (so
// the feed keeps showing only what matches, in the chosen order).
import type { AlertSummary, Severity } from '../api/client';
import { instantMillis } from './format';

export type AlertSortKey = 'detectedAt' | 'severity' | 'lostRevenueCents' | 'cannibalizationRate';
export type SortOrder = 'desc' | 'asc';

export interface AlertQuery {
  /** '' for any status. */
  status: string;
  /** '' for any severity. */
  severity: '' | Severity;
  /** Matches alert id, promotion id or promoted SKU (case-insensitive, part of it). */
  q: string;
  sort: AlertSortKey;
  order: SortOrder;
}

export const DEFAULT_QUERY: AlertQuery = { status: '', severity: '', q: '', sort: 'detectedAt', order: 'desc' };

export const ALERT_STATUSES = [
  'OPEN',
  'ANALYSED',
  'ESCALATED',
  'ACTIONED',
  'DISMISSED',
  'MEASURED',
  'CLOSED',
  'RETRACTED',
] as const;
export const SEVERITIES: readonly Severity[] = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'];

export const SORT_LABELS: Record<AlertSortKey, string> = {
  detectedAt: 'Detected',
  severity: 'Severity',
  lostRevenueCents: 'Lost revenue',
  cannibalizationRate: 'Cannibalization rate',
};

const SEVERITY_RANK: Record<Severity, number> = { LOW: 0, MEDIUM: 1, HIGH: 2, CRITICAL: 3 };

/** The query string for GET /api/alerts (without `?`); empty filters are left out. */
export function alertQueryParams(query: AlertQuery, limit: number, offset = 0): string {
  const params = new URLSearchParams();
  if (query.status) params.set('status', query.status);
  if (query.severity) params.set('severity', query.severity);
  const q = query.q.trim();
  if (q) params.set('q', q);
  params.set('sort', query.sort);
  params.set('order', query.order);
  params.set('limit', String(limit));
  params.set('offset', String(offset));
  return params.toString();
}

/** Whether a (live) alert belongs in the feed under this query. */
export function matchesQuery(alert: AlertSummary, query: AlertQuery): boolean {
  if (query.status && alert.status !== query.status) return false;
  if (query.severity && alert.severity !== query.severity) return false;
  const q = query.q.trim().toLowerCase();
  if (q) {
    const fields = [alert.alertId, alert.promotionId, alert.promotedSku];
    if (!fields.some((f) => f.toLowerCase().includes(q))) return false;
  }
  return true;
}

function sortValue(alert: AlertSummary, key: AlertSortKey): number {
  switch (key) {
    case 'detectedAt':
      return instantMillis(alert.detectedAt);
    case 'severity':
      return SEVERITY_RANK[alert.severity] ?? -1;
    case 'lostRevenueCents':
      return alert.lostRevenueCents;
    case 'cannibalizationRate':
      return alert.cannibalizationRate;
  }
}

/**
 * The feed's order under a query. Ties fall back to newest first, then the id, so the order is
 * total and a row never jumps between two equal neighbours.
 */
export function comparatorFor(query: Pick<AlertQuery, 'sort' | 'order'>): (a: AlertSummary, b: AlertSummary) => number {
  const sign = query.order === 'asc' ? 1 : -1;
  return (a, b) =>
    sign * (sortValue(a, query.sort) - sortValue(b, query.sort)) ||
    instantMillis(b.detectedAt) - instantMillis(a.detectedAt) ||
    a.alertId.localeCompare(b.alertId);
}

/** Whether the query leaves some alerts out (sorting alone does not). */
export function isFiltered(query: AlertQuery): boolean {
  return query.status !== '' || query.severity !== '' || query.q.trim() !== '';
}
