import type { OutgoingMail } from '../../core/mail/outgoing-mail.ts';
import type { CanonicalOrder } from '../intake/canonical-order.ts';
import type { ApprovalRecord, ApprovalSlot } from './approval-record.ts';
import { BilingualBody, formatInstant } from './mail-text.ts';

/** The header that repeats the reply token (the Reply-To plus-address carries it too). */
export const APPROVAL_TOKEN_MAIL_HEADER = 'X-OrderDesk-Approval-Token';

/** `orders@firm` + token → `orders+apv-<token>@firm`: replies land in the shared mailbox, token intact. */
export function replyAddressFor(sharedMailbox: string, token: string): string {
  const at = sharedMailbox.lastIndexOf('@');
  return `${sharedMailbox.slice(0, at)}+apv-${token}${sharedMailbox.slice(at)}`;
}

function amountShown(order: Partial<CanonicalOrder>): string {
  const [whole = '', cents = '00'] = String(order.amount ?? '').split('.');
  return `${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${cents.padEnd(2, '0')} ${order.currency ?? 'CNY'}`;
}

function orderRows(order: Partial<CanonicalOrder>): [string, string][] {
  const rows: [string, string][] = [
    ['订单编号 Order ref', order.externalRef ?? '-'],
    ['客户 Customer', `${order.customerName ?? '-'} (${order.customerId ?? '-'})`],
    ['产品 Product', order.productCode ?? '-'],
    ['产品风险 / 客户风险 Product / customer risk', `${order.productRisk ?? '-'} / ${order.customerRisk ?? '-'}`],
    ['金额 Amount', amountShown(order)],
    ['期限 Term', order.termMonths === undefined ? '-' : `${order.termMonths} 个月 months`],
    ['支付方式 Payment', order.paymentMethod ?? '-'],
    ['客户经理 Sales rep', order.salesRep ?? '-'],
    ['网点 Branch', order.branch ?? '-'],
    ['信用等级 Credit grade', order.creditGrade || '-'],
  ];
  if (order.notes) rows.push(['备注 Notes', order.notes]);
  return rows;
}

/** What an approver should notice beyond the rule that routed the order. */
export function orderFlags(order: Partial<CanonicalOrder>): string[] {
  const flags: string[] = [];
  if (!order.creditGrade) flags.push('无信用等级 / no credit grade');
  const product = Number(order.productRisk?.slice(1));
  const customer = Number(order.customerRisk?.slice(1));
  if (product >= 4) flags.push(`高风险产品 ${order.productRisk} / high-risk product ${order.productRisk}`);
  if (product > 0 && product === customer) flags.push(`产品风险等于客户风险承受上限 / product risk is at the customer's tolerance limit (${order.productRisk} / ${order.customerRisk})`);
  if (order.notes) flags.push(`备注 / note: ${order.notes}`);
  return flags;
}

/** Earlier levels' outcomes and comments, for the next approver. */
export function earlierDecisions(record: ApprovalRecord, levelIndex: number, timeZone: string): string[] {
  return record.levels.slice(0, levelIndex).flatMap((level, index) =>
    level.slots
      .filter((slot) => slot.decision)
      .map((slot) => {
        const d = slot.decision as NonNullable<ApprovalSlot['decision']>;
        const verdict = d.decision === 'approve' ? '同意 Approved' : '拒绝 Rejected';
        return `第 ${index + 1} 级 Level ${index + 1} (${level.role}): ${verdict} — ${d.by}, ${formatInstant(d.at, timeZone)}${d.comment ? ` — “${d.comment}”` : ''}`;
      }),
  );
}

export interface DecisionMailRequest {
  purpose: 'request' | 'reminder' | 'escalation';
  mailId: string;
  /** The shared mailbox. */
  from: string;
  to: string;
  cc?: string[];
  token: string;
  order: Partial<CanonicalOrder>;
  record: ApprovalRecord;
  levelIndex: number;
  slot: ApprovalSlot;
  /** Reminder number (1..maxReminders). */
  step?: number;
  maxReminders: number;
  timeZone: string;
  /** Reminders and escalations thread under the request. */
  inReplyTo?: string;
}

/**
 * The mail that asks for a decision: the order, why it needs approval, its flags, what earlier levels
 * decided, and how to answer, in Chinese and English. Its own single-use token sits in the Reply-To
 * and in a header; the subject carries the order reference.
 */
