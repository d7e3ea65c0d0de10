import type { ApprovalDesk } from '../bots/approvals/index.ts';
import { enqueueNextStep } from './next-step.ts';
import type { Runtime } from './runtime.ts';

/** One tick looks at this many due orders at most; the rest are still due on the next tick. */
const CHASE_BATCH = 500;

export interface ChaseTickSummary {
  orders: number;
  reminders: number;
  escalations: number;
  expired: number;
}

/**
 * Chases every order whose next reminder, escalation or expiry is due at `now`. Safe when several
 * schedulers tick at once or a tick is re-run: each mail has a business-key id and each step is recorded
 * by compare-and-set, so a reminder goes out once and is counted once.
 */
export async function chaseApprovals(runtime: Runtime, desk: ApprovalDesk, now = new Date()): Promise<ChaseTickSummary> {
  const summary: ChaseTickSummary = { orders: 0, reminders: 0, escalations: 0, expired: 0 };
  for (const orderId of await desk.chasing.due(now, CHASE_BATCH)) {
    const report = await desk.chasing.chase(orderId, now);
    await enqueueNextStep(runtime, orderId, report.next);
    summary.orders++;
    summary.reminders += report.reminders;
    summary.escalations += report.escalations;
    summary.expired += report.expired ? 1 : 0;
  }
  return summary;
}
