import type { Job } from 'bullmq';
import type { ApprovalDesk } from '../bots/approvals/index.ts';
import { reviewReceivedOrder, type ApprovalRules, type ReviewDeps } from '../bots/review/index.ts';
import { enqueueNextStep } from './next-step.ts';
import { QUEUE_CATALOGUE } from './queue-catalogue.ts';
import type { Runtime } from './runtime.ts';

/**
 * The review step's processor: parses the payload, lets the review bot decide and record (on the CRM's
 * facts when `crm` is given), and queues what it says comes next.
 */
export function createReviewProcessor(runtime: Runtime, rules: ApprovalRules, desk: ApprovalDesk, crm?: ReviewDeps['crm']) {
  const deps: ReviewDeps = {
    ledger: runtime.ledger,
    rules,
    maxAmount: runtime.settings.intake.maxAmount,
    chain: desk.requests,
    ...(crm ? { crm } : {}),
    sharedMailbox: runtime.settings.mail.sharedMailbox,
    sendMail: (mail) => runtime.sendMail(mail),
  };
  return async (job: Job): Promise<void> => {
    const { orderId } = QUEUE_CATALOGUE.review.payload.parse(job.data);
    await enqueueNextStep(runtime, orderId, await reviewReceivedOrder(deps, orderId));
  };
}
