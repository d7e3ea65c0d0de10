import type { ApprovalRulesConfig, OrderLimits } from '../../config/approval-rules-schema.ts';
import { amountToCents, formatCents, sameName, type OrderFacts } from './order-facts.ts';

/** Why review refuses an order before routing it; the message is "中文 / English", one line. */
export interface PreCheckProblem {
  code: string;
  message: string;
}

function problem(code: string, zh: string, en: string): PreCheckProblem {
  return { code, message: `${zh} / ${en}` };
}

function limitProblems(facts: OrderFacts, limits: Omit<OrderLimits, 'productTypes'>, scopeZh: string, scopeEn: string): PreCheckProblem[] {
  const problems: PreCheckProblem[] = [];
  const amount = facts.amountCents;
  if (amount !== undefined && limits.minAmount && amount < (amountToCents(limits.minAmount) ?? 0n)) {
    const min = formatCents(amountToCents(limits.minAmount) ?? 0n);
    problems.push(problem('below_minimum', `金额低于${scopeZh}下限 ${min}`, `amount is below the ${scopeEn} minimum of ${min}`));
  }
  if (amount !== undefined && limits.maxAmount && amount > (amountToCents(limits.maxAmount) ?? 0n)) {
    const max = formatCents(amountToCents(limits.maxAmount) ?? 0n);
    problems.push(problem('above_limit', `金额超过${scopeZh}上限 ${max}`, `amount is above the ${scopeEn} limit of ${max}`));
  }
  if (facts.termMonths !== undefined && limits.maxTermMonths !== undefined && facts.termMonths > limits.maxTermMonths) {
    problems.push(problem('term_too_long', `期限超过${scopeZh}上限 ${limits.maxTermMonths} 个月`, `term is longer than the ${scopeEn} limit of ${limits.maxTermMonths} months`));
  }
  return problems;
}

/**
 * The checks review makes without the CRM: the intake rules again (an order may reach review from an
 * older intake, or be re-run after a config change), then the configured limits per product type and
 * per branch. An order with any problem is refused, not routed.
 */
export function preCheckOrder(facts: OrderFacts, config: ApprovalRulesConfig, maxAmount: string): PreCheckProblem[] {
  const problems: PreCheckProblem[] = [];
  const required: [keyof OrderFacts, string, string][] = [
    ['externalRef', '订单编号', 'order ref'],
    ['productCode', '产品代码', 'product code'],
    ['productRisk', '产品风险等级', 'product risk'],
    ['customerRisk', '客户风险承受等级', 'customer risk'],
    ['branch', '网点', 'branch'],
    ['paymentMethod', '支付方式', 'payment method'],
  ];
  for (const [field, zh, en] of required) {
    if (facts[field] === undefined || facts[field] === '') problems.push(problem('required', `缺少${zh}`, `${en} is missing`));
  }
  if (facts.amountCents === undefined || facts.amountCents <= 0n) {
    problems.push(problem('amount_invalid', `金额 ${facts.amount || '(空)'} 无效`, `amount ${facts.amount || '(none)'} is not a positive amount`));
  } else if (facts.amountCents > (amountToCents(maxAmount) ?? 0n)) {
    const max = formatCents(amountToCents(maxAmount) ?? 0n);
    problems.push(problem('amount_too_large', `金额超过上限 ${max}`, `amount is above the limit of ${max}`));
  }
  if (facts.productRisk && facts.customerRisk && Number(facts.productRisk.slice(1)) > Number(facts.customerRisk.slice(1))) {
    problems.push(
      problem('suitability_mismatch', `产品风险等级 ${facts.productRisk} 高于客户风险承受等级 ${facts.customerRisk}`, `product risk ${facts.productRisk} exceeds the customer's risk tolerance ${facts.customerRisk}`),
    );
  }
  const typeLimits = facts.productType ? config.limits.productTypes[facts.productType] : undefined;
  if (typeLimits) problems.push(...limitProblems(facts, typeLimits, `产品类型 ${facts.productType} 的`, `${facts.productType} product`));
  const branchEntry = Object.entries(config.limits.branches).find(([branch]) => sameName(branch, facts.branch));
  if (branchEntry) {
    const [branch, limits] = branchEntry;
    problems.push(...limitProblems(facts, limits, `网点 ${branch} 的`, `branch ${branch}`));
    if (limits.productTypes && !(facts.productType && limits.productTypes.includes(facts.productType))) {
      problems.push(
        problem('product_not_allowed', `网点 ${branch} 不可销售产品 ${facts.productCode}`, `branch ${branch} may not sell ${facts.productCode} (${facts.productType ?? 'unknown product type'})`),
      );
    }
  }
  return problems;
}
