import { APPROVAL_ACTIONS } from './approval-actions.ts';
import type { ApprovalContext } from './approval-context.ts';
import type { ApprovalRecord } from './approval-record.ts';
import { tokenRef } from './approval-tokens.ts';
import type { IncomingReply } from './incoming-reply.ts';
import { buildLateReply, buildOnBehalfNotice, buildSecurityAlert, buildUnreadableReply } from './notice-mails.ts';
import { orderHint } from './reply-locator.ts';
import { APPROVAL_REPLY_FOLDERS } from './reply-folders.ts';
import type { ReplyVerdict } from './reply-verdict.ts';

/** An approver (or their auto-responder) gets at most this many "could not read" answers per token: no mail loops. */
const MAX_UNREADABLE_ANSWERS_PER_TOKEN = 3;
const UNREADABLE_COUNT_TTL_SECONDS = 30 * 24 * 3600;

/**
 * What follows from a reply that changes nothing: the polite "could not read", the "already decided",
 * and the refusal (a security event, with ops told). Each is audited on the order's trail.
 */
export class ReplyAnswers {
  constructor(private readonly context: ApprovalContext) {}

  /** An auto-responder's reply: on the trail (so nobody wonders where it went), never answered. */
  async ignored(reply: IncomingReply, marker: string, orderId: string | undefined): Promise<void> {
    await this.context.ledger.audit({
      actor: reply.from.join(', ') || '(unknown sender)',
      action: APPROVAL_ACTIONS.replyAutomatic,
      ...(orderId ? { orderId } : {}),
      detail: { messageId: reply.messageId, replyId: reply.replyId, marker },
    });
  }

  async unreadable(reply: IncomingReply, token: string, approval: ApprovalRecord): Promise<void> {
    const { options } = this.context;
    const from = reply.from[0] ?? '';
    const countKey = `${options.prefix}:approval-unreadable:${tokenRef(token)}`;
    const answers = await options.redis.incr(countKey);
    await options.redis.expire(countKey, UNREADABLE_COUNT_TTL_SECONDS);
    const answered = answers <= MAX_UNREADABLE_ANSWERS_PER_TOKEN;
    await this.context.ledger.audit({
      actor: from,
      action: APPROVAL_ACTIONS.replyUnreadable,
      orderId: approval.orderId,
      detail: { messageId: reply.messageId, replyId: reply.replyId, answered, firstLines: reply.text.split('\n').slice(0, 3).join(' / ').slice(0, 200) },
    });
    if (!answered) return;
    const replyTo = reply.recipients.find((r) => r.includes(`+apv-${token}@`)) ?? reply.recipients[0] ?? this.context.sharedMailbox;
    await this.context.send(
      buildUnreadableReply({ replyId: reply.replyId, messageId: reply.messageId, subject: reply.subject, to: from, from: this.context.sharedMailbox, replyTo, externalRef: approval.externalRef }),
    );
  }

  async late(reply: IncomingReply, from: string, verdict: Extract<ReplyVerdict, { kind: 'late' }>, approval: ApprovalRecord | undefined, orderId: string): Promise<void> {
    await this.context.ledger.audit({
      actor: from,
      action: APPROVAL_ACTIONS.replyLate,
      orderId,
      detail: { messageId: reply.messageId, replyId: reply.replyId, situation: verdict.situation, decidedBy: verdict.decidedBy, decidedAt: verdict.decidedAt },
    });
    await this.context.send(
      buildLateReply({
        replyId: reply.replyId,
        messageId: reply.messageId,
        subject: reply.subject,
        to: from,
        from: this.context.sharedMailbox,
        externalRef: approval?.externalRef ?? '',
        situation: verdict.situation,
        decidedBy: verdict.decidedBy,
        decidedAt: verdict.decidedAt,
        timeZone: this.context.timeZone,
      }),
    );
  }

  /** Nothing changes; the attempt is a security event on the order's trail (if we can tell which) and ops are told. Returns the order it filed it under. */
  async refused(reply: IncomingReply, verdict: Extract<ReplyVerdict, { kind: 'refused' }>, approval: ApprovalRecord | undefined, token: string | undefined, evidence: string | undefined): Promise<string | undefined> {
    const { ledger } = this.context;
    const hint = orderHint(reply.references, reply.subject);
    const orderId = approval?.orderId ?? hint.orderId ?? (hint.externalRef ? await ledger.findByReference(hint.externalRef) : undefined);
    const order = orderId ? await ledger.get(orderId) : undefined;
    const sender = reply.from.join(', ');
    await ledger.audit({
      actor: sender || '(unknown sender)',
      action: APPROVAL_ACTIONS.replyRefused,
      security: true,
      reason: verdict.explanation,
      ...(order ? { orderId: order.id } : {}),
      detail: { refusal: verdict.reason, messageId: reply.messageId, replyId: reply.replyId, subject: reply.subject, ...(token ? { tokenRef: tokenRef(token) } : {}), ...(evidence ? { authenticationResults: evidence } : {}) },
    });
    await this.context.send(
      buildSecurityAlert({
        replyId: reply.replyId,
        from: this.context.sharedMailbox,
        to: this.context.options.mail.opsAddress,
        reason: verdict.reason,
        explanation: verdict.explanation,
        sender,
        messageId: reply.messageId,
        subject: reply.subject,
        ...(order ? { externalRef: order.externalRef } : {}),
        ...(token ? { tokenRef: tokenRef(token) } : {}),
        ...(evidence ? { evidence } : {}),
        folder: APPROVAL_REPLY_FOLDERS.security,
      }),
    );
    // The approver whose name was used hears of it, and can still answer themselves with the same token.
    const approver = reply.from[0];
    if (verdict.reason === 'on-behalf' && approver) {
      const senders = reply.sender.filter((a) => a !== approver).join(', ');
      const context = { replyId: reply.replyId, messageId: reply.messageId, subject: reply.subject, to: approver, from: this.context.sharedMailbox };
      await this.context.send(buildOnBehalfNotice({ ...context, sender: senders, externalRef: order?.externalRef ?? '' }));
    }
    return order?.id;
  }
}
