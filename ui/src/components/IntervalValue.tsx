import type { Interval } from '../api/client';
import { describeInterval, formatInterval } from '../lib/format';

/**
 * An estimate with its 90 % interval: the estimate large, the interval small beside it; screen
 * readers get one sentence instead ("120, 90% interval 90 to 150").
 */
export function IntervalValue({ interval, format, testId }: { interval: Interval | null | undefined; format: (n: number) => string; testId?: string }) {
  if (!interval) return <span data-testid={testId}>–</span>;
  const text = formatInterval(interval, format);
  const estimate = format(interval.estimate);
  const range = text === estimate ? null : text.slice(estimate.length).trim();
  return (
    <span className="interval" data-testid={testId}>
      <span aria-hidden="true">
        <span className="interval-estimate">{estimate}</span>
        {range && <span className="interval-range"> {range}</span>}
      </span>
      <span className="visually-hidden">{describeInterval(interval, format)}</span>
    </span>
  );
}
