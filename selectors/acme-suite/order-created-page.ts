import type { AcmeTab } from './acme-tab.ts';

const ORDER_NUMBER = /^SO-\d{4}-\d{6}$/;

/** "Order SO-2026-000123 has been created": the page the CRM shows after Confirm. */
export class OrderCreatedPage {
  private constructor(
    private readonly tab: AcmeTab,
    private readonly titleOrderNo: string | undefined,
  ) {}

  static fromArrival(tab: AcmeTab, titleOrderNo: string | undefined): OrderCreatedPage {
    return new OrderCreatedPage(tab, titleOrderNo);
  }

  /** The generated order number, read from the page body and checked against the heading. */
  async orderNumber(): Promise<string> {
    const shown = await this.tab.text('orderCreated', 'orderNumber');
    if (!ORDER_NUMBER.test(shown) || (this.titleOrderNo !== undefined && shown !== this.titleOrderNo)) {
      throw new Error(`order created page shows "${shown}" under heading number ${this.titleOrderNo ?? '(none)'}`);
    }
    return shown;
  }
}
