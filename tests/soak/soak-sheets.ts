import type { BadRowKind, OrderRoute, ScenarioOrderBook } from '../../fixtures/back-office/scenario-orders.ts';
import type { SampleOrder } from '../../fixtures/sample-sheets/make-order-sheets.ts';

/** One row of a soak sheet and what must become of it. */
export interface PlannedRow {
  order: SampleOrder;
  /** A good row's route through approval; undefined for a row intake must refuse. */
  route?: OrderRoute;
  bad?: BadRowKind;
  /** An approver rejects this order at its first level. */
  rejectedByApprover: boolean;
}

export interface PlannedSheet {
  index: number;
  submitter: string;
  rows: PlannedRow[];
}

const BAD_KINDS: readonly BadRowKind[] = ['bad-id-check-digit', 'unsuitable-risk', 'zero-amount'];
/** Branches whose sales managers are mailboxes of the local stack (config/approvers.yaml). */
const BRANCHES = ['SH-PD', 'BJ-CY'] as const;

/**
 * `orders` rows over `sheets` sheets from `submitters` in turn: about 60% clean small orders, 17% for
 * the branch manager, 5% needing three levels, 8% that an approver rejects and 10% rows intake refuses.
 */
export function planSoakSheets(book: ScenarioOrderBook, options: { orders: number; sheets: number; submitters: readonly string[]; tag: string; random: () => number }): PlannedSheet[] {
  const { orders, sheets, submitters, tag, random } = options;
  const plan: PlannedSheet[] = Array.from({ length: sheets }, (_, index) => ({ index, submitter: submitters[index % submitters.length] as string, rows: [] }));
  for (let n = 0; n < orders; n++) {
    const sheet = plan[n % sheets] as PlannedSheet;
    const ref = `${tag}-${String(sheet.index + 1).padStart(3, '0')}-${String(sheet.rows.length + 1).padStart(3, '0')}`;
    const branch = BRANCHES[Math.floor(random() * BRANCHES.length)] as string;
    const roll = random();
    if (roll < 0.1) {
      const bad = BAD_KINDS[n % BAD_KINDS.length] as BadRowKind;
      sheet.rows.push({ order: book.badRow(bad, ref), bad, rejectedByApprover: false });
      continue;
    }
    const route: OrderRoute = roll < 0.7 ? 'auto' : roll < 0.95 ? 'one-level' : 'three-levels';
    const rejectedByApprover = roll >= 0.87 && roll < 0.95;
    sheet.rows.push({ order: book.order(route, ref, { branch }), route, rejectedByApprover });
  }
  return plan.filter((s) => s.rows.length > 0);
}
