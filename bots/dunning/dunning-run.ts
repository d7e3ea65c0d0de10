import type { Transporter } from 'nodemailer';
import type { DunningPolicy } from '../../config/dunning-policy-schema.ts';
import type { DunningLedger } from '../../core/ledger/dunning-ledger.ts';
import type { AuditEvent } from '../../core/ledger/order-ledger.ts';
import type { Logger } from '../../core/logging/logger.ts';
import type { Outbox } from '../../core/mail/outbox.ts';
import { OrderDeskError } from '../../core/errors/orderdesk-error.ts';
import { buildDunningLetter } from './dunning-letter.ts';
import type { DunningException, LetterSent } from './finance-report.ts';
import { planLetters, sentKey, type DunningItem } from './plan-letters.ts';
import { readReceivablesExport } from './receivables-export.ts';
import { isOutstanding, type Receivable, type ReceivablesSource } from './receivables.ts';

export interface DunningRunDeps {
  source: ReceivablesSource;
  ledger: DunningLedger;
  outbox: Outbox;
  /** SMTP, authenticated as the dunning mailbox (policy.fromAddress). */
  transport: Transporter;
  /** Looks a Message-ID up among the copies the dunning mailbox keeps of its letters. */
  deliveredAlready: (messageId: string) => Promise<boolean>;
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

function isPermanentSmtpRefusal(error: unknown): boolean {
  const code = (error as { responseCode?: number }).responseCode;
  return code !== undefined && code >= 500;
}

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
      result.invoices = await readReceivablesExport(await deps.source.downloadExport());
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
      if (!dryRun) {
        await deps.ledger.recordHandover(sentKey(handover.invoice.invoiceNo, handover.stage.name), { letterId: 'collections', sentAt: new Date().toISOString(), runDate });
        await deps.audit({ actor: BOT, action: 'dunning-handed-to-collections', detail: { invoiceNo: handover.invoice.invoiceNo, customerId: handover.invoice.customerId } });
      }
    }

    for (const letter of plan.letters) {
      // Right before the letter: what does the customer owe now? Paid, disputed or promised meanwhile drops out.
      const now = await deps.source.statementOf(letter.customerId);
      const stillDue: DunningItem[] = [];
      for (const item of letter.items) {
        const current = now.open.find((i) => i.invoiceNo === item.invoice.invoiceNo);
        if (!current || !isOutstanding(current)) {
          result.exceptions.push({ kind: 'paid_meanwhile', customerId: letter.customerId, invoiceNo: item.invoice.invoiceNo, detail: 'no longer open when the letter was due' });
        } else if (current.disputed) {
          result.exceptions.push({ kind: 'disputed', customerId: letter.customerId, invoiceNo: item.invoice.invoiceNo, detail: 'disputed meanwhile' });
        } else if (current.promisedToPay && current.promisedToPay >= runDate) {
          result.exceptions.push({ kind: 'promised_to_pay', customerId: letter.customerId, invoiceNo: item.invoice.invoiceNo, detail: `promised by ${current.promisedToPay}` });
        } else {
          stillDue.push({ invoice: { ...item.invoice, ...current }, stage: item.stage });
        }
      }
      if (stillDue.length === 0) continue;
      const email = now.contact.email;
      if (!email) {
        result.exceptions.push({ kind: 'no_email', customerId: letter.customerId, detail: `${stillDue.length} invoice(s) due a letter, no e-mail address on file` });
        continue;
      }
      let copyTo: string[] = [];
      if (stillDue.some((i) => i.stage.copyAccountManager)) {
        const manager = await deps.source.accountManagerOf(letter.customerId);
        const address = (manager && deps.policy.accountManagers[manager]) ?? deps.policy.accountManagers.default;
        copyTo = address ? [address] : [];
      }
      const mail = buildDunningLetter({ runDate, from: deps.policy.fromAddress, contact: { ...now.contact, email }, items: stillDue, copyTo, keepCopyIn: deps.policy.fromAddress });
      const summary: LetterSent = {
        customerId: letter.customerId,
        customerName: now.contact.name || letter.customerName,
        email,
        language: now.contact.language,
        invoices: stillDue.map((i) => ({ invoiceNo: i.invoice.invoiceNo, stage: i.stage.name })),
      };
      if (dryRun) {
        result.letters.push(summary);
        continue;
      }
      await deps.outbox.stage(mail);
      try {
        await deps.outbox.send(mail.id, deps.transport, { deliveredAlready: deps.deliveredAlready });
      } catch (error) {
        if (!isPermanentSmtpRefusal(error)) throw error; // retried by the queue; recorded pairs are skipped then
        result.exceptions.push({ kind: 'bounced', customerId: letter.customerId, detail: `${email}: ${(error as Error).message.split('\n')[0]}` });
        await deps.audit({ actor: BOT, action: 'dunning-letter-bounced', reason: (error as Error).message, detail: { customerId: letter.customerId, letterId: mail.id } });
        continue;
      }
      await deps.ledger.recordLetterSent(letter.customerId, summary.invoices.map((i) => sentKey(i.invoiceNo, i.stage)), { letterId: mail.id, sentAt: new Date().toISOString(), runDate });
      await deps.audit({ actor: BOT, action: 'dunning-letter-sent', detail: { customerId: letter.customerId, letterId: mail.id, invoices: summary.invoices } });
      result.letters.push(summary);
    }
    if (!dryRun) {
      await deps.ledger.recordRun(runDate, { letters: result.letters, exceptions: result.exceptions, readVia: result.readVia, invoiceCount: result.invoiceCount });
    }
  } finally {
    await release();
  }
  return result;
}
