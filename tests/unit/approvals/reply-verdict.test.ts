import { describe, expect, it } from 'vitest';
import { judgeReply, type ApprovalRecord, type ReplyVerdict } from '../../../bots/approvals/index.ts';
import type { ReplyFacts } from '../../../bots/approvals/reply-verdict.ts';
import type { TokenRecord } from '../../../bots/approvals/approval-tokens.ts';
import { applyDecision, newApprovalRecord, startLevel } from '../../../bots/approvals/approval-record.ts';

const NOW = new Date('2026-03-02T03:00:00Z');
const MANAGER = 'sales.manager@acme-finance.example';
const DEPUTY = 'sales.bj@acme-finance.example';
const OTHER = 'manager2@acme-finance.example';

function approvalRecord(): ApprovalRecord {
  const record = newApprovalRecord({ orderId: 'o-1', externalRef: 'SO-1', rule: 'large', reasons: [], levels: [{ role: 'sales-manager', approve: 'one' }, { role: 'risk', approve: 'one' }] });
  return startLevel(
    record,
    0,
    [
      { key: 'm1', approver: MANAGER, delegate: DEPUTY, away: false, sendTo: MANAGER, escalateTo: DEPUTY, allowed: [MANAGER, DEPUTY] },
      { key: 'm2', approver: OTHER, away: false, sendTo: OTHER, escalateTo: 'ops@acme-finance.example', allowed: [OTHER] },
    ],
    new Date('2026-03-02T01:00:00Z'),
    new Date('2026-03-09T01:00:00Z'),
  );
}

const token: TokenRecord = { orderId: 'o-1', level: 1, slot: 'm1', purpose: 'request', allowed: [MANAGER, DEPUTY], expiresAt: '2026-03-09T01:00:00.000Z', mailId: 'm', issuedAt: '2026-03-02T01:00:00.000Z' };

function facts(change: Partial<ReplyFacts> = {}): ReplyFacts {
  return {
    replyId: 'reply-1',
    messageId: '<r1@acme-finance.example>',
    from: MANAGER,
    sender: '',
    excluded: [],
    authentication: { ok: true },
    token: 'a'.repeat(32),
    tokenRecord: token,
    approval: approvalRecord(),
    decision: { kind: 'approve', comment: 'fine' },
    now: NOW,
    ...change,
  };
}

function kindOf(verdict: ReplyVerdict): string {
  return verdict.kind === 'refused' ? `refused:${verdict.reason}` : verdict.kind;
}

const decidedByOther = applyDecision(approvalRecord(), 0, 'm2', { decision: 'approve', by: OTHER, at: '2026-03-02T02:00:00.000Z', comment: '', messageId: '<x>', replyId: 'reply-0' }).record;

