import type { LedgerOrder } from '../../core/ledger/order-ledger.ts';
import type { CanonicalOrder } from '../intake/canonical-order.ts';
import { APPROVAL_ACTIONS } from './approval-actions.ts';
import { APPROVALS_BOT, type ApprovalContext } from './approval-context.ts';
import { advanceChase, expireApproval, type ApprovalRecord } from './approval-record.ts';
import { planChase, type ChaseAction } from './chasing.ts';
import type { DecisionMailSender } from './decision-mail-sender.ts';
import type { LevelRequests, NextStep } from './level-requests.ts';

export interface ChaseReport {
  reminders: number;
  escalations: number;
  expired: boolean;
  next: NextStep;
}

function unique(addresses: string[]): string[] {
  return [...new Set(addresses.map((a) => a.toLowerCase()))];
}

/**
 * Chases approvers: reminders, then an escalation to the delegate or next in line, then expiry. The
 * mail goes first (its id makes it once-only), then the step is recorded by compare-and-set; only the
 * run that records it writes the audit event.
 */
export class ApprovalChaser {
  constructor(
    private readonly context: ApprovalContext,
    private readonly mails: DecisionMailSender,
    private readonly requests: LevelRequests,
  ) {}

  /** Orders whose next reminder, escalation or expiry is due at `now`. */
  due(now: Date, limit: number): Promise<string[]> {
    return this.context.store.due(now, limit);
  }

  /** Chases one order at `now`: expires it past its deadline, else sends each pending approver the furthest reminder or escalation due. */
  async chase(orderId: string, now: Date): Promise<ChaseReport> {
    const { store, options } = this.context;
    const report: ChaseReport = { reminders: 0, escalations: 0, expired: false, next: { kind: 'none' } };
    const [record, order] = await Promise.all([store.get(orderId), this.context.order(orderId)]);
    if (!record || order?.status !== 'awaiting_approval') {
      // Closed by a person (or gone): nobody is chased for it any more.
      await store.reschedule(orderId, null);
      return report;
    }
    const actions = planChase(record, now, options.calendar, options.policy);
    if (actions.some((a) => a.kind === 'expire')) {
      const saved = await store.update(orderId, (latest) =>
        latest && planChase(latest, now, options.calendar, options.policy).some((a) => a.kind === 'expire')
          ? { record: expireApproval(latest, now), nextChaseAt: null, result: undefined }
          : undefined,
      );
      report.expired = saved.saved;
      report.next = await this.requests.followUp(orderId);
      return report;
    }
    for (const action of actions) {
      if (action.kind === 'expire') continue;
      if (await this.chaseSlot(record, order, action)) report[action.kind === 'remind' ? 'reminders' : 'escalations']++;
    }
    // Nothing recorded by this run: file the order under its next chase time so the next tick skips it.
    const latest = await store.get(orderId);
    if (latest && report.reminders + report.escalations === 0) await store.reschedule(orderId, this.context.nextChaseAt(latest));
    return report;
  }

  private async chaseSlot(record: ApprovalRecord, order: LedgerOrder<CanonicalOrder>, action: Exclude<ChaseAction, { kind: 'expire' }>): Promise<boolean> {
    const index = record.current;
    const level = record.levels[index];
    const slot = level?.slots.find((s) => s.key === action.slot);
    if (!level?.deadline || !slot) return false;
    const escalation = action.kind === 'escalate';
    const to = escalation ? slot.escalateTo : slot.sendTo;
    // Copied: the approver and whoever had the request, unless four eyes barred them from the order.
    const cc = escalation ? unique([slot.approver, slot.sendTo]).filter((a) => a !== to && !slot.passedOver?.some((p) => p.address === a)) : [];
    const { mailId } = await this.mails.send(
      escalation
        ? { kind: 'escalation', order: order.order, record, levelIndex: index, slot, to, cc, allowed: unique([to, ...slot.allowed]), step: action.step }
        : { kind: 'reminder', suffix: action.step, order: order.order, record, levelIndex: index, slot, step: action.step },
    );
    const saved = await this.context.store.update(record.orderId, (latest) => {
      const latestSlot = latest?.levels[index]?.slots.find((s) => s.key === slot.key);
      if (!latest || latest.current !== index || latest.outcome || !latestSlot || latestSlot.chaseStep >= action.step) return undefined;
      const advanced = advanceChase(latest, index, slot.key, action.step);
      return { record: advanced, nextChaseAt: this.context.nextChaseAt(advanced), result: undefined };
    });
    if (!saved.saved) return false;
    await this.context.ledger.audit({
      actor: APPROVALS_BOT,
      action: escalation ? APPROVAL_ACTIONS.escalated : APPROVAL_ACTIONS.reminderSent,
      orderId: record.orderId,
      detail: { level: index + 1, role: level.role, approver: slot.approver, to, cc, step: action.step, mailId },
    });
    return true;
  }
}
