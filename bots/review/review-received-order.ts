import { ErrorCode } from '../../core/errors/error-codes.ts';
import { OrderDeskError } from '../../core/errors/orderdesk-error.ts';
import type { LedgerOrder, OrderLedger } from '../../core/ledger/order-ledger.ts';
import type { OutgoingMail } from '../../core/mail/outgoing-mail.ts';
import type { ApprovalLevelRule } from '../../config/approval-rules-schema.ts';
import type { CanonicalOrder } from '../intake/canonical-order.ts';
import { reviewOrder, type ApprovalRules } from './approval-rules.ts';
import type { BranchDirectory } from './branch-directory.ts';
import type { BranchDirectoryCheck } from './branch-directory-check.ts';
import type { CrmFactsDesk } from './crm-facts-desk.ts';
import type { PreCheckProblem } from './pre-checks.ts';
import { buildClaimsDifferNotice, buildReviewRefusalNotice, type ReviewNoticeInput } from './refusal-notice.ts';
import { reviewOnFacts, type FactsReview, type ReviewFactsRecord } from './review-on-facts.ts';
import type { RoutingDecision } from './routing.ts';

export const REVIEW_BOT = 'review-bot';
const EMAIL = /^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$/;

/** What review says comes next; the job queues it. */
export type ReviewNextStep = { kind: 'request-level'; level: number } | { kind: 'keying' } | { kind: 'none' };

/** The approval chain review opens for a routed order (the approvals bot's level requests). */
export interface ApprovalChainOpener {
  open(input: { orderId: string; externalRef: string; rule: string; ruleDescription?: string; reasons: string[]; levels: ApprovalLevelRule[] }): Promise<unknown>;
  followUp(orderId: string): Promise<ReviewNextStep>;
}

export interface ReviewDeps {
  ledger: OrderLedger;
  rules: ApprovalRules;
  /** Intake's overall amount cap. */
  maxAmount: string;
  chain: ApprovalChainOpener;
  /** The CRM's facts and the branch directory; absent when `review.factsSource` is `sheet`. */
  crm?: { facts: CrmFactsDesk; branches: BranchDirectory; check: BranchDirectoryCheck };
  /** The shared mailbox notices come from, and the outbox. */
  sharedMailbox: string;
  sendMail(mail: OutgoingMail): Promise<void>;
}

type Decided = { kind: 'refused'; problems: PreCheckProblem[]; record: ReviewFactsRecord; order: Partial<CanonicalOrder> } | { kind: 'routed'; decision: RoutingDecision; record: ReviewFactsRecord; order: Partial<CanonicalOrder> };

/**
 * Reviews one received order and records the outcome: refused (with a notice to the submitter), auto-
 * approved, or sent for approval with the chain opened. Safe to repeat: an order that already moved on
 * only gets its next step again. A CRM that does not answer throws (retried; the order waits in
 * `received`); it is never routed on the sheet's word instead.
 */