describe('judging an approval reply (token validation and sender rules)', () => {
  it.each<[string, Partial<ReplyFacts>, string]>([
    ['the assigned approver, valid token, readable decision', {}, 'accept'],
    ['the delegate', { from: DEPUTY }, 'accept'],
    ['forged sender (dmarc failed)', { authentication: { ok: false, problem: 'dmarc=fail' } }, 'refused:sender-not-authenticated'],
    ['forged sender even with a perfect token and decision', { authentication: { ok: false } }, 'refused:sender-not-authenticated'],
    ['no token at all', { token: undefined, tokenRecord: undefined }, 'refused:no-token'],
    ['a token we never issued', { tokenRecord: undefined, approval: undefined }, 'refused:unknown-token'],
    ['a token for an order whose approval is gone', { approval: undefined }, 'refused:unknown-token'],
    ['right token, another firm address', { from: 'sales@acme-finance.example' }, 'refused:not-approver'],
    ['right token, the other approver of the level', { from: OTHER }, 'refused:not-approver'],
    ['a token already used by another reply (replay)', { tokenRecord: { ...token, usedAt: '2026-03-02T02:00:00Z', usedBy: MANAGER, usedByReply: 'reply-0' } }, 'refused:replayed-token'],
    ['an expired token, level still open', { now: new Date('2026-03-09T01:00:01Z') }, 'refused:expired-token'],
    ['an expired token and an unreadable reply: the token is what counts', { now: new Date('2026-03-10T00:00:00Z'), decision: { kind: 'unreadable' } }, 'refused:expired-token'],
    ['a token for a slot the level does not have', { tokenRecord: { ...token, slot: 'nobody' } }, 'refused:unknown-token'],
    ['a token for a level the order does not have', { tokenRecord: { ...token, level: 5 } }, 'refused:unknown-token'],
    ['unreadable decision, everything else fine', { decision: { kind: 'unreadable' } }, 'unreadable'],
    ['the level was decided by the other approver', { approval: decidedByOther }, 'late'],
    ['the level was decided, even past token expiry', { approval: decidedByOther, now: new Date('2026-04-01T00:00:00Z') }, 'late'],
    ['sent on the approver\'s behalf by an assistant (From approver, Sender assistant)', { sender: 'assistant@acme-finance.example' }, 'refused:on-behalf'],
    ['sent on the approver\'s behalf by the other approver of the level', { sender: OTHER }, 'refused:on-behalf'],
    ['sent by the delegate on the approver\'s behalf: both may answer', { sender: DEPUTY }, 'accept'],
    ['From an outsider, Sender the approver: From must be allowed too', { from: 'outsider@acme-finance.example', sender: MANAGER }, 'refused:not-approver'],
    ['an auto-responder, even with a readable "decision"', { automatic: 'Auto-Submitted: auto-replied' }, 'ignored'],
    ['an auto-responder whose sender failed DMARC: ignored, not alarmed about', { automatic: 'X-Autoreply: yes', authentication: { ok: false } }, 'ignored'],
  ])('%s → %s', (_what, change, expected) => {
    expect(kindOf(judgeReply(facts(change)))).toBe(expected);
  });

  it('checks the sender before the token: a forger learns nothing about tokens', () => {
    expect(kindOf(judgeReply(facts({ authentication: { ok: false }, tokenRecord: undefined, approval: undefined })))).toBe('refused:sender-not-authenticated');
  });

  it('records who decided, when, the comment and the Message-ID', () => {
    expect(judgeReply(facts({ from: DEPUTY }))).toEqual({
      kind: 'accept',
      level: 1,
      slot: 'm1',
      resumed: false,
      decision: { decision: 'approve', by: DEPUTY, at: NOW.toISOString(), comment: 'fine', messageId: '<r1@acme-finance.example>', replyId: 'reply-1' },
    });
  });

  it('records the person who sent it as the decider when the delegate sends on the approver\'s behalf', () => {
    const verdict = judgeReply(facts({ sender: DEPUTY }));
    expect(verdict.kind === 'accept' && verdict.decision.by).toBe(DEPUTY);
  });

  it('says who decided a level first and when, for the late reply', () => {
    expect(judgeReply(facts({ approval: decidedByOther }))).toEqual({ kind: 'late', situation: 'decided', decidedBy: OTHER, decidedAt: '2026-03-02T02:00:00.000Z' });
  });

  it('tells a reply after expiry that the order expired', () => {
    const expired: ApprovalRecord = { ...approvalRecord(), outcome: 'expired', outcomeAt: '2026-03-09T01:00:00.000Z' };
    expect(judgeReply(facts({ approval: expired }))).toEqual({ kind: 'late', situation: 'expired', decidedBy: 'orderdesk', decidedAt: '2026-03-09T01:00:00.000Z' });
  });

  it('recognises a re-run of the job that used the token, so a crash mid-way is not a replay', () => {
    const decision = { decision: 'approve' as const, by: MANAGER, at: NOW.toISOString(), comment: 'fine', messageId: '<r1@acme-finance.example>', replyId: 'reply-1' };
    const decided = applyDecision(approvalRecord(), 0, 'm1', decision).record;
    const used = { ...token, usedAt: NOW.toISOString(), usedBy: MANAGER, usedByReply: 'reply-1' };
    expect(judgeReply(facts({ approval: decided, tokenRecord: used }))).toEqual({ kind: 'accept', level: 1, slot: 'm1', resumed: true, decision });
    expect(kindOf(judgeReply(facts({ approval: decided, tokenRecord: used, replyId: 'reply-2' })))).toBe('refused:replayed-token');
  });

  it('treats the same approver answering again with another of their tokens as late', () => {
    const allLevel = approvalRecord();
    allLevel.levels[0] = { ...allLevel.levels[0]!, approve: 'all' };
    const oneAnswered = applyDecision(allLevel, 0, 'm1', { decision: 'approve', by: MANAGER, at: '2026-03-02T02:00:00.000Z', comment: '', messageId: '<x>', replyId: 'reply-0' }).record;
    expect(judgeReply(facts({ approval: oneAnswered }))).toEqual({ kind: 'late', situation: 'decided', decidedBy: MANAGER, decidedAt: '2026-03-02T02:00:00.000Z' });
  });
});
