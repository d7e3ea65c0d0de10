import type { Redis } from 'ioredis';
import type { WorkingCalendar } from '../../core/calendar/working-calendar.ts';
import type { AuditEvent, LedgerOrder, OrderLedger } from '../../core/ledger/order-ledger.ts';
import type { Outbox } from '../../core/mail/outbox.ts';
import { messageIdFor, type OutgoingMail } from '../../core/mail/outgoing-mail.ts';
import type { CanonicalOrder } from '../intake/canonical-order.ts';
import { APPROVAL_TOKEN_MAIL_HEADER, buildDecisionMail } from './approval-mails.ts';
import {
  advanceChase,
  applyDecision,
  currentLevel,
  expireApproval,
  newApprovalRecord,
  pendingSlots,
  startLevel,
  type ApprovalRecord,
  type ApprovalSlot,
  type DecisionEffect,
} from './approval-record.ts';
import { ApprovalStore } from './approval-store.ts';
import { ApprovalTokens, tokenRef, type TokenGrant } from './approval-tokens.ts';
import { assignApprovers, type ApproverDirectory } from './approver-directory.ts';
import { levelDeadline, nextChaseAt, planChase, type ChaseAction, type ChasePolicy } from './chasing.ts';
import { buildExpiryNotice, buildLateReply, buildRejectionNotice, buildSecurityAlert, buildUnreadableReply, type Submitter } from './notice-mails.ts';
import { readDecision } from './reply-parsing.ts';
import { orderHint, replyToken } from './reply-locator.ts';
import { judgeReply, type ReplyVerdict } from './reply-verdict.ts';
import { checkSenderAuthentication } from './sender-authentication.ts';

export const APPROVALS_BOT = 'approvals-bot';
/** An approver (or their auto-responder) gets at most this many "could not read" answers per token: no mail loops. */
const MAX_UNREADABLE_ANSWERS_PER_TOKEN = 3;
const UNREADABLE_COUNT_TTL_SECONDS = 30 * 24 * 3600;
/** Reply outcomes are kept this long: a re-run after a crash only has to move the message. */
const REPLY_OUTCOME_TTL_SECONDS = 30 * 24 * 3600;

export interface ApprovalDeskOptions {
  redis: Redis;
  prefix: string;
  ledger: OrderLedger;
  outbox: Outbox;
  directory: ApproverDirectory;
  calendar: WorkingCalendar;
  policy: ChasePolicy;
  mail: { sharedMailbox: string; opsAddress: string; firmDomain: string };
  security: { trustedAuthservId: string; requireDmarcPass: boolean };
  /** Queues a staged mail for sending (the outbox sends each id once). */
  queueMail: (mailId: string) => Promise<void>;
  now: () => Date;
}

/** What the approval says should happen next; the queue layer does it. */
export type NextStep = { kind: 'request-level'; level: number } | { kind: 'keying' } | { kind: 'none' };

/** An approval reply as read from the shared mailbox. */
export interface IncomingReply {
  /** The approvals job's id: one per message. */
  replyId: string;
  messageId: string;
  subject: string;
  /** From addresses, lower case. */
  from: string[];
  /** To, Cc, Delivered-To, X-Original-To, lower case. */
  recipients: string[];
  /** In-Reply-To then References. */
  references: string[];
  /** Authentication-Results values, topmost first. */
  authenticationResults: string[];
  tokenHeader?: string;
  text: string;
}

export type ReplyFolder = 'processed' | 'security';

export interface ReplyOutcome {
  verdict: ReplyVerdict['kind'];
  reason?: string;
  orderId?: string;
  folder: ReplyFolder;
  next: NextStep;
}

export interface ChaseReport {
  reminders: number;
  escalations: number;
  expired: boolean;
  next: NextStep;
}

function submitterOf(order: LedgerOrder<unknown>): Submitter | undefined {
  const address = (order.source.submitter ?? '').trim();
  if (!/^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$/.test(address)) return undefined;
  return { address, ...(order.source.kind === 'mail' && order.source.reference.startsWith('<') ? { messageId: order.source.reference } : {}) };
}

function unique(addresses: string[]): string[] {
  return [...new Set(addresses.map((a) => a.toLowerCase()))];
}

/**
 * The approvals bot: opens an order's approval, asks each level by e-mail, judges replies, chases
 * approvers, and records every step in the ledger. Every mail has a business-key id (so a re-run or a
 * second scheduler never sends it twice) and every change to an approval is a compare-and-set.
 */
