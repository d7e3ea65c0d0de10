import type { Transporter } from 'nodemailer';
import type { DunningPolicy } from '../../config/dunning-policy-schema.ts';
import type { DunningLedger } from '../../core/ledger/dunning-ledger.ts';
import type { AuditEvent } from '../../core/ledger/order-ledger.ts';
import type { Logger } from '../../core/logging/logger.ts';
import type { Outbox } from '../../core/mail/outbox.ts';
import { OrderDeskError } from '../../core/errors/orderdesk-error.ts';
import type { DunningException, LetterSent } from './finance-report.ts';
import { inLanes, type Lane } from './in-lanes.ts';
import { planLetters, sentKey } from './plan-letters.ts';
import type { Receivable } from '../../selectors/contract/receivable.ts';
import type { ReceivablesSource } from '../../selectors/contract/receivables-source.ts';
import { sendCustomerLetter, type CustomerLetterOutcome } from './send-customer-letter.ts';

export interface DunningRunDeps {
  /** The ERP through one browser context: the export (or the list), and the first lane of statement re-reads. */
  source: ReceivablesSource;
  /**
   * Lends another context on the same ERP for as long as `work` runs, so that up to `concurrency`
   * customers are re-read and written to at once. Without it customers go one after another on `source`.
   */
  withExtraSource?: (work: (source: ReceivablesSource) => Promise<void>) => Promise<void>;
  /** Customers worked on at once (statement re-read, then letter); default 1. */
  concurrency?: number;
  ledger: DunningLedger;
  outbox: Outbox;
  /** SMTP, authenticated as the dunning mailbox (policy.fromAddress). */
  transport: Transporter;
  /** Looks a Message-ID up among the copies the dunning mailbox keeps of its letters. */
  deliveredAlready: (messageId: string) => Promise<boolean>;
  /** The Message-IDs among those copies that contain `fragment`: one search for a whole run's letters. */
  deliveredMatching: (fragment: string) => Promise<Set<string>>;
  policy: DunningPolicy;
  isWorkingDay: (date: string) => boolean;
  audit: (event: Omit<AuditEvent, 'at'>) => Promise<void>;
  log: Logger;
}

export interface DunningRunResult {
  runDate: string;
  dryRun: boolean;
  workingDay: boolean;
  /** How the invoices were read: the ERP's export, or paging through the list after the export failed. */
  readVia: 'export' | 'list' | 'none';
  downloadMs: number;
  invoiceCount: number;
  letters: LetterSent[];
  exceptions: DunningException[];
  /** Only in memory, for the finance report of the same run. */
  invoices: Receivable[];
}

const BOT = 'dunning-bot';

/**
 * One dunning run for a date: read the receivables, decide who gets a letter, re-read each customer's
 * open invoices right before their letter, send it once, and record each (invoice, stage) only after the
 * SMTP server accepted it. A dry run reads and decides, and sends and records nothing.
 */
export async function runDunning(deps: DunningRunDeps, options: { runDate: string; dryRun: boolean }): Promise<DunningRunResult> {
  const { runDate, dryRun } = options;
  const result: DunningRunResult = { runDate, dryRun, workingDay: deps.isWorkingDay(runDate), readVia: 'none', downloadMs: 0, invoiceCount: 0, letters: [], exceptions: [], invoices: [] };
  if (!result.workingDay) return result;

  const last = await deps.ledger.lastRunDate();
  if (last && runDate < last) {
    throw new OrderDeskError('dunning_date_before_last_run', `refused: a run for ${runDate} is earlier than the last run (${last})`, { business: true });
  }
  const release = dryRun ? async () => undefined : await deps.ledger.acquireRunLock();
  try {
    const started = performance.now();
    try {
      result.invoices = await deps.source.exportedInvoices();
      result.readVia = 'export';
    } catch (error) {
      deps.log.warn({ err: (error as Error).message }, 'receivables export failed; paging through the invoice list instead');
      result.invoices = await deps.source.listInvoices();
      result.readVia = 'list';
    }
    result.downloadMs = performance.now() - started;
    result.invoiceCount = result.invoices.length;

    const sent = await deps.ledger.sentPairs();
    const lastLetters = await deps.ledger.lastLetterDates();
    const plan = planLetters({
      invoices: result.invoices,
      policy: deps.policy,
      runDate,
      alreadySent: (invoiceNo, stage) => sent.has(sentKey(invoiceNo, stage)),
      lastLetterDate: (customerId) => lastLetters.get(customerId),
    });
    for (const skip of plan.skipped) {
      if (skip.reason === 'disputed' || skip.reason === 'promised_to_pay') {
        result.exceptions.push({ kind: skip.reason, customerId: skip.invoice.customerId, invoiceNo: skip.invoice.invoiceNo, detail: skip.reason === 'promised_to_pay' ? `promised by ${skip.invoice.promisedToPay}` : 'disputed by the customer' });
      }
    }
    for (const handover of plan.handovers) {
      result.exceptions.push({ kind: 'handed_to_collections', customerId: handover.invoice.customerId, invoiceNo: handover.invoice.invoiceNo, detail: `${handover.invoice.daysOverdue} days overdue` });
    }
    if (!dryRun && plan.handovers.length > 0) {
      // Internal only, no letter: recorded in one write, their audit events sent together (one pipeline).
      await deps.ledger.recordHandovers(plan.handovers.map((h) => sentKey(h.invoice.invoiceNo, h.stage.name)), { letterId: 'collections', sentAt: new Date().toISOString(), runDate });
      await Promise.all(plan.handovers.map((h) => deps.audit({ actor: BOT, action: 'dunning-handed-to-collections', detail: { invoiceNo: h.invoice.invoiceNo, customerId: h.invoice.customerId } })));
    }

    // Each customer's statement is re-read right before their letter; several customers are worked on at
    // once, each on a browser context of its own. Results are kept in plan order, whatever finishes first.
    // A letter's Message-ID is <dunning-<customer>-<date>@...>: one search finds all of today's copies.
    const copiesAtStart = dryRun || plan.letters.length === 0 ? new Set<string>() : await deps.deliveredMatching(`-${runDate}@`);
    const outcomes: CustomerLetterOutcome[] = [];
    const lanes: Lane<ReceivablesSource>[] = [(worker) => worker(deps.source)];
    const extra = deps.withExtraSource;
    if (extra) for (let n = 1; n < (deps.concurrency ?? 1); n++) lanes.push((worker) => extra(worker));
    await inLanes(plan.letters, lanes, async (letter, index, source) => {
      outcomes[index] = await sendCustomerLetter(deps, { letter, source, runDate, dryRun, copiesAtStart });
    });
    for (const outcome of outcomes) {
      result.exceptions.push(...outcome.exceptions);
      if (outcome.letter) result.letters.push(outcome.letter);
    }
    if (!dryRun) {
      await deps.ledger.recordRun(runDate, { letters: result.letters, exceptions: result.exceptions, readVia: result.readVia, invoiceCount: result.invoiceCount });
    }
  } finally {
    await release();
  }
  return result;
}
