import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { dunningPolicySchema } from '../../../config/dunning-policy-schema.ts';
import { loadYamlConfig } from '../../../core/config/load-yaml-config.ts';
import { buildDunningLetter } from '../../../bots/dunning/dunning-letter.ts';
import { buildFinanceReportMail, buildFinanceWorkbook } from '../../../bots/dunning/finance-report.ts';
import { readReceivablesExport } from '../../../selectors/acme-suite/receivables-export.ts';
import type { Receivable } from '../../../selectors/contract/receivable.ts';

const policy = loadYamlConfig('config/dunning.yaml', dunningPolicySchema);
const stage = (name: string) => policy.stages.find((s) => s.name === name) as (typeof policy.stages)[number];

const base: Receivable = {
  invoiceNo: 'INV-2026-000001',
  customerId: 'C000001',
  customerName: '=HYPERLINK("http://evil","x")',
  invoiceDate: '2026-09-01',
  dueDate: '2026-10-01',
  currency: 'CNY',
  amount: '1234567.50',
  paid: '0.00',
  outstanding: '1234567.50',
  daysOverdue: 20,
  status: 'open',
  disputed: false,
  promisedToPay: '',
};

describe('buildDunningLetter', () => {
  it('writes in the customer language, with amounts and currency, one business id per customer and day', () => {
    const zh = buildDunningLetter({
      runDate: '2026-11-23',
      from: 'finance@acme-finance.example',
      contact: { customerId: 'C000001', name: '张三', email: 'c000001@customers.example', language: 'zh' },
      items: [{ invoice: base, stage: stage('second_notice') }, { invoice: { ...base, invoiceNo: 'INV-2', currency: 'USD', outstanding: '10.00', daysOverdue: 3 }, stage: stage('reminder') }],
      keepCopyIn: 'finance@acme-finance.example',
    });
    expect(zh.id).toBe('dunning-C000001-2026-11-23');
    expect(zh.subject).toBe('第二次付款通知: 付款提醒 — 张三');
    expect(zh.text).toContain('CNY 1,234,567.50');
    expect(zh.text).toContain('USD 10.00');
    expect(zh.bcc).toEqual(['finance@acme-finance.example']);
    expect(zh.headers?.['X-OrderDesk-Dunning']).toBe('INV-2026-000001:second_notice, INV-2:reminder');
    const en = buildDunningLetter({
      runDate: '2026-11-23',
      from: 'finance@acme-finance.example',
      contact: { customerId: 'C000002', name: 'Jane <b>Doe</b>', email: 'c000002@customers.example', language: 'en' },
      items: [{ invoice: base, stage: stage('final_notice') }],
      copyTo: ['sales.manager@acme-finance.example'],
      keepCopyIn: 'finance@acme-finance.example',
    });
    expect(en.subject).toBe('Final notice: Payment reminder — Jane <b>Doe</b>');
    expect(en.html).toContain('Jane &#60;b&#62;Doe&#60;/b&#62;');
    expect(en.cc).toEqual(['sales.manager@acme-finance.example']);
  });
});

describe('the finance workbook', () => {
  it('holds the aging summary, details, letters and exceptions, with text cells neutralised', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
    const buffer = await buildFinanceWorkbook({
      runDate: '2026-11-23',
      invoices: [base, { ...base, invoiceNo: 'INV-2', daysOverdue: 95, outstanding: '100.25' }],
      letters: [{ customerId: 'C000001', customerName: '@evil', email: 'x@customers.example', language: 'zh', invoices: [{ invoiceNo: 'INV-2026-000001', stage: 'second_notice' }] }],
      exceptions: [{ kind: 'no_email', customerId: 'C000009', detail: '-no address' }],
      chartPng: png,
    });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(buffer as unknown as ArrayBuffer);
    expect(book.worksheets.map((w) => w.name)).toEqual(['Aging summary', 'Invoices', "Today's letters", 'Exceptions']);
    const aging = book.getWorksheet('Aging summary') as ExcelJS.Worksheet;
    expect(aging.getRow(3).values).toEqual([undefined, 'C000001', '\'=HYPERLINK("http://evil","x")', 'CNY', 0, 1234567.5, 0, 0, 100.25, 1234667.75]);
    expect(aging.getRow(4).values).toEqual([undefined, 'TOTAL', '合计 Total', 'CNY', 0, 1234567.5, 0, 0, 100.25, 1234667.75]);
    expect(aging.getImages()).toHaveLength(1);
    const details = book.getWorksheet('Invoices') as ExcelJS.Worksheet;
    expect(details.rowCount).toBe(3);
    expect(details.getRow(2).getCell(3).value).toBe('\'=HYPERLINK("http://evil","x")');
    expect(details.getRow(2).getCell(9).value).toBe(1234567.5);
    expect((book.getWorksheet("Today's letters") as ExcelJS.Worksheet).getRow(2).getCell(2).value).toBe("'@evil");
    expect((book.getWorksheet('Exceptions') as ExcelJS.Worksheet).getRow(2).values).toEqual([undefined, '无电子邮箱 No e-mail address', 'C000009', '', "'-no address"]);

    const mail = buildFinanceReportMail({ runDate: '2026-11-23', from: 'a@b', to: ['f@b'], workbook: buffer, chartPng: png, letters: 1, exceptions: 1, totals: [{ currency: 'CNY', outstanding: '1234667.75' }] });
    expect(mail.id).toBe('finance-report-2026-11-23');
    expect(mail.html).toContain('cid:aging-chart');
    expect(mail.attachments?.map((a) => a.filename)).toEqual(['receivables-2026-11-23.xlsx', 'aging-chart.png']);
  });
});

describe('readReceivablesExport', () => {
  it('reads the ERP export, money exact and dates as dates, and refuses a changed layout', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Receivables');
    sheet.addRow(['Invoice No', 'Customer ID', 'Customer Name', 'Invoice Date', 'Due Date', 'Currency', 'Amount', 'Paid', 'Outstanding', 'Days Overdue', 'Status', 'Disputed', 'Promised To Pay']);
    sheet.addRow(['INV-1', 'C1', 'Acme', new Date('2026-09-01T00:00:00Z'), new Date('2026-10-01T00:00:00Z'), 'CNY', 1000.1, 0.1, 1000, 53, 'Open', 'Yes', new Date('2026-12-01T00:00:00Z')]);
    const invoices = await readReceivablesExport(Buffer.from((await book.xlsx.writeBuffer()) as ArrayBuffer));
    expect(invoices).toEqual([
      { invoiceNo: 'INV-1', customerId: 'C1', customerName: 'Acme', invoiceDate: '2026-09-01', dueDate: '2026-10-01', currency: 'CNY', amount: '1000.10', paid: '0.10', outstanding: '1000.00', daysOverdue: 53, status: 'open', disputed: true, promisedToPay: '2026-12-01' },
    ]);
    sheet.getRow(1).getCell(9).value = 'Balance';
    await expect(readReceivablesExport(Buffer.from((await book.xlsx.writeBuffer()) as ArrayBuffer))).rejects.toThrow(/no "Outstanding" column/);
  });
});
