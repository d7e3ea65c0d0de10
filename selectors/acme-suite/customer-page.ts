import type { AcmeTab } from './acme-tab.ts';
import { outcomeOf, type ScreenOutcome } from './screen-arrival.ts';

/** CRM → a customer's record. */
export class CustomerPage {
  private constructor(
    private readonly tab: AcmeTab,
    readonly customerId: string,
  ) {}

  static async open(tab: AcmeTab, customerId: string): Promise<ScreenOutcome<CustomerPage>> {
    const arrival = await tab.open(`/CRM/Customer.aspx?id=${encodeURIComponent(customerId)}`);
    return outcomeOf(arrival, 'customer', undefined, (a) => new CustomerPage(tab, a.titleGroups[0] ?? customerId));
  }

  /** Label → value as the screen shows them (Name, Risk tolerance, Blocked, E-mail, ...). */
  async details(): Promise<Record<string, string>> {
    return this.tab.details();
  }

  /** Whether the links to a new order and the statement are there (the selectors check reads this). */
  async hasOrderAndStatementLinks(): Promise<boolean> {
    return (await this.tab.isShown('customer', 'newSalesOrder')) && (await this.tab.isShown('customer', 'statement'));
  }
}
