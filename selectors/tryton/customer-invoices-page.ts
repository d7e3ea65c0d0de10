import { SaoList } from './sao-list.ts';
import { guard, type SaoTab } from './sao-tab.ts';
import { SaoValues } from './sao-values.ts';
import type { TrytonOutcome } from './tryton-outcome.ts';

export interface TrytonInvoiceRow {
  number: string;
  /** YYYY-MM-DD */
  invoiceDate: string;
  /** The party as the list shows it: its name (Tryton's rec_name), not its code. */
  partyName: string;
  /** The invoice total in cents; the list shows it with the currency's symbol. */
  totalCents: bigint;
  currencySymbol: string;
}

/**
 * Financial → Invoices → Customer Invoices, posted ones only (of one party when asked): number, invoice
 * date, party and total, as the list shows them. Read-only.
 */
export class CustomerInvoicesPage {
  private constructor(private readonly list: SaoList<'customerInvoices'>) {}

  static async open(tab: SaoTab, filter: { partyCode?: string } = {}): Promise<TrytonOutcome<CustomerInvoicesPage>> {
    const domain: unknown[] = [
      ['type', '=', 'out'],
      ['state', '=', 'posted'],
    ];
    if (filter.partyCode !== undefined) domain.push(['party.code', '=', filter.partyCode]);
    const failed = await tab.openModel('account.invoice', { domain, name: SaoList.tabName(tab, 'customerInvoices') });
    return failed ?? { kind: 'shown', screen: new CustomerInvoicesPage(new SaoList(tab, 'customerInvoices')) };
  }

  /** Every invoice the list holds; the tab is closed afterwards. */
  async invoices(): Promise<TrytonOutcome<TrytonInvoiceRow[]>> {
    return guard(async () => {
      const read = await this.list.read({ what: 'the customer invoices', columns: ['number', 'invoiceDate', 'party', 'total'] });
      if (read.kind !== 'shown') return read;
      const invoices: TrytonInvoiceRow[] = [];
      for (const row of read.screen) {
        const invoiceDate = SaoValues.isoDate(row.invoiceDate);
        if (invoiceDate === undefined) throw await this.list.unreadable('invoiceDate', row.invoiceDate);
        const total = SaoValues.money(row.total);
        if (total === undefined) throw await this.list.unreadable('total', row.total);
        invoices.push({ number: row.number, invoiceDate, partyName: row.party, totalCents: total.cents, currencySymbol: total.symbol });
      }
      const closed = await this.list.close();
      return closed ?? { kind: 'shown', screen: invoices };
    });
  }
}
