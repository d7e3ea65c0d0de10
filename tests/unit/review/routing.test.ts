import { describe, expect, it } from 'vitest';
import type { CanonicalOrder } from '../../../bots/intake/canonical-order.ts';
import { compileApprovalRules, loadApprovalRules, orderFacts, routeOrder, type ApprovalRules } from '../../../bots/review/index.ts';
import { approvalRulesSchema } from '../../../config/approval-rules-schema.ts';

const shipped = loadApprovalRules();

const base: Partial<CanonicalOrder> = {
  externalRef: 'T-1',
  amount: '30000.00',
  currency: 'CNY',
  productCode: 'FD-R3-BAL',
  productRisk: 'R3',
  customerRisk: 'C4',
  creditGrade: 'A',
  branch: 'SH-PD',
  paymentMethod: '银行转账',
  termMonths: 12,
};

function route(change: Partial<CanonicalOrder>, rules: ApprovalRules = shipped) {
  return routeOrder(orderFacts({ ...base, ...change }, rules.productTypeOf), rules.config);
}

function chainOf(change: Partial<CanonicalOrder>, rules: ApprovalRules = shipped): string {
  const decision = route(change, rules);
  return decision.outcome.kind === 'auto-approve' ? 'auto' : decision.outcome.levels.map((l) => (l.approve === 'all' ? `${l.role}(all)` : l.role)).join(' > ');
}

const SM = 'sales-manager';
const SM_RISK = 'sales-manager > risk';
const ALL_THREE = 'sales-manager > risk > compliance';

describe('the shipped approval matrix', () => {
  it.each<[string, Partial<CanonicalOrder>, string, string]>([
    ['small, R3, grade A', {}, 'small-and-clean', 'auto'],
    ['exactly 50,000.00', { amount: '50000.00' }, 'small-and-clean', 'auto'],
    ['one cent over 50,000', { amount: '50000.01' }, 'branch-manager', SM],
    ['tiny amount', { amount: '0.01' }, 'small-and-clean', 'auto'],
    ['small but R4', { productRisk: 'R4', productCode: 'FD-R4-TEC' }, 'branch-manager', SM],
    ['small, R1, AAA', { productRisk: 'R1', creditGrade: 'AAA', productCode: 'BD-R1-GOV' }, 'small-and-clean', 'auto'],
    ['small, R2, no credit grade', { productRisk: 'R2', creditGrade: undefined }, 'branch-manager', SM],
    ['small, grade exactly BBB', { creditGrade: 'BBB' }, 'small-and-clean', 'auto'],
    ['small, grade BBB+', { creditGrade: 'BBB+' }, 'small-and-clean', 'auto'],
    ['small, grade BBB-', { creditGrade: 'BBB-' }, 'branch-manager', SM],
    ['small, grade BB', { creditGrade: 'BB' }, 'branch-manager', SM],
    ['small, grade D', { creditGrade: 'D' }, 'branch-manager', SM],
    ['small, grade written "aa+"', { creditGrade: 'aa+' }, 'small-and-clean', 'auto'],
    ['small, full-width grade "ＡＡＡ"', { creditGrade: 'ＡＡＡ' }, 'small-and-clean', 'auto'],
    ['small, grade not on the scale', { creditGrade: 'excellent' }, 'branch-manager', SM],
    ['60,000', { amount: '60000.00' }, 'branch-manager', SM],
    ['exactly 1,000,000.00', { amount: '1000000.00' }, 'branch-manager', SM],
    ['one cent over 1,000,000', { amount: '1000000.01' }, 'large', SM_RISK],
    ['3,000,000 with R4', { amount: '3000000.00', productRisk: 'R4' }, 'large', SM_RISK],
    ['exactly 5,000,000.00', { amount: '5000000.00' }, 'large', SM_RISK],
    ['one cent over 5,000,000', { amount: '5000000.01' }, 'very-large-or-highest-risk', ALL_THREE],
    ['99,999,999', { amount: '99999999.00' }, 'very-large-or-highest-risk', ALL_THREE],
    ['small R5', { productRisk: 'R5', customerRisk: 'C5', creditGrade: 'AAA', productCode: 'FD-R5-EMG' }, 'very-large-or-highest-risk', ALL_THREE],
    ['large R5', { amount: '2000000.00', productRisk: 'R5', customerRisk: 'C5' }, 'very-large-or-highest-risk', ALL_THREE],
    ['medium R5', { amount: '200000.00', productRisk: 'R5', customerRisk: 'C5' }, 'very-large-or-highest-risk', ALL_THREE],
    ['another currency is compared as written', { amount: '40000.00', currency: 'USD' }, 'small-and-clean', 'auto'],
    ['unknown product type still routes', { productCode: 'ZZ-1' }, 'small-and-clean', 'auto'],
  ])('%s → %s: %s', (_what, change, rule, chain) => {
    const decision = route(change);
    expect(decision.rule).toBe(rule);
    expect(chainOf(change)).toBe(chain);
  });

  it('says why the matched rule matched, with the order values in the words', () => {
    const decision = route({ amount: '6000000.00' });
    expect(decision.reasons).toEqual(['amount 6,000,000.00 CNY is above 5,000,000.00']);
    expect(route({ productRisk: 'R5', customerRisk: 'C5' }).reasons).toEqual(['product risk R5 is one of [R5]']);
    expect(route({}).reasons).toEqual(['amount 30,000.00 CNY is at most 50,000.00', 'product risk R3 is at most R3', 'credit grade A is at least BBB']);
  });

  it('explains every rule tried up to the match, and nothing after', () => {
    const decision = route({ amount: '60000.00' });
    expect(decision.evaluations.map((e) => [e.rule, e.matched])).toEqual([
      ['small-and-clean', false],
      ['very-large-or-highest-risk', false],
      ['large', false],
      ['branch-manager', true],
    ]);
    expect(decision.evaluations[0]?.checks.find((c) => !c.holds)?.what).toBe('amount 60,000.00 CNY is at most 50,000.00');
    expect(route({}).evaluations).toHaveLength(1);
  });

  it('never auto-approves an order whose amount cannot be read', () => {
    expect(chainOf({ amount: 'lots' })).toBe(SM);
    expect(chainOf({ amount: '' })).toBe(SM);
  });
});

