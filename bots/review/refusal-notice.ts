import type { OutgoingMail } from '../../core/mail/outgoing-mail.ts';
import type { PreCheckProblem } from './pre-checks.ts';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export interface ReviewNoticeInput {
  orderId: string;
  externalRef: string;
  from: string;
  to: string;
  submissionMessageId?: string;
}

function threaded(input: ReviewNoticeInput): Pick<OutgoingMail, 'inReplyTo' | 'references'> {
  return input.submissionMessageId ? { inReplyTo: input.submissionMessageId, references: [input.submissionMessageId] } : {};
}

function section(title: string, lines: string[]): { text: string[]; html: string } {
  if (lines.length === 0) return { text: [], html: '' };
  return {
    text: ['', title, ...lines.map((l) => `  - ${l}`)],
    html: `<p>${escapeHtml(title)}</p><ul>${lines.map((l) => `<li>${escapeHtml(l)}</li>`).join('')}</ul>`,
  };
}

/** The submitter learns review refused their order before any approval, with every reason and every claim the CRM contradicts. */
export function buildReviewRefusalNotice(input: ReviewNoticeInput & { problems: PreCheckProblem[]; differences?: string[] }): OutgoingMail {
  const intro = `订单 ${input.externalRef} 未通过审核前检查，不会进入审批或录入。 / Order ${input.externalRef} failed the pre-checks of review and will not be approved or keyed.`;
  const outro = '请修改后重新提交。 / Please correct the order and submit it again.';
  const differences = section('表格与 CRM 不一致之处 / Where the sheet and the CRM differ:', input.differences ?? []);
  return {
    id: `review-refused-${input.orderId}`,
    from: input.from,
    to: [input.to],
    subject: `订单未通过审核 Order refused by review [${input.externalRef}]`,
    text: ['您好 / Hello,', '', intro, '', ...input.problems.map((p) => `  - ${p.message}`), ...differences.text, '', outro, '', 'OrderDesk'].join('\n'),
    html: `<p>您好 / Hello,</p><p>${escapeHtml(intro)}</p><ul>${input.problems.map((p) => `<li>${escapeHtml(p.message)}</li>`).join('')}</ul>${differences.html}<p>${escapeHtml(outro)}</p><p>OrderDesk</p>`,
    ...threaded(input),
    headers: { 'Auto-Submitted': 'auto-replied' },
  };
}

/**
 * The submitter learns the CRM contradicted some of the sheet's claims and that the order goes on with
 * the CRM's values (auto-approved or sent for approval on them): so nobody is surprised by the route.
 */
export function buildClaimsDifferNotice(input: ReviewNoticeInput & { differences: string[]; route: string }): OutgoingMail {
  const intro = `订单 ${input.externalRef} 的部分信息与 CRM 不一致，审核以 CRM 为准：${input.route.split(' / ')[0] ?? input.route}。 / Some of order ${input.externalRef}'s claims differ from the CRM; review used the CRM's values: ${input.route.split(' / ')[1] ?? input.route}.`;
  const differences = section('表格与 CRM 不一致之处 / Where the sheet and the CRM differ:', input.differences);
  const outro = '如 CRM 记录有误，请联系客户经理更正。 / If the CRM is wrong, ask the account manager to correct it.';
  return {
    id: `review-claims-differ-${input.orderId}`,
    from: input.from,
    to: [input.to],
    subject: `订单信息与 CRM 不一致 Order claims differ from the CRM [${input.externalRef}]`,
    text: ['您好 / Hello,', '', intro, ...differences.text, '', outro, '', 'OrderDesk'].join('\n'),
    html: `<p>您好 / Hello,</p><p>${escapeHtml(intro)}</p>${differences.html}<p>${escapeHtml(outro)}</p><p>OrderDesk</p>`,
    ...threaded(input),
    headers: { 'Auto-Submitted': 'auto-replied' },
  };
}
