import { CREDIT_GRADES, type CreditGrade } from '../../config/approval-rules-schema.ts';
import type { CanonicalOrder, CustomerRisk, ProductRisk } from '../intake/canonical-order.ts';

/** What routing and the pre-checks look at, read once from the order. */
export interface OrderFacts {
  externalRef: string;
  amount: string;
  /** Whole cents, so comparisons never meet a float. Undefined when the amount is not a decimal. */
  amountCents: bigint | undefined;
  currency: string;
  productCode: string;
  /** The product type its code matches in config/approval-rules.yaml, if any. */
  productType: string | undefined;
  productRisk: ProductRisk | undefined;
  customerRisk: CustomerRisk | undefined;
  /** The grade on the scale; undefined when the order has none or one not on the scale. */
  creditGrade: CreditGrade | undefined;
  /** The grade as the order wrote it, for messages about an unknown grade. */
  creditGradeText: string | undefined;
  branch: string;
  paymentMethod: string;
  termMonths: number | undefined;
}

const DECIMAL = /^(\d+)(?:\.(\d{1,2}))?$/;

/** "1234.5" → 123450n; undefined for anything that is not a plain non-negative decimal. */
export function amountToCents(text: string): bigint | undefined {
  const match = DECIMAL.exec(text.trim());
  if (!match) return undefined;
  return BigInt(match[1] ?? '0') * 100n + BigInt((match[2] ?? '').padEnd(2, '0'));
}

/** 123456789n → "1,234,567.89". */
export function formatCents(cents: bigint): string {
  const whole = (cents / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${whole}.${(cents % 100n).toString().padStart(2, '0')}`;
}

/** Compared ignoring case, width and surrounding space: "ＳＨ-ＰＤ " is "sh-pd". */
export function sameName(a: string, b: string): boolean {
  return a.normalize('NFKC').trim().toLowerCase() === b.normalize('NFKC').trim().toLowerCase();
}

/** "aa+", "ＡＡ＋", " bbb " → the grade on the scale. */
export function parseCreditGrade(text: string | undefined): CreditGrade | undefined {
  const grade = (text ?? '').normalize('NFKC').replace(/\s+/g, '').toUpperCase();
  return (CREDIT_GRADES as readonly string[]).includes(grade) ? (grade as CreditGrade) : undefined;
}

/** Position on the scale: 0 is the best grade (AAA). */
export function creditGradeRank(grade: CreditGrade): number {
  return CREDIT_GRADES.indexOf(grade);
}

function globToRegExp(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`, 'i');
}

/** Product type → code patterns, compiled once. */
export type ProductTypeMatcher = (productCode: string) => string | undefined;

export function productTypeMatcher(productTypes: Record<string, string[]>): ProductTypeMatcher {
  const compiled = Object.entries(productTypes).map(([type, patterns]) => ({ type, patterns: patterns.map(globToRegExp) }));
  return (code) => compiled.find((entry) => entry.patterns.some((p) => p.test(code.trim())))?.type;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';
}

export function orderFacts(order: Partial<CanonicalOrder>, productTypeOf: ProductTypeMatcher): OrderFacts {
  const amount = text(order.amount);
  const creditGradeText = text(order.creditGrade) || undefined;
  const productCode = text(order.productCode);
  const productRisk = /^R[1-5]$/.test(text(order.productRisk)) ? (text(order.productRisk) as ProductRisk) : undefined;
  const customerRisk = /^C[1-5]$/.test(text(order.customerRisk)) ? (text(order.customerRisk) as CustomerRisk) : undefined;
  return {
    externalRef: text(order.externalRef),
    amount,
    amountCents: amountToCents(amount),
    currency: text(order.currency) || 'CNY',
    productCode,
    productType: productCode ? productTypeOf(productCode) : undefined,
    productRisk,
    customerRisk,
    creditGrade: parseCreditGrade(creditGradeText),
    creditGradeText,
    branch: text(order.branch),
    paymentMethod: text(order.paymentMethod),
    termMonths: typeof order.termMonths === 'number' && Number.isFinite(order.termMonths) ? order.termMonths : undefined,
  };
}
