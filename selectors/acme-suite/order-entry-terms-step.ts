import type { AcmeTab } from './acme-tab.ts';
import type { OrderEntryInput } from './order-entry-input.ts';
import { ReviewStep } from './order-entry-review-step.ts';
import { outcomeOf, type ScreenOutcome } from './screen-arrival.ts';
import { pickOption } from './select-option.ts';

type TermsInput = Pick<OrderEntryInput, 'termMonths' | 'paymentMethod' | 'valueDate' | 'externalRef' | 'salesRep' | 'branch' | 'notes'>;

/** Order entry step 3 of 4: term, payment, value date, external reference, sales rep, branch, notes. */
export class TermsStep {
  private constructor(private readonly tab: AcmeTab) {}

  static onScreen(tab: AcmeTab): TermsStep {
    return new TermsStep(tab);
  }

  /** Fills step 3 and presses Next; returns the review step or a refusal (term not offered, duplicate reference...). */
  async enterTerms(order: TermsInput): Promise<ScreenOutcome<ReviewStep>> {
    const term = String(order.termMonths);
    if (!(await this.tab.choose('orderEntryTerms', 'term', term, (o) => pickOption(o, term)))) {
      return { kind: 'refused', messages: [`Term of ${order.termMonths} months is not available for this product`] };
    }
    if (!(await this.tab.choose('orderEntryTerms', 'paymentMethod', order.paymentMethod, (o) => pickOption(o, order.paymentMethod)))) {
      return { kind: 'refused', messages: [`Unknown payment method ${order.paymentMethod}`] };
    }
    if (!(await this.tab.choose('orderEntryTerms', 'branch', order.branch, (o) => pickOption(o, order.branch)))) {
      return { kind: 'refused', messages: [`Unknown branch ${order.branch}`] };
    }
    await this.tab.fill('orderEntryTerms', 'valueDate', order.valueDate);
    await this.tab.fill('orderEntryTerms', 'externalReference', order.externalRef);
    await this.tab.fill('orderEntryTerms', 'salesRep', order.salesRep);
    await this.tab.fill('orderEntryTerms', 'notes', order.notes);
    const arrival = await this.tab.press('orderEntryTerms', 'next');
    return outcomeOf(arrival, 'orderEntryReview', 'orderEntryTerms', () => ReviewStep.onScreen(this.tab));
  }

  /** Back to step 2 (the selectors check walks back instead of confirming). */
  async back(): Promise<ScreenOutcome<'orderEntryProduct'>> {
    return outcomeOf(await this.tab.press('orderEntryTerms', 'back'), 'orderEntryProduct', undefined, () => 'orderEntryProduct' as const);
  }
}
