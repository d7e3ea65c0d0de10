import type { CustomerRisk, ProductRisk } from './canonical-order.ts';
import { cellScalar, isBlankCell } from './cell-value.ts';
import type { HeaderSynonyms } from './header-synonyms.ts';
import { normaliseValueText } from './header-synonyms.ts';

/**
 * Risk grades as R1–R5 (product) and C1–C5 (customer tolerance). Accepts the code in any case or
 * width ("r3", "Ｒ３"), a bare digit ("3", 3), the code with a label ("R3级", "C3（平衡型）"), or a
 * label alone when config/header-synonyms.yaml lists it ("中风险", "稳健型").
 */
export type RiskParse<T> = { ok: true; value: T } | { ok: false; code: 'required' | 'risk_level_invalid' };

export function parseProductRisk(input: unknown, synonyms: HeaderSynonyms): RiskParse<ProductRisk> {
  return parseRisk(input, 'R', synonyms.productRisks) as RiskParse<ProductRisk>;
}

export function parseCustomerRisk(input: unknown, synonyms: HeaderSynonyms): RiskParse<CustomerRisk> {
  return parseRisk(input, 'C', synonyms.customerRisks) as RiskParse<CustomerRisk>;
}

/** A product is suitable when its risk grade does not exceed the customer's tolerance (R3 ≤ C3). */
export function isSuitable(productRisk: ProductRisk, customerRisk: CustomerRisk): boolean {
  return Number(productRisk.charAt(1)) <= Number(customerRisk.charAt(1));
}

const BRACKETED = /[(（[【][^)）\]】]*[)）\]】]/gu;

function parseRisk(input: unknown, letter: 'R' | 'C', labels: ReadonlyMap<string, string>): RiskParse<string> {
  const value = cellScalar(input);
  if (isBlankCell(value)) return { ok: false, code: 'required' };
  if (typeof value === 'number') {
    return Number.isInteger(value) && value >= 1 && value <= 5
      ? { ok: true, value: `${letter}${value}` }
      : { ok: false, code: 'risk_level_invalid' };
  }
  if (typeof value !== 'string') return { ok: false, code: 'risk_level_invalid' };
  const text = value.normalize('NFKC').trim().toUpperCase().replace(/\s+/g, '');
  // The code first, optionally followed by a level word or a label: "R3", "R3级", "C3(平衡型)", "3级".
  const leading = new RegExp(`^${letter}?([1-5])(?![0-9])(?:级|级别|等级)?(?:[(\\[【].*)?$`, 'u').exec(text);
  if (leading?.[1]) return { ok: true, value: `${letter}${leading[1]}` };
  // A label with the code in brackets: "中风险(R3)".
  const codes = [...text.matchAll(new RegExp(`${letter}([1-5])(?![0-9])`, 'gu'))];
  if (codes.length === 1 && codes[0]?.[1]) return { ok: true, value: `${letter}${codes[0][1]}` };
  const label = labels.get(normaliseValueText(text)) ?? labels.get(normaliseValueText(text.replace(BRACKETED, '')));
  return label === undefined ? { ok: false, code: 'risk_level_invalid' } : { ok: true, value: label };
}
