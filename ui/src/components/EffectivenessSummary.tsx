import type { Effectiveness } from '../api/client';
import { isMeasured, outcomeLabel, scoreText } from '../lib/effectiveness';
import { formatInstant, formatSignedCents } from '../lib/format';
import { IntervalValue } from './IntervalValue';

/** One measured action: its effect on the group's margin with the interval, score and outcome. */
export function EffectivenessSummary({ effectiveness: e }: { effectiveness: Effectiveness }) {
  return (
    <dl className="facts" data-testid="effectiveness-summary">
      <div>
        <dt>Outcome</dt>
        <dd>
          <span className={`outcome outcome-${e.outcome.toLowerCase()}`}>{outcomeLabel(e.outcome)}</span>
        </dd>
      </div>
      <div>
        <dt>Margin effect (group)</dt>
        <dd>{isMeasured(e) ? <IntervalValue interval={e.groupMarginEffectCents} format={formatSignedCents} /> : 'Insufficient data'}</dd>
      </div>
      <div>
        <dt>Score</dt>
        <dd>{scoreText(e)}</dd>
      </div>
      <div>
        <dt>Measured</dt>
        <dd>{formatInstant(e.measuredAt)}</dd>
      </div>
      {e.detail && (
        <div className="wide">
          <dt>Detail</dt>
          <dd>{e.detail}</dd>
        </div>
      )}
    </dl>
  );
}
