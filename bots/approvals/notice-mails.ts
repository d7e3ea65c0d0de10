import type { OutgoingMail } from '../../core/mail/outgoing-mail.ts';
import type { ApprovalRecord } from './approval-record.ts';
import type { Exclusion } from './approver-directory.ts';
import { BilingualBody, formatInstant } from './mail-text.ts';
import type { RefusalReason } from './reply-verdict.ts';

/** Who submitted the order and under which mail, so notices thread under their submission. */
export interface Submitter {
  address: string;
  /** Message-ID of the submission mail, when the order came by mail. */
  messageId?: string;
}

function threadedTo(submitter: Submitter): Partial<OutgoingMail> {
  return submitter.messageId ? { inReplyTo: submitter.messageId, references: [submitter.messageId] } : {};
}

const AUTO = { 'Auto-Submitted': 'auto-replied' };

/** The submitter learns their order was rejected, by whom, at which level, and why. */
export function buildRejectionNotice(input: { from: string; submitter: Submitter; record: ApprovalRecord; timeZone: string }): OutgoingMail {
  const { record, timeZone } = input;
  const index = record.levels.findIndex((l) => l.outcome === 'rejected');
  const level = record.levels[index];
  const decision = level?.slots.find((s) => s.decision?.decision === 'reject')?.decision;
  const by = decision?.by ?? level?.decidedBy ?? '-';
  const reason = decision?.comment || '（未说明理由） / (no reason given)';
  const { text, html } = new BilingualBody()
    .paragraph('您好 / Hello,')
    .paragraph(`订单 ${record.externalRef} 在第 ${index + 1} 级审批（${level?.role ?? ''}）被拒绝，不会录入系统。 / Order ${record.externalRef} was rejected at approval level ${index + 1} (${level?.role ?? ''}) and will not be keyed.`)
    .table([
      ['审批人 Decided by', by],
      ['时间 At', formatInstant(decision?.at ?? level?.decidedAt ?? '', timeZone)],
      ['理由 Reason', reason],
    ])
    .paragraph('如需继续办理，请修改后重新提交。 / To go ahead, correct the order and submit it again.')
    .paragraph('OrderDesk')
    .build();
  return {
    id: `approval-rejected-${record.orderId}`,
    from: input.from,
    to: [input.submitter.address],
    subject: `订单被拒绝 Order rejected [${record.externalRef}]: ${reason}`.slice(0, 200),
    text,
    html,
    ...threadedTo(input.submitter),
    headers: AUTO,
  };
}

/** The submitter learns nobody decided in time, and the order will not be keyed. */
export function buildExpiryNotice(input: { from: string; submitter: Submitter; record: ApprovalRecord; timeZone: string }): OutgoingMail {
  const { record, timeZone } = input;
  const level = record.levels[record.current];
  const waitingFor = (level?.slots ?? []).filter((s) => !s.decision).map((s) => s.approver);
  const { text, html } = new BilingualBody()
    .paragraph('您好 / Hello,')
    .paragraph(`订单 ${record.externalRef} 的第 ${record.current + 1} 级审批（${level?.role ?? ''}）未在时限内完成，订单已失效，不会录入系统。 / Approval level ${record.current + 1} (${level?.role ?? ''}) of order ${record.externalRef} was not decided in time; the order has expired and will not be keyed.`)
    .table([
      ['请求时间 Requested at', formatInstant(level?.requestedAt ?? '', timeZone)],
      ['截止时间 Deadline', formatInstant(level?.deadline ?? '', timeZone)],
      ['等待 Waiting for', waitingFor.join(', ') || '-'],
    ])
    .paragraph('如仍需办理，请重新提交。 / To go ahead, submit the order again.')
    .paragraph('OrderDesk')
    .build();
  return {
    id: `approval-expired-${record.orderId}`,
    from: input.from,
    to: [input.submitter.address],
    subject: `审批超时，订单失效 Approval expired [${record.externalRef}]`,
    text,
    html,
    ...threadedTo(input.submitter),
    headers: AUTO,
  };
}

