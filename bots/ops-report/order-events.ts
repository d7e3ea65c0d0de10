import { inWindow, type ReportWindow } from './report-window.ts';
import type { OrderHistory } from './order-history.ts';

/**
 * Audit actions the report counts, as the steps write them: review's auto-approval (jobs/review.job.ts)
 * and the keying bot's final failure and CRM refusal (bots/keying/key-approved-order.ts).
 */
export const AUTO_APPROVED_ACTION = 'review:auto-approved';
export const KEYING_FAILED_ACTION = 'keying:failed';
export const KEYING_REFUSED_ACTION = 'keying:refused';

/** When the order's trail first records `action`. */
function firstEventAt(history: OrderHistory, action: string): string | undefined {
  return history.trail.find((event) => event.action === action)?.at;
}

/** The order's trail records `action` within the window (a re-run that fails again still counts the order once). */
export function hadEventIn(history: OrderHistory, action: string, window: ReportWindow): boolean {
  return history.trail.some((event) => event.action === action && inWindow(event.at, window));
}

/**
 * When the order was approved: by the review rules (auto-approval) or by its chain's last level. The
 * keying SLA runs from here; a person re-running keying later does not restart it.
 */
export function approvedAt(history: OrderHistory): string | undefined {
  const { approval } = history;
  if (approval) return approval.outcome === 'approved' ? approval.outcomeAt : undefined;
  return firstEventAt(history, AUTO_APPROVED_ACTION);
}
