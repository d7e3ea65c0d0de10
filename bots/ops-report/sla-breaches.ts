import type { WorkingCalendar } from '../../core/calendar/working-calendar.ts';
import type { OrderStatus } from '../../core/ledger/order-ledger.ts';
import { approvedAt } from './order-events.ts';
import type { OrderHistory } from './order-history.ts';
import { inWindow, type ReportWindow } from './report-window.ts';

const MINUTE_MS = 60_000;

/** The service levels the back office promises (settings `opsReport.*`). */
export interface ServiceLevels {
  /** Each approval level is answered within this many working hours of its request. */
  approvalSlaWorkingHours: number;
  /** An approved order is keyed into the CRM within this many minutes of its approval. */
  keyingSlaMinutes: number;
}

/** Orders still waiting for keying after approval: not keyed yet, whatever went wrong. */
const AWAITING_KEYING: readonly OrderStatus[] = ['approved', 'keying', 'failed', 'needs_attention'];

/**
 * One missed service level:
 * - `late`: answered (or keyed) in the window, after it was due;
 * - `open`: still not answered (or keyed) at report time, and already past due: reported every morning until done;
 * - `expired`: an approval level that ran out in the window without an answer.
 */
export interface SlaBreach {
  sla: 'approval' | 'keying';
  state: 'late' | 'open' | 'expired';
  orderId: string;
  externalRef: string;
  /** The order's status now. */
  status: OrderStatus;
  /** Approval breaches: which level (1-based) and its role. */
  level?: { number: number; role: string };
  /** When the clock started: the level's request, or the order's approval. */
  startedAt: string;
  dueAt: string;
  /** When it was answered or keyed (late breaches). */
  doneAt?: string;
}

function approvalBreaches(history: OrderHistory, window: ReportWindow, levels: ServiceLevels, calendar: WorkingCalendar): SlaBreach[] {
  const { order, approval } = history;
  if (!approval) return [];
  const breaches: SlaBreach[] = [];
  approval.levels.forEach((level, index) => {
    if (!level.requestedAt || Date.parse(level.requestedAt) >= window.to.getTime()) return;
    const dueAt = calendar.addWorkingHours(new Date(level.requestedAt), levels.approvalSlaWorkingHours);
    const base = { sla: 'approval' as const, orderId: order.id, externalRef: order.externalRef, status: order.status, level: { number: index + 1, role: level.role }, startedAt: level.requestedAt, dueAt: dueAt.toISOString() };
    if (level.outcome === 'expired') {
      if (inWindow(level.decidedAt, window)) breaches.push({ ...base, state: 'expired' });
    } else if (level.outcome) {
      if (inWindow(level.decidedAt, window) && Date.parse(level.decidedAt as string) > dueAt.getTime()) breaches.push({ ...base, state: 'late', doneAt: level.decidedAt as string });
    } else if (order.status === 'awaiting_approval' && !approval.outcome && dueAt < window.to) {
      breaches.push({ ...base, state: 'open' });
    }
  });
  return breaches;
}

function keyingBreach(history: OrderHistory, window: ReportWindow, levels: ServiceLevels): SlaBreach | undefined {
  const { order } = history;
  const approved = approvedAt(history);
  if (!approved || Date.parse(approved) >= window.to.getTime()) return undefined;
  const dueAt = new Date(Date.parse(approved) + levels.keyingSlaMinutes * MINUTE_MS);
  const base = { sla: 'keying' as const, orderId: order.id, externalRef: order.externalRef, status: order.status, startedAt: approved, dueAt: dueAt.toISOString() };
  if (order.status === 'keyed') {
    return inWindow(order.keyedAt, window) && Date.parse(order.keyedAt as string) > dueAt.getTime() ? { ...base, state: 'late', doneAt: order.keyedAt as string } : undefined;
  }
  return AWAITING_KEYING.includes(order.status) && dueAt < window.to ? { ...base, state: 'open' } : undefined;
}

/** Every breach the report lists, most overdue first. */
export function slaBreaches(histories: readonly OrderHistory[], window: ReportWindow, levels: ServiceLevels, calendar: WorkingCalendar): SlaBreach[] {
  const breaches = histories.flatMap((history) => {
    const keying = keyingBreach(history, window, levels);
    return [...approvalBreaches(history, window, levels, calendar), ...(keying ? [keying] : [])];
  });
  return breaches.sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt));
}
