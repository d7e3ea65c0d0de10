import type { DunningPolicy, DunningStage } from '../../config/dunning-policy-schema.ts';
import type { Receivable } from '../../selectors/contract/receivable.ts';
import { isOutstanding } from '../../selectors/contract/receivable.ts';

export const AGING_BUCKETS = ['current', '1-30', '31-60', '61-90', '90+'] as const;
export type AgingBucket = (typeof AGING_BUCKETS)[number];

export function agingBucket(daysOverdue: number): AgingBucket {
  if (daysOverdue <= 0) return 'current';
  if (daysOverdue <= 30) return '1-30';
  if (daysOverdue <= 60) return '31-60';
  if (daysOverdue <= 90) return '61-90';
  return '90+';
}

/** The stage an invoice has reached: the last one whose threshold it passed, or none yet. */
export function stageFor(daysOverdue: number, policy: Pick<DunningPolicy, 'stages'>): DunningStage | undefined {
  let reached: DunningStage | undefined;
  for (const stage of policy.stages) if (daysOverdue >= stage.fromDaysOverdue) reached = stage;
  return reached;
}

/** Integer cents from a decimal string, so sums are exact. */
export function toCents(amount: string): bigint {
  const [units = '0', fraction = ''] = amount.split('.');
  return BigInt(units) * 100n + BigInt((fraction + '00').slice(0, 2));
}

export function fromCents(cents: bigint): string {
  const sign = cents < 0n ? '-' : '';
  const abs = cents < 0n ? -cents : cents;
  return `${sign}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}

export interface AgingRow {
  customerId: string;
  customerName: string;
  currency: string;
  buckets: Record<AgingBucket, bigint>;
  total: bigint;
}

/** Outstanding money by customer and currency in each bucket, plus a total row per currency. */
export function agingSummary(invoices: Receivable[]): { byCustomer: AgingRow[]; totals: AgingRow[] } {
  const rows = new Map<string, AgingRow>();
  const totals = new Map<string, AgingRow>();
  const empty = (): Record<AgingBucket, bigint> => ({ current: 0n, '1-30': 0n, '31-60': 0n, '61-90': 0n, '90+': 0n });
  for (const invoice of invoices) {
    if (!isOutstanding(invoice)) continue;
    const cents = toCents(invoice.outstanding);
    const bucket = agingBucket(invoice.daysOverdue);
    const key = `${invoice.customerId}\u0000${invoice.currency}`;
    const row = rows.get(key) ?? { customerId: invoice.customerId, customerName: invoice.customerName, currency: invoice.currency, buckets: empty(), total: 0n };
    row.buckets[bucket] += cents;
    row.total += cents;
    rows.set(key, row);
    const total = totals.get(invoice.currency) ?? { customerId: 'TOTAL', customerName: '合计 Total', currency: invoice.currency, buckets: empty(), total: 0n };
    total.buckets[bucket] += cents;
    total.total += cents;
    totals.set(invoice.currency, total);
  }
  const byCustomer = [...rows.values()].sort((a, b) => a.customerId.localeCompare(b.customerId) || a.currency.localeCompare(b.currency));
  return { byCustomer, totals: [...totals.values()].sort((a, b) => a.currency.localeCompare(b.currency)) };
}
