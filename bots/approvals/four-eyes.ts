import type { ApprovalRecord } from './approval-record.ts';
import type { ApproverDirectory, Exclusion } from './approver-directory.ts';

const ADDRESS = /^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$/;

/** What four eyes look at on one order. */
export interface FourEyesFacts {
  /** Who mailed or dropped the order (the ledger's source). */
  submitter?: string;
  /** The sales rep named on the order: an address or a name. */
  salesRep?: string;
  /** The approval so far: whoever decided a place in it may not decide another. */
  record?: ApprovalRecord;
  /** The place being decided now (a token's): its own earlier answer is a late reply, not a second decision. */
  place?: { level: number; slot: string };
}

function sameName(a: string, b: string): boolean {
  return a.normalize('NFKC').trim().toLowerCase() === b.normalize('NFKC').trim().toLowerCase();
}

/**
 * The mailboxes behind the sales rep named on an order: the name itself when it is an address, the
 * `people` of config/approvers.yaml listing that name, and any approver of that name.
 */
export function salesRepAddresses(directory: ApproverDirectory, salesRep: string): string[] {
  const rep = salesRep.trim();
  if (!rep) return [];
  if (ADDRESS.test(rep)) return [rep.toLowerCase()];
  const { config } = directory;
  const roles = [...Object.values(config.roles), ...Object.values(config.branches).flatMap((b) => Object.values(b.roles))];
  const named = [
    ...config.people.filter((p) => p.names.some((n) => sameName(n, rep))).map((p) => p.address),
    ...roles.flatMap((r) => r.approvers).filter((a) => a.name !== undefined && sameName(a.name, rep)).map((a) => a.address),
  ];
  return [...new Set(named)];
}

/**
 * Who may never decide any level of this order (maker-checker): its submitter, its sales rep, and
 * anyone who already decided another place in its approval. One entry per person, the first reason kept.
 */
export function excludedPeople(directory: ApproverDirectory, facts: FourEyesFacts): Exclusion[] {
  const found: Exclusion[] = [];
  const add = (address: string, reason: Exclusion['reason'], because: string): void => {
    const lower = address.trim().toLowerCase();
    if (ADDRESS.test(lower) && !found.some((e) => e.address === lower)) found.push({ address: lower, reason, because });
  };
  if (facts.submitter) add(facts.submitter, 'submitter', '提交了此订单 / submitted this order');
  for (const address of salesRepAddresses(directory, facts.salesRep ?? '')) add(address, 'sales-rep', `是此订单的客户经理（${facts.salesRep}） / is the order's sales rep (${facts.salesRep})`);
  facts.record?.levels.forEach((level, index) => {
    for (const slot of level.slots) {
      if (!slot.decision || (facts.place?.level === index + 1 && facts.place.slot === slot.key)) continue;
      add(slot.decision.by, 'decided-earlier', `已审批此订单第 ${index + 1} 级（${level.role}） / already decided level ${index + 1} (${level.role}) of this order`);
    }
  });
  return found;
}

/** The refusal an excluded person's reply gets: `self-approval` for the maker, `same-approver-twice` for a checker. */
export function fourEyesRefusal(exclusion: Exclusion): 'self-approval' | 'same-approver-twice' {
  return exclusion.reason === 'decided-earlier' ? 'same-approver-twice' : 'self-approval';
}
