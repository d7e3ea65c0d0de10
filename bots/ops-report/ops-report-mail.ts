import type { OutgoingMail } from '../../core/mail/outgoing-mail.ts';
import { APPROVAL_AGES, type ApprovalAge } from './approval-age.ts';
import type { AttentionOrder, OpsFigures } from './ops-figures.ts';
import { ReportBody } from './report-body.ts';
import { formatLocalTime } from '../../core/calendar/index.ts';
import { formatDuration } from './report-format.ts';
import type { ServiceLevels, SlaBreach } from './sla-breaches.ts';

export interface OpsReportMailInput {
  figures: OpsFigures;
  from: string;
  to: string[];
  levels: ServiceLevels;
  /** Lists (needs attention, SLA breaches) show this many orders; the rest are counted. */
  listLimit: number;
  timeZone: string;
}

const AGE_LABELS: Readonly<Record<ApprovalAge, string>> = {
  'under-4-working-hours': '< 4 工作小时 working hours',
  '4-working-hours-to-1-working-day': '4 工作小时 – 1 工作日 working hours – 1 working day',
  '1-to-3-working-days': '1 – 3 工作日 working days',
  'over-3-working-days': '> 3 工作日 working days',
};

const ATTENTION_LABELS: Readonly<Record<AttentionOrder['status'], string>> = {
  failed: '录入失败 failed',
  needs_attention: '需处理 needs attention',
};

/** The report's mail id: one per report day, so several schedulers or a rerun send it once. */
export function opsReportMailId(day: string): string {
  return `ops-report-${day}`;
}

function notListed(total: number, limit: number): string | undefined {
  return total > limit ? `… 另有 ${total - limit} 个未列出，请在控制台按状态查找 / and ${total - limit} more not listed: search the dashboard by status.` : undefined;
}

function breachOutcome(breach: SlaBreach, timeZone: string): string {
  if (breach.state === 'expired') return '过期未答复 expired unanswered';
  if (breach.state === 'open') return `仍未完成 still open (${breach.status})`;
  return `${breach.sla === 'approval' ? '答复于 answered' : '录入于 keyed'} ${formatLocalTime(breach.doneAt ?? '', timeZone)}`;
}

function breachStep(breach: SlaBreach): string {
  return breach.level ? `审批 approval L${breach.level.number} ${breach.level.role}` : '录入 keying';
}

/** The managers' morning mail: the last 24 hours, the open backlog now, and the SLA breaches. */
export function buildOpsReportMail(input: OpsReportMailInput): OutgoingMail {
  const { figures, levels, listLimit, timeZone } = input;
  const { window, flow, approvalTurnaround: turnaround } = figures;
  const waiting = Object.values(figures.waitingForApproval).reduce((sum, n) => sum + n, 0);
  const failedNow = figures.needingAttention.filter((o) => o.status === 'failed').length;
  const attentionNow = figures.needingAttention.length - failedNow;
  const body = new ReportBody();

  body.heading(`过去 24 小时 Last 24 hours: ${formatLocalTime(window.from.toISOString(), timeZone)} – ${formatLocalTime(window.to.toISOString(), timeZone)} (${timeZone})`);
  body.figures([
    ['收到 Received', flow.received],
    ['自动批准 Auto-approved', flow.autoApproved],
    ['审批通过 Approved by approvers', flow.approvedByApprovers],
    ['审批拒绝 Rejected by approvers', flow.rejectedByApprovers],
    ['审批过期 Expired in approval', flow.expiredInApproval],
    ['已录入 CRM Keyed', flow.keyed],
    ['录入失败 Failed', flow.failed],
    ['需处理 Needs attention', flow.needsAttention],
  ]);
  body.paragraph(
    turnaround.answeredLevels === 0
      ? '审批用时 Approval turnaround: 无答复 no approval level answered.'
      : `审批用时 Approval turnaround (${turnaround.answeredLevels} 级答复 level(s) answered, request to answer): p50 ${formatDuration(turnaround.p50Ms ?? 0)}, p95 ${formatDuration(turnaround.p95Ms ?? 0)}`,
  );

  body.heading('当前积压 Open now');
  body.figures([
    ['待审批 Waiting for approval', waiting],
    ...APPROVAL_AGES.map((age) => [`  ${AGE_LABELS[age]}`, figures.waitingForApproval[age]] as const),
    ['录入失败 Failed', failedNow],
    ['需处理 Needs attention', attentionNow],
  ]);
  if (figures.needingAttention.length > 0) {
    body.table(
      ['订单 Reference', 'Order id', '状态 Status', '自 Since', '原因 Reason'],
      figures.needingAttention.slice(0, listLimit).map((o) => [o.externalRef, o.orderId, ATTENTION_LABELS[o.status], formatLocalTime(o.since, timeZone), o.note]),
    );
    const more = notListed(figures.needingAttention.length, listLimit);
    if (more) body.paragraph(more);
  }

  const breaches = figures.slaBreaches;
  body.heading(`SLA 超时 SLA breaches: ${breaches.length}`);
  body.paragraph(
    `SLA: 每级审批在 ${levels.approvalSlaWorkingHours} 个工作小时内答复；批准后 ${levels.keyingSlaMinutes} 分钟内录入 CRM。 / ` +
      `Each approval level answered within ${levels.approvalSlaWorkingHours} working hours of its request; approved orders keyed within ${levels.keyingSlaMinutes} minutes.`,
  );
  if (breaches.length > 0) {
    body.table(
      ['SLA', '订单 Reference', 'Order id', '环节 Step', '开始 Started', '应完成 Due', '结果 Outcome'],
      breaches.slice(0, listLimit).map((b) => [b.sla, b.externalRef, b.orderId, breachStep(b), formatLocalTime(b.startedAt, timeZone), formatLocalTime(b.dueAt, timeZone), breachOutcome(b, timeZone)]),
    );
    const more = notListed(breaches.length, listLimit);
    if (more) body.paragraph(more);
  }

  const { text, html } = body.build();
  return {
    id: opsReportMailId(window.day),
    from: input.from,
    to: input.to,
    subject: `OrderDesk 运营日报 Daily ops report ${window.day}: ${flow.received} received, ${waiting} awaiting approval, ${figures.needingAttention.length} need attention, ${breaches.length} SLA breaches`,
    text,
    html,
    headers: { 'Auto-Submitted': 'auto-generated' },
  };
}
