import type { AcmeTab } from './acme-tab.ts';
import { outcomeOf, type ScreenOutcome } from './screen-arrival.ts';

/** CRM → a sales order's record. */
export class OrderPage {
  private constructor(
    private readonly tab: AcmeTab,
    readonly orderNo: string,
  ) {}

  static async open(tab: AcmeTab, orderNo: string): Promise<ScreenOutcome<OrderPage>> {
    const arrival = await tab.open(`/CRM/Order.aspx?no=${encodeURIComponent(orderNo)}`);
    return outcomeOf(arrival, 'order', undefined, (a) => new OrderPage(tab, a.titleGroups[0] ?? orderNo));
  }

  /** Label → value: External reference, Customer, Amount, Status, ... */
  async details(): Promise<Record<string, string>> {
    return this.tab.details();
  }

  async hasBackLink(): Promise<boolean> {
    return this.tab.isShown('order', 'backToSearch');
  }
}