/**
 * Ops learn that four eyes left a level of an order with nobody who may decide it: the order waits
 * (until a person acts on the dashboard, or it expires) rather than go to someone who must not decide.
 */
export function buildNoEligibleApproverAlert(input: { from: string; to: string; record: ApprovalRecord; levelIndex: number; excluded: Exclusion[]; timeZone: string }): OutgoingMail {
  const { record, levelIndex } = input;
  const level = record.levels[levelIndex];
  const { text, html } = new BilingualBody()
    .paragraph(
      `订单 ${record.externalRef} 的第 ${levelIndex + 1} 级审批（${level?.role ?? ''}）没有可审批的人：按四眼原则，指定审批人及其代理人均不得审批此订单。订单将等待处理。 / Approval level ${levelIndex + 1} (${level?.role ?? ''}) of order ${record.externalRef} has nobody who may decide it: under the four-eyes rule the assigned approvers and their delegates may not decide this order. The order waits.`,
    )
    .heading('不得审批的人 Excluded')
    .list(input.excluded.map((e) => `${e.address} — ${e.because}`))
    .paragraph(
      `请在 config/approvers.yaml 中为该角色指定代理人或 nextInLine，或在控制台处理此订单；否则订单将于 ${formatInstant(level?.deadline ?? '', input.timeZone)} 失效。 / Give the role a delegate or nextInLine in config/approvers.yaml, or deal with the order on the dashboard; otherwise it expires at ${formatInstant(level?.deadline ?? '', input.timeZone)}.`,
    )
    .paragraph('OrderDesk')
    .build();
  return {
    id: `approval-no-eligible-${record.orderId}-L${levelIndex + 1}`,
    from: input.from,
    to: [input.to],
    subject: `[四眼 Four eyes] 无人可审批 No eligible approver [${record.externalRef}] level ${levelIndex + 1}`,
    text,
    html,
    headers: { 'Auto-Submitted': 'auto-generated' },
  };
}

export interface ReplyContext {
  replyId: string;
  /** The approver's reply: we answer it in its thread. */
  messageId: string;
  subject: string;
  to: string;
  from: string;
}

function answering(context: ReplyContext): Pick<OutgoingMail, 'from' | 'to' | 'subject' | 'inReplyTo' | 'references'> {
  const subject = context.subject.replace(/^\s*((re|回复|答复)\s*[:：]\s*)+/i, '');
  return { from: context.from, to: [context.to], subject: `Re: ${subject}`, inReplyTo: context.messageId, references: [context.messageId] };
}

/** The polite "could not read your decision": the same token still works, so they can simply answer again. */
export function buildUnreadableReply(context: ReplyContext & { replyTo: string; externalRef: string }): OutgoingMail {
  const { text, html } = new BilingualBody()
    .paragraph('您好 / Hello,')
    .paragraph(`抱歉，我们没能从您的回复中读出对订单 ${context.externalRef} 的决定。 / Sorry, we could not read your decision on order ${context.externalRef} from your reply.`)
    .paragraph('请回复本邮件，并在第一行写“同意”或“拒绝”，后面写理由，例如：同意 金额已核实 / Please reply to this mail with APPROVE or REJECT on the first line, followed by a reason, e.g.: APPROVE amount checked')
    .paragraph('OrderDesk')
    .build();
  return { id: `approval-unreadable-${context.replyId}`, ...answering(context), replyTo: context.replyTo, text, html, headers: AUTO };
}

/** A reply that came after its level was decided, or after the order expired. */
export function buildLateReply(context: ReplyContext & { externalRef: string; situation: 'decided' | 'expired'; decidedBy: string; decidedAt: string; timeZone: string }): OutgoingMail {
  const at = formatInstant(context.decidedAt, context.timeZone);
  const line =
    context.situation === 'expired'
      ? `订单 ${context.externalRef} 已于 ${at} 因审批超时失效，您的回复未被采用。 / Order ${context.externalRef} expired at ${at}; your reply was not used.`
      : `订单 ${context.externalRef} 的这一级审批已由 ${context.decidedBy || '其他审批人 another approver'} 于 ${at} 决定，您的回复未被采用。 / This approval of order ${context.externalRef} was already decided by ${context.decidedBy || 'another approver'} at ${at}; your reply was not used.`;
  const { text, html } = new BilingualBody().paragraph('您好 / Hello,').paragraph(line).paragraph('OrderDesk').build();
  return { id: `approval-late-${context.replyId}`, ...answering(context), text, html, headers: AUTO };
}

