import type { OutgoingMail } from '../../core/mail/outgoing-mail.ts';
import type { PreCheckProblem } from './pre-checks.ts';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The submitter learns review refused their order before any approval, with every reason. */
export function buildReviewRefusalNotice(input: { orderId: string; externalRef: string; from: string; to: string; submissionMessageId?: string; problems: PreCheckProblem[] }): OutgoingMail {
  const intro = `订单 ${input.externalRef} 未通过审核前检查，不会进入审批或录入。 / Order ${input.externalRef} failed the pre-checks of review and will not be approved or keyed.`;
  const outro = '请修改后重新提交。 / Please correct the order and submit it again.';
  const threaded = input.submissionMessageId ? { inReplyTo: input.submissionMessageId, references: [input.submissionMessageId] } : {};
  return {
    id: `review-refused-${input.orderId}`,
    from: input.from,
    to: [input.to],
    subject: `订单未通过审核 Order refused by review [${input.externalRef}]`,
    text: ['您好 / Hello,', '', intro, '', ...input.problems.map((p) => `  - ${p.message}`), '', outro, '', 'OrderDesk'].join('\n'),
    html: `<p>您好 / Hello,</p><p>${escapeHtml(intro)}</p><ul>${input.problems.map((p) => `<li>${escapeHtml(p.message)}</li>`).join('')}</ul><p>${escapeHtml(outro)}</p><p>OrderDesk</p>`,
    ...threaded,
    headers: { 'Auto-Submitted': 'auto-replied' },
  };
}
