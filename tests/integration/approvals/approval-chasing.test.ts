import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { chaseStepDueAt, type ApprovalDesk } from '../../../bots/approvals/index.ts';
import { approvalDeskFor, chasePolicyOf } from '../../../jobs/approval-setup.ts';
import { chaseApprovals } from '../../../jobs/approval-chasing.job.ts';
import { Runtime } from '../../../jobs/runtime.ts';
import { eventually } from '../helpers/test-environment.ts';
import {
  escapeRegExp,
  mailsIn,
  replyTo,
  requestSubject,
  sampleOrder,
  startApprovalWorld,
  submitOrder,
  waitForAnswerTo,
  waitForAudit,
  waitForMail,
  waitForStatus,
  type ApprovalWorld,
} from './approval-harness.ts';

const stack = inject('stack');
let world: ApprovalWorld;
let desk: ApprovalDesk;
const MINUTE = 60_000;

beforeAll(async () => {
  world = await startApprovalWorld(stack);
  desk = approvalDeskFor(world.runtime, world.setup);
});
afterAll(async () => {
  await world?.close();
});

/** An order waiting at level 1, and the working-hour times its chasing steps fall due. */
async function waitingOrder() {
  const order = sampleOrder();
  const { orderId } = await submitOrder(world, order);
  const request = await waitForMail(world, world.people.manager, requestSubject(order.externalRef, 1));
  const level = (await desk.store.get(orderId))?.levels[0];
  const requestedAt = new Date(level?.requestedAt ?? '');
  const policy = chasePolicyOf(world.settings);
  const due = (step: number): Date => chaseStepDueAt(requestedAt, step, world.setup.calendar, policy);
  return { orderId, ref: order.externalRef, request, due, deadline: new Date(level?.deadline ?? '') };
}

async function auditCount(orderId: string, action: string): Promise<number> {
  return (await world.runtime.ledger.auditTrail(orderId)).filter((e) => e.action === action).length;
}