export class ApprovalDesk {
  readonly store: ApprovalStore;
  readonly tokens: ApprovalTokens;

  constructor(private readonly options: ApprovalDeskOptions) {
    this.store = new ApprovalStore(options.redis, options.prefix);
    this.tokens = new ApprovalTokens(options.redis, options.prefix);
  }

  private get timeZone(): string {
    return this.options.calendar.timeZone;
  }

  private async send(mail: OutgoingMail): Promise<void> {
    await this.options.outbox.stage(mail);
    await this.options.queueMail(mail.id);
  }

  /** Writes an audit event unless this order's trail already has one for the same key (a re-run). */
  private async auditOnce(orderId: string, action: string, key: Record<string, string>, write: () => Promise<void>): Promise<void> {
    const trail = await this.options.ledger.auditTrail(orderId);
    const done = trail.some((e: AuditEvent) => e.action === action && Object.entries(key).every(([k, v]) => e.detail?.[k] === v));
    if (!done) await write();
  }

  /** Opens the approval chosen by routing; opening it again (a review re-run) keeps the first. */
  async open(input: Parameters<typeof newApprovalRecord>[0]): Promise<ApprovalRecord> {
    const outcome = await this.store.update(input.orderId, (existing) =>
      existing ? undefined : { record: newApprovalRecord(input), nextChaseAt: null, result: undefined },
    );
    return outcome.record ?? newApprovalRecord(input);
  }

  /**
   * A mail that solicits a decision carries its own fresh token. If the mail was staged before (a
   * re-run, another scheduler), only its sending is queued again; if another run staged it in the
   * meantime, our token never went out and is withdrawn. Returns whether this call staged it.
   */
  private async sendDecisionMail(mailId: string, grant: Omit<TokenGrant, 'mailId'>, build: (token: string) => OutgoingMail): Promise<boolean> {
    if (await this.options.outbox.staged(mailId)) {
      await this.options.queueMail(mailId);
      return false;
    }
    const token = await this.tokens.issue({ ...grant, mailId }, this.options.now());
    await this.options.outbox.stage(build(token));
    const ours = (await this.options.outbox.staged(mailId))?.headers?.[APPROVAL_TOKEN_MAIL_HEADER] === token;
    if (!ours) await this.tokens.revoke(token);
    await this.options.queueMail(mailId);
    return ours;
  }

  private requestMailId(orderId: string, level: number, slot: string): string {
    return `approval-request-${orderId}-L${level}-${slot}`;
  }

  /** Sends level `level` (1-based) its requests: fixes its approvers and clock the first time. */
  async requestLevel(orderId: string, level: number): Promise<'sent' | 'stale'> {
    const index = level - 1;
    const order = await this.options.ledger.get<CanonicalOrder>(orderId);
    let record = await this.store.get(orderId);
    if (!order || order.status !== 'awaiting_approval' || !record || currentLevel(record) === undefined || record.current !== index) return 'stale';
    if (!record.levels[index]?.requestedAt) {
      const now = this.options.now();
      const levelRule = record.levels[index];
      const assigned = assignApprovers(this.options.directory, order.order.branch ?? '', levelRule?.role ?? '', this.options.calendar.localDay(now), this.options.mail.opsAddress);
      const deadline = levelDeadline(now, this.options.calendar, this.options.policy);
      const saved = await this.store.update(orderId, (latest) => {
        if (!latest || latest.outcome || latest.current !== index || latest.levels[index]?.requestedAt) return undefined;
        const started = startLevel(latest, index, assigned, now, deadline);
        return { record: started, nextChaseAt: nextChaseAt(started, this.options.calendar, this.options.policy), result: undefined };
      });
      record = saved.record ?? record;
    }
    const started = record.levels[index];
    if (!started?.requestedAt || !started.deadline) return 'stale';
    for (const slot of started.slots) {
      const mailId = this.requestMailId(orderId, level, slot.key);
      const fresh = await this.sendDecisionMail(
        mailId,
        { orderId, level, slot: slot.key, purpose: 'request', allowed: slot.allowed, expiresAt: started.deadline },
        (token) =>
          buildDecisionMail({
            purpose: 'request',
            mailId,
            from: this.options.mail.sharedMailbox,
            to: slot.sendTo,
            token,
            order: order.order,
            record: record as ApprovalRecord,
            levelIndex: index,
            slot,
            maxReminders: this.options.policy.maxReminders,
            timeZone: this.timeZone,
          }),
      );
      if (fresh) {
        await this.options.ledger.audit({
          actor: APPROVALS_BOT,
          action: 'approval-requested',
          orderId,
          detail: { level, role: started.role, approver: slot.approver, sentTo: slot.sendTo, away: slot.away, mailId, deadline: started.deadline },
        });
      }
    }
    return 'sent';
  }

