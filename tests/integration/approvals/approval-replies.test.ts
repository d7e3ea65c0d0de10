import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { APPROVAL_ACTIONS } from '../../../bots/approvals/index.ts';
import { eventually } from '../helpers/test-environment.ts';
import {
  AWAY_MANAGER_BRANCH,
  escapeRegExp,
  inSharedFolder,
  mailsIn,
  replyTo,
  requestSubject,
  sampleOrder,
  startApprovalWorld,
  submitOrder,
  TWO_MANAGERS_BRANCH,
  waitForAnswerTo,
  waitForAudit,
  waitForMail,
  waitForStatus,
  type ApprovalWorld,
} from './approval-harness.ts';

const stack = inject('stack');
let world: ApprovalWorld;

beforeAll(async () => {
  world = await startApprovalWorld(stack);
});
afterAll(async () => {
  await world?.close();
});

async function keyingJobExists(orderId: string): Promise<boolean> {
  return (await world.runtime.queues.get('keying').getJob(`keying-${orderId}`)) !== undefined;
}

describe('review routing', () => {
  it('auto-approves a small clean order straight to keying, asking nobody', async () => {
    const order = sampleOrder({ amount: '30000.00' });
    const { orderId } = await submitOrder(world, order);
    await waitForStatus(world, orderId, 'approved');
    expect(await keyingJobExists(orderId)).toBe(true);
    const trail = await world.runtime.ledger.auditTrail(orderId);
    expect(trail.find((e) => e.action === 'review:auto-approved')).toMatchObject({ actor: 'review-bot', reason: 'rule small-and-clean' });
    expect(await world.runtime.queues.get('approvals').getJob(`approval-request-${orderId}-L1`)).toBeUndefined();
  });

  it('refuses an order failing a pre-check and tells the submitter why', async () => {
    const order = sampleOrder({ productRisk: 'R4', productCode: 'FD-R4-TEC', customerRisk: 'C3' });
    const { orderId, submissionId } = await submitOrder(world, order);
    await waitForStatus(world, orderId, 'rejected');
    const notice = await waitForMail(world, world.people.submitter, new RegExp(`Order refused by review \\[${escapeRegExp(order.externalRef)}\\]`));
    expect(notice.text).toContain("product risk R4 exceeds the customer's risk tolerance C3");
    expect(notice.parsed.inReplyTo).toBe(submissionId);
    expect(await keyingJobExists(orderId)).toBe(false);
  });
});

