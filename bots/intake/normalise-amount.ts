import { cellScalar, isBlankCell } from './cell-value.ts';

/**
 * Money as a decimal string with exactly two places ("1234567.89"), computed on digit strings and
 * BigInt cents, never by float arithmetic. Reads what back-office staff type: "¥1,234,567.89",
 * "8,000.00元", "RMB 1,000", "12.5万", "３０，０００", "(1,000)". More than two decimal places is an
 * error, never rounded away.
 */
export type AmountParse =
  | { ok: true; value: string; /** currency named next to the figure ("RMB 1,000" → CNY) */ currencyHint?: string }
  | { ok: false; code: 'required' | 'amount_invalid' | 'amount_precision' };

/** Excel shows 15 significant digits; beyond that a number cell's digits are float noise. */
const EXCEL_SIGNIFICANT_DIGITS = 15;
const PLAIN = /^(\d+)(?:\.(\d+))?$/;
const GROUPED = /^(\d{1,3}(?:,\d{3})+)(?:\.(\d+))?$/;
const CURRENCY_PREFIX = /^(us\$|hk\$|rmb|cny|人民币|[¥$€]|[a-z]{3}(?=[\d.,]))/i;
const CURRENCY_SUFFIX = /(人民币元|人民币|元|圆|rmb|cny|[a-z]{3})$/i;
const MULTIPLIER_SUFFIX = /(万|亿)$/;
const MULTIPLIER_PLACES: Readonly<Record<string, number>> = { 万: 4, 亿: 8 };
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF]+/gu;
/** "1 234 567" (space as thousands separator, as some locales print) → "1,234,567". */
const SPACE_GROUPED_THOUSANDS = /(\d)\s+(?=\d{3}(?!\d))/gu;

export function parseAmount(input: unknown): AmountParse {
  const value = cellScalar(input);
  if (isBlankCell(value)) return { ok: false, code: 'required' };
  if (typeof value === 'number') return fromDigits(numberToDecimal(value), 0);
  if (typeof value !== 'string') return { ok: false, code: 'amount_invalid' };
  return parseAmountText(value);
}

/** The canonical amount, or undefined when blank or unreadable. Sign is kept; validation judges it. */
export function normaliseAmount(input: unknown): string | undefined {
  const result = parseAmount(input);
  return result.ok ? result.value : undefined;
}

/** "1234.50" → 123450n. Only for canonical values produced by parseAmount. */
export function amountToCents(amount: string): bigint {
  const match = /^(-?)(\d+)\.(\d{2})$/.exec(amount);
  if (!match) throw new Error(`Not a canonical amount: ${amount}`);
  const cents = BigInt(`${match[2]}${match[3]}`);
  return match[1] === '-' ? -cents : cents;
}

/** "100000000.00" → "100,000,000.00" for messages. */
export function formatAmountForDisplay(amount: string): string {
  const [units = '', fraction = '00'] = amount.split('.');
  return `${units.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${fraction}`;
}

function parseAmountText(raw: string): AmountParse {
  const spaced = raw.normalize('NFKC').replace(INVISIBLE, '').trim().replace(SPACE_GROUPED_THOUSANDS, '$1,');
  // Any other space between digits joins two numbers ("1000 2000"): not an amount.
  if (/\d\s+\d/u.test(spaced)) return { ok: false, code: 'amount_invalid' };
  let text = spaced.replace(/\s+/gu, '').replace(/\u2212/g, '-');
  let negative = false;
  let currencyHint: string | undefined;
  const accounting = /^\((.+)\)$/.exec(text);
  if (accounting?.[1] !== undefined) {
    negative = true;
    text = accounting[1];
  }
  // Sign and currency may come in either order: "-¥1,000", "¥-1,000", "RMB+1000".
  for (let pass = 0; pass < 2; pass++) {
    const sign = /^[+-]/.exec(text);
    if (sign) {
      if (sign[0] === '-') negative = !negative;
      text = text.slice(1);
    }
    const prefix = CURRENCY_PREFIX.exec(text);
    if (prefix?.[1] !== undefined) {
      currencyHint ??= currencyOf(prefix[1]);
      text = text.slice(prefix[1].length);
    }
  }
  let places = 0;
  for (let pass = 0; pass < 2; pass++) {
    const suffix = CURRENCY_SUFFIX.exec(text);
    if (suffix?.[1] !== undefined) {
      currencyHint ??= currencyOf(suffix[1]);
      text = text.slice(0, -suffix[1].length);
    }
    const multiplier = MULTIPLIER_SUFFIX.exec(text);
    if (multiplier?.[1] !== undefined && places === 0) {
      places = MULTIPLIER_PLACES[multiplier[1]] ?? 0;
      text = text.slice(0, -multiplier[1].length);
    }
  }
  const match = PLAIN.exec(text) ?? GROUPED.exec(text);
  if (!match?.[1]) return { ok: false, code: 'amount_invalid' };
  const result = fromDigits({ units: match[1].replace(/,/g, ''), fraction: match[2] ?? '', negative }, places);
  if (!result.ok || currencyHint === undefined) return result;
  return { ...result, currencyHint };
}

/** Shifts the decimal point right by `places` (万 = 4) and renders exactly two decimals. */
function fromDigits(digits: { units: string; fraction: string; negative: boolean }, places: number): AmountParse {
  const units = (digits.units + digits.fraction.slice(0, places).padEnd(places, '0')).replace(/^0+(?=\d)/, '');
  const fraction = digits.fraction.slice(places).replace(/0+$/, '');
  if (fraction.length > 2) return { ok: false, code: 'amount_precision' };
  const value = `${units}.${fraction.padEnd(2, '0')}`;
  return { ok: true, value: digits.negative && value !== '0.00' ? `-${value}` : value };
}

/** A number cell as digit strings, read at Excel's 15 significant digits (1234.5000000000002 → 1234.5). */
function numberToDecimal(value: number): { units: string; fraction: string; negative: boolean } {
  const negative = value < 0;
  const [mantissa = '0', exponentText = '0'] = Math.abs(value).toPrecision(EXCEL_SIGNIFICANT_DIGITS).split('e');
  const [intDigits = '0', fracDigits = ''] = mantissa.split('.');
  const exponent = Number(exponentText);
  // All significant digits, with the decimal point after `point` of them.
  const all = intDigits + fracDigits;
  const point = intDigits.length + exponent;
  let units: string;
  let fraction: string;
  if (point <= 0) {
    units = '0';
    fraction = '0'.repeat(-point) + all;
  } else if (point >= all.length) {
    units = all + '0'.repeat(point - all.length);
    fraction = '';
  } else {
    units = all.slice(0, point);
    fraction = all.slice(point);
  }
  return { units, fraction: fraction.replace(/0+$/, ''), negative };
}

function currencyOf(marker: string): string {
  const upper = marker.toUpperCase();
  switch (upper) {
    case '¥':
    case '元':
    case '圆':
    case '人民币':
    case '人民币元':
    case 'RMB':
      return 'CNY';
    case '$':
    case 'US$':
      return 'USD';
    case 'HK$':
      return 'HKD';
    case '€':
      return 'EUR';
    default:
      return upper;
  }
}
