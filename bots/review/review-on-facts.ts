import type { CustomerFacts, ProductFacts } from '../../selectors/contract/crm-facts.ts';
import type { CanonicalOrder } from '../intake/canonical-order.ts';
import type { ApprovalRules } from './approval-rules.ts';
import { labelOf, type BranchResolution } from './branch-directory.ts';
import { compareClaims, type ClaimDifference } from './claim-comparison.ts';
import { crmProblems } from './crm-checks.ts';
import type { FactsRead } from './facts-cache.ts';
import { orderFacts, type OrderFacts } from './order-facts.ts';
import { preCheckOrder, type PreCheckProblem } from './pre-checks.ts';
import { routeOrder, type RoutingDecision } from './routing.ts';

/** The CRM's reads for one order. */
export interface CrmReads {
  customer: FactsRead<CustomerFacts>;
  product: FactsRead<ProductFacts>;
}

/** What review decided on, stored with the order (`rules explain --ref` and the dashboard show it). */
export interface ReviewFactsRecord {
  source: 'crm' | 'sheet';
  customer?: FactsRead<CustomerFacts>;
  product?: FactsRead<ProductFacts>;
  /** The branch as the sheet wrote it and the CRM code it resolved to. */
  branch?: { written: string; code?: string };
  /** Claims the CRM contradicts (the CRM's value was used). */
  differences: ClaimDifference[];
  /** Name or ID claims that are not the CRM's record for that customer id (the order was refused). */
  identity: ClaimDifference[];
}

export type FactsReview =
  | { kind: 'refused'; problems: PreCheckProblem[]; record: ReviewFactsRecord; order: Partial<CanonicalOrder> }
  | { kind: 'routed'; decision: RoutingDecision; facts: OrderFacts; record: ReviewFactsRecord; order: Partial<CanonicalOrder> };

function problem(code: string, zh: string, en: string): PreCheckProblem {
  return { code, message: `${zh} / ${en}` };
}

export function branchProblem(written: string, resolution: Exclude<BranchResolution, { kind: 'found' }>): PreCheckProblem {
  if (resolution.kind === 'ambiguous') {
    const names = resolution.candidates.map(labelOf).join('；');
    return problem('branch_ambiguous', `网点「${written}」可指多个网点：${names}，请写明具体支行`, `branch "${written}" fits more than one branch: ${names}; name the sub-branch`);
  }
  const names = resolution.closest.join('；');
  return problem('branch_unknown', `网点「${written}」不在网点目录中，最接近的有：${names}`, `branch "${written}" is not in the branch directory; closest known: ${names}`);
}

/**
 * Review on the system of record's facts: the branch resolved through the directory, the customer's
 * identity checked against the CRM's record, the CRM's refusals (blocked, not on sale, limits), then
 * the pre-checks and the matrix on the CRM's grade, tolerance and product risk instead of the sheet's.
 */
export function reviewOnFacts(order: Partial<CanonicalOrder>, crm: CrmReads, branch: BranchResolution, rules: ApprovalRules, maxAmount: string): FactsReview {
  const written = (order.branch ?? '').trim();
  const problems: PreCheckProblem[] = [];
  if (branch.kind !== 'found') problems.push(branchProblem(written, branch));
  const record: ReviewFactsRecord = {
    source: 'crm',
    customer: crm.customer,
    product: crm.product,
    branch: { written, ...(branch.kind === 'found' ? { code: branch.branch.code } : {}) },
    differences: [],
    identity: [],
  };
  problems.push(...crmProblems(order, crm.customer, crm.product));
  if (crm.customer.kind !== 'found' || crm.product.kind !== 'found') return { kind: 'refused', problems, record, order };

  const customer = crm.customer.value;
  const product = crm.product.value;
  const claims = compareClaims(order, customer, product);
  record.differences = claims.differences;
  record.identity = claims.identity;
  for (const mismatch of claims.identity) {
    const [zh, en] = mismatch.message.split(' / ');
    problems.push(problem('identity_mismatch', `与 CRM 中客户 ${customer.customerId} 的记录不符，${zh ?? ''}`, `not the CRM's record of customer ${customer.customerId}: ${en ?? ''}`));
  }
  const deciding: Partial<CanonicalOrder> = {
    ...order,
    ...(branch.kind === 'found' ? { branch: branch.branch.code } : {}),
  };
  // The CRM's values replace the claims; a value the CRM does not keep leaves the field empty, never the claim.
  const decidingWithFacts = { ...deciding, creditGrade: customer.creditGrade ?? '', customerRisk: customer.riskTolerance, productRisk: product.riskLevel } as Partial<CanonicalOrder>;
  const facts = orderFacts(decidingWithFacts, rules.productTypeOf);
  problems.push(...preCheckOrder(facts, rules.config, maxAmount));
  if (problems.length > 0) return { kind: 'refused', problems, record, order: deciding };
  return { kind: 'routed', decision: routeOrder(facts, rules.config), facts, record, order: deciding };
}
