import { createHash } from 'node:crypto';
import type { OrderStatus } from '../../core/ledger/order-ledger.ts';
import type { OutgoingMail } from '../../core/mail/outgoing-mail.ts';

/** Statuses after which keying will not touch an order again without a person. */
export const FINAL_KEYING_STATUSES: readonly OrderStatus[] = ['keyed', 'needs_attention', 'rejected', 'failed', 'resolved'];

export interface SummaryLine {
  externalRef: string;
  row: number;
  status: OrderStatus;
  crmOrderNo?: string;
  statusNote?: string;
}

export interface SummaryRequest {
  /** The submission's reference: its Message-ID for mailed sheets. */
  reference: string;
  from: string;
  to: string;
  lines: SummaryLine[];
}

const OUTCOME_LABELS: Partial<Record<OrderStatus, string>> = {
  keyed: '已录入 Keyed',
  needs_attention: '需人工处理 Needs attention',
  rejected: '已拒绝 Rejected',
  failed: '录入失败 Failed',
  resolved: '已人工处理 Resolved',
};

/** One summary per submission, whoever finishes its last order: the id is the submission's hash. */
export function keyingSummaryId(reference: string): string {
  return `keying-summary-${createHash('sha256').update(reference).digest('hex').slice(0, 24)}`;
}

export function isFinal(status: OrderStatus): boolean {
  return FINAL_KEYING_STATUSES.includes(status);
}

/** A plain address we may write to; drop-folder and import submissions have none. */
export function submitterAddress(submitter: string | undefined): string | undefined {
  const text = (submitter ?? '').trim();
  return /^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$/.test(text) ? text : undefined;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The submitter's one mail about keying: every order of the submission with its outcome and CRM number
 * or reason, in Chinese and English, threaded under their original mail.
 */
export function buildKeyingSummary(request: SummaryRequest): OutgoingMail {
  const lines = [...request.lines].sort((a, b) => a.row - b.row);
  const keyed = lines.filter((l) => l.status === 'keyed').length;
  const attention = lines.length - keyed;
  const headline = `${keyed} 笔已录入，${attention} 笔需处理 / ${keyed} keyed, ${attention} need attention`;
  const outcome = (l: SummaryLine): string => OUTCOME_LABELS[l.status] ?? l.status;
  const detail = (l: SummaryLine): string => (l.status === 'keyed' ? (l.crmOrderNo ?? '') : (l.statusNote ?? ''));

  const text = [
    '您好 / Hello,',
    '',
    `您提交的订单已处理完毕 / The orders of your submission have been processed: ${headline}`,
    '',
    ...lines.map((l) => `  第 ${l.row} 行 / Row ${l.row}  ${l.externalRef}: ${outcome(l)}  ${detail(l)}`.trimEnd()),
    '',
    attention > 0
      ? '需处理的订单已转给后台同事，原因见上。 / Orders that need attention are with the back office; the reasons are above.'
      : '全部订单已录入 CRM。 / Every order is in the CRM.',
    '',
    'OrderDesk',
  ].join('\n');

  const rows = lines
    .map((l) => `<tr><td>${l.row}</td><td>${escapeHtml(l.externalRef)}</td><td>${escapeHtml(outcome(l))}</td><td>${escapeHtml(detail(l))}</td></tr>`)
    .join('');
  const html = [
    '<p>您好 / Hello,</p>',
    `<p><strong>${escapeHtml(headline)}</strong></p>`,
    '<table border="1" cellpadding="4" cellspacing="0"><tr><th>行 Row</th><th>订单编号 Order Ref</th><th>结果 Outcome</th><th>CRM 订单号或原因 CRM number or reason</th></tr>',
    rows,
    '</table>',
    `<p>${escapeHtml(attention > 0 ? '需处理的订单已转给后台同事，原因见上。 / Orders that need attention are with the back office; the reasons are above.' : '全部订单已录入 CRM。 / Every order is in the CRM.')}</p>`,
    '<p>OrderDesk</p>',
  ].join('\n');

  const id = keyingSummaryId(request.reference);
  const threaded = /^<[^>]+>$/.test(request.reference.trim());
  return {
    id,
    from: request.from,
    to: [request.to],
    subject: `订单录入结果 Keying result: ${headline}`,
    text,
    html,
    ...(threaded ? { inReplyTo: request.reference.trim(), references: [request.reference.trim()] } : {}),
    headers: { 'Auto-Submitted': 'auto-replied', 'X-OrderDesk-Keying-Summary': id },
  };
}
