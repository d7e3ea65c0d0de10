import type { WorkingCalendar } from '../../core/calendar/working-calendar.ts';
import type { OrderHistory } from './order-history.ts';

/**
 * How long orders have waited for approval, in working time (config/calendar.yaml). The buckets line up
 * with approval chasing's shipped clock (settings `approvals.*`), so each says what is happening:
 * - under 4 working hours: before the first reminder; nothing to do yet;
 * - 4 working hours to 1 working day: the approvers are being reminded;
 * - 1 to 3 working days: escalated to delegates (after 3 × 4 working hours by default); worth a manager's look;
 * - over 3 working days: nearing expiry (5 working days per level); the customer is likely to hear "expired".
 * Working time, not clock time: a request sent on Friday evening is not three days old on Monday morning.
 */
export const APPROVAL_AGES = ['under-4-working-hours', '4-working-hours-to-1-working-day', '1-to-3-working-days', 'over-3-working-days'] as const;
export type ApprovalAge = (typeof APPROVAL_AGES)[number];

/** The first bucket's end: when the shipped chasing sends its first reminder. */
const FIRST_REMINDER_WORKING_HOURS = 4;

/** The bucket of an order waiting since `waitingSince`, at `now`. */
export function approvalAge(waitingSince: Date, now: Date, calendar: WorkingCalendar): ApprovalAge {
  if (now < calendar.addWorkingHours(waitingSince, FIRST_REMINDER_WORKING_HOURS)) return 'under-4-working-hours';
  if (now < calendar.addWorkingDays(waitingSince, 1)) return '4-working-hours-to-1-working-day';
  if (now < calendar.addWorkingDays(waitingSince, 3)) return '1-to-3-working-days';
  return 'over-3-working-days';
}

/**
 * An order waits for approval from its first level's request (when the chasing clock starts too); an
 * order routed but not yet asked waits from its receipt, which review follows within seconds.
 */
export function waitingForApprovalSince(history: OrderHistory): Date {
  return new Date(history.approval?.levels[0]?.requestedAt ?? history.order.createdAt);
}
