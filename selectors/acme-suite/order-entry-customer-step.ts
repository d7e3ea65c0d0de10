import type { AcmeTab } from './acme-tab.ts';
import { ProductStep } from './order-entry-product-step.ts';
import { outcomeOf, type ScreenOutcome } from './screen-arrival.ts';

/** Order entry step 1 of 4: the customer. */
export class CustomerStep {
  private constructor(private readonly tab: AcmeTab) {}

  static onScreen(tab: AcmeTab): CustomerStep {
    return new CustomerStep(tab);
  }

  /** Types the customer id and presses Next; returns step 2, or the CRM's refusal (unknown, blocked). */
  async enterCustomer(customerId: string): Promise<ScreenOutcome<ProductStep>> {
    await this.tab.fill('orderEntryCustomer', 'customerId', customerId);
    const arrival = await this.tab.press('orderEntryCustomer', 'next');
    return outcomeOf(arrival, 'orderEntryProduct', 'orderEntryCustomer', () => ProductStep.onScreen(this.tab));
  }

  /** For the selectors check: the search box and button are where the map says. */
  async searchControls(): Promise<boolean> {
    return (await this.tab.isShown('orderEntryCustomer', 'customerSearch')) && (await this.tab.isShown('orderEntryCustomer', 'search'));
  }
}
