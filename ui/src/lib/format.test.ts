import { describe, expect, it } from 'vitest';
import { analystLabel, dollarsToCents, formatCents, formatRate, formatUnits, instantMillis } from './format';

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
