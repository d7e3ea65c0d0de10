import type { LedgerOrder } from '../../core/ledger/order-ledger.ts';
import { APPROVAL_ACTIONS } from './approval-actions.ts';
import { APPROVALS_BOT, type ApprovalContext } from './approval-context.ts';
import { currentLevel, newApprovalRecord, pendingSlots, startLevel, type ApprovalLevel, type ApprovalRecord } from './approval-record.ts';
import { assignApprovers, type Exclusion } from './approver-directory.ts';
import { levelDeadline } from './chasing.ts';
import type { DecisionMailSender } from './decision-mail-sender.ts';
import { excludedPeople } from './four-eyes.ts';
import { buildExpiryNotice, buildNoEligibleApproverAlert, buildRejectionNotice, type Submitter } from './notice-mails.ts';

/** What the approval says should happen next; the queue layer does it. */
export type NextStep = { kind: 'request-level'; level: number } | { kind: 'keying' } | { kind: 'none' };

/** Four eyes left nobody who may decide the level: every place of a one-decides level, or any place of an all-must level. */
function nobodyMayDecide(level: ApprovalLevel): boolean {
  return level.approve === 'one' ? level.slots.every((s) => s.unreachable) : level.slots.some((s) => s.unreachable);
}

function submitterOf(order: LedgerOrder<unknown>): Submitter | undefined {
  const address = (order.source.submitter ?? '').trim();
  if (!/^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$/.test(address)) return undefined;
  return { address, ...(order.source.kind === 'mail' && order.source.reference.startsWith('<') ? { messageId: order.source.reference } : {}) };
}

/**
 * Opens an order's approval, asks each level by e-mail (and again on a person's demand), and makes the
 * ledger follow the approval's outcome. Every change to an approval is a compare-and-set.
 */
export class LevelRequests {
  constructor(
    private readonly context: ApprovalContext,
    private readonly mails: DecisionMailSender,
  ) {}

  /** Opens the approval chosen by routing; opening it again (a review re-run) keeps the first. */
  async open(input: Parameters<typeof newApprovalRecord>[0]): Promise<ApprovalRecord> {
    const outcome = await this.context.store.update(input.orderId, (existing) =>
      existing ? undefined : { record: newApprovalRecord(input), nextChaseAt: null, result: undefined },
    );
    return outcome.record ?? newApprovalRecord(input);
  }

  /** Sends level `level` (1-based) its requests: fixes its approvers and clock the first time. */
  async requestLevel(orderId: string, level: number): Promise<'sent' | 'stale'> {
    const { store, options } = this.context;
    const index = level - 1;
    const order = await this.context.order(orderId);
    let record = await store.get(orderId);
    if (!order || order.status !== 'awaiting_approval' || !record || currentLevel(record) === undefined || record.current !== index) return 'stale';
    if (!record.levels[index]?.requestedAt) {
      const now = this.context.now();
      const levelRule = record.levels[index];
      // Four eyes: the submitter, the sales rep and whoever decided an earlier level are never asked.
      const excluded = excludedPeople(options.directory, { submitter: order.source.submitter, salesRep: order.order.salesRep, record });
      const assigned = assignApprovers(options.directory, order.order.branch ?? '', levelRule?.role ?? '', options.calendar.localDay(now), options.mail.opsAddress, excluded);
      const deadline = levelDeadline(now, options.calendar, options.policy);
      const saved = await store.update(orderId, (latest) => {
        if (!latest || latest.outcome || latest.current !== index || latest.levels[index]?.requestedAt) return undefined;
        const started = startLevel(latest, index, assigned, now, deadline);
        return { record: started, nextChaseAt: this.context.nextChaseAt(started), result: undefined };
      });
      record = saved.record ?? record;
    }
    const started = record.levels[index];
    if (!started?.requestedAt || !started.deadline) return 'stale';
    if (nobodyMayDecide(started)) await this.nobodyEligible(record, index);
    for (const slot of started.slots) {
      if (slot.unreachable) continue;
      const { mailId, fresh } = await this.mails.send({ kind: 'request', order: order.order, record, levelIndex: index, slot });
      if (!fresh) continue;
      const passedOver = slot.passedOver?.map((p) => ({ address: p.address, reason: p.reason }));
      await this.context.ledger.audit({
        actor: APPROVALS_BOT,
        action: APPROVAL_ACTIONS.requested,
        orderId,
        detail: { level, role: started.role, approver: slot.approver, sentTo: slot.sendTo, away: slot.away, mailId, deadline: started.deadline, ...(passedOver ? { passedOver } : {}) },
      });
    }
    return 'sent';
  }

