import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAcmeSuite, type AcmeSuiteHandle } from '../../../fixtures/acme-suite/index.ts';
import { AcmeHttpClient, requireHidden, titleOf } from './acme-http-client.ts';

const TODAY = '2026-03-15';
const HEADER = [
  'Invoice No', 'Customer ID', 'Customer Name', 'Invoice Date', 'Due Date', 'Currency', 'Amount', 'Paid',
  'Outstanding', 'Days Overdue', 'Status', 'Disputed', 'Promised To Pay',
];

interface FixtureInvoice {
  invoiceNo: string;
  customerId: string;
  dueDate: string;
  outstanding: string;
  status: 'open' | 'paid';
  disputed: boolean;
  promisedToPay: string | null;
}

function daysOverdue(i: FixtureInvoice): number {
  if (i.status !== 'open') return 0;
  return Math.max(0, Math.round((Date.parse(TODAY) - Date.parse(i.dueDate)) / 86_400_000));
}

describe('acme suite: receivables, invoices and Excel export', () => {
  let suite: AcmeSuiteHandle;
  let client: AcmeHttpClient;
  let invoices: FixtureInvoice[];

  beforeAll(async () => {
    suite = await startAcmeSuite({ port: 0, today: TODAY });
    client = new AcmeHttpClient(suite.url);
    await client.login(suite.credentials.user, suite.credentials.password);
    invoices = (await (await fetch(`${suite.url}/__fixture/invoices`)).json()) as FixtureInvoice[];
  });
  afterAll(async () => {
    await suite?.close();
  });

  it('pages the invoice list 50 at a time with page links', async () => {
    const first = await client.get('/ERP/Invoices.aspx');
    expect(titleOf(first.html)).toMatch(/^Invoices/);
    const pages = Math.ceil(invoices.length / 50);
    expect(first.html).toContain(`Page 1 of ${pages} (${invoices.length} invoices)`);
    expect((first.html.match(/<a href="\/ERP\/Invoice\.aspx\?no=/g) ?? []).length).toBe(50);
    expect(first.html).toContain('rel="next"');
    expect(first.html).not.toContain('rel="prev"');
    const last = await client.get(`/ERP/Invoices.aspx?page=${pages}`);
    expect(last.html).toContain('rel="prev"');
    expect(last.html).not.toContain('rel="next"');
    expect((last.html.match(/<a href="\/ERP\/Invoice\.aspx\?no=/g) ?? []).length).toBe(invoices.length - (pages - 1) * 50);
  });

  it('exports the filtered list, all pages, as an xlsx with the agreed header', async () => {
    const expected = invoices.filter((i) => i.status === 'open' && daysOverdue(i) >= 31 && daysOverdue(i) <= 60);
    expect(expected.length).toBeGreaterThan(50); // more than one page, so "all pages" is tested

    const list = await client.get('/ERP/Invoices.aspx?status=open&bucket=31-60');
    expect(list.html).toContain(`(${expected.length} invoices)`);
    const res = await client.postRaw('/ERP/InvoicesExport.aspx', {
      __RequestVerificationToken: requireHidden(list.html, '__RequestVerificationToken'),
      customer: requireHidden(list.html, 'customer'),
      status: requireHidden(list.html, 'status'),
      bucket: requireHidden(list.html, 'bucket'),
      ctl00$Main$btnExport: 'Export to Excel',
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="Receivables_20260315\.xlsx"/);

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await res.arrayBuffer());
    const sheet = workbook.worksheets[0];
    if (!sheet) throw new Error('export has no worksheet');
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual(HEADER);
    expect(sheet.rowCount - 1).toBe(expected.length);

    const byNo = new Map(expected.map((i) => [i.invoiceNo, i]));
    for (let r = 2; r <= sheet.rowCount; r++) {
      const row = sheet.getRow(r);
      const invoice = byNo.get(String(row.getCell(1).value));
      expect(invoice, `row ${r}`).toBeDefined();
      expect(row.getCell(9).value).toBe(Number(invoice?.outstanding));
      expect(row.getCell(10).value).toBe(daysOverdue(invoice as FixtureInvoice));
      expect(row.getCell(11).value).toBe('Open');
      expect(row.getCell(4).value).toBeInstanceOf(Date);
    }
  });

  it('filters by customer and status and refuses the export without the CSRF token', async () => {
    const customerId = invoices[0]?.customerId ?? '';
    const forCustomer = invoices.filter((i) => i.customerId === customerId);
    const list = await client.get(`/ERP/Invoices.aspx?customer=${customerId}`);
    expect(list.html).toContain(`(${forCustomer.length} invoices)`);
    const disputed = invoices.filter((i) => i.disputed).length;
    expect((await client.get('/ERP/Invoices.aspx?status=disputed')).html).toContain(`(${disputed} invoices)`);
    const promised = invoices.filter((i) => i.promisedToPay !== null).length;
    expect((await client.get('/ERP/Invoices.aspx?status=promised')).html).toContain(`(${promised} invoices)`);

    const refused = await client.postRaw('/ERP/InvoicesExport.aspx', { status: 'open' });
    expect(refused.status).toBe(403);
  });

  it('shows the invoice page with payments and saves the disputed and promised-to-pay flags', async () => {
    const target = invoices.find((i) => i.status === 'open' && !i.disputed && i.promisedToPay === null && daysOverdue(i) > 0);
    if (!target) throw new Error('no overdue open invoice in the seed');
    const page = await client.get(`/ERP/Invoice.aspx?no=${target.invoiceNo}`);
    expect(titleOf(page.html)).toMatch(new RegExp(`^Invoice ${target.invoiceNo}`));
    expect(page.html).toContain('<h2>Payments</h2>');
    const saved = await client.post(`/ERP/Invoice.aspx?no=${target.invoiceNo}`, {
      __RequestVerificationToken: requireHidden(page.html, '__RequestVerificationToken'),
      ctl00$Main$chkDisputed: 'on',
      ctl00$Main$txtPromisedToPay: '2026-04-01',
      ctl00$Main$btnSave: 'Save',
    });
    expect(saved.html).toContain(`Invoice ${target.invoiceNo} has been updated.`);
    const after = ((await (await fetch(`${suite.url}/__fixture/invoices`)).json()) as FixtureInvoice[]).find((i) => i.invoiceNo === target.invoiceNo);
    expect(after).toMatchObject({ disputed: true, promisedToPay: '2026-04-01' });

    const bad = await client.post(`/ERP/Invoice.aspx?no=${target.invoiceNo}`, {
      __RequestVerificationToken: requireHidden(page.html, '__RequestVerificationToken'),
      ctl00$Main$txtPromisedToPay: 'next week',
      ctl00$Main$btnSave: 'Save',
    });
    expect(bad.html).toContain('Promised to pay date must be a valid date in the format YYYY-MM-DD');
  });

  it('shows a customer statement with open invoices and the balance, and the aging overview', async () => {
    const customerId = invoices.find((i) => i.status === 'open')?.customerId ?? '';
    const open = invoices.filter((i) => i.customerId === customerId && i.status === 'open');
    const statement = await client.get(`/ERP/Statement.aspx?customer=${customerId}`);
    expect(titleOf(statement.html)).toMatch(new RegExp(`^Customer Statement — ${customerId}`));
    expect((statement.html.match(/<a href="\/ERP\/Invoice\.aspx\?no=/g) ?? []).length).toBe(open.length);
    expect(statement.html).toContain('Balance outstanding');

    const overview = await client.get('/ERP/Receivables.aspx');
    expect(overview.html).toContain('Over 90 days');
    expect(overview.html).toContain('<td>CNY</td>');
  });
});
