import { describe, expect, it } from 'vitest';
import { cellScalar, isBlankCell } from '../../../bots/intake/cell-value.ts';
import { loadHeaderSynonyms } from '../../../bots/intake/header-synonyms.ts';
import { parseCurrency } from '../../../bots/intake/normalise-currency.ts';
import { parseIdNumber, parseIdType } from '../../../bots/intake/normalise-identity.ts';
import { parseTermMonths } from '../../../bots/intake/normalise-term.ts';
import { parseText } from '../../../bots/intake/normalise-text.ts';
import { isSuitable, parseCustomerRisk, parseProductRisk } from '../../../bots/intake/risk-levels.ts';

const synonyms = loadHeaderSynonyms();

describe('risk levels', () => {
  it.each([
    ['R3', 'R3'], ['r3', 'R3'], ['Ｒ３', 'R3'], ['3', 'R3'], [3, 'R3'], ['R3级', 'R3'], ['3级', 'R3'],
    ['R5（高风险）', 'R5'], ['中风险(R3)', 'R3'], ['中风险', 'R3'], ['低风险', 'R1'], ['中高风险', 'R4'], [' R1 ', 'R1'],
  ])('product %j → %s', (input, expected) => {
    expect(parseProductRisk(input, synonyms)).toEqual({ ok: true, value: expected });
  });

  it.each([['R6'], ['R0'], ['C3'], ['R33'], ['极高风险'], [6], [2.5], [true]])('product %j is invalid', (input) => {
    expect(parseProductRisk(input, synonyms)).toEqual({ ok: false, code: 'risk_level_invalid' });
  });

  it.each([
    ['C3', 'C3'], ['c3', 'C3'], ['Ｃ３', 'C3'], ['C3（平衡型）', 'C3'], ['C3(平衡型)', 'C3'], ['C3 平衡型', 'C3'],
    ['平衡型', 'C3'], ['保守型', 'C1'], ['进取型', 'C5'], [5, 'C5'], ['C4级', 'C4'],
  ])('customer %j → %s', (input, expected) => {
    expect(parseCustomerRisk(input, synonyms)).toEqual({ ok: true, value: expected });
  });

  it('needs a value and compares product risk with customer tolerance', () => {
    expect(parseCustomerRisk('', synonyms)).toEqual({ ok: false, code: 'required' });
    expect(parseCustomerRisk('R3', synonyms)).toEqual({ ok: false, code: 'risk_level_invalid' });
    expect(isSuitable('R3', 'C3')).toBe(true);
    expect(isSuitable('R1', 'C5')).toBe(true);
    expect(isSuitable('R4', 'C3')).toBe(false);
    expect(isSuitable('R5', 'C4')).toBe(false);
  });
});

describe('term in months', () => {
  it.each([
    [12, 12], ['12', 12], ['12个月', 12], ['12 月', 12], ['12 months', 12], ['1 month', 1], ['１２', 12],
    ['1年', 12], ['2 years', 24], ['3y', 36], [36.0, 36], ['6.0', 6],
  ])('%j → %s', (input, expected) => {
    expect(parseTermMonths(input)).toEqual({ ok: true, value: expected });
  });

  it.each([[0], [-3], [6.5], ['6.5'], ['abc'], ['十二个月'], [601], ['半年'], [true]])('%j is term_invalid', (input) => {
    expect(parseTermMonths(input)).toEqual({ ok: false, code: 'term_invalid' });
  });
});

describe('currency', () => {
  it.each([['', 'CNY'], [undefined, 'CNY'], ['cny', 'CNY'], ['ＵＳＤ', 'USD'], ['人民币', 'CNY'], ['美元', 'USD'], ['港币', 'HKD'], ['RMB', 'CNY']])(
    '%j → %s',
    (input, expected) => {
      expect(parseCurrency(input, synonyms)).toEqual({ ok: true, value: expected });
    },
  );

  it.each([['dollars'], ['US'], [840]])('%j is currency_invalid', (input) => {
    expect(parseCurrency(input, synonyms)).toEqual({ ok: false, code: 'currency_invalid' });
  });
});