  /** Ops are told (once per level) and the order waits, its status note saying why. */
  private async nobodyEligible(record: ApprovalRecord, index: number): Promise<void> {
    const level = record.levels[index];
    const excluded = [...new Map((level?.slots ?? []).flatMap((s) => s.passedOver ?? []).map((e): [string, Exclusion] => [e.address, e])).values()];
    await this.context.auditOnce(record.orderId, APPROVAL_ACTIONS.noEligibleApprover, { level: String(index + 1) }, () =>
      this.context.ledger.setStatus(
        record.orderId,
        'awaiting_approval',
        { actor: APPROVALS_BOT, action: APPROVAL_ACTIONS.noEligibleApprover, reason: 'four eyes: nobody may decide this level', detail: { level: String(index + 1), role: level?.role ?? '', excluded } },
        { statusNote: `approval level ${index + 1}: no eligible approver (four eyes); ops told` },
      ),
    );
    const { options } = this.context;
    await this.context.send(buildNoEligibleApproverAlert({ from: this.context.sharedMailbox, to: options.mail.opsAddress, record, levelIndex: index, excluded, timeZone: this.context.timeZone }));
  }

  /**
   * Sends the current level's pending approvers the request again, on a person's demand (the dashboard).
   * Each demand (`resendId`) is its own step: one fresh mail and token per approver, however often it runs.
   */
  async resendRequests(orderId: string, resendId: string): Promise<'sent' | 'stale'> {
    const record = await this.context.store.get(orderId);
    const level = record ? currentLevel(record) : undefined;
    if (!record || !level) return 'stale';
    if (!level.requestedAt || !level.deadline) return this.requestLevel(orderId, record.current + 1);
    const order = await this.context.order(orderId);
    if (!order) return 'stale';
    const levelNo = record.current + 1;
    for (const slot of pendingSlots(level)) {
      if (slot.unreachable) continue;
      const { mailId, fresh } = await this.mails.send({ kind: 'resend', suffix: resendId, order: order.order, record, levelIndex: record.current, slot });
      if (fresh) await this.context.ledger.audit({ actor: APPROVALS_BOT, action: APPROVAL_ACTIONS.requestResent, orderId, detail: { level: levelNo, role: level.role, to: slot.sendTo, mailId } });
    }
    return 'sent';
  }

  /**
   * Makes the ledger follow the approval: final outcomes set the order's status (once) and tell the
   * submitter; an open chain whose current level has not been asked yet needs its request.
   */
  async followUp(orderId: string): Promise<NextStep> {
    const { ledger } = this.context;
    const [record, order] = await Promise.all([this.context.store.get(orderId), this.context.order(orderId)]);
    if (!record || !order) return { kind: 'none' };
    const waiting = order.status === 'awaiting_approval';
    const submitter = submitterOf(order);
    const from = this.context.sharedMailbox;
    const timeZone = this.context.timeZone;
    switch (record.outcome) {
      case 'approved':
        if (waiting) await ledger.setStatus(orderId, 'approved', { actor: APPROVALS_BOT, action: APPROVAL_ACTIONS.approved, reason: 'every approval level approved' });
        return order.status === 'approved' || waiting ? { kind: 'keying' } : { kind: 'none' };
      case 'rejected': {
        const level = record.levels.find((l) => l.outcome === 'rejected');
        const decision = level?.slots.find((s) => s.decision?.decision === 'reject')?.decision;
        if (waiting) await ledger.setStatus(orderId, 'rejected', { actor: decision?.by ?? APPROVALS_BOT, action: APPROVAL_ACTIONS.rejected, reason: decision?.comment ?? '' }, { statusNote: decision?.comment ?? '' });
        // Not if a person closed the order meanwhile (the dashboard): the submitter heard from them.
        if (submitter && (waiting || order.status === 'rejected')) await this.context.send(buildRejectionNotice({ from, submitter, record, timeZone }));
        return { kind: 'none' };
      }
      case 'expired': {
        const level = record.levels[record.current];
        if (waiting) {
          await ledger.setStatus(
            orderId,
            'expired',
            { actor: APPROVALS_BOT, action: APPROVAL_ACTIONS.expired, reason: `level ${record.current + 1} (${level?.role ?? ''}) not decided by ${level?.deadline ?? ''}` },
            { statusNote: `approval level ${record.current + 1} not decided in time` },
          );
        }
        if (submitter && (waiting || order.status === 'expired')) await this.context.send(buildExpiryNotice({ from, submitter, record, timeZone }));
        return { kind: 'none' };
      }
      default:
        return record.levels[record.current]?.requestedAt ? { kind: 'none' } : { kind: 'request-level', level: record.current + 1 };
    }
  }
}
