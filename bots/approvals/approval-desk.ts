import { ApprovalChaser } from './approval-chaser.ts';
import { ApprovalContext, type ApprovalDeskOptions } from './approval-context.ts';
import type { ApprovalStore } from './approval-store.ts';
import { DecisionMailSender } from './decision-mail-sender.ts';
import { LevelRequests } from './level-requests.ts';
import { ReplyHandling } from './reply-handling.ts';

/**
 * The approvals bot's three units over one wiring: level requests (open, ask, re-send, follow the
 * outcome), reply handling, and chasing. Every mail has a business-key id and every change to an
 * approval is a compare-and-set, so any of them may run twice.
 */
export interface ApprovalDesk {
  /** Read access for callers that look at an approval (tests, the dashboard). */
  store: ApprovalStore;
  requests: LevelRequests;
  replies: ReplyHandling;
  chasing: ApprovalChaser;
}

export function createApprovalDesk(options: ApprovalDeskOptions): ApprovalDesk {
  const context = new ApprovalContext(options);
  const mails = new DecisionMailSender(context);
  const requests = new LevelRequests(context, mails);
  return { store: context.store, requests, replies: new ReplyHandling(context, requests), chasing: new ApprovalChaser(context, mails, requests) };
}
