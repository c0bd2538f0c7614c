import { describe, expect, it } from 'vitest';
import {
  analystLabel,
  describeInterval,
  dollarsToCents,
  formatCents,
  formatHours,
  formatInterval,
  formatRate,
  formatSignedCents,
  formatUnits,
  instantMillis,
  intervalSign,
} from './format';

describe('formatCents', () => {
  it('formats whole cents as dollars with separators', () => {
    expect(formatCents(12345)).toBe('$123.45');
    expect(formatCents(123456789)).toBe('$1,234,567.89');
    expect(formatCents(0)).toBe('$0.00');
  });

  it('keeps the sign of a negative amount (a margin loss)', () => {
    expect(formatCents(-500)).toBe('-$5.00');
  });
});

describe('formatRate and formatUnits', () => {
  it('formats a fraction as a percentage with one decimal', () => {
    expect(formatRate(0.589)).toBe('58.9%');
    expect(formatRate(0.3702)).toBe('37.0%');
    expect(formatRate(1)).toBe('100.0%');
    expect(formatRate(Number.NaN)).toBe('–');
  });

  it('rounds expected units to whole numbers', () => {
    expect(formatUnits(155.5)).toBe('156');
    expect(formatUnits(1234.4)).toBe('1,234');
  });
});

describe('dollarsToCents', () => {
  it('parses a price typed in dollars', () => {
    expect(dollarsToCents('4.79')).toBe(479);
    expect(dollarsToCents('$3')).toBe(300);
    expect(dollarsToCents(' 1,299.5 ')).toBe(129950);
    expect(dollarsToCents('.99')).toBe(99);
    // 0.29 * 100 is 28.999... in floating point; rounding keeps the cents right.
    expect(dollarsToCents('0.29')).toBe(29);
  });

  it('rejects what is not a positive amount of whole cents', () => {
    for (const text of ['', 'abc', '-1', '0', '0.00', '4.799', '1e3', '3.4.5']) {
      expect(dollarsToCents(text), text).toBeNull();
    }
  });
});

describe('instantMillis', () => {
  it('reads ISO strings and epoch numbers alike', () => {
    const iso = '2026-11-20T10:15:00Z';
    const millis = Date.UTC(2026, 10, 20, 10, 15);
    expect(instantMillis(iso)).toBe(millis);
    expect(instantMillis(millis / 1000)).toBe(millis);
    expect(instantMillis(millis)).toBe(millis);
    expect(instantMillis('not a time')).toBe(0);
    expect(instantMillis(null)).toBe(0);
  });
});

describe('analystLabel', () => {
  it('names the deterministic analyst and any model', () => {
    expect(analystLabel('deterministic')).toBe('Deterministic analyst');
    expect(analystLabel('claude-sonnet')).toBe('AI analyst (claude-sonnet)');
  });
});

describe('formatInterval and describeInterval', () => {
  const interval = { estimate: 120.4, lower: 90.2, upper: 150.6 };

  it('shows the estimate with its 90% interval in the given format', () => {
    expect(formatInterval(interval, formatUnits)).toBe('120 (90 to 151)');
    expect(formatInterval({ estimate: -4200, lower: -8100, upper: -300 }, formatCents)).toBe('-$42.00 (-$81.00 to -$3.00)');
    expect(formatInterval({ estimate: 0.45, lower: 0.33, upper: 0.57 }, formatRate)).toBe('45.0% (33.0% to 57.0%)');
  });

  it('puts swapped bounds in order', () => {
    expect(formatInterval({ estimate: 5, lower: 9, upper: 1 }, formatUnits)).toBe('5 (1 to 9)');
  });

  it('shows a point estimate (zero-width interval) alone, and a dash when unknown', () => {
    expect(formatInterval({ estimate: 7, lower: 7, upper: 7 }, formatUnits)).toBe('7');
    expect(formatInterval(null, formatUnits)).toBe('–');
    expect(formatInterval(undefined, formatUnits)).toBe('–');
    expect(formatInterval({ estimate: Number.NaN, lower: 1, upper: 2 }, formatUnits)).toBe('–');
  });

  it('keeps the estimate when a bound is not finite', () => {
    expect(formatInterval({ estimate: 3, lower: Number.NEGATIVE_INFINITY, upper: 9 }, formatUnits)).toBe('3');
  });

  it('words the interval for a screen reader', () => {
    expect(describeInterval(interval, formatUnits)).toBe('120, 90% interval 90 to 151');
    expect(describeInterval(null, formatUnits)).toBe('not known');
  });
});

describe('intervalSign', () => {
  it('is a gain or a loss only when the whole interval is on one side of zero', () => {
    expect(intervalSign({ estimate: 10, lower: 2, upper: 20 })).toBe('gain');
    expect(intervalSign({ estimate: -10, lower: -20, upper: -1 })).toBe('loss');
    expect(intervalSign({ estimate: 10, lower: -2, upper: 20 })).toBe('unclear');
    expect(intervalSign({ estimate: 0, lower: 0, upper: 5 })).toBe('unclear');
    expect(intervalSign(null)).toBe('unclear');
  });
});

describe('formatSignedCents and formatHours', () => {
  it('signs money effects', () => {
    expect(formatSignedCents(1200)).toBe('+$12.00');
    expect(formatSignedCents(-350)).toBe('-$3.50');
    expect(formatSignedCents(0)).toBe('$0.00');
  });

  it('says hours as days and hours', () => {
    expect(formatHours(5)).toBe('5 h');
    expect(formatHours(24)).toBe('1 day');
    expect(formatHours(72)).toBe('3 days');
    expect(formatHours(30)).toBe('1 day 6 h');
    expect(formatHours(-1)).toBe('–');
  });
});
