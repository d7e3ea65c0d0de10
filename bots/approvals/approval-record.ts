import type { AssignedApprover } from './approver-directory.ts';

/** A person's answer, as the ledger keeps it: who, when, what, why, and from which mail. */
export interface SlotDecision {
  decision: 'approve' | 'reject';
  /** The sender's address: the approver, their delegate, or whoever an escalation went to. */
  by: string;
  at: string;
  comment: string;
  /** Message-ID of the reply that carried it. */
  messageId: string;
  /** The approvals job that read the reply: lets a re-run recognise its own decision. */
  replyId: string;
}

/** One approver's place in a level, with how far chasing has gone (0: request, 1..M: reminders, M+1: escalated). */
export interface ApprovalSlot extends AssignedApprover {
  chaseStep: number;
  decision?: SlotDecision;
}

export type LevelOutcome = 'approved' | 'rejected' | 'expired';

export interface ApprovalLevel {
  role: string;
  approve: 'one' | 'all';
  /** Set when the level's requests are first sent; chasing counts from here. */
  requestedAt?: string;
  /** After this the order expires. */
  deadline?: string;
  slots: ApprovalSlot[];
  outcome?: LevelOutcome;
  decidedAt?: string;
  decidedBy?: string;
}

/** An order's whole approval: the rule that routed it, its chain, and where it stands. */
export interface ApprovalRecord {
  orderId: string;
  externalRef: string;
  rule: string;
  ruleDescription?: string;
  /** Why the rule matched, for the approvers: "amount 6,000,000.00 CNY is above 5,000,000.00". */
  reasons: string[];
  levels: ApprovalLevel[];
  /** Index of the level being asked; equals levels.length once the chain is approved. */
  current: number;
  outcome?: LevelOutcome;
  outcomeAt?: string;
}

export function newApprovalRecord(input: {
  orderId: string;
  externalRef: string;
  rule: string;
  ruleDescription?: string;
  reasons: string[];
  levels: { role: string; approve: 'one' | 'all' }[];
}): ApprovalRecord {
  return {
    orderId: input.orderId,
    externalRef: input.externalRef,
    rule: input.rule,
    ...(input.ruleDescription ? { ruleDescription: input.ruleDescription } : {}),
    reasons: input.reasons,
    levels: input.levels.map((l) => ({ role: l.role, approve: l.approve, slots: [] })),
    current: 0,
  };
}

/** The level being asked, if the chain is still open. */
export function currentLevel(record: ApprovalRecord): ApprovalLevel | undefined {
  return record.outcome ? undefined : record.levels[record.current];
}

/** Slots still waiting for an answer at a level: all of them until one answers in `one` mode. */
export function pendingSlots(level: ApprovalLevel): ApprovalSlot[] {
  if (level.outcome) return [];
  return level.slots.filter((slot) => !slot.decision);
}

function clone(record: ApprovalRecord): ApprovalRecord {
  return structuredClone(record);
}

/** The level's approvers are fixed and its clock starts: the first request is about to go out. */
export function startLevel(record: ApprovalRecord, index: number, assigned: AssignedApprover[], requestedAt: Date, deadline: Date): ApprovalRecord {
  const next = clone(record);
  const level = next.levels[index];
  if (!level || level.requestedAt) return next;
  level.requestedAt = requestedAt.toISOString();
  level.deadline = deadline.toISOString();
  level.slots = assigned.map((a) => ({ ...a, chaseStep: 0 }));
  return next;
}

export type DecisionEffect = 'recorded' | 'level-approved' | 'order-approved' | 'order-rejected';

/**
 * Records one answer for one slot of the current level. A rejection ends the chain at once; an approval
 * completes the level when it needs one answer, or when every slot of an `all` level has approved.
 */
export function applyDecision(record: ApprovalRecord, index: number, slotKey: string, decision: SlotDecision): { record: ApprovalRecord; effect: DecisionEffect } {
  const next = clone(record);
  const level = next.levels[index];
  const slot = level?.slots.find((s) => s.key === slotKey);
  if (!level || !slot || next.outcome || next.current !== index || level.outcome || slot.decision) {
    throw new Error(`approval ${record.orderId}: level ${index + 1} slot ${slotKey} cannot take a decision now`);
  }
  slot.decision = decision;
  if (decision.decision === 'reject') {
    Object.assign(level, { outcome: 'rejected', decidedAt: decision.at, decidedBy: decision.by });
    Object.assign(next, { outcome: 'rejected', outcomeAt: decision.at });
    return { record: next, effect: 'order-rejected' };
  }
  const complete = level.approve === 'one' || level.slots.every((s) => s.decision?.decision === 'approve');
  if (!complete) return { record: next, effect: 'recorded' };
  Object.assign(level, { outcome: 'approved', decidedAt: decision.at, decidedBy: decision.by });
  next.current = index + 1;
  if (next.current < next.levels.length) return { record: next, effect: 'level-approved' };
  Object.assign(next, { outcome: 'approved', outcomeAt: decision.at });
  return { record: next, effect: 'order-approved' };
}

/** Nobody decided the current level in time. */
export function expireApproval(record: ApprovalRecord, at: Date): ApprovalRecord {
  const next = clone(record);
  const level = next.levels[next.current];
  if (next.outcome || !level) return next;
  Object.assign(level, { outcome: 'expired', decidedAt: at.toISOString(), decidedBy: 'orderdesk' });
  Object.assign(next, { outcome: 'expired', outcomeAt: at.toISOString() });
  return next;
}

/** Chasing reached `step` for one slot (only forward: a slower scheduler never winds it back). */
export function advanceChase(record: ApprovalRecord, index: number, slotKey: string, step: number): ApprovalRecord {
  const next = clone(record);
  const slot = next.levels[index]?.slots.find((s) => s.key === slotKey);
  if (slot && step > slot.chaseStep) slot.chaseStep = step;
  return next;
}
