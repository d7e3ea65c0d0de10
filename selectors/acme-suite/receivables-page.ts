import type { AcmeTab } from './acme-tab.ts';
import { outcomeOf, type ScreenOutcome } from './screen-arrival.ts';
import { StatementPage } from './statement-page.ts';

export interface AgingSummary {
  currency: string;
  /** Outstanding per aging column, as the column is headed (Current (not overdue), 1–30 days, ...). */
  buckets: Record<string, string>;
  totalOutstanding: string;
  openInvoices: number;
}

/** ERP → Receivables: aging overview per currency and the customer statement lookup. */
export class ReceivablesPage {
  private constructor(private readonly tab: AcmeTab) {}

  static async open(tab: AcmeTab): Promise<ScreenOutcome<ReceivablesPage>> {
    return outcomeOf(await tab.open('/ERP/Receivables.aspx'), 'receivables', undefined, () => new ReceivablesPage(tab));
  }

  async agingSummary(): Promise<AgingSummary[]> {
    const { headers, rows } = await this.tab.table('receivables', 'aging');
    const bucketHeaders = headers.slice(1, headers.indexOf('Total outstanding'));
    return rows.map((r) => ({
      currency: r[0] ?? '',
      buckets: Object.fromEntries(bucketHeaders.map((h, i) => [h, (r[i + 1] ?? '').replace(/,/g, '')])),
      totalOutstanding: (r[headers.indexOf('Total outstanding')] ?? '').replace(/,/g, ''),
      openInvoices: Number(r[headers.indexOf('Open invoices')] ?? '0'),
    }));
  }

  /** Types a customer id into the statement lookup and shows the statement. */
  async showStatement(customerId: string): Promise<ScreenOutcome<StatementPage>> {
    await this.tab.fill('receivables', 'statementCustomer', customerId);
    const arrival = await this.tab.press('receivables', 'showStatement');
    return outcomeOf(arrival, 'statement', 'statement', (a) => StatementPage.fromArrival(this.tab, a.titleGroups[0]));
  }

  async hasInvoiceLinks(): Promise<boolean> {
    return (await this.tab.isShown('receivables', 'allInvoices')) && (await this.tab.isShown('receivables', 'openInvoices'));
  }
}
