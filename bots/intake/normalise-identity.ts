import type { IdType } from './canonical-order.ts';
import { cellScalar, isBlankCell, isCellError } from './cell-value.ts';
import type { HeaderSynonyms } from './header-synonyms.ts';
import { normaliseValueText } from './header-synonyms.ts';
import { checkPassport, checkResidentId, checkUscc, type IdCheck } from './identity-numbers.ts';

export type IdTypeParse = { ok: true; value: IdType } | { ok: false; code: 'required' | 'id_type_invalid' };

export type IdNumberParse =
  | { ok: true; value: string }
  | { ok: false; code: 'required' | 'id_format' | 'id_check_digit' | 'number_precision_lost' | 'cell_error'; value?: string };

export function parseIdType(input: unknown, synonyms: HeaderSynonyms): IdTypeParse {
  const value = cellScalar(input);
  if (isBlankCell(value)) return { ok: false, code: 'required' };
  if (typeof value !== 'string') return { ok: false, code: 'id_type_invalid' };
  const idType = synonyms.idTypes.get(normaliseValueText(value));
  return idType === undefined ? { ok: false, code: 'id_type_invalid' } : { ok: true, value: idType };
}

/**
 * The id number upper-cased with spaces and dashes removed, then checked for its type when the type
 * is known. An 18-digit id stored as a number has already lost digits in Excel: reported as such.
 */
export function parseIdNumber(input: unknown, idType: IdType | undefined): IdNumberParse {
  const value = cellScalar(input);
  if (isBlankCell(value)) return { ok: false, code: 'required' };
  if (isCellError(value)) return { ok: false, code: 'cell_error' };
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value) || value < 0) return { ok: false, code: 'number_precision_lost' };
    text = String(value);
  } else if (typeof value === 'string') {
    text = value.normalize('NFKC').toUpperCase().replace(/[\s\-\u200B-\u200D\u2060\uFEFF]+/gu, '');
  } else {
    return { ok: false, code: 'id_format' };
  }
  if (idType === undefined) return { ok: true, value: text };
  const check: IdCheck =
    idType === 'resident_id' ? checkResidentId(text) : idType === 'uscc' ? checkUscc(text) : checkPassport(text);
  return check === 'ok' ? { ok: true, value: text } : { ok: false, code: check, value: text };
}
