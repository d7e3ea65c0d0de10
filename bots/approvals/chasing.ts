import type { WorkingCalendar } from '../../core/calendar/working-calendar.ts';
import { currentLevel, pendingSlots, type ApprovalLevel, type ApprovalRecord, type ApprovalSlot } from './approval-record.ts';

/** How approvers are chased (settings `approvals.*`). */
export interface ChasePolicy {
  reminderAfterWorkingHours: number;
  maxReminders: number;
  expireAfterWorkingDays: number;
}

export type ChaseAction =
  | { kind: 'expire' }
  | { kind: 'remind'; slot: string; step: number }
  | { kind: 'escalate'; slot: string; step: number };

/** When a level requested at `requestedAt` expires the order. */
export function levelDeadline(requestedAt: Date, calendar: WorkingCalendar, policy: ChasePolicy): Date {
  return calendar.addWorkingDays(requestedAt, policy.expireAfterWorkingDays);
}

/** Step 1..M is the M-th reminder, step M+1 the escalation; each N working hours after the one before. */
export function chaseStepDueAt(requestedAt: Date, step: number, calendar: WorkingCalendar, policy: ChasePolicy): Date {
  return calendar.addWorkingHours(requestedAt, step * policy.reminderAfterWorkingHours);
}

function lastStep(policy: ChasePolicy): number {
  return policy.maxReminders + 1;
}

/** Pending places someone can be asked for: four eyes may have left a place with nobody (ops were told). */
function chasable(level: ApprovalLevel): ApprovalSlot[] {
  return pendingSlots(level).filter((slot) => !slot.unreachable);
}

/** The furthest step due by `now` (0: none yet). */
function dueStep(level: ApprovalLevel, now: Date, calendar: WorkingCalendar, policy: ChasePolicy): number {
  const requestedAt = new Date(level.requestedAt as string);
  let step = 0;
  while (step < lastStep(policy) && chaseStepDueAt(requestedAt, step + 1, calendar, policy) <= now) step++;
  return step;
}

/**
 * What chasing should do for one order at `now`. Only the furthest step due is taken: after a scheduler
 * outage an approver gets one mail (say the escalation), not every reminder they missed at once.
 */
export function planChase(record: ApprovalRecord, now: Date, calendar: WorkingCalendar, policy: ChasePolicy): ChaseAction[] {
  const level = currentLevel(record);
  if (!level?.requestedAt || !level.deadline) return [];
  if (now >= new Date(level.deadline)) return [{ kind: 'expire' }];
  const step = dueStep(level, now, calendar, policy);
  return chasable(level)
    .filter((slot) => step > slot.chaseStep)
    .map((slot) => ({ kind: step > policy.maxReminders ? ('escalate' as const) : ('remind' as const), slot: slot.key, step }));
}

/** When chasing should next look at this order: its next step or its deadline, whichever is first; null when done. */
export function nextChaseAt(record: ApprovalRecord, calendar: WorkingCalendar, policy: ChasePolicy): Date | null {
  const level = currentLevel(record);
  if (!level?.requestedAt || !level.deadline) return null;
  const requestedAt = new Date(level.requestedAt);
  let next = new Date(level.deadline);
  for (const slot of chasable(level)) {
    if (slot.chaseStep >= lastStep(policy)) continue;
    const due = chaseStepDueAt(requestedAt, slot.chaseStep + 1, calendar, policy);
    if (due < next) next = due;
  }
  return next;
}
