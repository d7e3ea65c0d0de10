import type { DunningPolicy, DunningStage } from '../../config/dunning-policy-schema.ts';
import { stageFor } from './aging.ts';
import type { Receivable } from '../../selectors/contract/receivable.ts';
import { isOutstanding } from '../../selectors/contract/receivable.ts';

export interface DunningItem {
  invoice: Receivable;
  stage: DunningStage;
}

export interface PlannedLetter {
  customerId: string;
  customerName: string;
  items: DunningItem[];
}

export type SkipReason = 'disputed' | 'promised_to_pay' | 'already_sent' | 'too_soon_after_last_letter';

export interface DunningPlan {
  letters: PlannedLetter[];
  /** Invoices at a stage without a letter (collections): handed over internally. */
  handovers: DunningItem[];
  skipped: { invoice: Receivable; reason: SkipReason; stage?: string }[];
}

/** The ledger's key for "this invoice got this stage's letter". */
export function sentKey(invoiceNo: string, stage: string): string {
  return `${invoiceNo}|${stage}`;
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/**
 * Who gets a letter today and for what. Each (invoice, stage) goes out at most once; disputed invoices
 * and standing promises to pay are left alone; a customer written to recently waits; one letter per
 * customer lists all their invoices that are due a stage.
 */
export function planLetters(input: {
  invoices: Receivable[];
  policy: Pick<DunningPolicy, 'stages' | 'minDaysBetweenLetters'>;
  runDate: string;
  alreadySent: (invoiceNo: string, stage: string) => boolean;
  lastLetterDate: (customerId: string) => string | undefined;
}): DunningPlan {
  const plan: DunningPlan = { letters: [], handovers: [], skipped: [] };
  const byCustomer = new Map<string, PlannedLetter>();
  for (const invoice of input.invoices) {
    if (!isOutstanding(invoice) || invoice.daysOverdue <= 0) continue;
    const stage = stageFor(invoice.daysOverdue, input.policy);
    if (!stage) continue;
    if (invoice.disputed) {
      plan.skipped.push({ invoice, reason: 'disputed', stage: stage.name });
      continue;
    }
    if (invoice.promisedToPay && invoice.promisedToPay >= input.runDate) {
      plan.skipped.push({ invoice, reason: 'promised_to_pay', stage: stage.name });
      continue;
    }
    if (input.alreadySent(invoice.invoiceNo, stage.name)) {
      plan.skipped.push({ invoice, reason: 'already_sent', stage: stage.name });
      continue;
    }
    if (!stage.letter) {
      plan.handovers.push({ invoice, stage });
      continue;
    }
    const last = input.lastLetterDate(invoice.customerId);
    if (last !== undefined && last !== input.runDate && daysBetween(last, input.runDate) < input.policy.minDaysBetweenLetters) {
      plan.skipped.push({ invoice, reason: 'too_soon_after_last_letter', stage: stage.name });
      continue;
    }
    const letter = byCustomer.get(invoice.customerId) ?? { customerId: invoice.customerId, customerName: invoice.customerName, items: [] };
    letter.items.push({ invoice, stage });
    byCustomer.set(invoice.customerId, letter);
  }
  plan.letters = [...byCustomer.values()].sort((a, b) => a.customerId.localeCompare(b.customerId));
  for (const letter of plan.letters) letter.items.sort((a, b) => a.invoice.dueDate.localeCompare(b.invoice.dueDate) || a.invoice.invoiceNo.localeCompare(b.invoice.invoiceNo));
  return plan;
}