export async function reviewReceivedOrder(deps: ReviewDeps, orderId: string): Promise<ReviewNextStep> {
  const { ledger } = deps;
  const record = await ledger.get<CanonicalOrder>(orderId);
  if (!record) throw new OrderDeskError(ErrorCode.orderMissing, `no order ${orderId} in the ledger`, { business: true });
  if (record.status === 'approved') return { kind: 'keying' };
  if (record.status === 'awaiting_approval') return deps.chain.followUp(orderId);
  if (record.status !== 'received') return { kind: 'none' };

  let decided: Decided;
  try {
    decided = await decide(deps, record);
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? 'unknown error';
    const screenshot = (error as { screenshotPath?: string }).screenshotPath;
    await ledger.audit({ actor: REVIEW_BOT, action: 'review:crm-trouble', orderId, reason: message, detail: { code: error instanceof OrderDeskError ? error.code : 'review_system_fault', ...(screenshot ? { screenshot } : {}) } });
    throw error;
  }
  const differences = decided.record.differences.map((d) => d.message);
  if (differences.length > 0) {
    await ledger.audit({ actor: REVIEW_BOT, action: 'review:claims-differ', orderId, reason: differences.join('; '), detail: { differences: decided.record.differences } });
  }
  const reviewFacts = decided.record as unknown as Record<string, unknown>;
  const notice: ReviewNoticeInput | undefined = EMAIL.test(record.source.submitter ?? '')
    ? { orderId, externalRef: record.externalRef, from: deps.sharedMailbox, to: record.source.submitter ?? '', ...(record.source.kind === 'mail' ? { submissionMessageId: record.source.reference } : {}) }
    : undefined;

  if (decided.kind === 'refused') {
    const reason = decided.problems.map((p) => p.message).join('; ');
    await ledger.setStatus(orderId, 'rejected', { actor: REVIEW_BOT, action: 'review:refused', reason, detail: { problems: decided.problems, differences: decided.record.differences } }, { statusNote: reason, reviewFacts });
    if (notice) await deps.sendMail(buildReviewRefusalNotice({ ...notice, problems: decided.problems, differences }));
    return { kind: 'none' };
  }

  const { decision } = decided;
  // The approvers read why the order came to them: the rule's reasons, then where the CRM contradicted the sheet.
  const reasons = [...decision.reasons, ...differences];
  const detail = { rule: decision.rule, reasons, ...(differences.length > 0 ? { differences: decided.record.differences } : {}) };
  const order = decided.order as Record<string, unknown>;
  let route: string;
  let next: ReviewNextStep;
  if (decision.outcome.kind === 'auto-approve') {
    await ledger.setStatus(orderId, 'approved', { actor: REVIEW_BOT, action: 'review:auto-approved', reason: `rule ${decision.rule}`, detail }, { reviewFacts, order });
    route = `按规则 ${decision.rule} 自动批准 / auto-approved by rule ${decision.rule}`;
    next = { kind: 'keying' };
  } else {
    const levels = decision.outcome.levels;
    await deps.chain.open({ orderId, externalRef: record.externalRef, rule: decision.rule, ...(decision.description ? { ruleDescription: decision.description } : {}), reasons, levels });
    await ledger.setStatus(
      orderId,
      'awaiting_approval',
      { actor: REVIEW_BOT, action: 'review:routed', reason: `rule ${decision.rule}`, detail: { ...detail, chain: levels.map((l) => `${l.role}:${l.approve}`) } },
      { statusNote: `approval level 1 of ${levels.length}: ${levels[0]?.role ?? ''}`, reviewFacts, order },
    );
    route = `按规则 ${decision.rule} 送审（${levels.map((l) => l.role).join(' → ')}） / sent for approval by rule ${decision.rule} (${levels.map((l) => l.role).join(' → ')})`;
    next = { kind: 'request-level', level: 1 };
  }
  if (notice && differences.length > 0) await deps.sendMail(buildClaimsDifferNotice({ ...notice, differences, route }));
  return next;
}

async function decide(deps: ReviewDeps, record: LedgerOrder<CanonicalOrder>): Promise<Decided> {
  const order = record.order;
  if (!deps.crm) {
    const review = reviewOrder(order, deps.rules, deps.maxAmount);
    const sheetRecord: ReviewFactsRecord = { source: 'sheet', differences: [], identity: [] };
    return review.kind === 'refused' ? { kind: 'refused', problems: review.problems, record: sheetRecord, order } : { kind: 'routed', decision: review.decision, record: sheetRecord, order };
  }
  const { facts, branches, check } = deps.crm;
  const disagreements = await check.disagreements();
  if (disagreements.length > 0) throw new OrderDeskError(ErrorCode.configInvalid, `the branch directory disagrees with the CRM: ${disagreements.join('; ')}`);
  const [customer, product] = await Promise.all([facts.customer(String(order.customerId ?? '')), facts.product(String(order.productCode ?? ''))]);
  const review: FactsReview = reviewOnFacts(order, { customer, product }, branches.resolve(String(order.branch ?? '')), deps.rules, deps.maxAmount);
  return review;
}
