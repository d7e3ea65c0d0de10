import { describe, expect, it } from 'vitest';
import { applyDecision, newApprovalRecord, startLevel, type ApprovalRecord } from '../../../bots/approvals/approval-record.ts';
import { excludedPeople, salesRepAddresses } from '../../../bots/approvals/four-eyes.ts';
import { assignApprovers, buildDecisionMail, judgeReply, planChase, type ApproverDirectory, type ReplyFacts, type ReplyVerdict } from '../../../bots/approvals/index.ts';
import { loadWorkingCalendar } from '../../../core/calendar/index.ts';
import { approversSchema } from '../../../config/approvers-schema.ts';

const MANAGER = 'manager@x.example';
const DEPUTY = 'deputy@x.example';
const HEAD = 'head@x.example';
const RISK = 'risk@x.example';
const OPS = 'ops@x.example';

const directory: ApproverDirectory = {
  source: 'test',
  config: approversSchema.parse({
    version: 1,
    roles: {
      'sales-manager': { approvers: [{ address: MANAGER, name: '王经理', delegate: DEPUTY }], nextInLine: HEAD },
      risk: { approvers: [{ address: RISK, delegate: MANAGER }] },
      lonely: { approvers: [{ address: MANAGER }] },
    },
    people: [{ address: 'chen@x.example', names: ['陈晓东', 'Chen Xiaodong'] }],
  }),
};

function record(): ApprovalRecord {
  const fresh = newApprovalRecord({ orderId: 'o-1', externalRef: 'SO-1', rule: 'large', reasons: [], levels: [{ role: 'sales-manager', approve: 'one' }, { role: 'risk', approve: 'one' }] });
  return startLevel(fresh, 0, assignApprovers(directory, '', 'sales-manager', '2026-03-02', OPS), new Date('2026-03-02T01:00:00Z'), new Date('2026-03-09T01:00:00Z'));
}

function decidedByManager(): ApprovalRecord {
  return applyDecision(record(), 0, 'manager_x.example', { decision: 'approve', by: MANAGER, at: '2026-03-02T02:00:00.000Z', comment: '', messageId: '<m>', replyId: 'r-0' }).record;
}

describe('four eyes: who may never decide an order', () => {
  it('excludes the submitter, the sales rep and whoever decided another place, each once with the first reason', () => {
    expect(excludedPeople(directory, { submitter: 'Chen@X.example', salesRep: '陈晓东', record: decidedByManager() })).toEqual([
      { address: 'chen@x.example', reason: 'submitter', because: '提交了此订单 / submitted this order' },
      { address: MANAGER, reason: 'decided-earlier', because: '已审批此订单第 1 级（sales-manager） / already decided level 1 (sales-manager) of this order' },
    ]);
  });

  it.each<[string, string, string[]]>([
    ['an address', 'Rep@X.example', ['rep@x.example']],
    ['a name under people', 'Chen Xiaodong', ['chen@x.example']],
    ['a name under people, full-width and spaced', ' 陈晓东 ', ['chen@x.example']],
    ["an approver's name", '王经理', [MANAGER]],
    ['an unknown name: nobody to exclude by address', '李四', []],
    ['nothing', '', []],
  ])('finds the sales rep\'s mailbox from %s', (_what, salesRep, expected) => {
    expect(salesRepAddresses(directory, salesRep)).toEqual(expected);
  });

  it('does not count the place being answered: the same approver answering it again is late, not a second decider', () => {
    expect(excludedPeople(directory, { record: decidedByManager(), place: { level: 1, slot: 'manager_x.example' } })).toEqual([]);
  });
});

