import { ErrorCode } from '../../core/errors/error-codes.ts';
import { OrderDeskError } from '../../core/errors/orderdesk-error.ts';
import type { OrderLedger, OrderStatus } from '../../core/ledger/order-ledger.ts';
import { jobIdFor } from '../queue-catalogue.ts';
import type { OrderDeskQueues } from '../queues.ts';

/** Who did it, as the audit trail names a dashboard user. */
export function dashboardActor(user: string): string {
  return `dashboard:${user}`;
}

/** Orders keying gave up on (failed), the CRM refused (needs_attention), or approved ones whose job is gone. */
export const RERUNNABLE: readonly OrderStatus[] = ['failed', 'needs_attention', 'approved'];
/** Orders still waiting for an approver. */
export const AWAITING_APPROVAL: readonly OrderStatus[] = ['awaiting_approval'];
/** Anything a person may close by hand: not finished, and not in the middle of being keyed. */
export const RESOLVABLE: readonly OrderStatus[] = ['received', 'awaiting_approval', 'approved', 'failed', 'needs_attention', 'expired'];

export interface OrderActionDeps {
  ledger: OrderLedger;
  queues: OrderDeskQueues;
}

async function currentStatus(ledger: OrderLedger, orderId: string): Promise<OrderStatus> {
  const order = await ledger.get(orderId);
  if (!order) throw new OrderDeskError(ErrorCode.orderMissing, `no order ${orderId}`, { business: true });
  return order.status;
}

function refuse(action: string, status: string): never {
  throw new OrderDeskError('order_action_refused', `cannot ${action} an order that is ${status}`, { business: true });
}

/**
 * Puts the order back to `approved` (audited with the user's name) and enqueues a NEW keying job.
 * A new job id rather than BullMQ's `job.retry()`: the old job may have been cleaned or be a completed
 * one (a CRM refusal), and a retried job keeps its attempts used, so the processor would treat the first
 * try as the last; a fresh job gets the queue's whole retry budget whatever became of the old one.
 * Keying searches the CRM by external reference before creating, so a rerun never keys twice.
 */
export async function rerunKeying(deps: OrderActionDeps, orderId: string, user: string, note?: string): Promise<string> {
  const status = await currentStatus(deps.ledger, orderId);
  if (!RERUNNABLE.includes(status)) refuse('re-run keying of', status);
  const jobId = jobIdFor('keying', orderId, 'rerun', Date.now());
  await deps.ledger.setStatus(orderId, 'approved', {
    actor: dashboardActor(user),
    action: 'dashboard:rerun-keying',
    reason: note || `re-run keying (was ${status})`,
    detail: { previousStatus: status, jobId },
  });
  await deps.queues.add('keying', jobId, { orderId });
  return jobId;
}

/**
 * Asks the approvals step to send the current level's request again: an `approvals` job for the order
 * under a fresh id (the first request's job id is taken and would be deduplicated away).
 */
export async function resendApprovalRequest(deps: OrderActionDeps, orderId: string, user: string): Promise<string> {
  const status = await currentStatus(deps.ledger, orderId);
  if (!AWAITING_APPROVAL.includes(status)) refuse('re-send an approval request for', status);
  const jobId = jobIdFor('approvals', orderId, 'resend', Date.now());
  await deps.queues.add('approvals', jobId, { orderId });
  await deps.ledger.audit({ actor: dashboardActor(user), action: 'dashboard:resend-approval', orderId, detail: { jobId } });
  return jobId;
}

/** Closes an order by hand with the user's note, e.g. after keying it in the CRM themselves. */
export async function markResolved(deps: OrderActionDeps, orderId: string, user: string, note: string): Promise<void> {
  const text = note.trim();
  if (!text) throw new OrderDeskError('note_required', 'say what was done: a note is required to mark an order resolved', { business: true });
  const status = await currentStatus(deps.ledger, orderId);
  if (!RESOLVABLE.includes(status)) refuse('mark resolved', status);
  await deps.ledger.setStatus(
    orderId,
    'resolved',
    { actor: dashboardActor(user), action: 'dashboard:resolved', reason: text, detail: { previousStatus: status } },
    { statusNote: text },
  );
}