describe('chasing approvers (controllable clock)', () => {
  it('reminds after N working hours, at most M times, then escalates to the delegate with the approver copied', async () => {
    const { people } = world;
    expect(chasePolicyOf(world.settings)).toEqual({ reminderAfterWorkingHours: 4, maxReminders: 2, expireAfterWorkingDays: 5 });
    const { orderId, ref, request, due } = await waitingOrder();

    expect((await chaseApprovals(world.runtime, desk, new Date(due(1).getTime() - MINUTE))).reminders).toBe(0);
    expect((await chaseApprovals(world.runtime, desk, due(1))).reminders).toBe(1);
    const first = await waitForMail(world, people.manager, new RegExp(`^提醒 Reminder 1/2: 审批 Approval 1/1 \\[${escapeRegExp(ref)}\\]`));
    expect(first.parsed.inReplyTo).toBe(request.messageId);
    expect(first.replyTo).not.toBe(request.replyTo);
    expect((await chaseApprovals(world.runtime, desk, due(1))).reminders).toBe(0);

    expect((await chaseApprovals(world.runtime, desk, due(2))).reminders).toBe(1);
    await waitForMail(world, people.manager, new RegExp(`^提醒 Reminder 2/2: .*\\[${escapeRegExp(ref)}\\]`));
    expect((await chaseApprovals(world.runtime, desk, new Date(due(3).getTime() - MINUTE))).escalations).toBe(0);
    expect((await chaseApprovals(world.runtime, desk, due(3))).escalations).toBe(1);

    const escalation = await waitForMail(world, people.deputy, new RegExp(`^升级 Escalation: 审批 Approval 1/1 \\[${escapeRegExp(ref)}\\]`));
    expect(escalation.parsed.cc && !Array.isArray(escalation.parsed.cc) ? escalation.parsed.cc.value.map((a) => a.address) : []).toEqual([people.manager.address]);
    expect(escalation.text).toContain('escalated to you');
    await waitForMail(world, people.manager, /^升级 Escalation: /);
    expect(await chaseApprovals(world.runtime, desk, new Date(due(3).getTime() + 3 * 3600_000))).toMatchObject({ reminders: 0, escalations: 0 });
    expect(await auditCount(orderId, 'approval-reminder-sent')).toBe(2);
    expect(await auditCount(orderId, 'approval-escalated')).toBe(1);

    await replyTo(world, escalation, people.deputy, '同意 经理不在，我代为审批');
    await waitForStatus(world, orderId, 'approved');
    expect((await waitForAudit(world, (e) => e.action === 'approval:decision', orderId)).actor).toBe(people.deputy.address);
    expect(await desk.store.due(new Date(Date.now() + 365 * 86_400_000), 10_000)).not.toContain(orderId);
  });

  it('expires an order not decided in D working days, tells the submitter, and answers a late reply', async () => {
    const { people } = world;
    const { orderId, ref, request, deadline } = await waitingOrder();
    expect((await chaseApprovals(world.runtime, desk, new Date(deadline.getTime() - MINUTE))).expired).toBe(0);
    expect((await chaseApprovals(world.runtime, desk, deadline)).expired).toBe(1);
    await waitForStatus(world, orderId, 'expired');
    const notice = await waitForMail(world, people.submitter, new RegExp(`Approval expired \\[${escapeRegExp(ref)}\\]`));
    expect(notice.text).toContain(people.manager.address);
    expect((await chaseApprovals(world.runtime, desk, new Date(deadline.getTime() + MINUTE))).expired).toBe(0);

    const late = await replyTo(world, request, people.manager, 'APPROVE sorry, I was travelling');
    const answer = await waitForAnswerTo(world, people.manager, late);
    expect(answer.text).toMatch(/expired at .*your reply was not used/);
    expect((await world.runtime.ledger.get(orderId))?.status).toBe('expired');
    expect(await auditCount(orderId, 'approval:decision')).toBe(0);
  });

  it('leaves alone an order a person closed on the dashboard: no reminders, and a late approval changes nothing', async () => {
    const { people } = world;
    const { orderId, request, due } = await waitingOrder();
    await world.runtime.ledger.setStatus(orderId, 'resolved', { actor: 'dashboard:admin', action: 'dashboard:resolved', reason: 'keyed by hand' });
    expect((await chaseApprovals(world.runtime, desk, due(1))).reminders).toBe(0);
    expect(await desk.store.due(new Date(Date.now() + 365 * 86_400_000), 10_000)).not.toContain(orderId);

    const late = await replyTo(world, request, people.manager, 'APPROVE');
    const answer = await waitForAnswerTo(world, people.manager, late);
    expect(answer.text).toContain('already decided by OrderDesk (order resolved)');
    expect((await world.runtime.ledger.get(orderId))?.status).toBe('resolved');
  });

  it('two scheduler instances ticking together send one reminder', async () => {
    const { people } = world;
    const other = await Runtime.create(world.settings);
    try {
      const { orderId, ref, due } = await waitingOrder();
      const ticks = await Promise.all([
        chaseApprovals(world.runtime, desk, due(1)),
        chaseApprovals(other, approvalDeskFor(other, world.setup), due(1)),
        chaseApprovals(other, approvalDeskFor(other, world.setup), due(1)),
      ]);
      expect(ticks.reduce((sum, t) => sum + t.reminders, 0)).toBe(1);
      const reminderJobs = (await world.runtime.queues.get('mail').getJobs()).filter((j) => String(j.data?.mailId).startsWith(`approval-reminder-${orderId}`));
      expect(reminderJobs).toHaveLength(1);
      await eventually('the reminder sent', async () => ((await world.runtime.outbox.status(reminderJobs[0]?.data.mailId as string)) === 'sent' ? true : undefined));
      expect(await mailsIn(world, people.manager, new RegExp(`^提醒 Reminder .*\\[${escapeRegExp(ref)}\\]`))).toHaveLength(1);
      expect(await auditCount(orderId, 'approval-reminder-sent')).toBe(1);
      // Only the token of the mail that went out stays valid; the losers' tokens were withdrawn.
      const tokenKeys = await world.runtime.redis.keys(`${world.settings.redis.prefix}:approval-token:*`);
      const owners = await Promise.all(tokenKeys.map((key) => world.runtime.redis.hget(key, 'mailId')));
      expect(owners.filter((mailId) => mailId === reminderJobs[0]?.data.mailId)).toHaveLength(1);
    } finally {
      await other.close();
    }
  });
});
