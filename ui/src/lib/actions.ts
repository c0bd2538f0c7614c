// Turns what the manager typed in the confirm dialog into the API's action request, or into an
// error that names the field and the value (the same rules the API checks, so most mistakes are
// caught before a round trip).
import type { ActionRequest, ActionType, AlertDetail } from '../api/client';
import { PENDING_STATUSES } from './feed';
import { dollarsToCents } from './format';

export const ACTION_LABELS: Record<ActionType, string> = {
  STOP_PROMOTION: 'Stop promotion',
  ADJUST_PRICE: 'Adjust price',
  DISMISS: 'Dismiss',
};

/** The API's limit on a dismissal reason. */
export const MAX_REASON_LENGTH = 2000;

export type BuiltRequest = { ok: true; request: ActionRequest } | { ok: false; error: string };

export function buildActionRequest(type: ActionType, priceText: string, reasonText: string): BuiltRequest {
  const reason = reasonText.trim();
  if (reason.length > MAX_REASON_LENGTH) {
    return { ok: false, error: `Reason must be at most ${MAX_REASON_LENGTH} characters, got ${reason.length}` };
  }
  switch (type) {
    case 'STOP_PROMOTION':
      return { ok: true, request: reason ? { type, reason } : { type } };
    case 'ADJUST_PRICE': {
      const cents = dollarsToCents(priceText);
      if (cents === null) {
        return { ok: false, error: `New price must be a positive dollar amount like 3.49, got "${priceText}"` };
      }
      return { ok: true, request: reason ? { type, newPriceCents: cents, reason } : { type, newPriceCents: cents } };
    }
    case 'DISMISS':
      if (!reason) return { ok: false, error: 'Reason is required to dismiss an alert' };
      return { ok: true, request: { type, reason } };
  }
}

/**
 * Whether the alert waits for its workflow to carry out a decision: an action still REQUESTED, or
 * one recorded while the alert's own status has not caught up yet (the detail is read with several
 * queries, so one answer can straddle the worker's commit). The detail is re-read until it has not.
 */
export function awaitingWorkflow(alert: Pick<AlertDetail, 'status' | 'actions'>): boolean {
  if (alert.actions.some((a) => a.status === 'REQUESTED')) return true;
  return alert.actions.length > 0 && PENDING_STATUSES.has(alert.status);
}

/** Statuses of a lifecycle that ended without an action: the API refuses one (409). */
const ENDED_WITHOUT_ACTION = new Set(['CLOSED', 'RETRACTED']);

/** Why no action can be taken on an alert in this status any more, or null while it can. */
export function endedReason(status: string): string | null {
  return ENDED_WITHOUT_ACTION.has(status) ? `This alert is ${status}: its lifecycle has ended.` : null;
}
