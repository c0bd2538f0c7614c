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

/** A short local date and time, e.g. "Nov 20, 10:15 AM"; "–" when absent. */
export function formatInstant(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '–';
  return new Date(instantMillis(value)).toLocaleString('en-US', {
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
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
