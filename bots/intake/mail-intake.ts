import type { AuditEvent, OrderLedger } from '../../core/ledger/order-ledger.ts';
import type { SubmissionRecord } from '../../core/ledger/submission-log.ts';
import type { OutgoingMail } from '../../core/mail/outgoing-mail.ts';
import { handleSubmission } from './handle-submission.ts';
import type { IntakeLimits } from './intake-limits.ts';
import { buildReceipt } from './receipt.ts';
import type { SubmittedMail } from './submitted-mail.ts';
import { triageMail } from './triage.ts';

export const INTAKE_BOT = 'intake-bot';

export interface MailIntakeDeps {
  ledger: OrderLedger;
  allowedSenderDomains: string[];
  limits: Partial<IntakeLimits>;
  /** The shared mailbox receipts are sent from. */
  sharedMailbox: string;
  /**
   * Hands the recorded orders on to review (idempotent by order id). Called before the receipt is
   * built: a big sheet's result workbook takes seconds, and review need not wait for it.
   */
  queueForReview: (orderIds: string[]) => Promise<void>;
}

/** What one message came to. The caller hands an approval reply on and sends the receipt, then audits and records. */
export interface MailIntakeOutcome {
  kind: 'approval-reply' | 'unrecognized' | 'submission';
  receipt?: OutgoingMail;
  audit: Omit<AuditEvent, 'at'>;
  record: Omit<SubmissionRecord, 'id' | 'recordedAt'>;
}

/**
 * Intake of one message from the shared mailbox: triage, then, for a submission, every attachment read
 * and validated (orders recorded in the ledger, idempotent by order id), the orders queued for review
 * and the receipt built. Safe to repeat: a re-run records and queues the same orders and builds the
 * same receipt (its id is the submission's).
 */
export async function intakeMail(mail: SubmittedMail, submissionId: string, deps: MailIntakeDeps): Promise<MailIntakeOutcome> {
  const { from, reference } = mail;
  const base = { kind: 'mail' as const, reference, submitter: from, accepted: 0, rejected: 0 };
  const decision = triageMail(mail, deps.allowedSenderDomains);
  if (decision.kind === 'approval-reply') {
    // Handed to the approvals bot, which reads it, decides, records, and only then moves it out of INBOX.
    return {
      kind: 'approval-reply',
      audit: { actor: INTAKE_BOT, action: 'approval-reply-received', detail: { messageId: reference, from } },
      record: { ...base, outcome: 'approval-reply' },
    };
  }
  if (decision.kind === 'unrecognized') {
    return {
      kind: 'unrecognized',
      audit: { actor: INTAKE_BOT, action: 'mail-unrecognized', reason: decision.reason, detail: { messageId: reference, from, subject: mail.subject } },
      record: { ...base, outcome: 'unrecognized', refusalCode: 'unrecognized' },
    };
  }

  const result = await handleSubmission(mail.files, {
    ledger: deps.ledger,
    source: { kind: 'mail', reference, submitter: from },
    actor: INTAKE_BOT,
    readOptions: { limits: deps.limits },
  });
  await deps.queueForReview(result.acceptedOrderIds);
  const noSheet = result.sheets.length === 0;
  const refused = result.wholeSubmissionRefused;
  const receipt = await buildReceipt({
    submissionId,
    from: deps.sharedMailbox,
    to: from,
    original: { subject: mail.subject, ...(mail.messageId ? { messageId: mail.messageId } : {}), references: mail.references },
    sheets: result.sheets,
    noSheet,
  });
  return {
    kind: 'submission',
    receipt,
    audit: {
      actor: INTAKE_BOT,
      action: refused ? 'submission-refused' : 'submission-processed',
      detail: { messageId: reference, from, accepted: result.accepted, rejected: result.rejected, files: result.sheets.map((s) => ({ file: s.fileName, refusal: s.refusal?.code })) },
    },
    record: {
      ...base,
      outcome: refused ? 'refused' : 'processed',
      accepted: result.accepted,
      rejected: result.rejected,
      receiptMailId: receipt.id,
      ...(refused ? { refusalCode: result.sheets[0]?.refusal?.code ?? 'no_sheet' } : {}),
    },
  };
}
