import { describe, expect, it } from 'vitest';
import type { CanonicalOrder } from '../../../bots/intake/canonical-order.ts';
import { BranchDirectory } from '../../../bots/review/branch-directory.ts';
import { loadApprovalRules } from '../../../bots/review/index.ts';
import { reviewOnFacts, type CrmReads } from '../../../bots/review/review-on-facts.ts';
import type { CustomerFacts, ProductFacts } from '../../../selectors/contract/crm-facts.ts';

const rules = loadApprovalRules();
const branches = BranchDirectory.load();
const MAX = '100000000.00';
const READ_AT = '2026-03-15T01:00:00.000Z';

const customer: CustomerFacts = {
  customerId: 'C000007',
  name: '李娜',
  idType: 'resident_id',
  idNumber: '11010519491231002X',
  blocked: false,
  riskTolerance: 'C3',
  creditGrade: 'A',
  email: undefined,
  language: 'zh',
  accountManager: undefined,
  branch: undefined,
};
const product: ProductFacts = { productCode: 'FD-R3-BAL', name: 'Acme Balanced Fund', onSale: true, riskLevel: 'R3', minAmount: '1000.00', maxAmount: '2000000.00', termsMonths: [12, 24, 36], currencies: ['CNY', 'USD', 'HKD'] };
const order: Partial<CanonicalOrder> = {
  externalRef: 'T-1',
  customerId: 'C000007',
  customerName: '李娜',
  idType: 'resident_id',
  idNumber: '11010519491231002X',
  productCode: 'FD-R3-BAL',
  amount: '30000.00',
  currency: 'CNY',
  termMonths: 12,
  paymentMethod: 'bank_transfer',
  branch: '上海浦东支行',
};

function reads(c: Partial<CustomerFacts> | 'none' = {}, p: Partial<ProductFacts> | 'none' = {}): CrmReads {
  return {
    customer: c === 'none' ? { kind: 'not_found', readAt: READ_AT } : { kind: 'found', value: { ...customer, ...c }, readAt: READ_AT },
    product: p === 'none' ? { kind: 'not_found', readAt: READ_AT } : { kind: 'found', value: { ...product, ...p }, readAt: READ_AT },
  };
}

function review(o: Partial<CanonicalOrder>, r: CrmReads = reads()) {
  return reviewOnFacts(o, r, branches.resolve(o.branch ?? ''), rules, MAX);
}

function codes(o: Partial<CanonicalOrder>, r: CrmReads = reads()): string[] {
  const outcome = review(o, r);
  return outcome.kind === 'refused' ? outcome.problems.map((p) => p.code) : [];
}

describe('review on the CRM facts', () => {
  it('auto-approves a small order on the CRM grade and risk when the sheet claims none, with the branch as its code', () => {
    const outcome = review(order);
    expect(outcome.kind).toBe('routed');
    if (outcome.kind !== 'routed') return;
    expect(outcome.decision.rule).toBe('small-and-clean');
    expect(outcome.order.branch).toBe('SH-PD');
    expect(outcome.record).toMatchObject({ source: 'crm', branch: { written: '上海浦东支行', code: 'SH-PD' }, differences: [], identity: [] });
  });

  it('routes on the CRM grade, not a better one the sheet claims', () => {
    const outcome = review({ ...order, creditGrade: 'AAA' }, reads({ creditGrade: 'CCC' }));
    expect(outcome.kind).toBe('routed');
    if (outcome.kind !== 'routed') return;
    expect(outcome.decision.rule).toBe('branch-manager');
    expect(outcome.record.differences.map((d) => d.message)).toEqual(['信用等级：表格为 AAA，CRM 为 CCC / credit grade: sheet says AAA, CRM says CCC']);
  });

  it('auto-approves on the CRM grade when the sheet claims a worse one', () => {
    const outcome = review({ ...order, creditGrade: 'CCC' });
    expect(outcome.kind === 'routed' && outcome.decision.rule).toBe('small-and-clean');
  });

  it('refuses for suitability on the CRM tolerance, whatever the sheet claims', () => {
    expect(codes({ ...order, customerRisk: 'C5' }, reads({ riskTolerance: 'C1' }))).toEqual(['suitability_mismatch']);
  });

  it('refuses a customer the CRM does not have, or has blocked', () => {
    expect(codes(order, reads('none'))).toEqual(['customer_not_in_crm']);
    expect(codes(order, reads({ blocked: true }))).toEqual(['customer_blocked']);
  });

  it('refuses a product the CRM does not have or no longer sells', () => {
    expect(codes(order, reads({}, 'none'))).toEqual(['product_not_in_crm']);
    expect(codes(order, reads({}, { onSale: false }))).toEqual(['product_not_on_sale']);
  });

  it("refuses what the product's CRM limits rule out: amount, term, currency", () => {
    expect(codes({ ...order, amount: '500.00' })).toEqual(['below_product_minimum']);
    expect(codes({ ...order, amount: '3000000.00' })).toEqual(['above_product_limit']);
    expect(codes({ ...order, termMonths: 6 })).toEqual(['term_not_offered']);
    expect(codes({ ...order, currency: 'EUR' })).toEqual(['currency_not_offered']);
  });

  it('refuses an identity mismatch, naming the field and both values', () => {
    const outcome = review({ ...order, idNumber: '110105194912310021' });
    expect(outcome.kind).toBe('refused');
    if (outcome.kind !== 'refused') return;
    expect(outcome.problems).toEqual([
      { code: 'identity_mismatch', message: "与 CRM 中客户 C000007 的记录不符，证件号码：表格为 110105194912310021，CRM 为 11010519491231002X / not the CRM's record of customer C000007: ID number: sheet says 110105194912310021, CRM says 11010519491231002X" },
    ]);
  });

  it('refuses an ambiguous branch with the branches it fits, and still checks the rest', () => {
    expect(codes({ ...order, branch: '上海分行' }, reads({ blocked: true }))).toEqual(['branch_ambiguous', 'customer_blocked']);
  });

  it('never decides on a claim where the CRM keeps no value: a missing CRM grade cannot auto-approve', () => {
    const outcome = review({ ...order, creditGrade: 'AAA' }, reads({ creditGrade: undefined }));
    expect(outcome.kind === 'routed' && outcome.decision.rule).toBe('branch-manager');
  });
});
