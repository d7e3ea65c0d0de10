import type { AcmeTab } from './acme-tab.ts';
import type { OrderEntryInput } from './order-entry-input.ts';
import { TermsStep } from './order-entry-terms-step.ts';
import { outcomeOf, type ScreenOutcome } from './screen-arrival.ts';
import { pickOption } from './select-option.ts';

export interface CatalogueProduct {
  code: string;
  risk: string;
  minimum: string;
  maximum: string;
  terms: number[];
}

/** Order entry step 2 of 4: product, amount and currency. */
export class ProductStep {
  private constructor(private readonly tab: AcmeTab) {}

  static onScreen(tab: AcmeTab): ProductStep {
    return new ProductStep(tab);
  }

  /**
   * Picks the product and currency, types the amount and presses Next. Returns step 3, or a refusal:
   * the CRM's (over the product limit, risk above the customer's tolerance) or ours when the CRM does
   * not offer the product or currency at all.
   */
  async enterProductAndAmount(order: Pick<OrderEntryInput, 'productCode' | 'amount' | 'currency'>): Promise<ScreenOutcome<TermsStep>> {
    if (!(await this.tab.choose('orderEntryProduct', 'product', order.productCode, (o) => pickOption(o, order.productCode)))) {
      return { kind: 'refused', messages: [`Unknown product ${order.productCode}: the CRM does not offer it`] };
    }
    if (!(await this.tab.choose('orderEntryProduct', 'currency', order.currency, (o) => pickOption(o, order.currency)))) {
      return { kind: 'refused', messages: [`Currency ${order.currency} is not supported by the CRM`] };
    }
    await this.tab.fill('orderEntryProduct', 'amount', order.amount);
    const arrival = await this.tab.press('orderEntryProduct', 'next');
    return outcomeOf(arrival, 'orderEntryTerms', 'orderEntryProduct', () => TermsStep.onScreen(this.tab));
  }

  /** Back to step 1. */
  async back(): Promise<ScreenOutcome<'orderEntryCustomer'>> {
    return outcomeOf(await this.tab.press('orderEntryProduct', 'back'), 'orderEntryCustomer', undefined, () => 'orderEntryCustomer' as const);
  }

  /** The product catalogue grid under the form: limits and terms per product. */
  async catalogue(): Promise<CatalogueProduct[]> {
    const { headers, rows } = await this.tab.table('orderEntryProduct', 'catalogue');
    const col = (name: string): number => headers.indexOf(name);
    return rows.map((r) => ({
      code: r[col('Code')] ?? '',
      risk: r[col('Risk')] ?? '',
      minimum: (r[col('Minimum')] ?? '').replace(/,/g, ''),
      maximum: (r[col('Maximum')] ?? '').replace(/,/g, ''),
      terms: (r[col('Terms (months)')] ?? '').split(',').map((t) => Number(t.trim())).filter((n) => Number.isInteger(n) && n > 0),
    }));
  }
}
