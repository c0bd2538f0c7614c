// Formatting for people: money, rates, units and times. Pure functions, unit-tested.

const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });

/** Whole cents as US dollars, e.g. 12345 -> "$123.45", -500 -> "-$5.00". */
export function formatCents(cents: number): string {
  return usd.format(cents / 100);
}

/** A fraction as a percentage with one decimal, e.g. 0.589 -> "58.9%". */
export function formatRate(rate: number): string {
  if (!Number.isFinite(rate)) return '–';
  return `${(rate * 100).toFixed(1)}%`;
}

/** Units are expected values (doubles) in the API; people read them rounded. */
export function formatUnits(units: number): string {
  return Math.round(units).toLocaleString('en-US');
}

/**
 * Milliseconds since the epoch of an API instant. The API writes ISO-8601 strings; numbers
 * (Jackson's epoch seconds, should a mapper ever write them) are accepted so sorting never breaks.
 */
export function instantMillis(value: string | number | null | undefined): number {
  if (value === null || value === undefined) return 0;
  if (typeof value === 'number') return value < 1e11 ? value * 1000 : value;
  const millis = Date.parse(value);
  return Number.isNaN(millis) ? 0 : millis;
}

/**
 * A short local date and time, e.g. "Nov 20, 10:15 AM" (with `seconds`, "Nov 20, 10:15:07 AM",
 * for steps that follow each other quickly); "–" when absent.
 */
export function formatInstant(value: string | number | null | undefined, seconds = false): string {
  if (value === null || value === undefined) return '–';
  return new Date(instantMillis(value)).toLocaleString('en-US', {
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    ...(seconds ? { second: '2-digit' } : {}),
  });
}

/**
 * Dollars typed by a manager to whole cents, or null when the text is not a positive amount with
 * at most two decimals ("4.79", "$3", "1,299.00").
 */
export function dollarsToCents(text: string): number | null {
  const cleaned = text.trim().replace(/^\$\s*/, '').replace(/,/g, '');
  if (!/^\d+(\.\d{1,2})?$|^\.\d{1,2}$/.test(cleaned)) return null;
  const cents = Math.round(Number(cleaned) * 100);
  return cents > 0 ? cents : null;
}

/** Who wrote the analysis, in words: the rule-based analyst or a named model. */
export function analystLabel(analyst: string): string {
  if (analyst === 'deterministic') return 'Deterministic analyst';
  return `AI analyst (${analyst})`;
}

/** The interval part of the API's estimates (the 90 % interval around `estimate`). */
export interface IntervalLike {
  estimate: number;
  lower: number;
  upper: number;
}

/**
 * An estimate with its 90 % interval, e.g. "120 (90 to 150)" with `formatUnits`; the bounds are
 * put in order (an API that swaps them must not show "150 to 90") and a zero-width interval
 * collapses to the estimate alone. "–" when the estimate is not known.
 */
export function formatInterval(interval: IntervalLike | null | undefined, format: (n: number) => string): string {
  if (!interval || !Number.isFinite(interval.estimate)) return '–';
  const estimate = format(interval.estimate);
  if (!Number.isFinite(interval.lower) || !Number.isFinite(interval.upper)) return estimate;
  const low = format(Math.min(interval.lower, interval.upper));
  const high = format(Math.max(interval.lower, interval.upper));
  if (low === high && low === estimate) return estimate;
  return `${estimate} (${low} to ${high})`;
}

/** The same for a screen reader, which reads "(90 to 150)" badly: "120, 90% interval 90 to 150". */
export function describeInterval(interval: IntervalLike | null | undefined, format: (n: number) => string): string {
  if (!interval || !Number.isFinite(interval.estimate)) return 'not known';
  const estimate = format(interval.estimate);
  if (!Number.isFinite(interval.lower) || !Number.isFinite(interval.upper)) return estimate;
  const low = format(Math.min(interval.lower, interval.upper));
  const high = format(Math.max(interval.lower, interval.upper));
  return `${estimate}, 90% interval ${low} to ${high}`;
}

/**
 * Whether an interval rules out zero, i.e. the sign of the effect is clear at 90 %: "gain" when
 * it lies above zero, "loss" below, "unclear" when it straddles zero.
 */
export function intervalSign(interval: IntervalLike | null | undefined): 'gain' | 'loss' | 'unclear' {
  if (!interval) return 'unclear';
  const low = Math.min(interval.lower, interval.upper);
  const high = Math.max(interval.lower, interval.upper);
  if (low > 0) return 'gain';
  if (high < 0) return 'loss';
  return 'unclear';
}

/** A signed amount of money, e.g. "+$12.00" or "-$3.50", for effects and changes. */
export function formatSignedCents(cents: number): string {
  return cents > 0 ? `+${formatCents(cents)}` : formatCents(cents);
}

/** Hours as people say them: "36 h", "3 days", "1 day 6 h". */
export function formatHours(hours: number): string {
  if (!Number.isFinite(hours) || hours < 0) return '–';
  const days = Math.floor(hours / 24);
  const rest = Math.round(hours - days * 24);
  if (days === 0) return `${rest} h`;
  const d = `${days} day${days === 1 ? '' : 's'}`;
  return rest === 0 ? d : `${d} ${rest} h`;
}
