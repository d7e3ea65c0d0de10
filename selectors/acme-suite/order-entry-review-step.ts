import type { AcmeTab } from './acme-tab.ts';
import { OrderCreatedPage } from './order-created-page.ts';
import { outcomeOf, type ScreenOutcome } from './screen-arrival.ts';

/** Order entry step 4 of 4: the review. Confirm creates the order; nothing before it does. */
export class ReviewStep {
  private constructor(private readonly tab: AcmeTab) {}

  static onScreen(tab: AcmeTab): ReviewStep {
    return new ReviewStep(tab);
  }

  /** The order as the CRM will book it, label → value. */
  async review(): Promise<Record<string, string>> {
    return this.tab.details();
  }

  /**
   * Presses Confirm and waits for the "order created" page. Anything else after the press (no answer,
   * an error page, the login page) leaves the outcome unknown: the caller must search before retrying.
   */
  async confirm(): Promise<ScreenOutcome<OrderCreatedPage>> {
    const arrival = await this.tab.press('orderEntryReview', 'confirm');
    return outcomeOf(arrival, 'orderCreated', 'orderEntryReview', (a) => OrderCreatedPage.fromArrival(this.tab, a.titleGroups[0]));
  }

  /** Back to step 3 without creating anything. */
  async back(): Promise<ScreenOutcome<'orderEntryTerms'>> {
    return outcomeOf(await this.tab.press('orderEntryReview', 'back'), 'orderEntryTerms', undefined, () => 'orderEntryTerms' as const);
  }
}