  /**
   * Sends the current level's pending approvers the request again, on a person's demand (the dashboard).
   * Each demand (`resendId`) is its own step: one fresh mail and token per approver, however often it runs.
   */
  async resendRequests(orderId: string, resendId: string): Promise<'sent' | 'stale'> {
    const record = await this.store.get(orderId);
    const level = record ? currentLevel(record) : undefined;
    if (!record || !level) return 'stale';
    if (!level.requestedAt || !level.deadline) return this.requestLevel(orderId, record.current + 1);
    const order = await this.options.ledger.get<CanonicalOrder>(orderId);
    if (!order) return 'stale';
    const levelNo = record.current + 1;
    for (const slot of pendingSlots(level)) {
      const mailId = `approval-resend-${orderId}-L${levelNo}-${slot.key}-${resendId}`;
      const fresh = await this.sendDecisionMail(mailId, { orderId, level: levelNo, slot: slot.key, purpose: 'request', allowed: slot.allowed, expiresAt: level.deadline }, (token) =>
        buildDecisionMail({
          purpose: 'request',
          mailId,
          from: this.options.mail.sharedMailbox,
          to: slot.sendTo,
          token,
          order: order.order,
          record,
          levelIndex: record.current,
          slot,
          maxReminders: this.options.policy.maxReminders,
          timeZone: this.timeZone,
          inReplyTo: messageIdFor(this.requestMailId(orderId, levelNo, slot.key), this.options.mail.firmDomain),
        }),
      );
      if (fresh) await this.options.ledger.audit({ actor: APPROVALS_BOT, action: 'approval-request-resent', orderId, detail: { level: levelNo, role: level.role, to: slot.sendTo, mailId } });
    }
    return 'sent';
  }

  /**
   * Makes the ledger follow the approval: final outcomes set the order's status (once) and tell the
   * submitter; an open chain whose current level has not been asked yet needs its request.
   */
  async followUp(orderId: string): Promise<NextStep> {
    const [record, order] = await Promise.all([this.store.get(orderId), this.options.ledger.get<CanonicalOrder>(orderId)]);
    if (!record || !order) return { kind: 'none' };
    const waiting = order.status === 'awaiting_approval';
    const submitter = submitterOf(order);
    const from = this.options.mail.sharedMailbox;
    switch (record.outcome) {
      case 'approved':
        if (waiting) await this.options.ledger.setStatus(orderId, 'approved', { actor: APPROVALS_BOT, action: 'approval:approved', reason: 'every approval level approved' });
        return order.status === 'approved' || waiting ? { kind: 'keying' } : { kind: 'none' };
      case 'rejected': {
        const level = record.levels.find((l) => l.outcome === 'rejected');
        const decision = level?.slots.find((s) => s.decision?.decision === 'reject')?.decision;
        if (waiting) await this.options.ledger.setStatus(orderId, 'rejected', { actor: decision?.by ?? APPROVALS_BOT, action: 'approval:rejected', reason: decision?.comment ?? '' }, { statusNote: decision?.comment ?? '' });
        // Not if a person closed the order meanwhile (the dashboard): the submitter heard from them.
        if (submitter && (waiting || order.status === 'rejected')) await this.send(buildRejectionNotice({ from, submitter, record, timeZone: this.timeZone }));
        return { kind: 'none' };
      }
      case 'expired':
        if (waiting) {
          await this.options.ledger.setStatus(
            orderId,
            'expired',
            { actor: APPROVALS_BOT, action: 'approval:expired', reason: `level ${record.current + 1} (${record.levels[record.current]?.role ?? ''}) not decided by ${record.levels[record.current]?.deadline ?? ''}` },
            { statusNote: `approval level ${record.current + 1} not decided in time` },
          );
        }
        if (submitter && (waiting || order.status === 'expired')) await this.send(buildExpiryNotice({ from, submitter, record, timeZone: this.timeZone }));
        return { kind: 'none' };
      default:
        return record.levels[record.current]?.requestedAt ? { kind: 'none' } : { kind: 'request-level', level: record.current + 1 };
    }
  }

