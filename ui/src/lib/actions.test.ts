import { describe, expect, it } from 'vitest';
import { MAX_REASON_LENGTH, buildActionRequest } from './actions';

describe('buildActionRequest', () => {
  it('stops a promotion with no extra fields', () => {
    expect(buildActionRequest('STOP_PROMOTION', '', '  ')).toEqual({ ok: true, request: { type: 'STOP_PROMOTION' } });
  });

  it('adjusts the price in cents from dollars', () => {
    expect(buildActionRequest('ADJUST_PRICE', '3.49', '')).toEqual({
      ok: true,
      request: { type: 'ADJUST_PRICE', newPriceCents: 349 },
    });
  });

  it('refuses a price that is not a positive dollar amount, naming the value', () => {
    const built = buildActionRequest('ADJUST_PRICE', 'free', '');
    expect(built.ok).toBe(false);
    if (!built.ok) expect(built.error).toContain('"free"');
  });

  it('requires a reason to dismiss, and trims it', () => {
    expect(buildActionRequest('DISMISS', '', '   ')).toEqual({ ok: false, error: 'Reason is required to dismiss an alert' });
    expect(buildActionRequest('DISMISS', '', ' seasonal dip ')).toEqual({
      ok: true,
      request: { type: 'DISMISS', reason: 'seasonal dip' },
    });
  });

  it('refuses a reason longer than the API accepts', () => {
    expect(buildActionRequest('DISMISS', '', 'x'.repeat(MAX_REASON_LENGTH + 1)).ok).toBe(false);
  });
});
