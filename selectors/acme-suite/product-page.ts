import type { ProductFacts } from '../contract/crm-facts.ts';
import type { AcmeTab } from './acme-tab.ts';
import { outcomeOf, type ScreenOutcome } from './screen-arrival.ts';

/** "1,234,567.50" → "1234567.50"; the screen groups thousands, the contract does not. */
function plainAmount(shown: string): string | undefined {
  const plain = shown.replace(/,/g, '').trim();
  return /^\d+(\.\d{1,2})?$/.test(plain) ? plain : undefined;
}

function list(shown: string): string[] {
  return shown.split(',').map((part) => part.trim()).filter((part) => part !== '');
}

/** CRM → a product of the shelf. */
export class ProductPage {
  private constructor(
    private readonly tab: AcmeTab,
    readonly productCode: string,
  ) {}

  static async open(tab: AcmeTab, productCode: string): Promise<ScreenOutcome<ProductPage>> {
    const arrival = await tab.open(`/CRM/Product.aspx?code=${encodeURIComponent(productCode)}`);
    return outcomeOf(arrival, 'product', undefined, (a) => new ProductPage(tab, a.titleGroups[0] ?? productCode));
  }

  /** What the product page says, as review's facts. */
  async facts(): Promise<ProductFacts> {
    const v = await this.tab.labelledValues('product', ['name', 'riskLevel', 'minAmount', 'maxAmount', 'terms', 'currencies', 'status']);
    return {
      productCode: this.productCode,
      name: v.name,
      onSale: v.status === 'On sale',
      riskLevel: v.riskLevel || undefined,
      minAmount: plainAmount(v.minAmount),
      maxAmount: plainAmount(v.maxAmount),
      termsMonths: list(v.terms).map(Number).filter((n) => Number.isInteger(n) && n > 0),
      currencies: list(v.currencies),
    };
  }
}