/**
 * The approver learns that a reply sent in their name by someone else (Exchange "send on behalf")
 * did not count, so they can answer themselves: the request's token is still good.
 */
export function buildOnBehalfNotice(context: ReplyContext & { sender: string; externalRef: string }): OutgoingMail {
  const { text, html } = new BilingualBody()
    .paragraph('您好 / Hello,')
    .paragraph(
      `${context.sender} 以您的名义发送了对订单 ${context.externalRef} 的审批回复，该回复未被采用。审批只能由您本人或您的代理人亲自答复。 / ${context.sender} sent an approval reply on order ${context.externalRef} on your behalf; it was not counted. Only you or your delegate may answer, yourselves.`,
    )
    .paragraph('如需决定，请您本人回复原审批邮件。此事已记录并通知运维。 / To decide, reply to the original request yourself. This was recorded and ops were told.')
    .paragraph('OrderDesk')
    .build();
  return { id: `approval-on-behalf-${context.replyId}`, ...answering(context), text, html, headers: AUTO };
}

const REFUSAL_WORDS: Record<RefusalReason, string> = {
  'sender-not-authenticated': '发件人未通过验证，疑似伪造 / sender not verified: suspected forgery',
  'no-token': '没有审批令牌 / no approval token',
  'unknown-token': '未知的审批令牌 / unknown approval token',
  'not-approver': '发件人不是指定审批人或其代理人 / sender is not the assigned approver or delegate',
  'on-behalf': '由他人代为发送（代发） / sent on the approver\'s behalf by someone else',
  'self-approval': '提交人或客户经理不得审批自己的订单 / the submitter or sales rep may not approve their own order',
  'same-approver-twice': '同一人不得审批同一订单的两级 / the same person may not decide two levels of one order',
  'replayed-token': '审批令牌已被使用（重放） / approval token already used (replay)',
  'expired-token': '审批令牌已过期 / approval token expired',
};

/** Ops hear of every refused approval reply, with what they need to look into it (never the token). */
export function buildSecurityAlert(input: {
  replyId: string;
  from: string;
  to: string;
  reason: RefusalReason;
  explanation: string;
  sender: string;
  messageId: string;
  subject: string;
  externalRef?: string;
  tokenRef?: string;
  evidence?: string;
  folder: string;
}): OutgoingMail {
  const { text, html } = new BilingualBody()
    .paragraph(`一封审批回复被拒收，已记为安全事件。 / An approval reply was refused and recorded as a security event.`)
    .table([
      ['原因 Reason', REFUSAL_WORDS[input.reason]],
      ['说明 Detail', input.explanation],
      ['发件人 From', input.sender || '-'],
      ['主题 Subject', input.subject || '-'],
      ['Message-ID', input.messageId || '-'],
      ['订单 Order', input.externalRef ?? '-'],
      ['令牌 Token ref', input.tokenRef ?? '-'],
      ['Authentication-Results', input.evidence ?? '-'],
      ['邮件位置 Filed in', input.folder],
    ])
    .paragraph('订单状态未改变。 / The order was not changed.')
    .paragraph('OrderDesk')
    .build();
  return {
    id: `approval-security-${input.replyId}`,
    from: input.from,
    to: [input.to],
    subject: `[安全 Security] 可疑审批回复 Suspected forged approval reply${input.externalRef ? ` [${input.externalRef}]` : ''}: ${input.reason}`,
    text,
    html,
    headers: { 'Auto-Submitted': 'auto-generated' },
  };
}
