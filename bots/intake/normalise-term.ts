import { cellScalar, isBlankCell } from './cell-value.ts';

/** Term in whole months: 12, "12", "12个月", "12 months", "1年" / "2 years" (× 12). */
export type TermParse = { ok: true; value: number } | { ok: false; code: 'required' | 'term_invalid' };

/** Fifty years; anything longer is a typo, not a product. */
export const MAX_TERM_MONTHS = 600;

const MONTHS = /^(\d+)(?:\.0+)?(?:个月|月|months?|mos?|m|期)?$/u;
const YEARS = /^(\d+)(?:\.0+)?(?:年|years?|yrs?|y)$/u;

export function parseTermMonths(input: unknown): TermParse {
  const value = cellScalar(input);
  if (isBlankCell(value)) return { ok: false, code: 'required' };
  let months: number | undefined;
  if (typeof value === 'number') months = value;
  else if (typeof value === 'string') {
    const text = value.normalize('NFKC').trim().toLowerCase().replace(/\s+/g, '');
    const inMonths = MONTHS.exec(text);
    const inYears = YEARS.exec(text);
    if (inMonths?.[1]) months = Number(inMonths[1]);
    else if (inYears?.[1]) months = Number(inYears[1]) * 12;
  }
  if (months === undefined || !Number.isInteger(months) || months <= 0 || months > MAX_TERM_MONTHS) {
    return { ok: false, code: 'term_invalid' };
  }
  return { ok: true, value: months };
}
