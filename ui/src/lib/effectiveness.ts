// How the effectiveness page words a measurement. Pure.
import type { Effectiveness, Outcome } from '../api/client';

export const OUTCOME_LABELS: Record<Outcome, string> = {
  IMPROVED: 'Improved',
  NO_CHANGE: 'No clear change',
  WORSENED: 'Worsened',
  INSUFFICIENT_DATA: 'Insufficient data',
};

/** Whether the measurement can be judged at all (else its numbers are not shown as results). */
export function isMeasured(e: Effectiveness): boolean {
  return e.outcome !== 'INSUFFICIENT_DATA' && e.groupMarginEffectCents !== null;
}

/** The score out of 100, or "–" when there is none (insufficient data). */
export function scoreText(e: Effectiveness): string {
  if (!isMeasured(e) || e.score === null || !Number.isFinite(e.score)) return '–';
  return `${Math.round(Math.min(100, Math.max(0, e.score)))} / 100`;
}

export function outcomeLabel(outcome: string): string {
  return OUTCOME_LABELS[outcome as Outcome] ?? outcome;
}
