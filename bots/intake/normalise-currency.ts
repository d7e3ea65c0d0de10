import { cellScalar, isBlankCell } from './cell-value.ts';
import type { HeaderSynonyms } from './header-synonyms.ts';
import { normaliseValueText } from './header-synonyms.ts';

/** ISO 4217 code from a code in any case or width, or a local name listed in the synonyms file. */
export type CurrencyParse = { ok: true; value: string } | { ok: false; code: 'currency_invalid' };

export const DEFAULT_CURRENCY = 'CNY';

/** A blank cell means the default currency. */
export function parseCurrency(input: unknown, synonyms: HeaderSynonyms): CurrencyParse {
  const value = cellScalar(input);
  if (isBlankCell(value)) return { ok: true, value: DEFAULT_CURRENCY };
  if (typeof value !== 'string') return { ok: false, code: 'currency_invalid' };
  const text = value.normalize('NFKC').trim();
  // Names first: "RMB" looks like a code but is not the ISO one.
  const named = synonyms.currencies.get(normaliseValueText(text));
  if (named !== undefined) return { ok: true, value: named };
  return /^[A-Za-z]{3}$/.test(text) ? { ok: true, value: text.toUpperCase() } : { ok: false, code: 'currency_invalid' };
}
