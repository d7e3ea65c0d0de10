import type { AcmeTab } from './acme-tab.ts';
import { outcomeOf, type ScreenOutcome } from './screen-arrival.ts';

export interface FoundOrder {
  orderNo: string;
  externalRef: string;
  customerId: string;
  productCode: string;
  amount: string;
  currency: string;
  status: string;
}

/** CRM → Order Search: orders by external reference or order number (the CRM matches "contains"). */
export class OrderSearchPage {
  private constructor(private readonly tab: AcmeTab) {}

  static async open(tab: AcmeTab): Promise<ScreenOutcome<OrderSearchPage>> {
    return outcomeOf(await tab.open('/CRM/OrderSearch.aspx'), 'orderSearch', undefined, () => new OrderSearchPage(tab));
  }

  /**
   * The search the keying bot makes before creating an order and after an unknown outcome. The form is
   * a GET form, so opening its result address is exactly the request the Search button sends, in one
   * page load instead of two.
   */
  static async findByExternalReference(tab: AcmeTab, externalRef: string): Promise<ScreenOutcome<OrderSearchPage>> {
    const arrival = await tab.open(`/CRM/OrderSearch.aspx?ref=${encodeURIComponent(externalRef)}`);
    return outcomeOf(arrival, 'orderSearch', undefined, () => new OrderSearchPage(tab));
  }

  /** Types into the search form and presses Search, as a clerk does. */
  async search(query: { externalRef?: string; orderNo?: string }): Promise<ScreenOutcome<OrderSearchPage>> {
    await this.tab.fill('orderSearch', 'externalReference', query.externalRef ?? '');
    await this.tab.fill('orderSearch', 'orderNumber', query.orderNo ?? '');
    return outcomeOf(await this.tab.press('orderSearch', 'search'), 'orderSearch', 'orderSearch', () => new OrderSearchPage(this.tab));
  }

  /** Every order the search listed; empty for "No orders found." */
  async orders(): Promise<FoundOrder[]> {
    if (await this.tab.isShown('orderSearch', 'noResults')) return [];
    if (!(await this.tab.isShown('orderSearch', 'results'))) return [];
    const { headers, rows } = await this.tab.table('orderSearch', 'results');
    const col = (name: string): number => headers.indexOf(name);
    return rows.map((r) => ({
      orderNo: r[col('Order number')] ?? '',
      externalRef: r[col('External reference')] ?? '',
      customerId: r[col('Customer')] ?? '',
      productCode: r[col('Product')] ?? '',
      amount: (r[col('Amount')] ?? '').replace(/,/g, ''),
      currency: r[col('Currency')] ?? '',
      status: r[col('Status')] ?? '',
    }));
  }

  /** The order whose external reference is exactly this one (the search itself matches substrings). */
  async exactMatch(externalRef: string): Promise<FoundOrder | undefined> {
    const wanted = externalRef.trim().toUpperCase();
    return (await this.orders()).find((o) => o.externalRef.trim().toUpperCase() === wanted);
  }
}
