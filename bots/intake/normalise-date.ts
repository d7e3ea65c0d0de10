import { cellScalar, isBlankCell } from './cell-value.ts';

/**
 * Dates as YYYY-MM-DD from Date cells, Excel serial numbers and the ways people type them:
 * 2026-11-03, 2026/11/3, 2026.11.3, 2026年11月3日, 20261103 (a trailing time of day is ignored).
 * Day-first or month-first forms (03/11/2026) are refused rather than guessed.
 */
export type DateParse = { ok: true; value: string } | { ok: false; code: 'required' | 'date_invalid' };

export interface DateOptions {
  /** The workbook uses the 1904 date system (old Mac Excel); affects serial numbers only. */
  date1904?: boolean;
}

const MIN_YEAR = 1900;
const MAX_YEAR = 9999;
/** 9999-12-31 in the 1900 date system. */
const MAX_SERIAL = 2_958_465;
const MS_PER_DAY = 86_400_000;
/** Serial 0 in the 1900 system is 1899-12-31 for serials below 60, 1899-12-30 from 61 on (Lotus leap-year bug). */
const EPOCH_1900_EARLY = Date.UTC(1899, 11, 31);
const EPOCH_1900 = Date.UTC(1899, 11, 30);
const EPOCH_1904 = Date.UTC(1904, 0, 1);
/** Serial 60 is 1900-02-29, a day that never existed. */
const PHANTOM_LEAP_DAY = 60;

const TIME_SUFFIX = /(?:[T\s]+|(?<=日))\d{1,2}[:：]\d{2}(?:[:：]\d{2}(?:\.\d+)?)?$/u;
const SEPARATED = /^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})$/;
const CHINESE = /^(\d{4})年(\d{1,2})月(\d{1,2})[日号]?$/;
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;

export function parseDate(input: unknown, options: DateOptions = {}): DateParse {
  const value = cellScalar(input);
  if (isBlankCell(value)) return { ok: false, code: 'required' };
  let iso: string | undefined;
  if (value instanceof Date) iso = fromDateCell(value);
  else if (typeof value === 'number') iso = fromNumber(value, options.date1904 ?? false);
  else if (typeof value === 'string') iso = fromText(value);
  return iso === undefined ? { ok: false, code: 'date_invalid' } : { ok: true, value: iso };
}

/** The brief's shape: the date, `undefined` for a blank cell, or 'invalid'. Prefer parseDate. */
export function normaliseDate(input: unknown, options: DateOptions = {}): string | undefined | 'invalid' {
  const result = parseDate(input, options);
  if (result.ok) return result.value;
  return result.code === 'required' ? undefined : 'invalid';
}

/** Excel serial (integer part) → YYYY-MM-DD, or undefined outside 1900-01-01…9999-12-31. */
export function excelSerialToIsoDate(serial: number, date1904 = false): string | undefined {
  if (!Number.isFinite(serial)) return undefined;
  const day = Math.floor(serial);
  if (date1904) {
    if (day < 0 || day > MAX_SERIAL - 1462) return undefined;
    return isoFromUtcMs(EPOCH_1904 + day * MS_PER_DAY);
  }
  if (day < 1 || day > MAX_SERIAL || day === PHANTOM_LEAP_DAY) return undefined;
  const epoch = day < PHANTOM_LEAP_DAY ? EPOCH_1900_EARLY : EPOCH_1900;
  return isoFromUtcMs(epoch + day * MS_PER_DAY);
}

/** YYYY-MM-DD when the three parts make a real calendar date, else undefined. */
export function isoFromParts(year: number, month: number, day: number): string | undefined {
  if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) return undefined;
  if (!Number.isInteger(month) || month < 1 || month > 12) return undefined;
  if (!Number.isInteger(day) || day < 1 || day > daysInMonth(year, month)) return undefined;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * exceljs turns date-formatted cells into Dates at UTC midnight (plus the time of day), so the
 * UTC calendar day is the one the sheet shows.
 */
function fromDateCell(value: Date): string | undefined {
  const ms = value.getTime();
  if (Number.isNaN(ms)) return undefined;
  return isoFromUtcMs(ms);
}

function fromNumber(value: number, date1904: boolean): string | undefined {
  // 20261103 typed into a number cell is a compact date, not a serial (serials end at 2958465).
  if (Number.isInteger(value) && value >= 19_000_101 && value <= 99_991_231) return fromText(String(value));
  return excelSerialToIsoDate(value, date1904);
}

function fromText(raw: string): string | undefined {
  const text = raw.normalize('NFKC').trim().replace(TIME_SUFFIX, '').replace(/\s+/g, '');
  const match = SEPARATED.exec(text) ?? CHINESE.exec(text) ?? COMPACT.exec(text);
  if (!match) return undefined;
  const parts = match.length === 5 ? [match[1], match[3], match[4]] : [match[1], match[2], match[3]];
  return isoFromParts(Number(parts[0]), Number(parts[1]), Number(parts[2]));
}

function isoFromUtcMs(ms: number): string | undefined {
  const date = new Date(ms);
  return isoFromParts(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}
