import type { ApprovalLevel, ApprovalRecord } from '../../../bots/approvals/index.ts';
import type { OrderHistory } from '../../../bots/ops-report/index.ts';
import type { LedgerOrder } from '../../../core/ledger/order-ledger.ts';

/** An instant given as Shanghai wall-clock time, "2026-03-02T09:00". */
export function at(local: string): Date {
  return new Date(`${local}+08:00`);
}

export function iso(local: string): string {
  return at(local).toISOString();
}

let sequence = 0;

/** An order the ledger could hold; times are Shanghai wall-clock. */
export function order(change: Partial<Omit<LedgerOrder, 'createdAt' | 'updatedAt' | 'keyedAt'>> & { createdAt: string; updatedAt?: string; keyedAt?: string }): LedgerOrder {
  sequence++;
  const { createdAt, updatedAt, keyedAt, ...rest } = change;
  return {
    id: `o-${sequence}`,
    externalRef: `REF-${sequence}`,
    order: {},
    status: 'received',
    source: { kind: 'mail', reference: '<m@sandbox>', row: 2 },
    createdAt: iso(createdAt),
    updatedAt: iso(updatedAt ?? createdAt),
    ...(keyedAt ? { keyedAt: iso(keyedAt) } : {}),
    ...rest,
  };
}

/** An order's audit trail from (action, Shanghai time) pairs. */
export function trail(...events: [action: string, local: string][]): OrderHistory['trail'] {
  return events.map(([action, local]) => ({ at: iso(local), actor: 'test', action }));
}

export interface LevelSketch {
  role?: string;
  requestedAt?: string;
  outcome?: ApprovalLevel['outcome'];
  decidedAt?: string;
}

/** An approval chain; the record's outcome follows its levels as applyDecision/expireApproval leave it. */
export function chain(orderId: string, levels: LevelSketch[]): ApprovalRecord {
  const built: ApprovalLevel[] = levels.map((l) => ({
    role: l.role ?? 'sales-manager',
    approve: 'one',
    slots: [],
    ...(l.requestedAt ? { requestedAt: iso(l.requestedAt) } : {}),
    ...(l.outcome ? { outcome: l.outcome, decidedAt: iso(l.decidedAt ?? ''), decidedBy: 'manager@acme-finance.example' } : {}),
  }));
  const ended = built.find((l) => l.outcome && l.outcome !== 'approved') ?? (built.every((l) => l.outcome === 'approved') ? built.at(-1) : undefined);
  const current = built.findIndex((l) => l.outcome !== 'approved');
  return {
    orderId,
    externalRef: 'REF',
    rule: 'manager-approval',
    reasons: [],
    levels: built,
    current: current === -1 ? built.length : current,
    ...(ended?.outcome ? { outcome: ended.outcome, outcomeAt: ended.decidedAt as string } : {}),
  };
}

export function history(o: LedgerOrder, events: OrderHistory['trail'] = [], approval?: ApprovalRecord): OrderHistory {
  return { order: o, trail: events, ...(approval ? { approval } : {}) };
}