describe('id type and id number', () => {
  it.each([['身份证', 'resident_id'], ['居民身份证', 'resident_id'], ['Resident ID', 'resident_id'], ['统一社会信用代码', 'uscc'], ['营业执照', 'uscc'], ['USCC', 'uscc'], ['护照', 'passport'], ['PASSPORT', 'passport']])(
    '%j → %s',
    (input, expected) => {
      expect(parseIdType(input, synonyms)).toEqual({ ok: true, value: expected });
    },
  );

  it('cleans id numbers before checking them', () => {
    expect(parseIdNumber('110105 19491231 002x', 'resident_id')).toEqual({ ok: true, value: '11010519491231002X' });
    expect(parseIdNumber('9135-0100-M000-100Y43', 'uscc')).toEqual({ ok: true, value: '91350100M000100Y43' });
    expect(parseIdNumber(123456789, 'passport')).toEqual({ ok: true, value: '123456789' });
    expect(parseIdNumber(Number('110105194912310021'), 'resident_id')).toEqual({ ok: false, code: 'number_precision_lost' });
    expect(parseIdNumber(undefined, 'resident_id')).toEqual({ ok: false, code: 'required' });
    expect(parseIdNumber('anything', undefined)).toEqual({ ok: true, value: 'ANYTHING' });
  });
});

describe('cell values and text', () => {
  it('reduces exceljs cell values to what a person sees', () => {
    expect(cellScalar({ formula: 'A1&B1', result: 'SO-1' })).toBe('SO-1');
    expect(cellScalar({ sharedFormula: 'A2', result: 7 })).toBe(7);
    expect(cellScalar({ formula: 'NOW()' })).toBeUndefined();
    expect(cellScalar({ richText: [{ text: '张' }, { font: { bold: true }, text: '三' }] })).toBe('张三');
    expect(cellScalar({ text: '北京分行', hyperlink: 'https://example.com' })).toBe('北京分行');
    expect(cellScalar({ text: { richText: [{ text: 'link' }] }, hyperlink: 'x' })).toBe('link');
    expect(cellScalar({ error: '#N/A' })).toEqual({ error: '#N/A' });
    expect(cellScalar({ formula: 'A1', result: Number.NaN })).toEqual({ error: '#NUM!' });
    expect(cellScalar({ unexpected: true })).toEqual({ error: '#VALUE!' });
    expect(cellScalar(null)).toBeUndefined();
  });

  it('knows a blank cell', () => {
    expect(isBlankCell(undefined)).toBe(true);
    expect(isBlankCell(' \u3000\u200b ')).toBe(true);
    expect(isBlankCell('0')).toBe(false);
    expect(isBlankCell(0)).toBe(false);
    expect(isBlankCell(false)).toBe(false);
  });

  it('turns cells into trimmed NFKC text', () => {
    expect(parseText('  ＡＢＣ１２３ ')).toEqual({ ok: true, value: 'ABC123' });
    expect(parseText(10001)).toEqual({ ok: true, value: '10001' });
    expect(parseText(1.5)).toEqual({ ok: true, value: '1.5' });
    expect(parseText(0.1 + 0.2)).toEqual({ ok: true, value: '0.3' });
    expect(parseText(true)).toEqual({ ok: true, value: 'TRUE' });
    expect(parseText(new Date(Date.UTC(2026, 10, 3)))).toEqual({ ok: true, value: '2026-11-03' });
    expect(parseText(2 ** 60)).toEqual({ ok: false, code: 'number_precision_lost' });
    expect(parseText({ error: '#N/A' })).toEqual({ ok: false, code: 'cell_error', detail: '#N/A' });
    expect(parseText('')).toEqual({ ok: false, code: 'required' });
  });
});
