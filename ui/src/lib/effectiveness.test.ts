import { describe, expect, it } from 'vitest';
import type { Effectiveness } from '../api/client';
import { isMeasured, outcomeLabel, scoreText } from './effectiveness';

const measured = (over: Partial<Effectiveness>): Effectiveness => ({
  alertId: 'P-1:1',
  actionType: 'STOP_PROMOTION',
  actionAt: '2026-01-05T10:00:00Z',
  measuredAt: '2026-01-19T10:00:00Z',
  groupMarginEffectCents: { estimate: 5400, lower: 3300, upper: 7500 },
  score: 78.4,
  outcome: 'IMPROVED',
  detail: null,
  ...over,
});

describe('effectiveness wording', () => {
  it('shows the score out of 100, clamped and rounded', () => {
    expect(scoreText(measured({}))).toBe('78 / 100');
    expect(scoreText(measured({ score: 140 }))).toBe('100 / 100');
  });

  it('shows insufficient data as such, never as a zero score or effect', () => {
    const none = measured({ outcome: 'INSUFFICIENT_DATA', score: 0, groupMarginEffectCents: null });
    expect(isMeasured(none)).toBe(false);
    expect(scoreText(none)).toBe('–');
    expect(outcomeLabel(none.outcome)).toBe('Insufficient data');
    expect(isMeasured(measured({ outcome: 'INSUFFICIENT_DATA' }))).toBe(false);
  });

  it('labels every outcome, and passes unknown ones through', () => {
    expect(outcomeLabel('NO_CHANGE')).toBe('No clear change');
    expect(outcomeLabel('WORSENED')).toBe('Worsened');
    expect(outcomeLabel('SOMETHING_NEW')).toBe('SOMETHING_NEW');
  });
});