describe('four eyes: who is asked instead', () => {
  const day = '2026-03-02';
  const submitter = (address: string) => [{ address, reason: 'submitter' as const, because: 'submitted this order' }];

  it('sends an excluded approver\'s request to their delegate, who alone may answer, and says why', () => {
    const [slot] = assignApprovers(directory, '', 'sales-manager', day, OPS, submitter(MANAGER));
    expect(slot).toMatchObject({ approver: MANAGER, sendTo: DEPUTY, escalateTo: HEAD, allowed: [DEPUTY], passedOver: [{ address: MANAGER, reason: 'submitter' }] });
    expect(slot?.unreachable).toBeUndefined();
  });

  it('goes to the next in line when the delegate is excluded too', () => {
    const both = [...submitter(MANAGER), { address: DEPUTY, reason: 'sales-rep' as const, because: 'is the sales rep' }];
    expect(assignApprovers(directory, '', 'sales-manager', day, OPS, both)[0]).toMatchObject({ sendTo: HEAD, allowed: [HEAD], escalateTo: OPS });
  });

  it('keeps the approver when only their delegate is excluded, and escalates past the delegate', () => {
    expect(assignApprovers(directory, '', 'sales-manager', day, OPS, submitter(DEPUTY))[0]).toMatchObject({ sendTo: MANAGER, allowed: [MANAGER], escalateTo: HEAD });
  });

  it('leaves a place with nobody to ask when no one eligible is configured', () => {
    expect(assignApprovers(directory, '', 'lonely', day, OPS, submitter(MANAGER))[0]).toMatchObject({ sendTo: '', allowed: [], unreachable: true });
  });

  it('the request tells the stand-in why it came to them, and not to forward it', () => {
    const [slot] = assignApprovers(directory, '', 'sales-manager', day, OPS, submitter(MANAGER));
    const mail = buildDecisionMail({ purpose: 'request', mailId: 'x', from: 'orders@x.example', to: DEPUTY, token: 'a'.repeat(32), order: { externalRef: 'SO-1' }, record: record(), levelIndex: 0, slot: { ...slot!, chaseStep: 0 }, maxReminders: 2, timeZone: 'Asia/Shanghai' });
    expect(mail.text).toContain('Under the four-eyes rule these people may not decide this order, so the request comes to you');
    expect(mail.text).toContain(`${MANAGER} — submitted this order`);
    expect(mail.text).toContain('Only you, the recipient, may answer this request');
    expect(mail.text).not.toContain(`Only 王经理 <${MANAGER}> or their delegate`);
  });

  it('never chases a place nobody may answer', () => {
    const lonely = newApprovalRecord({ orderId: 'o-2', externalRef: 'SO-2', rule: 'r', reasons: [], levels: [{ role: 'lonely', approve: 'one' }] });
    const started = startLevel(lonely, 0, assignApprovers(directory, '', 'lonely', day, OPS, submitter(MANAGER)), new Date('2026-03-02T01:00:00Z'), new Date('2026-03-09T01:00:00Z'));
    const calendar = loadWorkingCalendar(undefined, 'Asia/Shanghai');
    const policy = { reminderAfterWorkingHours: 4, maxReminders: 2, expireAfterWorkingDays: 5 };
    expect(planChase(started, new Date('2026-03-05T01:00:00Z'), calendar, policy)).toEqual([]);
    expect(planChase(started, new Date('2026-03-09T01:00:00Z'), calendar, policy)).toEqual([{ kind: 'expire' }]);
  });
});

describe('four eyes: a reply from someone who may not decide', () => {
  const token = { orderId: 'o-1', level: 2, slot: 'risk_x.example', purpose: 'request' as const, allowed: [RISK, MANAGER], expiresAt: '2026-03-09T01:00:00.000Z', mailId: 'm', issuedAt: '2026-03-02T01:00:00.000Z' };
  const levelTwo = (): ApprovalRecord => startLevel(decidedByManager(), 1, assignApprovers(directory, '', 'risk', '2026-03-02', OPS), new Date('2026-03-02T03:00:00Z'), new Date('2026-03-09T03:00:00Z'));
  function facts(change: Partial<ReplyFacts>): ReplyFacts {
    return { replyId: 'r-1', messageId: '<r1>', from: RISK, sender: '', excluded: [], authentication: { ok: true }, token: 'b'.repeat(32), tokenRecord: token, approval: levelTwo(), decision: { kind: 'approve', comment: '' }, now: new Date('2026-03-02T04:00:00Z'), ...change };
  }
  const kindOf = (v: ReplyVerdict): string => (v.kind === 'refused' ? `refused:${v.reason}` : v.kind);

  it.each<[string, Partial<ReplyFacts>, string]>([
    ['the risk approver, nobody excluded', {}, 'accept'],
    ['the submitter answering with a token they hold as approver', { from: MANAGER, excluded: [{ address: MANAGER, reason: 'submitter', because: 'submitted this order' }] }, 'refused:self-approval'],
    ['the sales rep', { from: MANAGER, excluded: [{ address: MANAGER, reason: 'sales-rep', because: 'is the sales rep' }] }, 'refused:self-approval'],
    ['the level-1 decider answering level 2 as the risk delegate', { from: MANAGER, excluded: [{ address: MANAGER, reason: 'decided-earlier', because: 'decided level 1' }] }, 'refused:same-approver-twice'],
    ['the submitter as Sender, on behalf of the approver', { sender: MANAGER, excluded: [{ address: MANAGER, reason: 'submitter', because: 'submitted this order' }] }, 'refused:self-approval'],
    ['the submitter, even with an unreadable reply', { from: MANAGER, decision: { kind: 'unreadable' }, excluded: [{ address: MANAGER, reason: 'submitter', because: 'submitted this order' }] }, 'refused:self-approval'],
  ])('%s → %s', (_what, change, expected) => {
    expect(kindOf(judgeReply(facts(change)))).toBe(expected);
  });

  it('explains the refusal in the audit trail\'s words', () => {
    expect(judgeReply(facts({ from: MANAGER, excluded: [{ address: MANAGER, reason: 'decided-earlier', because: 'decided level 1' }] }))).toEqual({
      kind: 'refused',
      reason: 'same-approver-twice',
      explanation: `four eyes: ${MANAGER} decided level 1`,
    });
  });
});
