import type { Job } from 'bullmq';
import type { ApprovalDesk } from '../bots/approvals/index.ts';
import type { CanonicalOrder } from '../bots/intake/canonical-order.ts';
import { buildReviewRefusalNotice, reviewOrder, type ApprovalRules } from '../bots/review/index.ts';
import { enqueueNextStep } from './next-step.ts';
import { QUEUE_CATALOGUE } from './queue-catalogue.ts';
import type { Runtime } from './runtime.ts';

const BOT = 'review-bot';
const EMAIL = /^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$/;

/**
 * The review step: pre-checks (intake's rules again, plus the configured limits), then the approval
 * matrix: auto-approval straight to keying, or an approval chain opened and its first level asked.
 * Safe to repeat: an order that already moved on only has its next step queued again (job ids dedupe).
 */
export function createReviewProcessor(runtime: Runtime, rules: ApprovalRules, desk: ApprovalDesk) {
  const { ledger, settings } = runtime;
  return async (job: Job): Promise<void> => {
    const { orderId } = QUEUE_CATALOGUE.review.payload.parse(job.data);
    const order = await ledger.get<CanonicalOrder>(orderId);
    if (!order) throw new Error(`review: no order ${orderId} in the ledger`);
    if (order.status === 'approved') return enqueueNextStep(runtime, orderId, { kind: 'keying' });
    if (order.status === 'awaiting_approval') return enqueueNextStep(runtime, orderId, await desk.requests.followUp(orderId));
    if (order.status !== 'received') return;

    const review = reviewOrder(order.order, rules, settings.intake.maxAmount);
    if (review.kind === 'refused') {
      await ledger.setStatus(
        orderId,
        'rejected',
        { actor: BOT, action: 'review:refused', reason: review.problems.map((p) => p.message).join('; '), detail: { problems: review.problems } },
        { statusNote: review.problems.map((p) => p.message).join('; ') },
      );
      const submitter = order.source.submitter ?? '';
      if (EMAIL.test(submitter)) {
        const notice = buildReviewRefusalNotice({
          orderId,
          externalRef: order.externalRef,
          from: settings.mail.sharedMailbox,
          to: submitter,
          ...(order.source.kind === 'mail' ? { submissionMessageId: order.source.reference } : {}),
          problems: review.problems,
        });
        await runtime.sendMail(notice);
      }
      return;
    }
    const { decision } = review;
    const detail = { rule: decision.rule, reasons: decision.reasons };
    if (decision.outcome.kind === 'auto-approve') {
      await ledger.setStatus(orderId, 'approved', { actor: BOT, action: 'review:auto-approved', reason: `rule ${decision.rule}`, detail });
      return enqueueNextStep(runtime, orderId, { kind: 'keying' });
    }
    const levels = decision.outcome.levels;
    await desk.requests.open({ orderId, externalRef: order.externalRef, rule: decision.rule, ...(decision.description ? { ruleDescription: decision.description } : {}), reasons: decision.reasons, levels });
    await ledger.setStatus(
      orderId,
      'awaiting_approval',
      { actor: BOT, action: 'review:routed', reason: `rule ${decision.rule}`, detail: { ...detail, chain: levels.map((l) => `${l.role}:${l.approve}`) } },
      { statusNote: `approval level 1 of ${levels.length}: ${levels[0]?.role ?? ''}` },
    );
    await enqueueNextStep(runtime, orderId, { kind: 'request-level', level: 1 });
  };
}