describe('matrix conditions', () => {
  const rules = compileApprovalRules(
    approvalRulesSchema.parse({
      version: 1,
      productTypes: { fund: ['FD-*'], note: ['SN-*'] },
      rules: [
        { name: 'notes-by-card', when: { productType: ['note'], paymentMethod: ['信用卡', 'Credit Card'] }, then: [{ role: 'compliance', approve: 'all' }] },
        { name: 'cautious-customer', when: { customerRisk: { atMost: 'C2' }, amount: { atLeast: '10000' } }, then: ['risk'] },
        { name: 'beijing-small', when: { branch: ['BJ-CY', '北京分行营业部'], amount: { below: '10000' } }, then: 'auto-approve' },
        { name: 'no-grade-foreign', when: { creditGrade: { missing: true }, currency: ['USD', 'HKD'] }, then: ['risk', 'compliance'] },
        { name: 'weak-grade', when: { creditGrade: { atMost: 'BB+' } }, then: [{ role: 'risk', approve: 'one' }, { role: 'sales-manager', approve: 'all' }] },
        { name: 'mid-risk-band', when: { productRisk: { atLeast: 'R2', atMost: 'R3' }, any: [{ amount: { above: '100000' } }, { customerRisk: { in: ['C3'] } }] }, then: ['sales-manager'] },
        { name: 'rest', then: 'auto-approve' },
      ],
    }),
  );

  it.each<[string, Partial<CanonicalOrder>, string, string]>([
    ['structured note paid by card', { productCode: 'SN-R4-CSI', productRisk: 'R4', customerRisk: 'C5', paymentMethod: 'credit card' }, 'notes-by-card', 'compliance(all)'],
    ['structured note paid by transfer', { productCode: 'SN-R4-CSI', productRisk: 'R1', customerRisk: 'C5', paymentMethod: '转账', creditGrade: 'A' }, 'rest', 'auto'],
    ['fund paid by card', { paymentMethod: '信用卡', productRisk: 'R1', creditGrade: 'A', customerRisk: 'C5' }, 'rest', 'auto'],
    ['cautious customer, 10,000', { customerRisk: 'C2', productRisk: 'R1', amount: '10000.00' }, 'cautious-customer', 'risk'],
    ['cautious customer, 9,999.99', { customerRisk: 'C2', productRisk: 'R1', amount: '9999.99', creditGrade: 'A' }, 'rest', 'auto'],
    ['Beijing by Chinese name, full-width', { branch: '北京分行营业部 ', amount: '5000.00', customerRisk: 'C5' }, 'beijing-small', 'auto'],
    ['Beijing by code in lower case', { branch: 'bj-cy', amount: '5000.00', customerRisk: 'C5' }, 'beijing-small', 'auto'],
    ['no grade, USD', { creditGrade: undefined, currency: 'USD', customerRisk: 'C5' }, 'no-grade-foreign', 'risk > compliance'],
    ['no grade, CNY, R3 C3', { creditGrade: undefined, customerRisk: 'C3' }, 'mid-risk-band', 'sales-manager'],
    ['grade BB+', { creditGrade: 'BB+', customerRisk: 'C5' }, 'weak-grade', 'risk > sales-manager(all)'],
    ['grade CCC', { creditGrade: 'CCC', customerRisk: 'C5' }, 'weak-grade', 'risk > sales-manager(all)'],
    ['grade BBB- is not weak', { creditGrade: 'BBB-', customerRisk: 'C5' }, 'rest', 'auto'],
    ['R3 C3 small: the customer-risk alternative', { customerRisk: 'C3' }, 'mid-risk-band', 'sales-manager'],
    ['R2 C5 large: the amount alternative', { productRisk: 'R2', customerRisk: 'C5', amount: '200000.00' }, 'mid-risk-band', 'sales-manager'],
    ['R4 C5 large: outside the risk band', { productRisk: 'R4', customerRisk: 'C5', amount: '200000.00' }, 'rest', 'auto'],
    ['R2 C5 small: neither alternative', { productRisk: 'R2', customerRisk: 'C5' }, 'rest', 'auto'],
  ])('%s → %s', (_what, change, rule, chain) => {
    expect(route(change, rules).rule).toBe(rule);
    expect(chainOf(change, rules)).toBe(chain);
  });

  it('reports an `any` that failed with each alternative it tried', () => {
    const decision = route({ productRisk: 'R2', customerRisk: 'C5' }, rules);
    const band = decision.evaluations.find((e) => e.rule === 'mid-risk-band');
    expect(band?.checks.at(-1)).toEqual({ what: 'none of: amount 30,000.00 CNY is above 100,000.00; or customer risk C5 is one of [C3]', holds: false });
  });
});
