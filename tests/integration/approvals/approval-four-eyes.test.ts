import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { APPROVAL_ACTIONS } from '../../../bots/approvals/index.ts';
import { eventually } from '../helpers/test-environment.ts';
import {
  escapeRegExp,
  inSharedFolder,
  mailOrderSheet,
  mailsIn,
  replyTo,
  requestSubject,
  sampleOrder,
  SOLE_MANAGER_BRANCH,
  startApprovalWorld,
  submitOrder,
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

async function decisions(orderId: string): Promise<number> {
  return (await world.runtime.ledger.auditTrail(orderId)).filter((e) => e.action === APPROVAL_ACTIONS.decision).length;
}

describe('four eyes: nobody decides an order they submitted, sell, or already decided', () => {
  it('sends the sales manager\'s own sheet to their delegate, saying why; the manager\'s reply with the token changes nothing and is a security event', async () => {
    const { people } = world;
    const order = sampleOrder();
    const { orderId } = await mailOrderSheet(world, people.manager, order);

    const request = await waitForMail(world, people.deputy, requestSubject(order.externalRef, 1));
    expect(request.text).toContain('Under the four-eyes rule these people may not decide this order, so the request comes to you');
    expect(request.text).toContain(`${people.manager.address} — 提交了此订单 / submitted this order`);
    const requested = await waitForAudit(world, (e) => e.action === APPROVAL_ACTIONS.requested, orderId);
    expect(requested.detail).toMatchObject({ approver: people.manager.address, sentTo: people.deputy.address, passedOver: [{ address: people.manager.address, reason: 'submitter' }] });
    expect(await mailsIn(world, people.manager, requestSubject(order.externalRef))).toEqual([]);

    // The deputy forwards the request; the manager answers it with the deputy's token.
    const own = await replyTo(world, request, people.manager, 'APPROVE');
    const refused = await waitForAudit(world, (e) => e.action === APPROVAL_ACTIONS.replyRefused && e.detail?.messageId === own, orderId);
    expect(refused).toMatchObject({ actor: people.manager.address, security: true, detail: { refusal: 'self-approval' } });
    const alert = await waitForMail(world, people.ops, new RegExp(`Suspected forged approval reply \\[${escapeRegExp(order.externalRef)}\\]: self-approval`));
    expect(alert.text).toContain(own);
    await eventually(`${own} filed in Security`, async () => ((await inSharedFolder(world, 'Security', own)) ? true : undefined));
    expect((await world.runtime.ledger.get(orderId))?.status).toBe('awaiting_approval');
    expect(await decisions(orderId)).toBe(0);

    await replyTo(world, request, people.deputy, '同意 代经理审批');
    await waitForStatus(world, orderId, 'approved');
    expect((await world.runtime.ledger.auditTrail(orderId)).filter((e) => e.action === APPROVAL_ACTIONS.decision).map((e) => e.actor)).toEqual([people.deputy.address]);
  });

  it('tells ops when nobody eligible is left, and the order waits', async () => {
    const { people } = world;
    const order = sampleOrder({ branch: SOLE_MANAGER_BRANCH });
    const { orderId } = await submitOrder(world, order, people.secondManager);

    const alert = await waitForMail(world, people.ops, new RegExp(`No eligible approver \\[${escapeRegExp(order.externalRef)}\\] level 1`));
    expect(alert.text).toContain(`${people.secondManager.address} — 提交了此订单 / submitted this order`);
    await waitForAudit(world, (e) => e.action === APPROVAL_ACTIONS.noEligibleApprover, orderId);
    const waiting = await world.runtime.ledger.get(orderId);
    expect(waiting).toMatchObject({ status: 'awaiting_approval', statusNote: 'approval level 1: no eligible approver (four eyes); ops told' });
    expect((await world.runtime.ledger.auditTrail(orderId)).filter((e) => e.action === APPROVAL_ACTIONS.requested)).toEqual([]);
    expect(await mailsIn(world, people.secondManager, requestSubject(order.externalRef))).toEqual([]);
  });
});
