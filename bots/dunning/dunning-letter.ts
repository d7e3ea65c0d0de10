import type { OutgoingMail } from '../../core/mail/outgoing-mail.ts';
import type { DunningItem } from './plan-letters.ts';
import type { CustomerContact } from '../../selectors/contract/receivable.ts';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function money(amount: string, currency: string): string {
  const [units = '0', fraction = '00'] = amount.split('.');
  return `${currency} ${units.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${fraction.padEnd(2, '0')}`;
}

/** The letter's business key: one letter per customer per run date. */
export function dunningLetterId(customerId: string, runDate: string): string {
  return `dunning-${customerId}-${runDate}`;
}

const WORDING = {
  zh: {
    subject: (name: string) => `付款提醒 — ${name}`,
    greeting: (name: string) => `尊敬的 ${name}：`,
    intro: '根据我们的记录，以下发票已逾期未付。如您已付款，请忽略本函并接受我们的感谢。',
    columns: ['发票号', '到期日', '逾期天数', '未付金额', '阶段'],
    outro: '如有疑问或对发票有异议，请直接回复本邮件，我们的财务团队会尽快与您联系。',
    signature: 'Acme 金融 财务部',
    days: (n: number) => `${n} 天`,
  },
  en: {
    subject: (name: string) => `Payment reminder — ${name}`,
    greeting: (name: string) => `Dear ${name},`,
    intro: 'According to our records the invoices below are past due. If you have already paid, please disregard this letter, with our thanks.',
    columns: ['Invoice', 'Due date', 'Days overdue', 'Outstanding', 'Stage'],
    outro: 'If you have a question or dispute an invoice, simply reply to this e-mail and our finance team will be in touch.',
    signature: 'Acme Finance — Accounts Receivable',
    days: (n: number) => `${n} days`,
  },
} as const;

/**
 * One polite letter to one customer listing all of their invoices due a stage, in the customer's
 * language, amounts with their currency. The strongest stage sets the tone of the subject line.
 */
export function buildDunningLetter(input: {
  runDate: string;
  from: string;
  contact: CustomerContact & { email: string };
  items: DunningItem[];
  copyTo?: string[];
  /** The sending mailbox keeps a copy (Bcc): a crash after the server accepted is found there. */
  keepCopyIn: string;
}): OutgoingMail {
  const words = WORDING[input.contact.language];
  const strongest = input.items.reduce((a, b) => (b.stage.fromDaysOverdue > a.stage.fromDaysOverdue ? b : a));
  const title = strongest.stage.title[input.contact.language];
  const rows = input.items.map((item) => [
    item.invoice.invoiceNo,
    item.invoice.dueDate,
    words.days(item.invoice.daysOverdue),
    money(item.invoice.outstanding, item.invoice.currency),
    item.stage.title[input.contact.language],
  ]);
  const text = [
    words.greeting(input.contact.name),
    '',
    words.intro,
    '',
    words.columns.join(' | '),
    ...rows.map((r) => r.join(' | ')),
    '',
    words.outro,
    '',
    words.signature,
  ].join('\n');
  const html = [
    `<p>${escapeHtml(words.greeting(input.contact.name))}</p>`,
    `<p>${escapeHtml(words.intro)}</p>`,
    '<table border="1" cellpadding="4" cellspacing="0">',
    `<tr>${words.columns.map((c) => `<th>${escapeHtml(c)}</th>`).join('')}</tr>`,
    ...rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`),
    '</table>',
    `<p>${escapeHtml(words.outro)}</p>`,
    `<p>${escapeHtml(words.signature)}</p>`,
  ].join('\n');
  return {
    id: dunningLetterId(input.contact.customerId, input.runDate),
    from: input.from,
    to: [input.contact.email],
    ...(input.copyTo && input.copyTo.length > 0 ? { cc: input.copyTo } : {}),
    bcc: [input.keepCopyIn],
    subject: `${title}: ${words.subject(input.contact.name)}`,
    text,
    html,
    headers: {
      'Auto-Submitted': 'auto-generated',
      'X-OrderDesk-Dunning': input.items.map((i) => `${i.invoice.invoiceNo}:${i.stage.name}`).join(', '),
    },
  };
}
