import { describe, expect, it } from 'vitest';
import { dunningPolicySchema } from '../../../config/dunning-policy-schema.ts';
import { loadYamlConfig } from '../../../core/config/load-yaml-config.ts';
import { agingBucket, agingSummary, fromCents, stageFor, toCents } from '../../../bots/dunning/aging.ts';
import { planLetters, sentKey } from '../../../bots/dunning/plan-letters.ts';
import type { Receivable } from '../../../selectors/contract/receivable.ts';

const policy = loadYamlConfig('config/dunning.yaml', dunningPolicySchema);

function invoice(overrides: Partial<Receivable>): Receivable {
  return {
    invoiceNo: 'INV-1',
    customerId: 'C000001',
    customerName: '张三',
    invoiceDate: '2026-09-01',
    dueDate: '2026-10-01',
    currency: 'CNY',
    amount: '1000.00',
    paid: '0.00',
    outstanding: '1000.00',
    daysOverdue: 5,
    status: 'open',
    disputed: false,
    promisedToPay: '',
    ...overrides,
  };
}

const none = { alreadySent: () => false, lastLetterDate: () => undefined };

describe('aging and stages', () => {
  it.each([
    [-3, 'current'],
    [0, 'current'],
    [1, '1-30'],
    [30, '1-30'],
    [31, '31-60'],
    [60, '31-60'],
    [61, '61-90'],
    [90, '61-90'],
    [91, '90+'],
  ])('%i days overdue is in bucket %s', (days, bucket) => {
    expect(agingBucket(days)).toBe(bucket);
  });

  it.each([
    [0, undefined],
    [1, 'reminder'],
    [14, 'reminder'],
    [15, 'second_notice'],
    [29, 'second_notice'],
    [30, 'final_notice'],
    [59, 'final_notice'],
    [60, 'collections'],
    [400, 'collections'],
  ])('%i days overdue reaches stage %s', (days, stage) => {
    expect(stageFor(days, policy)?.name).toBe(stage);
  });

  it('sums money exactly in cents, by customer and currency, with totals', () => {
    const summary = agingSummary([
      invoice({ invoiceNo: 'A', outstanding: '0.10', daysOverdue: 3 }),
      invoice({ invoiceNo: 'B', outstanding: '0.20', daysOverdue: 3 }),
      invoice({ invoiceNo: 'C', outstanding: '100.00', daysOverdue: 95, currency: 'USD' }),
      invoice({ invoiceNo: 'D', outstanding: '0.00', daysOverdue: 95 }),
    ]);
    expect(summary.byCustomer).toHaveLength(2);
    expect(fromCents(summary.totals.find((t) => t.currency === 'CNY')?.buckets['1-30'] ?? 0n)).toBe('0.30');
    expect(fromCents(summary.totals.find((t) => t.currency === 'USD')?.total ?? 0n)).toBe('100.00');
    expect(toCents('12.5')).toBe(1250n);
  });
});

describe('planLetters', () => {
  const runDate = '2026-11-23';

  it('writes one letter per customer listing every invoice due a stage', () => {
    const plan = planLetters({
      invoices: [
        invoice({ invoiceNo: 'A', daysOverdue: 3 }),
        invoice({ invoiceNo: 'B', daysOverdue: 20, dueDate: '2026-09-15' }),
        invoice({ invoiceNo: 'C', customerId: 'C000002', daysOverdue: 31 }),
        invoice({ invoiceNo: 'D', daysOverdue: 0 }),
        invoice({ invoiceNo: 'E', daysOverdue: 10, outstanding: '0.00', status: 'paid' }),
      ],
      policy,
      runDate,
      ...none,
    });
    expect(plan.letters.map((l) => [l.customerId, l.items.map((i) => `${i.invoice.invoiceNo}:${i.stage.name}`)])).toEqual([
      ['C000001', ['B:second_notice', 'A:reminder']],
      ['C000002', ['C:final_notice']],
    ]);
  });

  it('never sends the same (invoice, stage) twice, but sends the next stage when it comes', () => {
    const sent = new Set([sentKey('A', 'reminder')]);
    const alreadySent = (no: string, stage: string): boolean => sent.has(sentKey(no, stage));
    const again = planLetters({ invoices: [invoice({ invoiceNo: 'A', daysOverdue: 9 })], policy, runDate, alreadySent, lastLetterDate: () => undefined });
    expect(again.letters).toEqual([]);
    expect(again.skipped[0]?.reason).toBe('already_sent');
    const next = planLetters({ invoices: [invoice({ invoiceNo: 'A', daysOverdue: 16 })], policy, runDate, alreadySent, lastLetterDate: () => undefined });
    expect(next.letters[0]?.items[0]?.stage.name).toBe('second_notice');
  });

  it('leaves disputed invoices and standing promises alone, and hands 60+ days to collections without a letter', () => {
    const plan = planLetters({
      invoices: [
        invoice({ invoiceNo: 'A', daysOverdue: 20, disputed: true }),
        invoice({ invoiceNo: 'B', daysOverdue: 20, promisedToPay: '2026-11-30' }),
        invoice({ invoiceNo: 'C', daysOverdue: 20, promisedToPay: '2026-11-01' }), // a broken promise
        invoice({ invoiceNo: 'D', daysOverdue: 75 }),
      ],
      policy,
      runDate,
      ...none,
    });
    expect(plan.skipped.map((s) => [s.invoice.invoiceNo, s.reason])).toEqual([
      ['A', 'disputed'],
      ['B', 'promised_to_pay'],
    ]);
    expect(plan.letters[0]?.items.map((i) => i.invoice.invoiceNo)).toEqual(['C']);
    expect(plan.handovers.map((h) => [h.invoice.invoiceNo, h.stage.name])).toEqual([['D', 'collections']]);
  });

  it('waits the minimum days between two letters to one customer', () => {
    const input = { invoices: [invoice({ invoiceNo: 'A', daysOverdue: 16 })], policy, runDate, alreadySent: () => false };
    expect(planLetters({ ...input, lastLetterDate: () => '2026-11-20' }).skipped[0]?.reason).toBe('too_soon_after_last_letter');
    expect(planLetters({ ...input, lastLetterDate: () => '2026-11-16' }).letters).toHaveLength(1);
    // A rerun of the same day is not "too soon": it finishes what the first run started.
    expect(planLetters({ ...input, lastLetterDate: () => runDate }).letters).toHaveLength(1);
  });
});

describe('the dunning policy file', () => {
  it('refuses stages out of order with one line naming the file', () => {
    const bad = dunningPolicySchema.safeParse({ stages: [{ name: 'b', fromDaysOverdue: 15, title: { zh: 'x', en: 'x' } }, { name: 'a', fromDaysOverdue: 1, title: { zh: 'x', en: 'x' } }] });
    expect(bad.success).toBe(false);
  });
});
