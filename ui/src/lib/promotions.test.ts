import { describe, expect, it } from 'vitest';
import type { Promotion } from '../api/client';
import {
  MAX_WHAT_IF_HOURS,
  buildNewPromotion,
  buildWhatIf,
  discountText,
  isChangeable,
  localInputToInstant,
  parsePromoPrice,
  promotionsReducer,
} from './promotions';

const promo = (promotionId: string, status: Promotion['status'], startsAt: string, promoPriceCents = 399): Promotion => ({
  promotionId,
  sku: 'PIZZA-4CH',
  productName: 'Four cheese pizza',
  category: 'FROZEN',
  subCategory: 'FROZEN_PIZZA',
  status,
  promoPriceCents,
  regularPriceCents: 599,
  startsAt,
  endsAt: null,
  alertId: null,
});
const ids = (list: Promotion[]) => list.map((p) => p.promotionId);

describe('promotionsReducer', () => {
  it('lists running promotions first, then planned, stopped, ended; latest start first', () => {
    const state = promotionsReducer([], {
      type: 'loaded',
      items: [
        promo('E', 'ENDED', '2026-01-01T00:00:00Z'),
        promo('A1', 'ACTIVE', '2026-01-02T00:00:00Z'),
        promo('S', 'STOPPED', '2026-01-03T00:00:00Z'),
        promo('A2', 'ACTIVE', '2026-01-04T00:00:00Z'),
        promo('P', 'PLANNED', '2026-02-01T00:00:00Z'),
      ],
    });
    expect(ids(state)).toEqual(['A2', 'A1', 'P', 'S', 'E']);
  });

  it('replaces a saved promotion (stopped, re-priced) and adds a new one', () => {
    const state = promotionsReducer([], { type: 'loaded', items: [promo('A', 'ACTIVE', '2026-01-02T00:00:00Z')] });
    const stopped = promotionsReducer(state, { type: 'saved', promotion: promo('A', 'STOPPED', '2026-01-02T00:00:00Z') });
    expect(stopped).toHaveLength(1);
    expect(stopped[0].status).toBe('STOPPED');
    const added = promotionsReducer(stopped, { type: 'saved', promotion: promo('B', 'ACTIVE', '2026-01-05T00:00:00Z') });
    expect(ids(added)).toEqual(['B', 'A']);
    expect(state[0].status).toBe('ACTIVE');
  });

  it('allows changes only while planned or running', () => {
    expect(isChangeable(promo('A', 'ACTIVE', '2026-01-01T00:00:00Z'))).toBe(true);
    expect(isChangeable(promo('A', 'PLANNED', '2026-01-01T00:00:00Z'))).toBe(true);
    expect(isChangeable(promo('A', 'STOPPED', '2026-01-01T00:00:00Z'))).toBe(false);
    expect(isChangeable(promo('A', 'ENDED', '2026-01-01T00:00:00Z'))).toBe(false);
  });
});

describe('prices', () => {
  it('reads dollars and refuses a price at or above the regular one, naming both', () => {
    expect(parsePromoPrice('Promotion price', '3.99', 599)).toEqual({ cents: 399 });
    expect(parsePromoPrice('Promotion price', '5.99', 599)).toEqual({
      error: 'Promotion price must be below the regular price $5.99, got $5.99',
    });
    expect(parsePromoPrice('Promotion price', 'cheap')).toEqual({
      error: 'Promotion price must be a positive dollar amount like 3.49, got "cheap"',
    });
  });

  it('words the discount', () => {
    expect(discountText(449, 599)).toBe('25% off');
    expect(discountText(599, 599)).toBe('no discount');
    expect(discountText(100, 0)).toBe('–');
  });
});

describe('buildNewPromotion', () => {
  it('sends sku and price, and the dates only when given', () => {
    expect(buildNewPromotion({ sku: ' PIZZA-4CH ', price: '3.99', startsAt: '', endsAt: '' }, 599)).toEqual({
      ok: true,
      request: { sku: 'PIZZA-4CH', promoPriceCents: 399 },
    });
    const built = buildNewPromotion({ sku: 'PIZZA-4CH', price: '3.99', startsAt: '2099-01-05T10:00', endsAt: '2099-01-08T10:00' });
    expect(built).toEqual({
      ok: true,
      request: {
        sku: 'PIZZA-4CH',
        promoPriceCents: 399,
        startsAt: new Date('2099-01-05T10:00').toISOString(),
        endsAt: new Date('2099-01-08T10:00').toISOString(),
      },
    });
  });

  it('lists every problem, each naming the field and value', () => {
    const built = buildNewPromotion({ sku: '', price: '0', startsAt: '2099-01-08T10:00', endsAt: '2099-01-05T10:00' });
    expect(built).toEqual({
      ok: false,
      errors: [
        'Item (sku) is required',
        'Promotion price must be a positive dollar amount like 3.49, got "0"',
        'Ends must be after the start (2099-01-08T10:00), got 2099-01-05T10:00',
      ],
    });
  });

  it('refuses an end in the past when it starts now', () => {
    const built = buildNewPromotion({ sku: 'A', price: '1', startsAt: '', endsAt: '2001-01-01T00:00' });
    expect(built).toEqual({ ok: false, errors: ['Ends must be after now, got 2001-01-01T00:00'] });
  });

  it('reads only complete datetime-local values', () => {
    expect(localInputToInstant('2026-01-05T10:00')).toBe(new Date('2026-01-05T10:00').toISOString());
    expect(localInputToInstant('tomorrow')).toBeNull();
    expect(localInputToInstant('2026-13-45T99:00')).toBeNull();
  });
});

describe('buildWhatIf', () => {
  it('builds the request with whole hours', () => {
    expect(buildWhatIf({ sku: 'PIZZA-4CH', price: '4.49', hours: '72' }, 599)).toEqual({
      ok: true,
      request: { sku: 'PIZZA-4CH', promoPriceCents: 449, durationHours: 72 },
    });
  });

  it('refuses a duration that is not whole hours in range, naming the value', () => {
    for (const hours of ['0', '1.5', '-3', 'a week', String(MAX_WHAT_IF_HOURS + 1)]) {
      const built = buildWhatIf({ sku: 'A', price: '1', hours });
      expect(built.ok).toBe(false);
      if (!built.ok) expect(built.errors).toEqual([`Duration must be a whole number of hours from 1 to ${MAX_WHAT_IF_HOURS}, got "${hours}"`]);
    }
  });
});
