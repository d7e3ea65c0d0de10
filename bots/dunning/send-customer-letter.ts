import type { Transporter } from 'nodemailer';
import type { DunningPolicy } from '../../config/dunning-policy-schema.ts';
import type { DunningLedger } from '../../core/ledger/dunning-ledger.ts';
import type { AuditEvent } from '../../core/ledger/order-ledger.ts';
import type { Outbox } from '../../core/mail/outbox.ts';
import { buildDunningLetter } from './dunning-letter.ts';
import type { DunningException, LetterSent } from './finance-report.ts';
import { sentKey, type DunningItem, type PlannedLetter } from './plan-letters.ts';
import { isOutstanding } from '../../selectors/contract/receivable.ts';
import type { ReceivablesSource } from '../../selectors/contract/receivables-source.ts';

const BOT = 'dunning-bot';

export interface CustomerLetterDeps {
  ledger: DunningLedger;
  outbox: Outbox;
  transport: Transporter;
  /** Whether a letter's Message-ID is among the dunning mailbox's copies (asked only when a copy may exist). */
  deliveredAlready: (messageId: string) => Promise<boolean>;
  policy: DunningPolicy;
  audit: (event: Omit<AuditEvent, 'at'>) => Promise<void>;
}

export interface CustomerLetterOutcome {
  /** The letter the SMTP server accepted (or, in a dry run, would be sent); none when nothing is due now. */
  letter?: LetterSent;
  exceptions: DunningException[];
}

function isPermanentSmtpRefusal(error: unknown): boolean {
  const code = (error as { responseCode?: number }).responseCode;
  return code !== undefined && code >= 500;
}

/** Whether final notices need the customer screen: only when the policy copies some manager other than the default. */
export function policyNamesAccountManagers(policy: Pick<DunningPolicy, 'accountManagers'>): boolean {
  return Object.keys(policy.accountManagers).some((name) => name !== 'default');
}

/**
 * One customer's letter: re-read their statement right before it (paid, disputed or promised meanwhile
 * drops out), send it once, and record each (invoice, stage) only after the SMTP server accepted it.
 * `copiesAtStart` are the Message-IDs the copy folder held when the run began.
 */
export async function sendCustomerLetter(
  deps: CustomerLetterDeps,
  input: { letter: PlannedLetter; source: ReceivablesSource; runDate: string; dryRun: boolean; copiesAtStart: ReadonlySet<string> },
): Promise<CustomerLetterOutcome> {
  const { letter, source, runDate, dryRun } = input;
  const exceptions: DunningException[] = [];
  const now = await source.statementOf(letter.customerId);
  const stillDue: DunningItem[] = [];
  for (const item of letter.items) {
    const current = now.open.find((i) => i.invoiceNo === item.invoice.invoiceNo);
    if (!current || !isOutstanding(current)) {
      exceptions.push({ kind: 'paid_meanwhile', customerId: letter.customerId, invoiceNo: item.invoice.invoiceNo, detail: 'no longer open when the letter was due' });
    } else if (current.disputed) {
      exceptions.push({ kind: 'disputed', customerId: letter.customerId, invoiceNo: item.invoice.invoiceNo, detail: 'disputed meanwhile' });
    } else if (current.promisedToPay && current.promisedToPay >= runDate) {
      exceptions.push({ kind: 'promised_to_pay', customerId: letter.customerId, invoiceNo: item.invoice.invoiceNo, detail: `promised by ${current.promisedToPay}` });
    } else {
      stillDue.push({ invoice: { ...item.invoice, ...current }, stage: item.stage });
    }
  }
  if (stillDue.length === 0) return { exceptions };
  const email = now.contact.email;
  if (!email) {
    exceptions.push({ kind: 'no_email', customerId: letter.customerId, detail: `${stillDue.length} invoice(s) due a letter, no e-mail address on file` });
    return { exceptions };
  }
  let copyTo: string[] = [];
  if (stillDue.some((i) => i.stage.copyAccountManager)) {
    // Only a policy that names managers needs the customer screen; otherwise every copy goes to the default.
    const manager = policyNamesAccountManagers(deps.policy) ? await source.accountManagerOf(letter.customerId) : undefined;
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
  if (dryRun) return { letter: summary, exceptions };

  // A letter never staged before was never handed to the SMTP server, so no copy of it can exist; one
  // staged by an earlier (crashed) attempt may have gone out, and is looked up again right before sending.
  const stagedBefore = (await deps.outbox.status(mail.id)) !== undefined;
  await deps.outbox.stage(mail);
  try {
    await deps.outbox.send(mail.id, deps.transport, {
      deliveredAlready: async (messageId) => input.copiesAtStart.has(messageId) || (stagedBefore && (await deps.deliveredAlready(messageId))),
    });
  } catch (error) {
    if (!isPermanentSmtpRefusal(error)) throw error; // retried by the queue; recorded pairs are skipped then
    exceptions.push({ kind: 'bounced', customerId: letter.customerId, detail: `${email}: ${(error as Error).message.split('\n')[0]}` });
    await deps.audit({ actor: BOT, action: 'dunning-letter-bounced', reason: (error as Error).message, detail: { customerId: letter.customerId, letterId: mail.id } });
    return { exceptions };
  }
  await deps.ledger.recordLetterSent(letter.customerId, summary.invoices.map((i) => sentKey(i.invoiceNo, i.stage)), { letterId: mail.id, sentAt: new Date().toISOString(), runDate });
  await deps.audit({ actor: BOT, action: 'dunning-letter-sent', detail: { customerId: letter.customerId, letterId: mail.id, invoices: summary.invoices } });
  return { letter: summary, exceptions };
}
