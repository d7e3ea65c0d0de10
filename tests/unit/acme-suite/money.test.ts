import { describe, expect, it } from 'vitest';
import { centsToDecimal, decimalToCents, formatAmount, parseAmount } from '../../../fixtures/acme-suite/domain/money.ts';

describe('parseAmount', () => {
  it.each([
    ['1234.50', 123_450],
    ['1,234.50', 123_450],
    ['5,000,000.00', 500_000_000],
    ['5000000', 500_000_000],
    ['  250000.5 ', 25_000_050],
    ['0.01', 1],
    ['007', 700],
    ['999,999,999,999.99', 99_999_999_999_999],
  ])('%j → %d cents', (input, cents) => {
    expect(parseAmount(input)).toEqual({ ok: true, cents });
  });

  it.each([
    ['', 'required'],
    ['   ', 'required'],
    ['1.234,50', 'format'],
    ['1234,50', 'format'],
    ['12,34', 'format'],
    ['1.234', 'format'],
    ['.5', 'format'],
    ['5.', 'format'],
    ['-5', 'format'],
    ['1e6', 'format'],
    ['CNY 100', 'format'],
    ['100 000', 'format'],
    ['0', 'not_positive'],
    ['0.00', 'not_positive'],
    ['1000000000000', 'too_large'],
  ])('%j is refused as %s', (input, reason) => {
    expect(parseAmount(input)).toEqual({ ok: false, reason });
  });
});

describe('money formatting', () => {
  it('round-trips the storage form without floats', () => {
    for (const decimal of ['0.00', '0.01', '0.10', '1234.50', '5000000.00', '999999999999.99']) {
      expect(centsToDecimal(decimalToCents(decimal))).toBe(decimal);
    }
  });

  it('groups thousands for display', () => {
    expect(formatAmount(500_000_000)).toBe('5,000,000.00');
    expect(formatAmount(105)).toBe('1.05');
    expect(formatAmount(-123_456)).toBe('-1,234.56');
  });

  it('refuses non-canonical stored amounts', () => {
    expect(() => decimalToCents('1234.5')).toThrow();
    expect(() => decimalToCents('1,234.50')).toThrow();
    expect(() => centsToDecimal(1.5)).toThrow();
  });
});
