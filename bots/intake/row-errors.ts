import { FIELD_LABELS, type CanonicalField, type RowError } from './canonical-order.ts';

/** Every code a RowError may carry. Stable: receipts, audit entries and tests match on them. */
export const ROW_ERROR_CODES = [
  'required',
  'cell_error',
  'number_precision_lost',
  'ref_invalid',
  'text_too_long',
  'date_invalid',
  'amount_invalid',
  'amount_precision',
  'amount_not_positive',
  'amount_over_limit',
  'currency_invalid',
  'currency_mismatch',
  'term_invalid',
  'id_type_invalid',
  'id_format',
  'id_check_digit',
  'risk_level_invalid',
  'suitability_mismatch',
  'duplicate_in_sheet',
] as const;

export type RowErrorCode = (typeof ROW_ERROR_CODES)[number];

/** Longest echo of a cell's content inside a message. */
const MAX_SHOWN_CHARS = 40;

/** A RowError whose message is "中文 / English" on one line. */
export function rowError(field: CanonicalField, code: RowErrorCode, zh: string, en: string): RowError {
  return { field, code, message: `${zh} / ${en}`.replace(/\s*[\r\n]+\s*/g, ' ') };
}

/** The standard wording for codes whose message only needs the field's name (and the cell's content). */
export function simpleRowError(field: CanonicalField, code: RowErrorCode, shown?: string): RowError {
  const { zh, en } = FIELD_LABELS[field];
  const zhValue = shown === undefined ? '' : `：${shown}`;
  const enValue = shown === undefined ? '' : `: ${shown}`;
  switch (code) {
    case 'required':
      return rowError(field, code, `${zh}为必填项`, `${en} is required`);
    case 'cell_error':
      return rowError(field, code, `${zh}单元格含错误值${zhValue}`, `The ${en} cell holds an error value${enValue}`);
    case 'number_precision_lost':
      return rowError(
        field,
        code,
        `${zh}被存成了数字，Excel 已丢失末尾的数字，请将该列设为文本后重新填写`,
        `${en} was stored as a number and Excel has lost its last digits; format the column as text and re-enter it`,
      );
    case 'date_invalid':
      return rowError(field, code, `${zh}不是有效日期${zhValue}`, `${en} is not a valid date${enValue}`);
    case 'amount_invalid':
      return rowError(field, code, `${zh}无法识别${zhValue}`, `${en} could not be read${enValue}`);
    case 'amount_precision':
      return rowError(field, code, `${zh}最多保留两位小数${zhValue}`, `${en} has more than two decimal places${enValue}`);
    case 'amount_not_positive':
      return rowError(field, code, `${zh}必须大于零${zhValue}`, `${en} must be greater than zero${enValue}`);
    case 'currency_invalid':
      return rowError(field, code, `${zh}无法识别${zhValue}`, `${en} not recognised${enValue}`);
    case 'term_invalid':
      return rowError(field, code, `${zh}须为正整数月数${zhValue}`, `${en} must be a whole number of months${enValue}`);
    case 'id_type_invalid':
      return rowError(
        field,
        code,
        `${zh}无法识别（应为身份证、统一社会信用代码或护照）${zhValue}`,
        `${en} not recognised (resident ID, USCC or passport expected)${enValue}`,
      );
    default:
      return rowError(field, code, `${zh}不正确${zhValue}`, `${en} is not valid${enValue}`);
  }
}

/** A cell's content as it may be echoed in a message: one line, at most MAX_SHOWN_CHARS characters. */
export function showCell(value: unknown): string | undefined {
  let text: string;
  if (value === undefined || value === null) return undefined;
  if (value instanceof Date) text = Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  else if (typeof value === 'object') {
    const error = (value as { error?: unknown }).error;
    if (typeof error !== 'string') return undefined;
    text = error;
  } else text = String(value);
  text = text.replace(/\s+/g, ' ').trim();
  if (text === '') return undefined;
  return text.length > MAX_SHOWN_CHARS ? `${text.slice(0, MAX_SHOWN_CHARS - 1)}…` : text;
}