  /** The reply's outcome, once recorded: a re-run of its job then only files the message. */
  async replyOutcome(replyId: string): Promise<ReplyOutcome | undefined> {
    const raw = await this.options.redis.get(`${this.options.prefix}:approval-reply:${replyId}`);
    return raw ? (JSON.parse(raw) as ReplyOutcome) : undefined;
  }

  async recordReplyOutcome(replyId: string, outcome: ReplyOutcome): Promise<void> {
    await this.options.redis.set(`${this.options.prefix}:approval-reply:${replyId}`, JSON.stringify(outcome), 'EX', REPLY_OUTCOME_TTL_SECONDS);
  }

  /** Judges one reply and does what follows from it; the caller records the outcome, then files the message. */
  async handleReply(reply: IncomingReply): Promise<ReplyOutcome> {
    const token = replyToken(reply.recipients, reply.tokenHeader);
    const authentication = checkSenderAuthentication(reply.authenticationResults, reply.from, this.options.security.trustedAuthservId, this.options.security.requireDmarcPass);
    const from = reply.from.length === 1 ? (reply.from[0] ?? '') : '';
    const decision = readDecision(reply.text);
    const facts = async () => {
      const tokenRecord = token ? await this.tokens.find(token) : undefined;
      const approval = tokenRecord ? await this.store.get(tokenRecord.orderId) : undefined;
      return { replyId: reply.replyId, messageId: reply.messageId, from, authentication, token, tokenRecord, approval, decision, now: this.options.now() };
    };

    let current = await facts();
    let verdict = await this.unlessClosed(judgeReply(current), current.tokenRecord?.orderId);
    let effect: DecisionEffect | undefined;
    if (verdict.kind === 'accept' && !verdict.resumed && current.tokenRecord && token) {
      const tokenKey = this.tokens.keyOf(token);
      const saved = await this.store.update(current.tokenRecord.orderId, (record) => {
        const fresh = judgeReply({ ...current, approval: record });
        if (fresh.kind !== 'accept' || fresh.resumed || !record) return undefined;
        const applied = applyDecision(record, fresh.level - 1, fresh.slot, fresh.decision);
        return {
          record: applied.record,
          nextChaseAt: nextChaseAt(applied.record, this.options.calendar, this.options.policy),
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
      case 'accept': {
        const record = (await this.store.get(orderId as string)) as ApprovalRecord;
        await this.recordDecision(record, verdict.level, verdict.slot, verdict.decision, effect);
        return { verdict: 'accept', orderId: record.orderId, folder: 'processed', next: await this.followUp(record.orderId) };
      }
      case 'unreadable':
        await this.answerUnreadable(reply, token as string, current.approval as ApprovalRecord);
        return { verdict: 'unreadable', orderId: orderId as string, folder: 'processed', next: { kind: 'none' } };
      case 'late':
        await this.options.ledger.audit({
          actor: from,
          action: 'approval-reply-late',
          orderId: orderId as string,
          detail: { messageId: reply.messageId, replyId: reply.replyId, situation: verdict.situation, decidedBy: verdict.decidedBy, decidedAt: verdict.decidedAt },
        });
        await this.send(
          buildLateReply({
            replyId: reply.replyId,
            messageId: reply.messageId,
            subject: reply.subject,
            to: from,
            from: this.options.mail.sharedMailbox,
            externalRef: current.approval?.externalRef ?? '',
            situation: verdict.situation,
            decidedBy: verdict.decidedBy,
            decidedAt: verdict.decidedAt,
            timeZone: this.timeZone,
          }),
        );
        return { verdict: 'late', orderId: orderId as string, folder: 'processed', next: { kind: 'none' } };
      case 'refused':
        return this.refuse(reply, verdict, current.approval, token, authentication.evidence);
    }
  }

  /**
   * A decision for an order a person already closed on the dashboard (resolved, say) is late, not
   * accepted: the approval must never override them.
   */
  private async unlessClosed(verdict: ReplyVerdict, orderId: string | undefined): Promise<ReplyVerdict> {
    if (verdict.kind !== 'accept' || verdict.resumed || !orderId) return verdict;
    const order = await this.options.ledger.get(orderId);
    if (!order || order.status === 'awaiting_approval') return verdict;
    return { kind: 'late', situation: 'decided', decidedBy: `OrderDesk (order ${order.status})`, decidedAt: order.updatedAt };
  }

  /** The decision's audit event (with who, when, comment and Message-ID) and the order status it implies. */
  private async recordDecision(record: ApprovalRecord, level: number, slotKey: string, decision: NonNullable<ApprovalSlot['decision']>, effect: DecisionEffect | undefined): Promise<void> {
    const levelEntry = record.levels[level - 1];
    const detail = { level, role: levelEntry?.role ?? '', decision: decision.decision, comment: decision.comment, messageId: decision.messageId, replyId: decision.replyId, at: decision.at, slot: slotKey };
    await this.auditOnce(record.orderId, 'approval:decision', { replyId: decision.replyId }, async () => {
      const event = { actor: decision.by, action: 'approval:decision', reason: decision.comment, detail };
      // A re-run (effect unknown) derives it from the record, which already holds the decision.
      const implied = effect ?? (record.outcome === 'approved' ? 'order-approved' : record.outcome === 'rejected' ? 'order-rejected' : levelEntry?.outcome === 'approved' ? 'level-approved' : 'recorded');
      if (implied === 'order-approved') await this.options.ledger.setStatus(record.orderId, 'approved', event);
      else if (implied === 'order-rejected') await this.options.ledger.setStatus(record.orderId, 'rejected', event, { statusNote: decision.comment });
      else if (implied === 'level-approved') {
        const next = record.levels[record.current];
        await this.options.ledger.setStatus(record.orderId, 'awaiting_approval', event, { statusNote: `approval level ${record.current + 1} of ${record.levels.length}: ${next?.role ?? ''}` });
      } else await this.options.ledger.audit({ ...event, orderId: record.orderId });
    });
  }

  private async answerUnreadable(reply: IncomingReply, token: string, approval: ApprovalRecord): Promise<void> {
    const from = reply.from[0] ?? '';
    const countKey = `${this.options.prefix}:approval-unreadable:${tokenRef(token)}`;
    const answers = await this.options.redis.incr(countKey);
    await this.options.redis.expire(countKey, UNREADABLE_COUNT_TTL_SECONDS);
    const answered = answers <= MAX_UNREADABLE_ANSWERS_PER_TOKEN;
    await this.options.ledger.audit({
      actor: from,
      action: 'approval-reply-unreadable',
      orderId: approval.orderId,
      detail: { messageId: reply.messageId, replyId: reply.replyId, answered, firstLines: reply.text.split('\n').slice(0, 3).join(' / ').slice(0, 200) },
    });
    if (!answered) return;
    const replyTo = reply.recipients.find((r) => r.includes(`+apv-${token}@`)) ?? reply.recipients[0] ?? this.options.mail.sharedMailbox;
    await this.send(
      buildUnreadableReply({ replyId: reply.replyId, messageId: reply.messageId, subject: reply.subject, to: from, from: this.options.mail.sharedMailbox, replyTo, externalRef: approval.externalRef }),
    );
  }

  /** Nothing changes; the attempt is a security event on the order's trail (if we can tell which) and ops are told. */
  private async refuse(reply: IncomingReply, verdict: Extract<ReplyVerdict, { kind: 'refused' }>, approval: ApprovalRecord | undefined, token: string | undefined, evidence: string | undefined): Promise<ReplyOutcome> {
    const hint = orderHint(reply.references, reply.subject);
    const orderId = approval?.orderId ?? hint.orderId ?? (hint.externalRef ? await this.options.ledger.findByReference(hint.externalRef) : undefined);
    const order = orderId ? await this.options.ledger.get(orderId) : undefined;
    const sender = reply.from.join(', ');
    await this.options.ledger.audit({
      actor: sender || '(unknown sender)',
      action: 'approval-reply-refused',
      security: true,
      reason: verdict.explanation,
      ...(order ? { orderId: order.id } : {}),
      detail: { refusal: verdict.reason, messageId: reply.messageId, replyId: reply.replyId, subject: reply.subject, ...(token ? { tokenRef: tokenRef(token) } : {}), ...(evidence ? { authenticationResults: evidence } : {}) },
    });
    await this.send(
      buildSecurityAlert({
        replyId: reply.replyId,
        from: this.options.mail.sharedMailbox,
        to: this.options.mail.opsAddress,
        reason: verdict.reason,
        explanation: verdict.explanation,
        sender,
        messageId: reply.messageId,
        subject: reply.subject,
        ...(order ? { externalRef: order.externalRef } : {}),
        ...(token ? { tokenRef: tokenRef(token) } : {}),
        ...(evidence ? { evidence } : {}),
        folder: 'Security',
      }),
    );
    return { verdict: 'refused', reason: verdict.reason, ...(order ? { orderId: order.id } : {}), folder: 'security', next: { kind: 'none' } };
  }

  /**
   * Chases one order at `now`: expires it past its deadline, else sends each pending approver the
   * furthest reminder or escalation due. The mail goes first (its id makes it once-only), then the
   * step is recorded by compare-and-set; only the run that records it writes the audit event.
   */
  async chase(orderId: string, now: Date): Promise<ChaseReport> {
    const report: ChaseReport = { reminders: 0, escalations: 0, expired: false, next: { kind: 'none' } };
    const [record, order] = await Promise.all([this.store.get(orderId), this.options.ledger.get<CanonicalOrder>(orderId)]);
    if (!record || order?.status !== 'awaiting_approval') {
      // Closed by a person (or gone): nobody is chased for it any more.
      await this.store.reschedule(orderId, null);
      return report;
    }
    const actions = planChase(record, now, this.options.calendar, this.options.policy);
    if (actions.some((a) => a.kind === 'expire')) {
      const saved = await this.store.update(orderId, (latest) =>
        latest && planChase(latest, now, this.options.calendar, this.options.policy).some((a) => a.kind === 'expire')
          ? { record: expireApproval(latest, now), nextChaseAt: null, result: undefined }
          : undefined,
      );
      report.expired = saved.saved;
      report.next = await this.followUp(orderId);
      return report;
    }
    for (const action of actions) {
      if (action.kind === 'expire') continue;
      if (await this.chaseSlot(record, order, action)) report[action.kind === 'remind' ? 'reminders' : 'escalations']++;
    }
    // Nothing recorded by this run: file the order under its next chase time so the next tick skips it.
    const latest = await this.store.get(orderId);
    if (latest && report.reminders + report.escalations === 0) await this.store.reschedule(orderId, nextChaseAt(latest, this.options.calendar, this.options.policy));
    return report;
  }

  private async chaseSlot(record: ApprovalRecord, order: LedgerOrder<CanonicalOrder>, action: Exclude<ChaseAction, { kind: 'expire' }>): Promise<boolean> {
    const index = record.current;
    const levelNo = index + 1;
    const level = record.levels[index];
    const slot = level?.slots.find((s) => s.key === action.slot);
    if (!level?.deadline || !slot) return false;
    const escalation = action.kind === 'escalate';
    const mailId = escalation ? `approval-escalation-${record.orderId}-L${levelNo}-${slot.key}` : `approval-reminder-${record.orderId}-L${levelNo}-${slot.key}-${action.step}`;
    const to = escalation ? slot.escalateTo : slot.sendTo;
    const cc = escalation ? unique([slot.approver, slot.sendTo]).filter((a) => a !== to) : [];
    const allowed = escalation ? unique([to, ...slot.allowed]) : slot.allowed;
    await this.sendDecisionMail(mailId, { orderId: record.orderId, level: levelNo, slot: slot.key, purpose: escalation ? 'escalation' : 'reminder', allowed, expiresAt: level.deadline }, (token) =>
      buildDecisionMail({
        purpose: escalation ? 'escalation' : 'reminder',
        mailId,
        from: this.options.mail.sharedMailbox,
        to,
        cc,
        token,
        order: order.order,
        record,
        levelIndex: index,
        slot,
        step: action.step,
        maxReminders: this.options.policy.maxReminders,
        timeZone: this.timeZone,
        inReplyTo: messageIdFor(this.requestMailId(record.orderId, levelNo, slot.key), this.options.mail.firmDomain),
      }),
    );
    const saved = await this.store.update(record.orderId, (latest) => {
      const latestSlot = latest?.levels[index]?.slots.find((s) => s.key === slot.key);
      if (!latest || latest.current !== index || latest.outcome || !latestSlot || latestSlot.chaseStep >= action.step) return undefined;
      const advanced = advanceChase(latest, index, slot.key, action.step);
      return { record: advanced, nextChaseAt: nextChaseAt(advanced, this.options.calendar, this.options.policy), result: undefined };
    });
    if (!saved.saved) return false;
    await this.options.ledger.audit({
      actor: APPROVALS_BOT,
      action: escalation ? 'approval-escalated' : 'approval-reminder-sent',
      orderId: record.orderId,
      detail: { level: levelNo, role: level.role, approver: slot.approver, to, cc, step: action.step, mailId },
    });
    return true;
  }
}
