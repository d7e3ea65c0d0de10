import type { Receivable } from '../contract/receivable.ts';
import type { AcmeTab } from './acme-tab.ts';
import { outcomeOf, type ScreenOutcome } from './screen-arrival.ts';

/** An open invoice on a customer's statement: a Receivable without the customer (the statement's) and status (open). */
export type StatementLine = Omit<Receivable, 'customerId' | 'customerName' | 'status'>;

/** ERP → Customer Statement: a customer's open invoices and balance per currency. */
export class StatementPage {
  private constructor(
    private readonly tab: AcmeTab,
    /** Undefined when the statement form is shown without a customer (or an unknown one). */
    readonly customerId: string | undefined,
  ) {}

  static fromArrival(tab: AcmeTab, customerId: string | undefined): StatementPage {
    return new StatementPage(tab, customerId);
  }

  static async open(tab: AcmeTab, customerId: string): Promise<ScreenOutcome<StatementPage>> {
    const arrival = await tab.open(`/ERP/Statement.aspx?customer=${encodeURIComponent(customerId)}`);
    // An unknown customer comes back as the statement form with "Unknown customer ..." in the summary.
    return outcomeOf(arrival, 'statement', 'statement', (a) => new StatementPage(tab, a.titleGroups[0]));
  }

  /** Customer ID, Name, E-mail, Preferred language, Statement date. */
  async customer(): Promise<Record<string, string>> {
    return this.tab.details();
  }

  async openInvoices(): Promise<StatementLine[]> {
    if (!(await this.tab.isShown('statement', 'openInvoices'))) return [];
    const { headers, rows } = await this.tab.table('statement', 'openInvoices');
    const cell = (r: string[], name: string): string => r[headers.indexOf(name)] ?? '';
    return rows.map((r) => ({
      invoiceNo: cell(r, 'Invoice No'),
      invoiceDate: cell(r, 'Invoice Date'),
      dueDate: cell(r, 'Due Date'),
      currency: cell(r, 'Currency'),
      amount: cell(r, 'Amount').replace(/,/g, ''),
      paid: cell(r, 'Paid').replace(/,/g, ''),
      outstanding: cell(r, 'Outstanding').replace(/,/g, ''),
      daysOverdue: Number(cell(r, 'Days Overdue') || '0'),
      disputed: cell(r, 'Disputed') === 'Yes',
      promisedToPay: cell(r, 'Promised To Pay'),
    }));
  }

  /** Balance outstanding per currency; empty when the customer owes nothing. */
  async balances(): Promise<{ currency: string; outstanding: string }[]> {
    if (!(await this.tab.isShown('statement', 'balance'))) return [];
    const { rows } = await this.tab.table('statement', 'balance');
    return rows.map((r) => ({ currency: r[0] ?? '', outstanding: (r[1] ?? '').replace(/,/g, '') }));
  }
}
