import { messageIdFor } from '../../core/mail/outgoing-mail.ts';
import type { CanonicalOrder } from '../intake/canonical-order.ts';
import type { ApprovalContext } from './approval-context.ts';
import { APPROVAL_TOKEN_MAIL_HEADER, buildDecisionMail } from './approval-mails.ts';
import type { ApprovalRecord, ApprovalSlot } from './approval-record.ts';

/** The kinds of mail that solicit a decision, as their ids name them. */
export type DecisionMailKind = 'request' | 'resend' | 'reminder' | 'escalation';

/**
 * `approval-<kind>-<order>-L<level>-<slot>[-<suffix>]`: a business key, so a re-run or a second scheduler
 * never sends the same mail twice (a re-send's suffix is the demand's id, a reminder's its step).
 */
export function decisionMailId(kind: DecisionMailKind, orderId: string, levelNo: number, slotKey: string, suffix?: string | number): string {
  return `approval-${kind}-${orderId}-L${levelNo}-${slotKey}${suffix === undefined ? '' : `-${suffix}`}`;
}

/** One mail that asks one approver's slot for a decision: what differs between a request, a re-send, a reminder and an escalation. */
export interface DecisionAsk {
  kind: DecisionMailKind;
  /** Re-send: the demand's id; reminder: its step. */
  suffix?: string | number;
  order: Partial<CanonicalOrder>;
  record: ApprovalRecord;
  levelIndex: number;
  slot: ApprovalSlot;
  /** Default: the slot's `sendTo`. */
  to?: string;
  cc?: string[];
  /** Who may answer with this mail's token; default: the slot's `allowed`. */
  allowed?: string[];
  /** Reminder number (1..maxReminders). */
  step?: number;
}

/**
 * Builds and sends every mail that solicits a decision, each with a fresh single-use token. If the mail
 * was staged before (a re-run, another scheduler), only its sending is queued again; if another run
 * staged it in the meantime, our token never went out and is withdrawn.
 */
export class DecisionMailSender {
  constructor(private readonly context: ApprovalContext) {}

  /** Sends the mail; returns its id and whether this call staged it (only then is it audited). */
  async send(ask: DecisionAsk): Promise<{ mailId: string; fresh: boolean }> {
    const { options, tokens } = this.context;
    const { record, levelIndex, slot } = ask;
    const levelNo = levelIndex + 1;
    const mailId = decisionMailId(ask.kind, record.orderId, levelNo, slot.key, ask.suffix);
    if (await options.outbox.staged(mailId)) {
      await options.queueMail(mailId);
      return { mailId, fresh: false };
    }
    const purpose = ask.kind === 'resend' ? 'request' : ask.kind;
    const expiresAt = record.levels[levelIndex]?.deadline ?? '';
    const token = await tokens.issue({ orderId: record.orderId, level: levelNo, slot: slot.key, purpose, allowed: ask.allowed ?? slot.allowed, expiresAt, mailId }, this.context.now());
    // Everything after the level's first request threads under it in the approver's mailbox.
    const inReplyTo = ask.kind === 'request' ? undefined : messageIdFor(decisionMailId('request', record.orderId, levelNo, slot.key), options.mail.firmDomain);
    const mail = buildDecisionMail({
      purpose,
      mailId,
      from: this.context.sharedMailbox,
      to: ask.to ?? slot.sendTo,
      ...(ask.cc ? { cc: ask.cc } : {}),
      token,
      order: ask.order,
      record,
      levelIndex,
      slot,
      ...(ask.step === undefined ? {} : { step: ask.step }),
      maxReminders: options.policy.maxReminders,
      timeZone: this.context.timeZone,
      ...(inReplyTo ? { inReplyTo } : {}),
    });
    await options.outbox.stage(mail);
    const ours = (await options.outbox.staged(mailId))?.headers?.[APPROVAL_TOKEN_MAIL_HEADER] === token;
    if (!ours) await tokens.revoke(token);
    await options.queueMail(mailId);
    return { mailId, fresh: ours };
  }
}
