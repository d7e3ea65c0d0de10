import type { Receivable } from '../contract/receivable.ts';
import type { AcmeTab } from './acme-tab.ts';
import { outcomeOf, type ScreenOutcome } from './screen-arrival.ts';

export interface InvoiceFilter {
  /** Customer id or part of the name; '' for all. */
  customer?: string;
  /** '' (all), open, paid, disputed, promised. */
  status?: string;
  /** '' (all), current, 1-30, 31-60, 61-90, 90+. */
  overdue?: string;
}

/** A row of the invoice list: the Acme suite shows every field of the contract's Receivable. */
export type InvoiceListRow = Receivable;

const PAGE_INFO = /^Page (\d+) of (\d+) \((\d+) invoices\)$/;

/** ERP → Invoices: the filtered list, 50 a page, and "Export to Excel" of every page. */
export class InvoiceListPage {
  private constructor(private readonly tab: AcmeTab) {}

  static async open(tab: AcmeTab): Promise<ScreenOutcome<InvoiceListPage>> {
    return outcomeOf(await tab.open('/ERP/Invoices.aspx'), 'invoices', undefined, () => new InvoiceListPage(tab));
  }

  /** Sets the filter form and presses Filter. */
  async filter(filter: InvoiceFilter): Promise<ScreenOutcome<InvoiceListPage>> {
    await this.tab.fill('invoices', 'customer', filter.customer ?? '');
    await this.tab.select('invoices', 'status', filter.status ?? '');
    await this.tab.select('invoices', 'overdue', filter.overdue ?? '');
    return outcomeOf(await this.tab.press('invoices', 'filter'), 'invoices', 'invoices', () => new InvoiceListPage(this.tab));
  }

  async pageInfo(): Promise<{ page: number; pageCount: number; total: number }> {
    const text = await this.tab.text('invoices', 'resultCount');
    const m = PAGE_INFO.exec(text);
    if (!m) throw new Error(`invoice list shows no page count: "${text}"`);
    return { page: Number(m[1]), pageCount: Number(m[2]), total: Number(m[3]) };
  }

  /** The invoices on this page. */
  async invoices(): Promise<InvoiceListRow[]> {
    if (await this.tab.isShown('invoices', 'noResults')) return [];
    const { headers, rows } = await this.tab.table('invoices', 'invoices');
    const cell = (r: string[], name: string): string => r[headers.indexOf(name)] ?? '';
    return rows.map((r) => ({
      invoiceNo: cell(r, 'Invoice No'),
      customerId: cell(r, 'Customer ID'),
      customerName: cell(r, 'Customer Name'),
      invoiceDate: cell(r, 'Invoice Date'),
      dueDate: cell(r, 'Due Date'),
      currency: cell(r, 'Currency'),
      amount: cell(r, 'Amount').replace(/,/g, ''),
      paid: cell(r, 'Paid').replace(/,/g, ''),
      outstanding: cell(r, 'Outstanding').replace(/,/g, ''),
      daysOverdue: Number(cell(r, 'Days Overdue') || '0'),
      status: cell(r, 'Status'),
      disputed: cell(r, 'Disputed') === 'Yes',
      promisedToPay: cell(r, 'Promised To Pay'),
    }));
  }

  /** The next page of the list, or undefined on the last page. */
  async nextPage(): Promise<ScreenOutcome<InvoiceListPage> | undefined> {
    if (!(await this.tab.isShown('invoices', 'nextPage'))) return undefined;
    return outcomeOf(await this.tab.press('invoices', 'nextPage'), 'invoices', undefined, () => new InvoiceListPage(this.tab));
  }

  /** Presses "Export to Excel": the whole filtered list (all pages) as an xlsx file. */
  async exportToExcel(): Promise<{ fileName: string; content: Buffer }> {
    return this.tab.download('invoices', 'exportToExcel');
  }
}
