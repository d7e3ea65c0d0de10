import { describe, expect, it } from 'vitest';
import { amountToCents, formatAmountForDisplay, normaliseAmount, parseAmount } from '../../../bots/intake/normalise-amount.ts';

describe('normaliseAmount', () => {
  it.each([
    // number cells: exactly two places, never through float multiplication
    [1234.5, '1234.50'],
    [1234, '1234.00'],
    [0.1 + 0.2, '0.30'], // 0.30000000000000004: float noise beyond Excel's 15 digits
    [1234567.89, '1234567.89'],
    [99999999.99, '99999999.99'],
    [100, '100.00'],
    [1234.5000000000002, '1234.50'],
  ])('number %s → %s', (input, expected) => {
    expect(normaliseAmount(input)).toBe(expected);
  });

  it.each([
    ['1234.5', '1234.50'],
    ['1,234,567.89', '1234567.89'],
    ['¥1,234,567.89', '1234567.89'],
    ['￥1,234,567.89', '1234567.89'],
    ['8,000.00元', '8000.00'],
    ['RMB 1,000', '1000.00'],
    ['CNY 1000', '1000.00'],
    ['CNY1000', '1000.00'],
    ['1000 CNY', '1000.00'],
    ['人民币 2,500.5 元', '2500.50'],
    ['12.5万', '125000.00'],
    ['12.5万元', '125000.00'],
    ['1.234567万', '12345.67'],
    ['0.5万', '5000.00'],
    ['3亿', '300000000.00'],
    ['３０，０００', '30000.00'],
    ['３０，０００．５０', '30000.50'],
    ['  1000  ', '1000.00'],
    ['1 234 567', '1234567.00'],
    ['007', '7.00'],
    ['+100', '100.00'],
    ['-100', '-100.00'],
    ['(1,000.00)', '-1000.00'],
    ['−250', '-250.00'],
    ['0', '0.00'],
    ['1000.10', '1000.10'],
    ['1000.100', '1000.10'],
    ['\u200b5000\ufeff', '5000.00'],
  ])('text %j → %s', (input, expected) => {
    expect(normaliseAmount(input)).toBe(expected);
  });

  it.each([
    ['abc'],
    ['1,2345'],
    ['1.234,50'],
    ['1e6'],
    ['.5'],
    ['5.'],
    ['12..5'],
    ['1,000,00'],
    ['万'],
    ['¥'],
    ['1000-2000'],
    ['1000 2000'],
    ['12 34'],
  ])('text %j is amount_invalid', (input) => {
    expect(parseAmount(input)).toEqual({ ok: false, code: 'amount_invalid' });
    expect(normaliseAmount(input)).toBeUndefined();
  });

  it.each([['1234.567'], ['0.001'], [1234.567], ['1.2345678万']])('%j has too many decimals → amount_precision', (input) => {
    expect(parseAmount(input)).toEqual({ ok: false, code: 'amount_precision' });
  });

  it.each([[undefined], [null], [''], ['   ']])('blank %j → required', (input) => {
    expect(parseAmount(input)).toEqual({ ok: false, code: 'required' });
  });

  it('reads formula results, rich text and refuses booleans and dates', () => {
    expect(normaliseAmount({ formula: 'B2*1.5', result: 1500 })).toBe('1500.00');
    expect(normaliseAmount({ sharedFormula: 'J5', result: 2500.5 })).toBe('2500.50');
    expect(normaliseAmount({ richText: [{ text: '¥1,0' }, { text: '00.00' }] })).toBe('1000.00');
    expect(parseAmount(true)).toEqual({ ok: false, code: 'amount_invalid' });
    expect(parseAmount(new Date())).toEqual({ ok: false, code: 'amount_invalid' });
    expect(parseAmount({ error: '#N/A' })).toEqual({ ok: false, code: 'amount_invalid' });
    expect(parseAmount(Number.NaN)).toEqual({ ok: false, code: 'amount_invalid' });
  });

  it('reports the currency written next to the figure', () => {
    expect(parseAmount('USD 1,000')).toEqual({ ok: true, value: '1000.00', currencyHint: 'USD' });
    expect(parseAmount('US$1,000')).toEqual({ ok: true, value: '1000.00', currencyHint: 'USD' });
    expect(parseAmount('HK$ 50')).toEqual({ ok: true, value: '50.00', currencyHint: 'HKD' });
    expect(parseAmount('¥50')).toEqual({ ok: true, value: '50.00', currencyHint: 'CNY' });
    expect(parseAmount('50元')).toEqual({ ok: true, value: '50.00', currencyHint: 'CNY' });
    expect(parseAmount('50')).toEqual({ ok: true, value: '50.00' });
  });

  it('handles very large and very small number cells without exponents', () => {
    expect(normaliseAmount(1e21)).toBe('1000000000000000000000.00');
    expect(parseAmount(1e-7)).toEqual({ ok: false, code: 'amount_precision' });
    expect(normaliseAmount(-0)).toBe('0.00');
    expect(normaliseAmount(-12.3)).toBe('-12.30');
  });

  it('converts canonical amounts to BigInt cents and display form', () => {
    expect(amountToCents('1234567.89')).toBe(123456789n);
    expect(amountToCents('-0.05')).toBe(-5n);
    expect(amountToCents('100000000.00')).toBe(10000000000n);
    expect(() => amountToCents('1.5')).toThrow();
    expect(formatAmountForDisplay('100000000.00')).toBe('100,000,000.00');
    expect(formatAmountForDisplay('999.50')).toBe('999.50');
  });
});
