import { describe, expect, it } from 'vitest';
import { applyDecision, newApprovalRecord, startLevel, type ApprovalRecord } from '../../../bots/approvals/approval-record.ts';
import { APPROVAL_TOKEN_MAIL_HEADER, buildDecisionMail, replyAddressFor } from '../../../bots/approvals/index.ts';
import { buildLateReply, buildRejectionNotice, buildSecurityAlert, buildUnreadableReply } from '../../../bots/approvals/notice-mails.ts';
import { orderHint, replyToken } from '../../../bots/approvals/reply-locator.ts';
import type { CanonicalOrder } from '../../../bots/intake/canonical-order.ts';

const TOKEN = '0123456789abcdef0123456789abcdef';
const order: Partial<CanonicalOrder> = {
  externalRef: 'SO-2026-0042',
  customerName: '王<伟>',
  customerId: 'C100001',
  productCode: 'FD-R5-EMG',
  productRisk: 'R5',
  customerRisk: 'C5',
  amount: '6000000.00',
  currency: 'CNY',
  termMonths: 24,
  paymentMethod: '银行转账',
  salesRep: '陈晓东',
  branch: 'SH-PD',
};
const manager = { key: 'm', approver: 'sales.manager@acme-finance.example', name: '经理 Manager', delegate: 'sales.bj@acme-finance.example', away: false, sendTo: 'sales.manager@acme-finance.example', escalateTo: 'sales.bj@acme-finance.example', allowed: [] };
const riskDesk = { key: 'r', approver: 'risk@acme-finance.example', away: false, sendTo: 'risk@acme-finance.example', escalateTo: 'ops@acme-finance.example', allowed: [] };

function twoLevels(): ApprovalRecord {
  const T0 = new Date('2026-03-02T01:00:00Z');
  let record = newApprovalRecord({
    orderId: 'o-abc',
    externalRef: 'SO-2026-0042',
    rule: 'very-large-or-highest-risk',
    ruleDescription: '超过500万或R5产品 / above 5,000,000 or an R5 product',
    reasons: ['amount 6,000,000.00 CNY is above 5,000,000.00'],
    levels: [{ role: 'sales-manager', approve: 'one' }, { role: 'risk', approve: 'one' }],
  });
  record = startLevel(record, 0, [manager], T0, new Date('2026-03-09T01:00:00Z'));
  record = applyDecision(record, 0, 'm', { decision: 'approve', by: manager.approver, at: '2026-03-02T02:00:00.000Z', comment: '客户资料齐全', messageId: '<a@x>', replyId: 'r1' }).record;
  return startLevel(record, 1, [riskDesk], T0, new Date('2026-03-10T01:00:00Z'));
}

describe('the approval request mail', () => {
  const mail = buildDecisionMail({
    purpose: 'request',
    mailId: 'approval-request-o-abc-L2-r',
    from: 'orders@acme-finance.example',
    to: riskDesk.sendTo,
    token: TOKEN,
    order,
    record: twoLevels(),
    levelIndex: 1,
    slot: { ...riskDesk, chaseStep: 0 },
    maxReminders: 2,
    timeZone: 'Asia/Shanghai',
  });

  it('carries the order reference in the subject and the token in Reply-To and a header', () => {
    expect(mail.subject).toBe('审批 Approval 2/2 [SO-2026-0042] 王<伟> 6,000,000.00 CNY');
    expect(mail.replyTo).toBe(`orders+apv-${TOKEN}@acme-finance.example`);
    expect(mail.headers?.[APPROVAL_TOKEN_MAIL_HEADER]).toBe(TOKEN);
    expect(mail.headers?.['Auto-Submitted']).toBe('auto-generated');
    expect(mail.to).toEqual(['risk@acme-finance.example']);
  });

  it('summarises the order, why it needs approval, its flags and the earlier decisions', () => {
    expect(mail.text).toContain('金额 Amount: 6,000,000.00 CNY');
    expect(mail.text).toContain('very-large-or-highest-risk: 超过500万或R5产品 / above 5,000,000 or an R5 product');
    expect(mail.text).toContain('amount 6,000,000.00 CNY is above 5,000,000.00');
    expect(mail.text).toContain('high-risk product R5');
    expect(mail.text).toContain('no credit grade');
    expect(mail.text).toContain("at the customer's tolerance limit");
    expect(mail.text).toContain('第 1 级 Level 1 (sales-manager): 同意 Approved — sales.manager@acme-finance.example, 2026-03-02 10:00 (Asia/Shanghai) — “客户资料齐全”');
  });

  it('says how to answer in Chinese and English, with the deadline in the firm\'s time', () => {
    expect(mail.text).toMatch(/第一行写“同意”或“拒绝”/);
    expect(mail.text).toMatch(/APPROVE or REJECT on the first line/);
    expect(mail.text).toContain('2026-03-10 09:00 (Asia/Shanghai)');
  });

  it('escapes order text in the HTML part', () => {
    expect(mail.html).toContain('王&#60;伟&#62;');
    expect(mail.html).not.toContain('王<伟>');
  });

  it('reminders and escalations say what they are, thread under the request, and copy the approver on escalation', () => {
    const base = { from: 'orders@acme-finance.example', token: TOKEN, order, record: twoLevels(), levelIndex: 0, slot: { ...manager, chaseStep: 0 }, maxReminders: 2, timeZone: 'Asia/Shanghai', inReplyTo: '<approval-request-o-abc-L1-m@orderdesk.acme-finance.example>' };
    const reminder = buildDecisionMail({ ...base, purpose: 'reminder', mailId: 'rem', to: manager.sendTo, step: 2 });
    expect(reminder.subject).toMatch(/^提醒 Reminder 2\/2: 审批 Approval 1\/2 \[SO-2026-0042\]/);
    expect(reminder.inReplyTo).toBe(base.inReplyTo);
    const escalation = buildDecisionMail({ ...base, purpose: 'escalation', mailId: 'esc', to: manager.escalateTo, cc: [manager.approver] });
    expect(escalation.subject).toMatch(/^升级 Escalation: /);
    expect(escalation.cc).toEqual([manager.approver]);
    expect(escalation.text).toContain('the original approver 经理 Manager <sales.manager@acme-finance.example> is copied');
  });

  it('tells a delegate they stand in for an approver who is away', () => {
    const away = buildDecisionMail({ purpose: 'request', mailId: 'x', from: 'orders@acme-finance.example', to: manager.delegate, token: TOKEN, order, record: twoLevels(), levelIndex: 0, slot: { ...manager, away: true, sendTo: manager.delegate, chaseStep: 0 }, maxReminders: 2, timeZone: 'Asia/Shanghai' });
    expect(away.text).toContain('is out of office; you receive this request as their delegate');
  });
});

