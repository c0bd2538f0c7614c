import { describe, expect, it } from 'vitest';
import { MAX_REASON_LENGTH, awaitingWorkflow, buildActionRequest, endedReason } from './actions';

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

describe('awaitingWorkflow', () => {
  const action = (status: string) => ({
    actionId: 'a1',
    actionType: 'STOP_PROMOTION' as const,
    newPriceCents: null,
    reason: null,
    actor: 'manager',
    requestedAt: '2026-01-05T10:00:00Z',
    status,
    executedAt: null,
  });

  it('waits while the action is requested, or executed but the alert not updated yet', () => {
    expect(awaitingWorkflow({ status: 'ANALYSED', actions: [action('REQUESTED')] })).toBe(true);
    expect(awaitingWorkflow({ status: 'ANALYSED', actions: [action('EXECUTED')] })).toBe(true);
  });

  it('stops once the alert shows the result, and never waits without an action', () => {
    expect(awaitingWorkflow({ status: 'ACTIONED', actions: [action('EXECUTED')] })).toBe(false);
    expect(awaitingWorkflow({ status: 'ACTIONED', actions: [action('FAILED')] })).toBe(false);
    expect(awaitingWorkflow({ status: 'OPEN', actions: [] })).toBe(false);
  });
});

describe('endedReason', () => {
  it('names the status of a lifecycle that ended without an action', () => {
    expect(endedReason('RETRACTED')).toBe('This alert is RETRACTED: its lifecycle has ended.');
    expect(endedReason('CLOSED')).toBe('This alert is CLOSED: its lifecycle has ended.');
  });

  it('lets a waiting lifecycle take an action', () => {
    for (const status of ['OPEN', 'ANALYSED', 'ESCALATED']) expect(endedReason(status)).toBeNull();
  });
});
