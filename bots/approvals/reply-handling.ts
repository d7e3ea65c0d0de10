import { APPROVAL_ACTIONS } from './approval-actions.ts';
import type { ApprovalContext } from './approval-context.ts';
import { applyDecision, type ApprovalRecord, type DecisionEffect, type SlotDecision } from './approval-record.ts';
import type { IncomingReply } from './incoming-reply.ts';
import type { LevelRequests, NextStep } from './level-requests.ts';
import type { ReplyFolder } from './reply-folders.ts';
import { ReplyAnswers } from './reply-answers.ts';
import { readDecision } from './reply-parsing.ts';
import { replyToken } from './reply-locator.ts';
import { judgeReply, type ReplyFacts, type ReplyVerdict } from './reply-verdict.ts';
import { checkSenderAuthentication } from './sender-authentication.ts';
import { excludedPeople } from './four-eyes.ts';
import { tokenRef } from './approval-tokens.ts';

/** Reply outcomes are kept this long: a re-run after a crash only has to move the message. */
const REPLY_OUTCOME_TTL_SECONDS = 30 * 24 * 3600;

export interface ReplyOutcome {
  verdict: ReplyVerdict['kind'];
  reason?: string;
  orderId?: string;
  folder: ReplyFolder;
  next: NextStep;
}

/**
 * Judges approval replies and does what follows: a counted decision moves the approval (by
 * compare-and-set, atomically with using the token), anything else is answered or refused.
 */
export class ReplyHandling {
  private readonly answers: ReplyAnswers;

  constructor(
    private readonly context: ApprovalContext,
    private readonly requests: LevelRequests,
  ) {
    this.answers = new ReplyAnswers(context);
  }

  private outcomeKey(replyId: string): string {
    return `${this.context.options.prefix}:approval-reply:${replyId}`;
  }

  /** The reply's outcome, once recorded: a re-run of its job then only files the message. */
  async replyOutcome(replyId: string): Promise<ReplyOutcome | undefined> {
    const raw = await this.context.options.redis.get(this.outcomeKey(replyId));
    return raw ? (JSON.parse(raw) as ReplyOutcome) : undefined;
  }

  async recordReplyOutcome(replyId: string, outcome: ReplyOutcome): Promise<void> {
    await this.context.options.redis.set(this.outcomeKey(replyId), JSON.stringify(outcome), 'EX', REPLY_OUTCOME_TTL_SECONDS);
  }

