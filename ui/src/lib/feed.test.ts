import { describe, expect, it } from 'vitest';
import type { AlertSummary } from '../api/client';
import { DEFAULT_QUERY } from './alertQuery';
import { MAX_FEED_SIZE, feedReducer, mergeAlert } from './feed';

const alert = (id: string, detectedAt: string, status = 'OPEN', lostRevenueCents = 12345): AlertSummary => ({
  alertId: id,
  promotionId: id.split(':')[0],
  promotedSku: 'PIZZA-4CH',
  category: 'FROZEN',
  subCategory: 'FROZEN_PIZZA',
  status,
  severity: 'HIGH',
  detectedAt,
  grossLiftUnits: 80,
  cannibalizedUnits: 40,
  cannibalizationRate: 0.5,
  lostRevenueCents,
});

const ids = (list: AlertSummary[]) => list.map((a) => a.alertId);

describe('mergeAlert', () => {
  it('puts a new alert at the top when it is the newest', () => {
    const list = [alert('A:1', '2026-01-05T10:00:00Z')];
    expect(ids(mergeAlert(list, alert('B:1', '2026-01-05T11:00:00Z')))).toEqual(['B:1', 'A:1']);
  });

  it('slots an alert detected earlier below newer ones', () => {
    const list = [alert('C:1', '2026-01-05T12:00:00Z'), alert('A:1', '2026-01-05T10:00:00Z')];
    expect(ids(mergeAlert(list, alert('B:1', '2026-01-05T11:00:00Z')))).toEqual(['C:1', 'B:1', 'A:1']);
  });

  it('replaces an alert in place when its status changes, without duplicating it', () => {
    const list = [alert('B:1', '2026-01-05T11:00:00Z'), alert('A:1', '2026-01-05T10:00:00Z')];
    const merged = mergeAlert(list, alert('A:1', '2026-01-05T10:00:00Z', 'ACTIONED'));
    expect(ids(merged)).toEqual(['B:1', 'A:1']);
    expect(merged[1].status).toBe('ACTIONED');
    expect(list[1].status).toBe('OPEN'); // the old state is not mutated (React compares references)
  });

  it('orders by instant, not by string, across time-zone offsets', () => {
    const list = [alert('A:1', '2026-01-05T10:00:00Z')];
    // 09:30 in UTC-02:00 is 11:30Z: newer, although its text sorts lower.
    expect(ids(mergeAlert(list, alert('B:1', '2026-01-05T09:30:00-02:00')))).toEqual(['B:1', 'A:1']);
  });

  it('keeps at most MAX_FEED_SIZE alerts, dropping the oldest', () => {
    let list: AlertSummary[] = [];
    for (let i = 0; i < MAX_FEED_SIZE + 5; i++) {
      list = mergeAlert(list, alert(`P-${i}:1`, new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString()));
    }
    expect(list).toHaveLength(MAX_FEED_SIZE);
    expect(list[0].alertId).toBe(`P-${MAX_FEED_SIZE + 4}:1`);
    expect(list.some((a) => a.alertId === 'P-0:1')).toBe(false);
  });
});

describe('feedReducer', () => {
  it('loads the first page newest first', () => {
    const state = feedReducer([], {
      type: 'page',
      items: [alert('A:1', '2026-01-05T10:00:00Z'), alert('B:1', '2026-01-05T11:00:00Z')],
      streamedDuringLoad: [],
    });
    expect(ids(state)).toEqual(['B:1', 'A:1']);
  });

  it('applies stream events that arrived while the page loaded over the page copy', () => {
    const streamed = alert('A:1', '2026-01-05T10:00:00Z', 'ACTIONED');
    const state = feedReducer([streamed], {
      type: 'page',
      items: [alert('A:1', '2026-01-05T10:00:00Z', 'OPEN'), alert('B:1', '2026-01-05T09:00:00Z')],
      streamedDuringLoad: [streamed],
    });
    expect(ids(state)).toEqual(['A:1', 'B:1']);
    expect(state[0].status).toBe('ACTIONED');
  });

  it('lets a reloaded page (after a reconnect) replace stale rows and keep older ones', () => {
    const before = [alert('B:1', '2026-01-05T11:00:00Z', 'OPEN'), alert('A:1', '2026-01-05T10:00:00Z')];
    const state = feedReducer(before, {
      type: 'page',
      items: [alert('C:1', '2026-01-05T12:00:00Z'), alert('B:1', '2026-01-05T11:00:00Z', 'DISMISSED')],
      streamedDuringLoad: [],
    });
    expect(ids(state)).toEqual(['C:1', 'B:1', 'A:1']);
    expect(state[1].status).toBe('DISMISSED');
  });

  it('applies upserts after the page', () => {
    const page = feedReducer([], { type: 'page', items: [alert('A:1', '2026-01-05T10:00:00Z')], streamedDuringLoad: [] });
    const state = feedReducer(page, { type: 'upsert', alert: alert('A:1', '2026-01-05T10:00:00Z', 'ANALYSED', 999) });
    expect(state).toHaveLength(1);
    expect(state[0]).toMatchObject({ status: 'ANALYSED', lostRevenueCents: 999 });
  });
});

describe('feed under a filter and sort', () => {
  const openOnly = { ...DEFAULT_QUERY, status: 'OPEN' };

  it('drops a live alert that does not match, and removes one that stops matching', () => {
    const state = feedReducer([], { type: 'page', items: [alert('A:1', '2026-01-05T10:00:00Z')], streamedDuringLoad: [], query: openOnly });
    expect(ids(feedReducer(state, { type: 'upsert', alert: alert('B:1', '2026-01-05T11:00:00Z', 'CLOSED'), query: openOnly }))).toEqual([
      'A:1',
    ]);
    expect(feedReducer(state, { type: 'upsert', alert: alert('A:1', '2026-01-05T10:00:00Z', 'ACTIONED'), query: openOnly })).toEqual([]);
  });

  it('keeps the chosen order for live alerts', () => {
    const byLoss = { ...DEFAULT_QUERY, sort: 'lostRevenueCents' as const };
    const state = feedReducer([], {
      type: 'page',
      items: [alert('A:1', '2026-01-05T10:00:00Z', 'OPEN', 500), alert('B:1', '2026-01-05T09:00:00Z', 'OPEN', 100)],
      streamedDuringLoad: [],
      query: byLoss,
    });
    const next = feedReducer(state, { type: 'upsert', alert: alert('C:1', '2026-01-05T12:00:00Z', 'OPEN', 300), query: byLoss });
    expect(ids(next)).toEqual(['A:1', 'C:1', 'B:1']);
  });

  it('replaces the rows of an earlier query when a new query loads', () => {
    const before = [alert('X:1', '2026-01-05T12:00:00Z', 'CLOSED')];
    const state = feedReducer(before, {
      type: 'page',
      items: [alert('A:1', '2026-01-05T10:00:00Z')],
      streamedDuringLoad: [],
      query: openOnly,
      replace: true,
    });
    expect(ids(state)).toEqual(['A:1']);
  });
});
