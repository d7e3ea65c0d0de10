import type { CanonicalOrder } from '../intake/canonical-order.ts';
import type { ReviewFactsRecord } from './review-on-facts.ts';

/**
 * The order as review decided it, from the facts stored with it: the CRM's grade, tolerance, product
 * risk and branch code in place of the sheet's claims. An order reviewed on the sheet's claims (or not
 * yet reviewed) is returned as it is.
 */
export function orderAsDecided(order: Partial<CanonicalOrder>, stored: Record<string, unknown> | undefined): Partial<CanonicalOrder> {
  const record = stored as ReviewFactsRecord | undefined;
  if (record?.source !== 'crm') return order;
  const customer = record.customer?.kind === 'found' ? record.customer.value : undefined;
  const product = record.product?.kind === 'found' ? record.product.value : undefined;
  return {
    ...order,
    ...(record.branch?.code ? { branch: record.branch.code } : {}),
    ...(customer ? { creditGrade: customer.creditGrade ?? '', customerRisk: customer.riskTolerance as CanonicalOrder['customerRisk'] } : {}),
    ...(product ? { productRisk: product.riskLevel as CanonicalOrder['productRisk'] } : {}),
  };
}

/** What `rules explain --ref` prints about the facts review decided on: where they came from, when read, what differed. */
export function storedFactsLines(stored: Record<string, unknown> | undefined): string[] {
  const record = stored as ReviewFactsRecord | undefined;
  if (!record) return ['facts: not reviewed yet (the sheet\'s claims are shown)'];
  if (record.source === 'sheet') return ['facts: reviewed on the sheet\'s claims (review.factsSource: sheet)'];
  const lines = ['facts: from the CRM'];
  const customer = record.customer;
  if (customer?.kind === 'found') {
    const c = customer.value;
    lines.push(`  customer ${c.customerId} ${c.name} (${c.idType} ${c.idNumber}): grade ${c.creditGrade ?? '-'}, tolerance ${c.riskTolerance ?? '-'}, ${c.blocked ? 'BLOCKED' : 'active'}; read ${customer.readAt}`);
  } else if (customer) lines.push(`  customer: not in the CRM; read ${customer.readAt}`);
  const product = record.product;
  if (product?.kind === 'found') {
    const p = product.value;
    lines.push(`  product ${p.productCode} ${p.name}: risk ${p.riskLevel ?? '-'}, ${p.minAmount ?? '-'}..${p.maxAmount ?? '-'}, terms ${p.termsMonths.join('/')}, ${p.onSale ? 'on sale' : 'NOT ON SALE'}; read ${product.readAt}`);
  } else if (product) lines.push(`  product: not in the CRM; read ${product.readAt}`);
  if (record.branch) lines.push(`  branch "${record.branch.written}" → ${record.branch.code ?? 'not resolved'}`);
  for (const d of [...record.identity, ...record.differences]) lines.push(`  differs: ${d.message}`);
  return lines;
}