describe('approval by e-mail replies', () => {
  it('takes a three-level order through replies in Chinese and English, recording each decision', async () => {
    const { people } = world;
    const order = sampleOrder({ amount: '6000000.00' });
    const ref = order.externalRef;
    const { orderId } = await submitOrder(world, order);

    const first = await waitForMail(world, people.manager, requestSubject(ref, 1));
    expect(first.subject).toBe(`审批 Approval 1/3 [${ref}] 王伟 6,000,000.00 CNY`);
    expect(first.replyTo).toMatch(new RegExp(`^${escapeRegExp(people.shared.address.split('@')[0] as string)}\\+apv-[0-9a-f]{32}@`));
    expect(first.parsed.headers.get('x-orderdesk-approval-token')).toBe(/\+apv-([0-9a-f]+)@/.exec(first.replyTo)?.[1]);
    expect(first.parsed.html).toContain('<table');
    expect(first.text).toContain('amount 6,000,000.00 CNY is above 5,000,000.00');
    expect((await world.runtime.ledger.get(orderId))?.status).toBe('awaiting_approval');
    const firstReply = await replyTo(world, first, people.manager, '同意：客户资料齐全');

    const second = await waitForMail(world, people.risk, requestSubject(ref, 2));
    expect(second.text).toContain('第 1 级 Level 1 (sales-manager): 同意 Approved');
    expect(second.text).toContain('客户资料齐全');
    const secondReply = await replyTo(world, second, people.risk, 'Approved - within our risk appetite');

    const third = await waitForMail(world, people.compliance, requestSubject(ref, 3));
    expect(third.text).toContain('within our risk appetite');
    const thirdReply = await replyTo(world, third, people.compliance, 'OK');

    await waitForStatus(world, orderId, 'approved');
    expect(await keyingJobExists(orderId)).toBe(true);
    const decisions = (await world.runtime.ledger.auditTrail(orderId)).filter((e) => e.action === 'approval:decision');
    expect(decisions.map((e) => [e.actor, e.detail?.level, e.detail?.decision, e.detail?.comment, e.detail?.messageId])).toEqual([
      [people.manager.address, 1, 'approve', '客户资料齐全', firstReply],
      [people.risk.address, 2, 'approve', 'within our risk appetite', secondReply],
      [people.compliance.address, 3, 'approve', '', thirdReply],
    ]);
    for (const messageId of [firstReply, secondReply, thirdReply]) {
      await eventually(`reply ${messageId} filed in Processed`, async () => ((await inSharedFolder(world, 'Processed', messageId)) ? true : undefined));
    }
  });

  it('tells the submitter of a rejection, with the approver\'s reason', async () => {
    const { people } = world;
    const order = sampleOrder({ amount: '80000.00' });
    const { orderId, submissionId } = await submitOrder(world, order);
    const request = await waitForMail(world, people.manager, requestSubject(order.externalRef, 1));
    await replyTo(world, request, people.manager, 'REJECT 客户风险承受能力不足 / risk tolerance too low');

    await waitForStatus(world, orderId, 'rejected');
    const notice = await waitForMail(world, people.submitter, new RegExp(`Order rejected \\[${escapeRegExp(order.externalRef)}\\]`));
    expect(notice.text).toContain('客户风险承受能力不足 / risk tolerance too low');
    expect(notice.text).toContain(people.manager.address);
    expect(notice.parsed.inReplyTo).toBe(submissionId);
    expect((await world.runtime.ledger.get(orderId))?.statusNote).toBe('客户风险承受能力不足 / risk tolerance too low');
    expect(await keyingJobExists(orderId)).toBe(false);
  });

  it('sends an away approver\'s request to their delegate, whose reply counts', async () => {
    const { people } = world;
    const order = sampleOrder({ branch: AWAY_MANAGER_BRANCH });
    const { orderId } = await submitOrder(world, order);
    const request = await waitForMail(world, people.deputy, requestSubject(order.externalRef, 1));
    expect(request.text).toContain('is out of office; you receive this request as their delegate');
    await replyTo(world, request, people.deputy, 'APPROVE covering for the manager');

    await waitForStatus(world, orderId, 'approved');
    const decision = await waitForAudit(world, (e) => e.action === 'approval:decision', orderId);
    expect(decision).toMatchObject({ actor: people.deputy.address, reason: 'covering for the manager' });
    expect(await mailsIn(world, people.awayManager, /Approval/)).toEqual([]);
  });

  it('answers an unreadable reply politely, and the same request can then be answered', async () => {
    const { people } = world;
    const order = sampleOrder();
    const { orderId } = await submitOrder(world, order);
    const request = await waitForMail(world, people.manager, requestSubject(order.externalRef, 1));
    const unclear = await replyTo(world, request, people.manager, 'Can you call me before I decide?');

    const answer = await waitForAnswerTo(world, people.manager, unclear);
    expect(answer.subject).toBe(`Re: ${request.subject}`);
    expect(answer.text).toContain('could not read your decision');
    expect(answer.text).toContain('我们没能从您的回复中读出');
    expect(answer.replyTo).toBe(request.replyTo);
    expect((await world.runtime.ledger.get(orderId))?.status).toBe('awaiting_approval');
    await waitForAudit(world, (e) => e.action === 'approval-reply-unreadable' && e.detail?.messageId === unclear, orderId);

    await replyTo(world, answer, people.manager, '同意');
    await waitForStatus(world, orderId, 'approved');
  });

  it('ignores an auto-responder silently: no decision, no "could not read" answer, filed with the processed mail', async () => {
    const { people } = world;
    const order = sampleOrder();
    const { orderId } = await submitOrder(world, order);
    const request = await waitForMail(world, people.manager, requestSubject(order.externalRef, 1));
    // Only X-Autoreply marks it (triage lets it through to the approvals bot); its first line reads as a decision.
    const robot = await replyTo(world, request, people.manager, 'APPROVE\nI am out of the office until Monday.', { headers: { 'X-Autoreply': 'yes' } });
    const event = await waitForAudit(world, (e) => e.action === APPROVAL_ACTIONS.replyAutomatic && e.detail?.messageId === robot, orderId);
    expect(event.detail?.marker).toBe('x-autoreply: yes');
    await eventually(`${robot} filed in Processed`, async () => ((await inSharedFolder(world, 'Processed', robot)) ? true : undefined));
    expect((await world.runtime.ledger.get(orderId))?.status).toBe('awaiting_approval');
    // An answer would have been staged before the reply was filed: there is none.
    expect(await world.runtime.outbox.staged(`approval-unreadable-${String(event.detail?.replyId)}`)).toBeUndefined();

    await replyTo(world, request, people.manager, '同意');
    await waitForStatus(world, orderId, 'approved');
  });

  it('tells a late approver the level was already decided by someone else, and changes nothing', async () => {
    const { people } = world;
    const order = sampleOrder({ branch: TWO_MANAGERS_BRANCH });
    const { orderId } = await submitOrder(world, order);
    const mine = await waitForMail(world, people.manager, requestSubject(order.externalRef, 1));
    const theirs = await waitForMail(world, people.secondManager, requestSubject(order.externalRef, 1));
    expect(mine.replyTo).not.toBe(theirs.replyTo);
    await replyTo(world, theirs, people.secondManager, 'APPROVE');
    await waitForStatus(world, orderId, 'approved');

    const late = await replyTo(world, mine, people.manager, 'REJECT too large for this branch');
    const answer = await waitForAnswerTo(world, people.manager, late);
    expect(answer.text).toContain(`already decided by ${people.secondManager.address} at`);
    await waitForAudit(world, (e) => e.action === 'approval-reply-late' && e.detail?.messageId === late, orderId);
    expect((await world.runtime.ledger.get(orderId))?.status).toBe('approved');
    expect((await world.runtime.ledger.auditTrail(orderId)).filter((e) => e.action === 'approval:decision')).toHaveLength(1);
  });
});
