import type { AcmeTab } from './acme-tab.ts';
import { outcomeOf, type ScreenOutcome } from './screen-arrival.ts';

export interface CustomerSearchRow {
  customerId: string;
  name: string;
  type: string;
  status: string;
}

/** CRM → Customers: find a customer by name, customer id or id number. */
export class CustomerSearchPage {
  private constructor(private readonly tab: AcmeTab) {}

  static async open(tab: AcmeTab): Promise<ScreenOutcome<CustomerSearchPage>> {
    return outcomeOf(await tab.open('/CRM/CustomerSearch.aspx'), 'customerSearch', undefined, () => new CustomerSearchPage(tab));
  }

  async search(term: string): Promise<ScreenOutcome<CustomerSearchPage>> {
    await this.tab.fill('customerSearch', 'query', term);
    return outcomeOf(await this.tab.press('customerSearch', 'search'), 'customerSearch', 'customerSearch', () => new CustomerSearchPage(this.tab));
  }

  /** The customers the last search found (the CRM lists at most 100); empty when none. */
  async results(): Promise<CustomerSearchRow[]> {
    if (await this.tab.isShown('customerSearch', 'noResults')) return [];
    const { headers, rows } = await this.tab.table('customerSearch', 'results');
    const col = (name: string): number => headers.indexOf(name);
    return rows.map((r) => ({
      customerId: r[col('Customer ID')] ?? '',
      name: r[col('Name')] ?? '',
      type: r[col('Type')] ?? '',
      status: r[col('Status')] ?? '',
    }));
  }
}
