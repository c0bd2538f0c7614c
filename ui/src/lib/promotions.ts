// The promotions page's state and forms: the list reducer, and the create / price / what-if
// inputs turned into API requests or into errors naming the field and the value. Pure.
import type { NewPromotion, Promotion, PromotionStatus, WhatIfRequest } from '../api/client';
import { dollarsToCents, formatCents, instantMillis } from './format';

export type PromotionsAction =
  | { type: 'loaded'; items: Promotion[] }
  /** A promotion the API returned after create, stop or price change. */
  | { type: 'saved'; promotion: Promotion };

const STATUS_ORDER: Record<PromotionStatus, number> = { ACTIVE: 0, PLANNED: 1, STOPPED: 2, ENDED: 3 };

/** Running ones first, then planned, stopped and ended; within each, the latest start first. */
export function comparePromotions(a: Promotion, b: Promotion): number {
  return (
    (STATUS_ORDER[a.status] ?? 9) - (STATUS_ORDER[b.status] ?? 9) ||
    instantMillis(b.startsAt) - instantMillis(a.startsAt) ||
    a.promotionId.localeCompare(b.promotionId)
  );
}

export function promotionsReducer(state: Promotion[], action: PromotionsAction): Promotion[] {
  switch (action.type) {
    case 'loaded':
      return [...action.items].sort(comparePromotions);
    case 'saved':
      return [action.promotion, ...state.filter((p) => p.promotionId !== action.promotion.promotionId)].sort(comparePromotions);
  }
}

/** Whether the promotion can still be stopped or re-priced. */
export function isChangeable(p: Promotion): boolean {
  return p.status === 'ACTIVE' || p.status === 'PLANNED';
}

/** The discount in words, e.g. "25% off" (promotion price against the regular price). */
export function discountText(promoPriceCents: number, regularPriceCents: number): string {
  if (regularPriceCents <= 0) return '–';
  const off = Math.round((1 - promoPriceCents / regularPriceCents) * 100);
  return off > 0 ? `${off}% off` : off === 0 ? 'no discount' : `${-off}% above regular`;
}

export type Built<T> = { ok: true; request: T } | { ok: false; errors: string[] };

/**
 * A promotion price typed in dollars: positive and, when the regular price is known, below it
 * (else it is no promotion).
 */
export function parsePromoPrice(field: string, text: string, regularPriceCents?: number): { cents: number } | { error: string } {
  const cents = dollarsToCents(text);
  if (cents === null) return { error: `${field} must be a positive dollar amount like 3.49, got "${text}"` };
  if (regularPriceCents !== undefined && cents >= regularPriceCents) {
    return { error: `${field} must be below the regular price ${formatCents(regularPriceCents)}, got ${formatCents(cents)}` };
  }
  return { cents };
}

/** A `datetime-local` input's value (local time, no zone) as an ISO-8601 UTC instant, or null. */
export function localInputToInstant(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) return null;
  const millis = new Date(value).getTime();
  return Number.isNaN(millis) ? null : new Date(millis).toISOString();
}

export interface PromotionForm {
  sku: string;
  price: string;
  /** `datetime-local` values; empty for "now" and "open-ended". */
  startsAt: string;
  endsAt: string;
}

export function buildNewPromotion(form: PromotionForm, regularPriceCents?: number): Built<NewPromotion> {
  const errors: string[] = [];
  const sku = form.sku.trim();
  if (!sku) errors.push('Item (sku) is required');
  const price = parsePromoPrice('Promotion price', form.price, regularPriceCents);
  if ('error' in price) errors.push(price.error);
  const startsAt = form.startsAt ? localInputToInstant(form.startsAt) : undefined;
  if (startsAt === null) errors.push(`Starts must be a date and time, got "${form.startsAt}"`);
  const endsAt = form.endsAt ? localInputToInstant(form.endsAt) : undefined;
  if (endsAt === null) errors.push(`Ends must be a date and time, got "${form.endsAt}"`);
  if (endsAt && instantMillis(endsAt) <= (startsAt ? instantMillis(startsAt) : Date.now())) {
    errors.push(`Ends must be after ${startsAt ? `the start (${form.startsAt})` : 'now'}, got ${form.endsAt}`);
  }
  if (errors.length > 0 || 'error' in price) return { ok: false, errors };
  const request: NewPromotion = { sku, promoPriceCents: price.cents };
  if (startsAt) request.startsAt = startsAt;
  if (endsAt) request.endsAt = endsAt;
  return { ok: true, request };
}

/** The longest what-if the form accepts: eight weeks, longer than any promotion plan here. */
export const MAX_WHAT_IF_HOURS = 24 * 56;

export interface WhatIfForm {
  sku: string;
  price: string;
  hours: string;
}

export function buildWhatIf(form: WhatIfForm, regularPriceCents?: number): Built<WhatIfRequest> {
  const errors: string[] = [];
  const sku = form.sku.trim();
  if (!sku) errors.push('Item (sku) is required');
  const price = parsePromoPrice('Promotion price', form.price, regularPriceCents);
  if ('error' in price) errors.push(price.error);
  const hoursText = form.hours.trim();
  const hours = /^\d+$/.test(hoursText) ? Number(hoursText) : NaN;
  if (!(hours >= 1 && hours <= MAX_WHAT_IF_HOURS)) {
    errors.push(`Duration must be a whole number of hours from 1 to ${MAX_WHAT_IF_HOURS}, got "${form.hours}"`);
  }
  if (errors.length > 0 || 'error' in price) return { ok: false, errors };
  return { ok: true, request: { sku, promoPriceCents: price.cents, durationHours: hours } };
}