  /** Judges one reply and does what follows from it; the caller records the outcome, then files the message. */
  async handleReply(reply: IncomingReply): Promise<ReplyOutcome> {
    const { options, store, tokens } = this.context;
    const token = replyToken(reply.recipients, reply.tokenHeader);
    const authentication = checkSenderAuthentication(reply.authenticationResults, reply.from, options.security.trustedAuthservId, options.security.requireDmarcPass);
    const from = reply.from.length === 1 ? (reply.from[0] ?? '') : '';
    const sender = reply.sender.filter((address) => address !== from).join(', ');
    const decision = readDecision(reply.text, options.keywords);
    const facts = async (): Promise<ReplyFacts> => {
      const tokenRecord = token ? await tokens.find(token) : undefined;
      const approval = tokenRecord ? await store.get(tokenRecord.orderId) : undefined;
      const order = tokenRecord && approval ? await this.context.order(tokenRecord.orderId) : undefined;
      const place = tokenRecord ? { level: tokenRecord.level, slot: tokenRecord.slot } : undefined;
      const excluded = order ? excludedPeople(options.directory, { submitter: order.source.submitter, salesRep: order.order.salesRep, record: approval, ...(place ? { place } : {}) }) : [];
      return {
        replyId: reply.replyId,
        messageId: reply.messageId,
        from,
        sender,
        ...(reply.automatic ? { automatic: reply.automatic } : {}),
        excluded,
        authentication,
        token,
        tokenRecord,
        approval,
        decision,
        now: this.context.now(),
      };
    };

    let current = await facts();
    let verdict = await this.unlessClosed(judgeReply(current), current.tokenRecord?.orderId);
    let effect: DecisionEffect | undefined;
    if (verdict.kind === 'accept' && !verdict.resumed && current.tokenRecord && token) {
      const tokenKey = tokens.keyOf(token);
      const saved = await store.update(current.tokenRecord.orderId, (record) => {
        const fresh = judgeReply({ ...current, approval: record });
        if (fresh.kind !== 'accept' || fresh.resumed || !record) return undefined;
        const applied = applyDecision(record, fresh.level - 1, fresh.slot, fresh.decision);
        return {
          record: applied.record,
          nextChaseAt: this.context.nextChaseAt(applied.record),
          tokenUse: { key: tokenKey, at: fresh.decision.at, by: fresh.decision.by, replyId: reply.replyId },
          result: applied.effect,
        };
      });
      if (saved.saved) effect = saved.result;
      else {
        // Someone else changed the approval or used the token first: judge again on what is there now.
        current = await facts();
        verdict = await this.unlessClosed(judgeReply(current), current.tokenRecord?.orderId);
      }
    }

    const orderId = current.tokenRecord?.orderId;
    switch (verdict.kind) {
      case 'ignored':
        await this.answers.ignored(reply, verdict.marker, orderId);
        return { verdict: 'ignored', ...(orderId ? { orderId } : {}), folder: 'processed', next: { kind: 'none' } };
      case 'accept': {
        const record = (await store.get(orderId as string)) as ApprovalRecord;
        // The evidence compliance asks for beside the decision: which token, and what the firm's server said of the sender.
        const evidence = { ...(token ? { tokenRef: tokenRef(token) } : {}), ...(authentication.evidence ? { authenticationResults: authentication.evidence } : {}) };
        await this.recordDecision(record, verdict.level, verdict.slot, verdict.decision, effect, evidence);
        return { verdict: 'accept', orderId: record.orderId, folder: 'processed', next: await this.requests.followUp(record.orderId) };
      }
      case 'unreadable':
        await this.answers.unreadable(reply, token as string, current.approval as ApprovalRecord);
        return { verdict: 'unreadable', orderId: orderId as string, folder: 'processed', next: { kind: 'none' } };
      case 'late':
        await this.answers.late(reply, from, verdict, current.approval, orderId as string);
        return { verdict: 'late', orderId: orderId as string, folder: 'processed', next: { kind: 'none' } };
      case 'refused': {
        const filedUnder = await this.answers.refused(reply, verdict, current.approval, token, authentication.evidence);
        return { verdict: 'refused', reason: verdict.reason, ...(filedUnder ? { orderId: filedUnder } : {}), folder: 'security', next: { kind: 'none' } };
      }
    }
  }

  /**
   * A decision for an order a person already closed on the dashboard (resolved, say) is late, not
   * accepted: the approval must never override them.
   */
  private async unlessClosed(verdict: ReplyVerdict, orderId: string | undefined): Promise<ReplyVerdict> {
    if (verdict.kind !== 'accept' || verdict.resumed || !orderId) return verdict;
    const order = await this.context.ledger.get(orderId);
    if (!order || order.status === 'awaiting_approval') return verdict;
    return { kind: 'late', situation: 'decided', decidedBy: `OrderDesk (order ${order.status})`, decidedAt: order.updatedAt };
  }

  /** The decision's audit event (with who, when, comment and Message-ID) and the order status it implies. */
  private async recordDecision(record: ApprovalRecord, level: number, slotKey: string, decision: SlotDecision, effect: DecisionEffect | undefined, evidence: Record<string, string>): Promise<void> {
    const { ledger } = this.context;
    const levelEntry = record.levels[level - 1];
    const detail = { level, role: levelEntry?.role ?? '', decision: decision.decision, comment: decision.comment, messageId: decision.messageId, replyId: decision.replyId, at: decision.at, slot: slotKey, ...evidence };
    await this.context.auditOnce(record.orderId, APPROVAL_ACTIONS.decision, { replyId: decision.replyId }, async () => {
      const event = { actor: decision.by, action: APPROVAL_ACTIONS.decision, reason: decision.comment, detail };
      // A re-run (effect unknown) derives it from the record, which already holds the decision.
      const implied = effect ?? (record.outcome === 'approved' ? 'order-approved' : record.outcome === 'rejected' ? 'order-rejected' : levelEntry?.outcome === 'approved' ? 'level-approved' : 'recorded');
      if (implied === 'order-approved') await ledger.setStatus(record.orderId, 'approved', event);
      else if (implied === 'order-rejected') await ledger.setStatus(record.orderId, 'rejected', event, { statusNote: decision.comment });
      else if (implied === 'level-approved') {
        const next = record.levels[record.current];
        await ledger.setStatus(record.orderId, 'awaiting_approval', event, { statusNote: `approval level ${record.current + 1} of ${record.levels.length}: ${next?.role ?? ''}` });
      } else await ledger.audit({ ...event, orderId: record.orderId });
    });
  }
}
