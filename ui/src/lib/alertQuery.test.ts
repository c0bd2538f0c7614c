import { describe, expect, it } from 'vitest';
import type { AlertSummary } from '../api/client';
import { ALERT_STATUSES, DEFAULT_QUERY, alertQueryParams, comparatorFor, isFiltered, matchesQuery } from './alertQuery';

const alert = (over: Partial<AlertSummary>): AlertSummary => ({
  alertId: 'P-1:1',
  promotionId: 'P-1',
  promotedSku: 'PIZZA-4CH',
  category: 'FROZEN',
  subCategory: 'FROZEN_PIZZA',
  status: 'OPEN',
  severity: 'HIGH',
  detectedAt: '2026-01-05T10:00:00Z',
  grossLiftUnits: 80,
  cannibalizedUnits: 40,
  cannibalizationRate: 0.5,
  lostRevenueCents: 1000,
  ...over,
});

describe('alertQueryParams', () => {
  it('sends sort, order and page, and only the filters that are set', () => {
    expect(alertQueryParams(DEFAULT_QUERY, 50)).toBe('sort=detectedAt&order=desc&limit=50&offset=0');
    expect(alertQueryParams({ status: 'OPEN', severity: 'HIGH', q: ' pizza 4 ', sort: 'severity', order: 'asc' }, 20, 40)).toBe(
      'status=OPEN&severity=HIGH&q=pizza+4&sort=severity&order=asc&limit=20&offset=40',
    );
  });
});

describe('matchesQuery', () => {
  it('offers every status of the alert table, retracted alerts included', () => {
    expect(ALERT_STATUSES).toEqual(['OPEN', 'ANALYSED', 'ESCALATED', 'ACTIONED', 'DISMISSED', 'MEASURED', 'CLOSED', 'RETRACTED']);
    expect(matchesQuery(alert({ status: 'RETRACTED' }), { ...DEFAULT_QUERY, status: 'RETRACTED' })).toBe(true);
    expect(matchesQuery(alert({ status: 'RETRACTED' }), { ...DEFAULT_QUERY, status: 'OPEN' })).toBe(false);
  });

  it('filters by status and severity', () => {
    expect(matchesQuery(alert({}), { ...DEFAULT_QUERY, status: 'OPEN' })).toBe(true);
    expect(matchesQuery(alert({ status: 'ACTIONED' }), { ...DEFAULT_QUERY, status: 'OPEN' })).toBe(false);
    expect(matchesQuery(alert({ severity: 'LOW' }), { ...DEFAULT_QUERY, severity: 'HIGH' })).toBe(false);
  });

  it('finds the text in the alert id, promotion id or SKU, ignoring case', () => {
    const q = (text: string) => ({ ...DEFAULT_QUERY, q: text });
    expect(matchesQuery(alert({}), q('pizza'))).toBe(true);
    expect(matchesQuery(alert({ promotionId: 'P-HIGH' }), q('high'))).toBe(true);
    expect(matchesQuery(alert({ alertId: 'X:9' }), q('x:9'))).toBe(true);
    expect(matchesQuery(alert({}), q('cola'))).toBe(false);
    expect(matchesQuery(alert({}), q('   '))).toBe(true);
  });

  it('says whether a query filters at all', () => {
    expect(isFiltered(DEFAULT_QUERY)).toBe(false);
    expect(isFiltered({ ...DEFAULT_QUERY, sort: 'severity', order: 'asc' })).toBe(false);
    expect(isFiltered({ ...DEFAULT_QUERY, q: 'x' })).toBe(true);
  });
});

describe('comparatorFor', () => {
  const a = alert({ alertId: 'A', severity: 'LOW', lostRevenueCents: 500, detectedAt: '2026-01-05T12:00:00Z' });
  const b = alert({ alertId: 'B', severity: 'CRITICAL', lostRevenueCents: 900, detectedAt: '2026-01-05T10:00:00Z' });
  const c = alert({ alertId: 'C', severity: 'HIGH', lostRevenueCents: 900, detectedAt: '2026-01-05T11:00:00Z' });
  const ids = (list: AlertSummary[]) => list.map((x) => x.alertId);

  it('sorts by the chosen key in the chosen direction', () => {
    expect(ids([a, b, c].sort(comparatorFor({ sort: 'detectedAt', order: 'desc' })))).toEqual(['A', 'C', 'B']);
    expect(ids([a, b, c].sort(comparatorFor({ sort: 'severity', order: 'desc' })))).toEqual(['B', 'C', 'A']);
    expect(ids([a, b, c].sort(comparatorFor({ sort: 'severity', order: 'asc' })))).toEqual(['A', 'C', 'B']);
  });

  it('breaks ties newest first', () => {
    expect(ids([a, b, c].sort(comparatorFor({ sort: 'lostRevenueCents', order: 'desc' })))).toEqual(['C', 'B', 'A']);
  });
});
