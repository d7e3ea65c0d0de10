import type { WorkingCalendar } from '../../core/calendar/working-calendar.ts';
import { approvalAge, APPROVAL_AGES, waitingForApprovalSince, type ApprovalAge } from './approval-age.ts';
import { approvalTurnaroundsMs, percentile } from './approval-turnaround.ts';
import { AUTO_APPROVED_ACTION, hadEventIn, KEYING_FAILED_ACTION, KEYING_REFUSED_ACTION } from './order-events.ts';
import type { OrderHistory } from './order-history.ts';
import { inWindow, type ReportWindow } from './report-window.ts';
import { slaBreaches, type ServiceLevels, type SlaBreach } from './sla-breaches.ts';

/** What happened to orders in the report's 24 hours. */
export interface DayFlow {
  received: number;
  /** Approved by the review rules, with no person asked. */
  autoApproved: number;
  /** Approval chains completed in the window, by how they ended. */
  approvedByApprovers: number;
  rejectedByApprovers: number;
  expiredInApproval: number;
  keyed: number;
  /** Keying gave up after its retries (system faults). */
  failed: number;
  /** The CRM refused the order (business reason). */
  needsAttention: number;
}

/** A failed or needs-attention order a person has to pick up. */
export interface AttentionOrder {
  orderId: string;
  externalRef: string;
  status: 'failed' | 'needs_attention';
  /** When it got there (its last update). */
  since: string;
  /** The CRM's message or the keying error. */
  note: string;
}

export interface OpsFigures {
  window: ReportWindow;
  flow: DayFlow;
  /** Approval levels answered in the window, and their turnaround p50/p95 (ms). */
  approvalTurnaround: { answeredLevels: number; p50Ms?: number; p95Ms?: number };
  /** Orders waiting for approval now, by how long they have waited. */
  waitingForApproval: Record<ApprovalAge, number>;
  /** Failed and needs-attention orders now, longest waiting first. */
  needingAttention: AttentionOrder[];
  slaBreaches: SlaBreach[];
}

function dayFlow(histories: readonly OrderHistory[], window: ReportWindow): DayFlow {
  const count = (test: (history: OrderHistory) => boolean): number => histories.filter(test).length;
  const chainEnded = (outcome: 'approved' | 'rejected' | 'expired') => (h: OrderHistory) => h.approval?.outcome === outcome && inWindow(h.approval.outcomeAt, window);
  return {
    received: count((h) => inWindow(h.order.createdAt, window)),
    autoApproved: count((h) => hadEventIn(h, AUTO_APPROVED_ACTION, window)),
    approvedByApprovers: count(chainEnded('approved')),
    rejectedByApprovers: count(chainEnded('rejected')),
    expiredInApproval: count(chainEnded('expired')),
    keyed: count((h) => h.order.status === 'keyed' && inWindow(h.order.keyedAt, window)),
    failed: count((h) => hadEventIn(h, KEYING_FAILED_ACTION, window)),
    needsAttention: count((h) => hadEventIn(h, KEYING_REFUSED_ACTION, window)),
  };
}

function waitingForApproval(histories: readonly OrderHistory[], now: Date, calendar: WorkingCalendar): Record<ApprovalAge, number> {
  const buckets = Object.fromEntries(APPROVAL_AGES.map((age) => [age, 0])) as Record<ApprovalAge, number>;
  for (const history of histories) {
    if (history.order.status === 'awaiting_approval') buckets[approvalAge(waitingForApprovalSince(history), now, calendar)]++;
  }
  return buckets;
}

function needingAttention(histories: readonly OrderHistory[]): AttentionOrder[] {
  const orders: AttentionOrder[] = [];
  for (const { order } of histories) {
    if (order.status !== 'failed' && order.status !== 'needs_attention') continue;
    orders.push({ orderId: order.id, externalRef: order.externalRef, status: order.status, since: order.updatedAt, note: order.statusNote ?? '' });
  }
  return orders.sort((a, b) => Date.parse(a.since) - Date.parse(b.since));
}

/**
 * The report's figures from the orders read for it (readOrderHistories): the window's flow, approval
 * turnaround and SLA breaches up to the report time, and the open backlog as the ledger holds it now.
 */
export function opsFigures(histories: readonly OrderHistory[], window: ReportWindow, levels: ServiceLevels, calendar: WorkingCalendar): OpsFigures {
  const turnarounds = approvalTurnaroundsMs(histories, window);
  const p50Ms = percentile(turnarounds, 50);
  const p95Ms = percentile(turnarounds, 95);
  return {
    window,
    flow: dayFlow(histories, window),
    approvalTurnaround: { answeredLevels: turnarounds.length, ...(p50Ms !== undefined ? { p50Ms } : {}), ...(p95Ms !== undefined ? { p95Ms } : {}) },
    waitingForApproval: waitingForApproval(histories, window.to, calendar),
    needingAttention: needingAttention(histories),
    slaBreaches: slaBreaches(histories, window, levels, calendar),
  };
}