export function buildDecisionMail(request: DecisionMailRequest): OutgoingMail {
  const { order, record, levelIndex, slot, timeZone } = request;
  const level = record.levels[levelIndex];
  const levelNo = levelIndex + 1;
  const levels = record.levels.length;
  const ref = order.externalRef ?? record.externalRef;
  const prefix =
    request.purpose === 'reminder'
      ? `提醒 Reminder ${request.step ?? 1}/${request.maxReminders}: `
      : request.purpose === 'escalation'
        ? '升级 Escalation: '
        : '';
  const subject = `${prefix}审批 Approval ${levelNo}/${levels} [${ref}] ${order.customerName ?? ''} ${amountShown(order)}`.replace(/\s+/g, ' ').trim();
  const approverName = slot.name ? `${slot.name} <${slot.approver}>` : slot.approver;
  const deadline = formatInstant(level?.deadline ?? '', timeZone);
  const mode = level?.approve === 'all' ? '该级需全部审批人同意 / every approver of this level must approve' : '该级任一审批人决定即可 / one approver of this level decides';

  const body = new BilingualBody().paragraph('您好 / Hello,');
  body.paragraph(`请审批以下订单（第 ${levelNo} 级，共 ${levels} 级：${level?.role ?? ''}）。 / Please decide on this order (level ${levelNo} of ${levels}: ${level?.role ?? ''}; ${mode}).`);
  if (request.purpose === 'reminder') {
    body.paragraph(`提醒：此订单仍在等待您的决定（第 ${request.step ?? 1} 次提醒，共 ${request.maxReminders} 次）。 / Reminder ${request.step ?? 1} of ${request.maxReminders}: this order still waits for your decision.`);
  }
  // Four eyes may have barred the approver from this order: then they are neither copied nor named as one who may answer.
  const approverMayAnswer = !slot.passedOver?.some((p) => p.address === slot.approver);
  if (request.purpose === 'escalation') {
    body.paragraph(
      approverMayAnswer
        ? `此审批未在时限内处理，现升级给您；原审批人 ${approverName} 已抄送。 / This request was not answered in time and is escalated to you; the original approver ${approverName} is copied.`
        : '此审批未在时限内处理，现升级给您。 / This request was not answered in time and is escalated to you.',
    );
  } else if (slot.passedOver?.length) {
    // Four eyes: whoever receives it in someone's place is told why.
    body.paragraph('按四眼原则，以下人员不得审批此订单，故由您审批： / Under the four-eyes rule these people may not decide this order, so the request comes to you:');
    body.list(slot.passedOver.map((p) => `${p.address} — ${p.because}`));
  } else if (slot.away) {
    body.paragraph(`${approverName} 休假中，您作为其代理人收到此请求。 / ${approverName} is out of office; you receive this request as their delegate.`);
  }
  body.heading('订单 Order').table(orderRows(order));
  body.heading(`审批原因 Why approval is needed — ${record.rule}${record.ruleDescription ? `: ${record.ruleDescription}` : ''}`).list(record.reasons.length > 0 ? record.reasons : ['(规则无条件 / the catch-all rule)']);
  const flags = orderFlags(order);
  if (flags.length > 0) body.heading('提示 Flags').list(flags);
  const earlier = earlierDecisions(record, levelIndex, timeZone);
  body.heading('前序审批 Earlier levels').list(earlier.length > 0 ? earlier : ['无（这是第一级） / none: this is the first level']);
  body.heading('如何答复 How to answer');
  body.list([
    '直接回复本邮件，第一行写“同意”或“拒绝”，后面写理由，例如：拒绝 客户风险承受能力不足',
    'Reply to this mail with APPROVE or REJECT on the first line, followed by a reason, e.g.: REJECT customer risk tolerance too low',
    `请在 ${deadline} 之前答复，逾期订单将失效。 / Please answer before ${deadline}; after that the order expires.`,
    approverMayAnswer
      ? `此请求仅限 ${approverName} 或其代理人答复，请勿转发。 / Only ${approverName} or their delegate may answer this request: please do not forward it.`
      : '此请求仅限收件人本人答复，请勿转发。 / Only you, the recipient, may answer this request: please do not forward it.',
  ]);
  body.paragraph('OrderDesk');
  const { text, html } = body.build();
  return {
    id: request.mailId,
    from: request.from,
    to: [request.to],
    ...(request.cc && request.cc.length > 0 ? { cc: request.cc } : {}),
    replyTo: replyAddressFor(request.from, request.token),
    subject,
    text,
    html,
    ...(request.inReplyTo ? { inReplyTo: request.inReplyTo, references: [request.inReplyTo] } : {}),
    headers: { [APPROVAL_TOKEN_MAIL_HEADER]: request.token, 'X-OrderDesk-Order': record.orderId, 'Auto-Submitted': 'auto-generated' },
  };
}
