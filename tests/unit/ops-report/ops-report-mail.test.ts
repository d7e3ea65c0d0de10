import { describe, expect, it } from 'vitest';
import { buildOpsReportMail, type AttentionOrder, type OpsFigures } from '../../../bots/ops-report/index.ts';
import { formatDuration } from '../../../bots/ops-report/report-format.ts';
import { at, iso } from './histories.ts';

const HOSTILE_REF = '<img src=x onerror=alert(1)>';
const HOSTILE_NOTE = 'Tom & Jerry "Ltd" <b>frozen</b>';
const HOUR = 3600_000;

function attention(n: number): AttentionOrder {
  return { orderId: `o-${n}`, externalRef: `REF-${String(n).padStart(2, '0')}`, status: n % 2 ? 'failed' : 'needs_attention', since: iso('2026-03-09T10:00'), note: `note ${n}` };
}

function figures(change: Partial<OpsFigures> = {}): OpsFigures {
  return {
    window: { day: '2026-03-10', from: at('2026-03-09T08:00'), to: at('2026-03-10T08:00') },
    flow: { received: 12, autoApproved: 5, approvedByApprovers: 3, rejectedByApprovers: 1, expiredInApproval: 0, keyed: 7, failed: 1, needsAttention: 2 },
    approvalTurnaround: { answeredLevels: 4, p50Ms: 2 * HOUR + 5 * 60_000, p95Ms: 26 * HOUR },
    waitingForApproval: { 'under-4-working-hours': 2, '4-working-hours-to-1-working-day': 1, '1-to-3-working-days': 0, 'over-3-working-days': 1 },
    needingAttention: [
      { orderId: 'o-x', externalRef: HOSTILE_REF, status: 'needs_attention', since: iso('2026-03-09T10:00'), note: HOSTILE_NOTE },
      { orderId: 'o-y', externalRef: 'REF-Y', status: 'failed', since: iso('2026-03-09T11:00'), note: 'CRM did not answer' },
    ],
    slaBreaches: [
      { sla: 'approval', state: 'open', orderId: 'o-a', externalRef: 'REF-A', status: 'awaiting_approval', level: { number: 2, role: 'risk' }, startedAt: iso('2026-03-06T11:00'), dueAt: iso('2026-03-09T11:30') },
      { sla: 'keying', state: 'late', orderId: 'o-k', externalRef: 'REF-K', status: 'keyed', startedAt: iso('2026-03-09T10:00'), dueAt: iso('2026-03-09T10:30'), doneAt: iso('2026-03-09T11:00') },
    ],
    ...change,
  };
}

function mail(change: Partial<OpsFigures> = {}, listLimit = 20) {
  return buildOpsReportMail({
    figures: figures(change),
    from: 'orders@acme-finance.example',
    to: ['sales.manager@acme-finance.example', 'risk@acme-finance.example'],
    levels: { approvalSlaWorkingHours: 8, keyingSlaMinutes: 30 },
    listLimit,
    timeZone: 'Asia/Shanghai',
  });
}

describe('the daily ops report mail', () => {
  it('is one mail per report day, to the managers, with the headline figures in its subject', () => {
    const built = mail();
    expect(built.id).toBe('ops-report-2026-03-10');
    expect(built.to).toEqual(['sales.manager@acme-finance.example', 'risk@acme-finance.example']);
    expect(built.subject).toBe('OrderDesk 运营日报 Daily ops report 2026-03-10: 12 received, 4 awaiting approval, 2 need attention, 2 SLA breaches');
    expect(built.headers).toEqual({ 'Auto-Submitted': 'auto-generated' });
  });

  it('states the window in local time and every figure in the text part', () => {
    const { text } = mail();
    expect(text).toContain('Last 24 hours: 2026-03-09 08:00 – 2026-03-10 08:00 (Asia/Shanghai)');
    for (const line of [
      '收到 Received: 12',
      '自动批准 Auto-approved: 5',
      '审批通过 Approved by approvers: 3',
      '审批拒绝 Rejected by approvers: 1',
      '审批过期 Expired in approval: 0',
      '已录入 CRM Keyed: 7',
      '录入失败 Failed: 1',
      '需处理 Needs attention: 2',
      'p50 2 h 05 min, p95 1 d 2 h',
      '待审批 Waiting for approval: 4',
      '< 4 工作小时 working hours: 2',
      '4 工作小时 – 1 工作日 working hours – 1 working day: 1',
      '1 – 3 工作日 working days: 0',
      '> 3 工作日 working days: 1',
      'SLA 超时 SLA breaches: 2',
      'within 8 working hours of its request; approved orders keyed within 30 minutes',
      'approval | REF-A | o-a | 审批 approval L2 risk | 2026-03-06 11:00 | 2026-03-09 11:30 | 仍未完成 still open (awaiting_approval)',
      'keying | REF-K | o-k | 录入 keying | 2026-03-09 10:00 | 2026-03-09 10:30 | 录入于 keyed 2026-03-09 11:00',
      `${HOSTILE_REF} | o-x | 需处理 needs attention | 2026-03-09 10:00 | ${HOSTILE_NOTE}`,
    ]) {
      expect(text).toContain(line);
    }
  });

  it('escapes order references and CRM notes in the HTML part', () => {
    const { html, text } = mail();
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>frozen');
    expect(html).toContain('&#60;img src=x onerror=alert(1)&#62;');
    expect(html).toContain('Tom &#38; Jerry &#34;Ltd&#34; &#60;b&#62;frozen&#60;/b&#62;');
    expect(text).toContain(HOSTILE_NOTE);
  });

  it('lists at most listLimit orders per list and counts the rest', () => {
    const many = Array.from({ length: 25 }, (_, i) => attention(i + 1));
    const { text, html } = mail({ needingAttention: many }, 20);
    expect(text).toContain('REF-20');
    expect(text).not.toContain('REF-21');
    expect(text).toContain('and 5 more not listed');
    expect((html ?? '').match(/<td align="left">REF-\d+<\/td>/g)).toHaveLength(20);
    expect(text).toContain('录入失败 Failed: 13');
    expect(text).toContain('需处理 Needs attention: 12');
  });

  it('says so when there is nothing to list', () => {
    const { text, html } = mail({ needingAttention: [], slaBreaches: [], approvalTurnaround: { answeredLevels: 0 } });
    expect(text).toContain('Approval turnaround: 无答复 no approval level answered.');
    expect(text).toContain('SLA 超时 SLA breaches: 0');
    expect(text).not.toContain('not listed');
    expect(html).not.toContain('Reference');
  });
});

describe('durations as managers read them', () => {
  it.each([
    [59_000, '< 1 min'],
    [60_000, '1 min'],
    [59 * 60_000, '59 min'],
    [HOUR, '1 h 00 min'],
    [2 * HOUR + 5 * 60_000, '2 h 05 min'],
    [24 * HOUR - 1, '23 h 59 min'],
    [24 * HOUR, '1 d 0 h'],
    [74 * HOUR, '3 d 2 h'],
  ])('%d ms is "%s"', (ms, expected) => {
    expect(formatDuration(ms)).toBe(expected);
  });
});
