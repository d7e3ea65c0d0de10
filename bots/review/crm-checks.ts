import type { CustomerFacts, FactsAnswer, ProductFacts } from '../../selectors/contract/crm-facts.ts';
import type { CanonicalOrder } from '../intake/canonical-order.ts';
import { amountToCents, formatCents } from './order-facts.ts';
import type { PreCheckProblem } from './pre-checks.ts';

function problem(code: string, zh: string, en: string): PreCheckProblem {
  return { code, message: `${zh} / ${en}` };
}

type Read<T> = Extract<FactsAnswer<T>, { kind: 'found' } | { kind: 'not_found' }>;

/**
 * What the CRM's own record rules out, in the CRM's words: a customer it does not have or has blocked,
 * a product it does not have or no longer sells, a currency, amount or term the product does not take.
 */
export function crmProblems(order: Partial<CanonicalOrder>, customer: Read<CustomerFacts>, product: Read<ProductFacts>): PreCheckProblem[] {
  const problems: PreCheckProblem[] = [];
  const customerId = order.customerId ?? '';
  const productCode = order.productCode ?? '';
  if (customer.kind === 'not_found') problems.push(problem('customer_not_in_crm', `CRM 中没有客户 ${customerId}`, `the CRM has no customer ${customerId}`));
  else if (customer.value.blocked) problems.push(problem('customer_blocked', `客户 ${customerId} 在 CRM 中已冻结（Blocked: Yes）`, `customer ${customerId} is blocked in the CRM (Blocked: Yes)`));
  if (product.kind === 'not_found') {
    problems.push(problem('product_not_in_crm', `CRM 中没有产品 ${productCode}`, `the CRM has no product ${productCode}`));
    return problems;
  }
  const p = product.value;
  if (!p.onSale) problems.push(problem('product_not_on_sale', `产品 ${p.productCode} 在 CRM 中已停售（Status: Not on sale）`, `product ${p.productCode} is not on sale in the CRM (Status: Not on sale)`));
  const currency = (order.currency ?? 'CNY').trim().toUpperCase();
  if (p.currencies.length > 0 && !p.currencies.includes(currency)) {
    problems.push(problem('currency_not_offered', `产品 ${p.productCode} 不接受币种 ${currency}（CRM：${p.currencies.join(', ')}）`, `product ${p.productCode} does not take ${currency} (CRM: ${p.currencies.join(', ')})`));
  }
  const amount = amountToCents(order.amount ?? '');
  const min = p.minAmount === undefined ? undefined : amountToCents(p.minAmount);
  const max = p.maxAmount === undefined ? undefined : amountToCents(p.maxAmount);
  if (amount !== undefined && min !== undefined && amount < min) {
    problems.push(problem('below_product_minimum', `金额低于产品 ${p.productCode} 的起购金额 ${formatCents(min)}（CRM）`, `amount is below product ${p.productCode}'s minimum of ${formatCents(min)} (CRM)`));
  }
  if (amount !== undefined && max !== undefined && amount > max) {
    problems.push(problem('above_product_limit', `金额超过产品 ${p.productCode} 的上限 ${formatCents(max)}（CRM）`, `amount is above product ${p.productCode}'s limit of ${formatCents(max)} (CRM)`));
  }
  const term = order.termMonths;
  if (typeof term === 'number' && p.termsMonths.length > 0 && !p.termsMonths.includes(term)) {
    problems.push(problem('term_not_offered', `产品 ${p.productCode} 没有 ${term} 个月的期限（CRM：${p.termsMonths.join(', ')}）`, `product ${p.productCode} has no ${term}-month term (CRM: ${p.termsMonths.join(', ')})`));
  }
  return problems;
}
