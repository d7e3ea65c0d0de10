import type { AcmeTab } from './acme-tab.ts';
import { outcomeOf, type ScreenOutcome } from './screen-arrival.ts';

/** ERP → an invoice: its record, payments, and the disputed / promised-to-pay collection flags. */
export class InvoicePage {
  private constructor(
    private readonly tab: AcmeTab,
    readonly invoiceNo: string,
  ) {}

  static async open(tab: AcmeTab, invoiceNo: string): Promise<ScreenOutcome<InvoicePage>> {
    const arrival = await tab.open(`/ERP/Invoice.aspx?no=${encodeURIComponent(invoiceNo)}`);
    return outcomeOf(arrival, 'invoice', 'invoice', (a) => new InvoicePage(tab, a.titleGroups[0] ?? invoiceNo));
  }

  /** Label → value: Customer, Due date, Outstanding, Days overdue, Disputed, Promised to pay on, ... */
  async details(): Promise<Record<string, string>> {
    return this.tab.details();
  }

  async payments(): Promise<{ date: string; amount: string; reference: string }[]> {
    if (!(await this.tab.isShown('invoice', 'payments'))) return [];
    const { rows } = await this.tab.table('invoice', 'payments');
    return rows.map((r) => ({ date: r[0] ?? '', amount: (r[1] ?? '').replace(/,/g, ''), reference: r[2] ?? '' }));
  }

  /** The collection flags as the form shows them now. */
  async collectionFlags(): Promise<{ disputed: boolean; promisedToPay: string }> {
    const details = await this.tab.details();
    return { disputed: details['Disputed'] === 'Yes', promisedToPay: await this.tab.inputValue('invoice', 'promisedToPay') };
  }

  /** Saves the flags; the ERP refuses e.g. a dispute on a paid invoice, with its message. */
  async setCollectionFlags(flags: { disputed: boolean; promisedToPay: string }): Promise<ScreenOutcome<InvoicePage>> {
    await this.tab.check('invoice', 'disputed', flags.disputed);
    await this.tab.fill('invoice', 'promisedToPay', flags.promisedToPay);
    return outcomeOf(await this.tab.press('invoice', 'save'), 'invoice', 'invoice', () => new InvoicePage(this.tab, this.invoiceNo));
  }
}
