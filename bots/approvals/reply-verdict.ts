import type { ApprovalRecord, SlotDecision } from './approval-record.ts';
import type { TokenRecord } from './approval-tokens.ts';
import type { Exclusion } from './approver-directory.ts';
import { fourEyesRefusal } from './four-eyes.ts';
import type { ReadDecision } from './reply-parsing.ts';
import type { SenderAuthentication } from './sender-authentication.ts';

/** Refusals are security events: nothing changes, the attempt is audited and ops are told. */
export type RefusalReason =
  | 'sender-not-authenticated'
  | 'no-token'
  | 'unknown-token'
  | 'not-approver'
  /** Sent on the approver's behalf by someone who may not decide (Exchange "send on behalf": From the approver, Sender an assistant). */
  | 'on-behalf'
  /** Four eyes: the submitter or the sales rep of the order. */
  | 'self-approval'
  /** Four eyes: someone who already decided another level (or place) of the order. */
  | 'same-approver-twice'
  | 'replayed-token'
  | 'expired-token';

export type ReplyVerdict =
  /** Written by an auto-responder: no decision, no answer (answering a robot starts a mail loop). */
  | { kind: 'ignored'; marker: string }
  | { kind: 'refused'; reason: RefusalReason; explanation: string }
  /** An authentic reply for a level that no longer waits for it: answered "already decided by X at T". */
  | { kind: 'late'; situation: 'decided' | 'expired'; decidedBy: string; decidedAt: string }
  /** Authentic, in time, but no decision could be read: the sender is asked again, the token stays valid. */
  | { kind: 'unreadable' }
  | { kind: 'accept'; level: number; slot: string; decision: SlotDecision; resumed: boolean };

export interface ReplyFacts {
  replyId: string;
  messageId: string;
  /** The From address, lower case ('' when there is none or several). */
  from: string;
  /** The Sender address when it differs from From (several joined by ", "); '' when absent or the same. */
  sender: string;
  /** The auto-responder marker, when a robot wrote the reply. */
  automatic?: string;
  /** Four eyes: who may not decide this order (its submitter, sales rep, deciders of its other places). */
  excluded: readonly Exclusion[];
  authentication: SenderAuthentication;
  token: string | undefined;
  tokenRecord: TokenRecord | undefined;
  approval: ApprovalRecord | undefined;
  decision: ReadDecision;
  now: Date;
}

function refused(reason: RefusalReason, explanation: string): ReplyVerdict {
  return { kind: 'refused', reason, explanation };
}

/** Who decided, when a reply counts: the person who actually sent it (Sender), else From. */
export function deciderOf(facts: Pick<ReplyFacts, 'from' | 'sender'>): string {
  return facts.sender || facts.from;
}

/**
 * Decides what a reply is worth. A robot's reply is ignored. Otherwise a decision counts only when
 * every check holds, in this order: the firm's server vouches for the From address; the reply carries
 * a token we issued; neither From nor Sender is barred from the order by four eyes; From and Sender
 * are both addresses the token allows; the token is unused (a
 * re-run of the job that used it is not a replay); its level still waits for this approver; the token
 * has not expired; and a decision can be read.
 */
export function judgeReply(facts: ReplyFacts): ReplyVerdict {
  const { tokenRecord: token, approval, from, sender } = facts;
  if (facts.automatic) return { kind: 'ignored', marker: facts.automatic };
  if (!facts.authentication.ok) return refused('sender-not-authenticated', facts.authentication.problem ?? 'the sender could not be verified');
  if (!facts.token) return refused('no-token', 'the reply carries no approval token');
  if (!token || !approval) return refused('unknown-token', 'the approval token is not one OrderDesk issued (or it was withdrawn)');
  // Four eyes before anything else about the token: the maker holding a checker's token is the event to report.
  const people = [from, ...sender.split(', ')].filter(Boolean);
  const barred = facts.excluded.find((e) => people.includes(e.address));
  if (barred) return refused(fourEyesRefusal(barred), `four eyes: ${barred.address} ${barred.because}`);
  if (!token.allowed.includes(from)) return refused('not-approver', `${from || '(no sender)'} is not the assigned approver or their delegate for this request`);
  if (sender && !token.allowed.includes(sender)) return refused('on-behalf', `sent by ${sender} on behalf of ${from}; only the approver or their delegate may answer, themselves`);

  const index = token.level - 1;
  const level = approval.levels[index];
  const slot = level?.slots.find((s) => s.key === token.slot);
  if (token.usedAt) {
    if (token.usedByReply === facts.replyId && slot?.decision?.replyId === facts.replyId) {
      return { kind: 'accept', level: token.level, slot: token.slot, decision: slot.decision, resumed: true };
    }
    return refused('replayed-token', `the approval token was already used by ${token.usedBy ?? 'someone'} at ${token.usedAt}`);
  }
  if (!level || !slot) return refused('unknown-token', 'the approval token names a level or approver the order does not have');

  if (approval.outcome === 'expired') return { kind: 'late', situation: 'expired', decidedBy: 'orderdesk', decidedAt: approval.outcomeAt ?? '' };
  if (level.outcome) return { kind: 'late', situation: 'decided', decidedBy: level.decidedBy ?? '', decidedAt: level.decidedAt ?? '' };
  if (slot.decision) return { kind: 'late', situation: 'decided', decidedBy: slot.decision.by, decidedAt: slot.decision.at };
  if (approval.outcome || approval.current !== index) return { kind: 'late', situation: 'decided', decidedBy: '', decidedAt: approval.outcomeAt ?? '' };

  if (facts.now.getTime() > Date.parse(token.expiresAt)) return refused('expired-token', `the approval token expired at ${token.expiresAt}`);
  if (facts.decision.kind === 'unreadable') return { kind: 'unreadable' };
  return {
    kind: 'accept',
    level: token.level,
    slot: token.slot,
    resumed: false,
    decision: { decision: facts.decision.kind, by: deciderOf(facts), at: facts.now.toISOString(), comment: facts.decision.comment, messageId: facts.messageId, replyId: facts.replyId },
  };
}
