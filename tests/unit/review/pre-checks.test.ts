import { describe, expect, it } from 'vitest';
import type { CanonicalOrder } from '../../../bots/intake/canonical-order.ts';
import { compileApprovalRules, loadApprovalRules, reviewOrder } from '../../../bots/review/index.ts';
import { approvalRulesSchema } from '../../../config/approval-rules-schema.ts';

const MAX = '100000000.00';
const base: Partial<CanonicalOrder> = {
  externalRef: 'T-1',
  amount: '300000.00',
  currency: 'CNY',
  productCode: 'SN-R4-CSI',
  productRisk: 'R4',
  customerRisk: 'C4',
  creditGrade: 'A',
  branch: 'HZ-XH',
  paymentMethod: '银行转账',
  termMonths: 12,
};

const rules = compileApprovalRules(
  approvalRulesSchema.parse({
    version: 1,
    productTypes: { structured_note: ['SN-*'], fund: ['FD-*'] },
    limits: {
      productTypes: { structured_note: { minAmount: '100000', maxAmount: '5000000', maxTermMonths: 18 } },
      branches: { 'HZ-XH': { maxAmount: '3000000', productTypes: ['structured_note', 'fund'] }, 'GZ-TH': { productTypes: ['fund'] } },
    },
    rules: [{ name: 'everything', then: ['sales-manager'] }],
  }),
);

function codes(change: Partial<CanonicalOrder>): string[] {
  const review = reviewOrder({ ...base, ...change }, rules, MAX);
  return review.kind === 'refused' ? review.problems.map((p) => p.code) : [];
}

describe('review pre-checks', () => {
  it.each<[string, Partial<CanonicalOrder>, string[]]>([
    ['a clean order', {}, []],
    ['amount missing', { amount: undefined }, ['amount_invalid']],
    ['amount zero', { amount: '0.00' }, ['amount_invalid', 'below_minimum']],
    ['amount not a number', { amount: 'abc' }, ['amount_invalid']],
    ['amount above intake maximum', { amount: '100000000.01', productCode: 'FD-R3-BAL' }, ['amount_too_large', 'above_limit']],
    ['product risk above customer tolerance', { customerRisk: 'C3' }, ['suitability_mismatch']],
    ['no branch, no payment method', { branch: '', paymentMethod: undefined }, ['required', 'required']],
    ['no reference', { externalRef: '' }, ['required']],
    ['note below its product minimum', { amount: '99999.99' }, ['below_minimum']],
    ['note above its product maximum and the branch limit', { amount: '5000000.01', branch: 'SH-PD' }, ['above_limit']],
    ['note term over 18 months', { termMonths: 24 }, ['term_too_long']],
    ['Hangzhou above its branch limit', { amount: '3000000.01' }, ['above_limit']],
    ['branch matched without regard to case or width', { branch: 'ｈｚ-ｘｈ', amount: '3000000.01' }, ['above_limit']],
    ['Guangzhou may only sell funds', { branch: 'GZ-TH' }, ['product_not_allowed']],
    ['Guangzhou selling a fund', { branch: 'GZ-TH', productCode: 'FD-R3-BAL', productRisk: 'R3' }, []],
    ['a branch without limits', { branch: 'SH-PD' }, []],
  ])('%s → %j', (_what, change, expected) => {
    expect(codes(change)).toEqual(expected);
  });

  it('words every problem in Chinese and English, one line each', () => {
    const review = reviewOrder({ ...base, amount: '3000000.01', customerRisk: 'C3' }, rules, MAX);
    expect(review.kind).toBe('refused');
    if (review.kind !== 'refused') return;
    expect(review.problems.map((p) => p.message)).toEqual([
      '产品风险等级 R4 高于客户风险承受等级 C3 / product risk R4 exceeds the customer\'s risk tolerance C3',
      '金额超过网点 HZ-XH 的上限 3,000,000.00 / amount is above the branch HZ-XH limit of 3,000,000.00',
    ]);
  });

  it('routes an order that passes', () => {
    const review = reviewOrder(base, rules, MAX);
    expect(review.kind === 'routed' && review.decision.rule).toBe('everything');
  });

  it('applies the shipped limits: a structured note over 18 months is refused', () => {
    const shipped = loadApprovalRules();
    const review = reviewOrder({ ...base, termMonths: 24 }, shipped, MAX);
    expect(review.kind === 'refused' && review.problems.map((p) => p.code)).toEqual(['term_too_long']);
  });
});
