import { cellScalar, isBlankCell, isCellError, type CellScalar } from './cell-value.ts';

/**
 * A text field as a person would retype it: NFKC (full-width letters and digits → half-width),
 * invisible characters dropped, whitespace trimmed. Number cells give their digits ("10001", not
 * "1.0001e4"); a number too large to hold exactly (an 18-digit id typed as a number) is reported,
 * because Excel has already lost its last digits.
 */
export type TextParse =
  | { ok: true; value: string }
  | { ok: false; code: 'required' | 'number_precision_lost' | 'cell_error'; detail?: string };

const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF]/gu;

export function parseText(input: unknown): TextParse {
  const value = cellScalar(input);
  return parseScalarText(value);
}

export function parseScalarText(value: CellScalar): TextParse {
  if (isBlankCell(value)) return { ok: false, code: 'required' };
  if (isCellError(value)) return { ok: false, code: 'cell_error', detail: value.error };
  if (typeof value === 'number') {
    if (Number.isInteger(value) && !Number.isSafeInteger(value)) return { ok: false, code: 'number_precision_lost' };
    return { ok: true, value: numberText(value) };
  }
  if (typeof value === 'boolean') return { ok: true, value: value ? 'TRUE' : 'FALSE' };
  if (value instanceof Date) {
    const ms = value.getTime();
    return Number.isNaN(ms) ? { ok: false, code: 'cell_error', detail: '#VALUE!' } : { ok: true, value: value.toISOString().slice(0, 10) };
  }
  const text = String(value).normalize('NFKC').replace(INVISIBLE, '').trim();
  return text === '' ? { ok: false, code: 'required' } : { ok: true, value: text };
}

/** Plain digits for integers, Excel's 15 significant digits otherwise, never an exponent. */
function numberText(value: number): string {
  if (Number.isInteger(value)) return BigInt(value).toString();
  const text = String(Number(value.toPrecision(15)));
  return /e/i.test(text) ? value.toFixed(20).replace(/\.?0+$/, '') : text;
}