describe('notices', () => {
  it('a rejection tells the submitter who rejected it and why, in their submission\'s thread', () => {
    const record = applyDecision(twoLevels(), 1, 'r', { decision: 'reject', by: 'risk@acme-finance.example', at: '2026-03-03T02:00:00.000Z', comment: '客户风险不匹配 / customer risk mismatch', messageId: '<b@x>', replyId: 'r2' }).record;
    const notice = buildRejectionNotice({ from: 'orders@acme-finance.example', submitter: { address: 'sales@acme-finance.example', messageId: '<sheet@x>' }, record, timeZone: 'Asia/Shanghai' });
    expect(notice.id).toBe('approval-rejected-o-abc');
    expect(notice.subject).toContain('客户风险不匹配 / customer risk mismatch');
    expect(notice.text).toContain('risk@acme-finance.example');
    expect(notice.text).toContain('level 2 (risk)');
    expect(notice.inReplyTo).toBe('<sheet@x>');
  });

  it('the unreadable and late answers thread under the approver\'s reply', () => {
    const context = { replyId: 'apv-1', messageId: '<reply@x>', subject: 'Re: RE: 审批 Approval 1/2 [SO-1]', to: 'risk@acme-finance.example', from: 'orders@acme-finance.example' };
    const unreadable = buildUnreadableReply({ ...context, replyTo: `orders+apv-${TOKEN}@acme-finance.example`, externalRef: 'SO-1' });
    expect(unreadable).toMatchObject({ id: 'approval-unreadable-apv-1', subject: 'Re: 审批 Approval 1/2 [SO-1]', inReplyTo: '<reply@x>', replyTo: `orders+apv-${TOKEN}@acme-finance.example` });
    expect(unreadable.text).toContain('could not read your decision');
    const late = buildLateReply({ ...context, externalRef: 'SO-1', situation: 'decided', decidedBy: 'sales.manager@acme-finance.example', decidedAt: '2026-03-02T02:00:00.000Z', timeZone: 'Asia/Shanghai' });
    expect(late.text).toContain('already decided by sales.manager@acme-finance.example at 2026-03-02 10:00 (Asia/Shanghai)');
  });

  it('the security alert to ops never carries the token', () => {
    const alert = buildSecurityAlert({ replyId: 'apv-2', from: 'orders@x', to: 'ops@x', reason: 'sender-not-authenticated', explanation: 'dmarc=fail', sender: 'risk@x', messageId: '<f@x>', subject: `Re: x`, externalRef: 'SO-1', tokenRef: 'abc123', folder: 'Security' });
    expect(alert.subject).toMatch(/Suspected forged approval reply \[SO-1\]: sender-not-authenticated/);
    expect(alert.text).toContain('abc123');
    expect(JSON.stringify(alert)).not.toContain(TOKEN);
  });
});

describe('finding the request a reply answers', () => {
  it('reads the token from the plus-address, in any case, else from our header', () => {
    expect(replyToken(['someone@x', `orders+apv-${TOKEN.toUpperCase()}@acme-finance.example`], undefined)).toBe(TOKEN);
    expect(replyToken(['orders@acme-finance.example'], ` ${TOKEN} `)).toBe(TOKEN);
    expect(replyToken(['orders@acme-finance.example'], undefined)).toBeUndefined();
    expect(replyAddressFor('orders-1a2b@sandbox.acme-finance.example', TOKEN)).toBe(`orders-1a2b+apv-${TOKEN}@sandbox.acme-finance.example`);
  });

  it('names the order from In-Reply-To / References, else from the subject', () => {
    expect(orderHint(['<other@x>', '<approval-reminder-o-1f2e3d-L2-risk_acme-finance.example-1@orderdesk.acme-finance.example>'], '')).toEqual({ orderId: 'o-1f2e3d' });
    expect(orderHint([], 'Re: 审批 Approval 1/3 [SO-2026-0042] 王伟')).toEqual({ externalRef: 'SO-2026-0042' });
    expect(orderHint([], 'Re: hello')).toEqual({});
  });
});
