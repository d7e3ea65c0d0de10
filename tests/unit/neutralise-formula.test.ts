import { describe, expect, it } from 'vitest';
import { neutraliseFormula } from '../../core/sheets/neutralise-formula.ts';

describe('neutraliseFormula', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+86 138', "'+86 138"],
    ['-5', "'-5"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=cmd', "'\t=cmd"],
    ['\r=cmd', "'\r=cmd"],
    ['=HYPERLINK("http://x","click")', '\'=HYPERLINK("http://x","click")'],
  ])('neutralises %j', (input, expected) => {
    expect(neutraliseFormula(input)).toBe(expected);
  });

  it.each([['SO-2026-000123'], ['张三'], ['a=b'], [''], ['1,234.00']])('leaves plain text %j alone', (input) => {
    expect(neutraliseFormula(input)).toBe(input);
  });

  it('leaves numbers, dates and null alone', () => {
    const date = new Date('2026-11-23');
    expect(neutraliseFormula(-5)).toBe(-5);
    expect(neutraliseFormula(date)).toBe(date);
    expect(neutraliseFormula(null)).toBe(null);
  });
});
