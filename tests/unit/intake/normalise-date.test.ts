import { describe, expect, it } from 'vitest';
import { excelSerialToIsoDate, normaliseDate, parseDate } from '../../../bots/intake/normalise-date.ts';

const utc = (y: number, m: number, d: number, h = 0, min = 0): Date => new Date(Date.UTC(y, m - 1, d, h, min));

describe('normaliseDate', () => {
  it.each([
    ['2026-11-03', '2026-11-03'],
    ['2026/11/3', '2026-11-03'],
    ['2026.11.3', '2026-11-03'],
    ['2026-1-5', '2026-01-05'],
    ['2026年11月3日', '2026-11-03'],
    ['2026年11月3号', '2026-11-03'],
    ['2026 年 11 月 3 日', '2026-11-03'],
    ['2026年11月3', '2026-11-03'],
    ['20261103', '2026-11-03'],
    ['２０２６－１１－０３', '2026-11-03'],
    ['２０２６年１１月３日', '2026-11-03'],
    ['  2026-11-03  ', '2026-11-03'],
    ['2026-11-03 14:30', '2026-11-03'],
    ['2026/11/3 0:00:00', '2026-11-03'],
    ['2026-11-03T09:15:00', '2026-11-03'],
    ['2024-02-29', '2024-02-29'],
    ['2000-02-29', '2000-02-29'],
  ])('text %j → %s', (input, expected) => {
    expect(normaliseDate(input)).toBe(expected);
  });

  it.each([
    ['2026-02-30'],
    ['2026-02-29'],
    ['1900-02-29'],
    ['2026-13-01'],
    ['2026-00-10'],
    ['2026-11-31'],
    ['2026-11-00'],
    ['03/11/2026'],
    ['11/03/2026'],
    ['2026-11/03'],
    ['20261332'],
    ['1899-12-31'],
    ['tomorrow'],
    ['2026年13月1日'],
    ['46329'],
  ])('text %j is date_invalid', (input) => {
    expect(parseDate(input)).toEqual({ ok: false, code: 'date_invalid' });
    expect(normaliseDate(input)).toBe('invalid');
  });

  it('reads Date cells by their UTC calendar day (exceljs gives UTC)', () => {
    expect(normaliseDate(utc(2026, 11, 3))).toBe('2026-11-03');
    expect(normaliseDate(utc(2026, 11, 3, 23, 59))).toBe('2026-11-03');
    expect(normaliseDate(utc(2024, 2, 29, 12))).toBe('2024-02-29');
    expect(parseDate(new Date(Number.NaN))).toEqual({ ok: false, code: 'date_invalid' });
  });

  it('reads Excel serial numbers in the 1900 system, minding the phantom 1900-02-29', () => {
    expect(normaliseDate(46329)).toBe('2026-11-03');
    expect(normaliseDate(46329.75)).toBe('2026-11-03');
    expect(normaliseDate(45351)).toBe('2024-02-29');
    expect(excelSerialToIsoDate(1)).toBe('1900-01-01');
    expect(excelSerialToIsoDate(59)).toBe('1900-02-28');
    expect(excelSerialToIsoDate(60)).toBeUndefined();
    expect(excelSerialToIsoDate(61)).toBe('1900-03-01');
    expect(excelSerialToIsoDate(2958465)).toBe('9999-12-31');
    expect(excelSerialToIsoDate(2958466)).toBeUndefined();
    expect(excelSerialToIsoDate(0)).toBeUndefined();
    expect(excelSerialToIsoDate(-5)).toBeUndefined();
  });

  it('reads serials in the 1904 system when the workbook says so', () => {
    expect(excelSerialToIsoDate(0, true)).toBe('1904-01-01');
    expect(normaliseDate(46329 - 1462, { date1904: true })).toBe('2026-11-03');
  });

  it('reads yyyymmdd typed into a number cell', () => {
    expect(normaliseDate(20261103)).toBe('2026-11-03');
    expect(parseDate(20261131)).toEqual({ ok: false, code: 'date_invalid' });
  });

  it('reads formula results and rich text; blank is required, other types invalid', () => {
    expect(normaliseDate({ formula: 'DATE(2026,11,3)', result: 46329 })).toBe('2026-11-03');
    expect(normaliseDate({ formula: 'TODAY()', result: utc(2026, 11, 3) })).toBe('2026-11-03');
    expect(normaliseDate({ richText: [{ text: '2026年' }, { text: '11月3日' }] })).toBe('2026-11-03');
    expect(normaliseDate(undefined)).toBeUndefined();
    expect(normaliseDate('  ')).toBeUndefined();
    expect(parseDate(null)).toEqual({ ok: false, code: 'required' });
    expect(parseDate(true)).toEqual({ ok: false, code: 'date_invalid' });
    expect(parseDate({ error: '#VALUE!' })).toEqual({ ok: false, code: 'date_invalid' });
    expect(parseDate(Number.POSITIVE_INFINITY)).toEqual({ ok: false, code: 'date_invalid' });
  });
});
