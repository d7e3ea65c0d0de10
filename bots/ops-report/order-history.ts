import type { AuditEvent, LedgerOrder, OrderLedger, OrderStatus } from '../../core/ledger/order-ledger.ts';
import type { ApprovalRecord } from '../approvals/index.ts';

/** One order as the report sees it: the ledger record, its own audit trail, and its approval chain. */
export interface OrderHistory {
  order: LedgerOrder;
  /** The order's own audit trail, oldest first. */
  trail: AuditEvent[];
  /** Present when review routed the order to approvers (auto-approved orders have none). */
  approval?: ApprovalRecord;
}

/** The approvals store's read side (bots/approvals/approval-store.ts): when each level was requested and answered. */
export interface ApprovalReader {
  get(orderId: string): Promise<ApprovalRecord | undefined>;
}

/** Orders the back office still has to move on; they are in the report whatever their age. */
const OPEN_STATUSES: readonly OrderStatus[] = ['awaiting_approval', 'approved', 'keying', 'failed', 'needs_attention'];

/** Orders whose record, trail and approval are read at once (one round trip's worth each). */
const READ_CHUNK = 200;

/**
 * The orders a report needs: every open one, and every one whose status changed since `since`. An
 * order changed in the window (received, approved, keyed, refused…) has its last update at or after
 * the change, so this catches each of them without an index on events.
 */
export async function readOrderHistories(deps: { ledger: OrderLedger; approvals: ApprovalReader }, since: Date): Promise<OrderHistory[]> {
  const wanted: string[] = [];
  for await (const state of deps.ledger.orderStates()) {
    if (OPEN_STATUSES.includes(state.status) || Date.parse(state.updatedAt) >= since.getTime()) wanted.push(state.id);
  }
  const histories: OrderHistory[] = [];
  for (let start = 0; start < wanted.length; start += READ_CHUNK) {
    const chunk = await Promise.all(
      wanted.slice(start, start + READ_CHUNK).map(async (orderId) => {
        const [order, trail, approval] = await Promise.all([deps.ledger.get(orderId), deps.ledger.auditTrail(orderId), deps.approvals.get(orderId)]);
        return order ? { order, trail, ...(approval ? { approval } : {}) } : undefined;
      }),
    );
    for (const history of chunk) if (history) histories.push(history);
  }
  return histories;
}
