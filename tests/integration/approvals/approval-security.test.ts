import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { RefusalReason } from '../../../bots/approvals/index.ts';
import { eventually } from '../helpers/test-environment.ts';
import {
  escapeRegExp,
  inSharedFolder,
  replyTo,
  requestSubject,
  waitForAnswerTo,
  sampleOrder,
  startApprovalWorld,
  submitOrder,
  waitForAudit,
  waitForMail,
  waitForStatus,
  type ApprovalWorld,
  type ReceivedMail,
} from './approval-harness.ts';

const stack = inject('stack');
let world: ApprovalWorld;

beforeAll(async () => {
  world = await startApprovalWorld(stack);
});
afterAll(async () => {
  await world?.close();
});

async function pendingOrder(): Promise<{ orderId: string; ref: string; request: ReceivedMail }> {
  const order = sampleOrder();
  const { orderId } = await submitOrder(world, order);
  const request = await waitForMail(world, world.people.manager, requestSubject(order.externalRef, 1));
  return { orderId, ref: order.externalRef, request };
}

/** The refusal is a security event on the order's trail, ops are told, and the reply is filed in Security. */
async function expectRefused(orderId: string, ref: string, messageId: string, reason: RefusalReason): Promise<void> {
  const event = await waitForAudit(world, (e) => e.action === 'approval-reply-refused' && e.detail?.messageId === messageId, orderId);
  expect(event).toMatchObject({ security: true, detail: { refusal: reason } });
  const alert = await waitForMail(world, world.people.ops, new RegExp(`Suspected forged approval reply \\[${escapeRegExp(ref)}\\]: ${reason}`));
  expect(alert.text).toContain(messageId);
  await eventually(`${messageId} filed in Security`, async () => ((await inSharedFolder(world, 'Security', messageId)) ? true : undefined));
}

async function decisions(orderId: string): Promise<number> {
  return (await world.runtime.ledger.auditTrail(orderId)).filter((e) => e.action === 'approval:decision').length;
}

describe('approval replies that must not count', () => {
  it('refuses a forged From (dmarc=fail), then still accepts the real approver with the same token', async () => {
    const { people } = world;
    const { orderId, ref, request } = await pendingOrder();
    const forged = await replyTo(world, request, people.manager, 'APPROVE', { authAs: people.mallory });
    await expectRefused(orderId, ref, forged, 'sender-not-authenticated');
    const event = (await world.runtime.ledger.auditTrail(orderId)).find((e) => e.detail?.messageId === forged);
    expect(String(event?.detail?.authenticationResults)).toMatch(/dmarc=fail/);
    expect((await world.runtime.ledger.get(orderId))?.status).toBe('awaiting_approval');
    expect(await decisions(orderId)).toBe(0);

    await replyTo(world, request, people.manager, 'APPROVE');
    await waitForStatus(world, orderId, 'approved');
  });

  it('refuses the right sender with a token OrderDesk never issued', async () => {
    const { people } = world;
    const { orderId, ref, request } = await pendingOrder();
    const madeUp = request.replyTo.replace(/\+apv-[0-9a-f]+@/, `+apv-${randomBytes(16).toString('hex')}@`);
    const wrong = await replyTo(world, request, people.manager, 'APPROVE', { to: madeUp });
    await expectRefused(orderId, ref, wrong, 'unknown-token');
    expect((await world.runtime.ledger.get(orderId))?.status).toBe('awaiting_approval');
  });

  it('refuses a replayed token: the approver\'s used token sent again in a new mail', async () => {
    const { people } = world;
    const { orderId, ref, request } = await pendingOrder();
    await replyTo(world, request, people.manager, 'APPROVE');
    await waitForStatus(world, orderId, 'approved');
    const replay = await replyTo(world, request, people.manager, 'REJECT changed my mind');
    await expectRefused(orderId, ref, replay, 'replayed-token');
    expect((await world.runtime.ledger.get(orderId))?.status).toBe('approved');
    expect(await decisions(orderId)).toBe(1);
  });

  it('refuses an expired token while the level is still open', async () => {
    const { people } = world;
    const { orderId, ref, request } = await pendingOrder();
    world.clockOffsetMs.value = 30 * 24 * 3600 * 1000;
    try {
      const stale = await replyTo(world, request, people.manager, 'APPROVE');
      await expectRefused(orderId, ref, stale, 'expired-token');
    } finally {
      world.clockOffsetMs.value = 0;
    }
    expect((await world.runtime.ledger.get(orderId))?.status).toBe('awaiting_approval');
  });

  it('refuses a reply sent on the approver\'s behalf (From the manager, Sender an assistant), tells the manager, and still takes the manager\'s own answer', async () => {
    const { people } = world;
    const { orderId, ref, request } = await pendingOrder();
    // The firm's server vouches for the From (as Exchange does for a send-on-behalf within the firm).
    const onBehalf = await replyTo(world, request, people.manager, 'APPROVE', { sender: people.assistant, authAs: people.manager });
    await expectRefused(orderId, ref, onBehalf, 'on-behalf');
    const notice = await waitForAnswerTo(world, people.manager, onBehalf);
    expect(notice.text).toContain(`${people.assistant.address} sent an approval reply on order ${ref} on your behalf; it was not counted`);
    expect((await world.runtime.ledger.get(orderId))?.status).toBe('awaiting_approval');
    expect(await decisions(orderId)).toBe(0);

    await replyTo(world, request, people.manager, 'APPROVE');
    await waitForStatus(world, orderId, 'approved');
  });

  it('refuses another firm user answering with the approver\'s token', async () => {
    const { people } = world;
    const { orderId, ref, request } = await pendingOrder();
    const intruder = await replyTo(world, request, people.risk, 'APPROVE');
    await expectRefused(orderId, ref, intruder, 'not-approver');
    expect(await decisions(orderId)).toBe(0);
  });
});
