import ExcelJS from 'exceljs';
import type { OutgoingMail } from '../../core/mail/outgoing-mail.ts';
import { neutraliseFormula } from '../../core/sheets/neutralise-formula.ts';
import { AGING_BUCKETS, agingSummary, fromCents, type AgingRow } from './aging.ts';
import type { Receivable } from '../../selectors/contract/receivable.ts';

export interface LetterSent {
  customerId: string;
  customerName: string;
  email: string;
  language: 'zh' | 'en';
  invoices: { invoiceNo: string; stage: string }[];
}

export type ExceptionKind = 'no_email' | 'bounced' | 'disputed' | 'promised_to_pay' | 'handed_to_collections' | 'paid_meanwhile';

export interface DunningException {
  kind: ExceptionKind;
  customerId: string;
  invoiceNo?: string;
  detail: string;
}

const EXCEPTION_LABELS: Record<ExceptionKind, string> = {
  no_email: '无电子邮箱 No e-mail address',
  bounced: '退信 Bounced',
  disputed: '有争议 Disputed',
  promised_to_pay: '承诺付款 Promised to pay',
  handed_to_collections: '转交催收 Handed to collections',
  paid_meanwhile: '期间已付 Paid meanwhile',
};

/** Text cells carry the ERP's and customers' data: neutralised against formula injection. */
function safeRow(values: unknown[]): unknown[] {
  return values.map((v) => neutraliseFormula(v));
}

function moneyCell(cents: bigint): number {
  return Number(fromCents(cents));
}

function agingLine(row: AgingRow): unknown[] {
  return [row.customerId, row.customerName, row.currency, ...AGING_BUCKETS.map((b) => moneyCell(row.buckets[b])), moneyCell(row.total)];
}

/**
 * The daily finance workbook: aging by customer and in total, every open invoice, today's letters and the
 * exceptions, with the aging chart placed on the summary sheet.
 */
export async function buildFinanceWorkbook(input: {
  runDate: string;
  invoices: Receivable[];
  letters: LetterSent[];
  exceptions: DunningException[];
  chartPng?: Buffer;
}): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'OrderDesk';
  const summary = agingSummary(input.invoices);

  const aging = workbook.addWorksheet('Aging summary');
  aging.addRow([`应收账款账龄 Receivables aging ${input.runDate}`]).font = { bold: true };
  aging.addRow(['客户 Customer', '名称 Name', '币种 Currency', ...AGING_BUCKETS, '合计 Total']).font = { bold: true };
  for (const row of summary.byCustomer) aging.addRow(safeRow(agingLine(row)));
  for (const row of summary.totals) aging.addRow(safeRow(agingLine(row))).font = { bold: true };
  for (let col = 4; col <= 9; col++) aging.getColumn(col).numFmt = '#,##0.00';
  aging.getColumn(2).width = 32;
  if (input.chartPng) {
    const imageId = workbook.addImage({ buffer: input.chartPng as unknown as ExcelJS.Buffer, extension: 'png' });
    aging.addImage(imageId, { tl: { col: 10, row: 1 }, ext: { width: 640, height: 320 } });
  }

  const details = workbook.addWorksheet('Invoices');
  details.addRow(['发票 Invoice', '客户 Customer', '名称 Name', '开票日 Invoice date', '到期日 Due date', '币种 Currency', '金额 Amount', '已付 Paid', '未付 Outstanding', '逾期天数 Days overdue', '争议 Disputed', '承诺付款 Promised']).font = { bold: true };
  for (const i of input.invoices) {
    if (i.status !== 'open') continue;
    details.addRow(safeRow([i.invoiceNo, i.customerId, i.customerName, i.invoiceDate, i.dueDate, i.currency, Number(i.amount), Number(i.paid), Number(i.outstanding), i.daysOverdue, i.disputed ? 'Yes' : 'No', i.promisedToPay]));
  }
  for (const col of [7, 8, 9]) details.getColumn(col).numFmt = '#,##0.00';

  const letters = workbook.addWorksheet("Today's letters");
  letters.addRow(['客户 Customer', '名称 Name', '电子邮件 E-mail', '语言 Language', '发票与阶段 Invoices and stages']).font = { bold: true };
  for (const l of input.letters) letters.addRow(safeRow([l.customerId, l.customerName, l.email, l.language, l.invoices.map((i) => `${i.invoiceNo} (${i.stage})`).join(', ')]));

  const exceptions = workbook.addWorksheet('Exceptions');
  exceptions.addRow(['类型 Kind', '客户 Customer', '发票 Invoice', '说明 Detail']).font = { bold: true };
  for (const e of input.exceptions) exceptions.addRow(safeRow([EXCEPTION_LABELS[e.kind], e.customerId, e.invoiceNo ?? '', e.detail]));

  return Buffer.from((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
}

/** The report mail to finance: the workbook attached and the chart inline in the HTML. */
export function buildFinanceReportMail(input: {
  runDate: string;
  from: string;
  to: string[];
  workbook: Buffer;
  chartPng?: Buffer;
  letters: number;
  exceptions: number;
  totals: { currency: string; outstanding: string }[];
}): OutgoingMail {
  const totals = input.totals.map((t) => `${t.currency} ${t.outstanding}`).join(', ') || '0';
  const text = [
    `应收账款日报 Receivables report ${input.runDate}`,
    `未收合计 Outstanding: ${totals}`,
    `今日催款函 Letters today: ${input.letters}`,
    `例外 Exceptions: ${input.exceptions}`,
    '',
    '明细见附件 Details in the attached workbook.',
  ].join('\n');
  const html = `<h2>应收账款日报 Receivables report ${input.runDate}</h2>
<p>未收合计 Outstanding: ${totals}<br>今日催款函 Letters today: ${input.letters}<br>例外 Exceptions: ${input.exceptions}</p>
${input.chartPng ? '<p><img src="cid:aging-chart" alt="aging chart" width="640" height="320"></p>' : ''}
<p>明细见附件 Details in the attached workbook.</p>`;
  return {
    id: `finance-report-${input.runDate}`,
    from: input.from,
    to: input.to,
    subject: `应收账款日报 Receivables report ${input.runDate}`,
    text,
    html,
    headers: { 'Auto-Submitted': 'auto-generated' },
    attachments: [
      { filename: `receivables-${input.runDate}.xlsx`, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', contentBase64: input.workbook.toString('base64') },
      ...(input.chartPng ? [{ filename: 'aging-chart.png', contentType: 'image/png', contentBase64: input.chartPng.toString('base64'), cid: 'aging-chart' }] : []),
    ],
  };
}
