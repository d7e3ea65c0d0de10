import type { Locator } from 'playwright-core';
import { guard, type SaoTab } from './sao-tab.ts';
import type { TrytonOutcome } from './tryton-outcome.ts';

export interface TrytonSaleLine {
  /** Product code (the risk level is part of it, e.g. WM-R2-180). */
  productCode: string;
  quantity: string;
  /** Decimal string; leave undefined to keep the product's list price. */
  unitPrice?: string;
}

export interface TrytonSaleInput {
  /** The customer's party code (Tryton's "Code"), as the clerk looks it up. */
  customerCode: string;
  /** Our external reference, Tryton's "Reference"; the idempotency key. */
  reference: string;
  /** ISO code (CNY); chosen explicitly, so an order is never booked in the form's default currency by accident. */
  currency?: string;
  lines: TrytonSaleLine[];
}

export interface TrytonSaleResult {
  number: string;
  state: string;
}

/** The states after Confirm: with a service product Tryton processes the sale at once. */
const CONFIRMED_STATES = ['Confirmed', 'Processing', 'Done'];

/**
 * The sale form (Sales → Sales → New, or a sale opened from the list). The header (party, reference) and each line (a "Sale › Lines"
 * dialog) are filled as a clerk does; Quote saves and numbers the sale, Confirm books it. Each verb ends
 * when sao shows its result (the field's value, the dialog gone, the new state).
 */
export class SaleFormPage {
  private constructor(private readonly tab: SaoTab) {}

  static async open(tab: SaoTab): Promise<TrytonOutcome<SaleFormPage>> {
    // Its own tab name, so sao does not hand us the sale search's tab (it reuses equal tabs).
    const failed = (await tab.openModel('sale.sale', { name: 'New sale' })) ?? (await tab.until('the sale screen', async () => ((await tab.locate('list', 'newRecord', tab.panel()).count()) === 1 ? true : undefined)));
    if (failed) return failed;
    await tab.click('list', 'newRecord', tab.panel());
    // The new record is ready when its defaults are drawn (state Draft); typing earlier gets wiped.
    const form = await tab.until('a new sale form', async () =>
      (await tab.locate('saleForm', 'party', tab.panel()).isEditable().catch(() => false)) && (await tab.value('saleForm', 'state', tab.panel())) === 'Draft' ? true : undefined,
    );
    return form ?? { kind: 'shown', screen: new SaleFormPage(tab) };
  }

  /** The form of a sale sao is showing (opened from the list): ready when its number or reference is drawn. */
  static async onScreen(tab: SaoTab, reference: string): Promise<TrytonOutcome<SaleFormPage>> {
    const form = await tab.until(`the sale ${reference}`, async () => ((await tab.value('saleForm', 'reference', tab.panel()).catch(() => '')) === reference ? true : undefined));
    return form ?? { kind: 'shown', screen: new SaleFormPage(tab) };
  }

  private get form(): Locator {
    return this.tab.panel();
  }

  /**
   * The whole order: customer, reference, currency, lines. Stops at the first thing Tryton refuses.
   * `currencyNames` holds what the form showed for each code chosen before (sao shows a currency by
   * name: "Chinese Yuan Renminbi" for CNY); a form already showing the order's currency is left as it is.
   */
  async enter(order: TrytonSaleInput, currencyNames: Map<string, string>): Promise<TrytonOutcome<SaleFormPage>> {
    return guard(async () => {
      const party = await this.chooseCustomer(order.customerCode);
      if (party.kind !== 'shown') return party;
      const reference = await this.tab.enter('saleForm', 'reference', order.reference, this.form);
      if (reference) return reference;
      // Before the lines: their prices are in the sale's currency. A code Tryton lacks is its refusal.
      const code = order.currency;
      if (code !== undefined && (await this.tab.value('saleForm', 'currency', this.form)) !== (currencyNames.get(code) ?? code)) {
        const currency = await this.tab.chooseMany2One('saleForm', 'currency', code, code, this.form);
        if (currency.kind !== 'shown') return currency;
        currencyNames.set(code, currency.screen);
      }
      for (const line of order.lines) {
        const added = await this.addLine(line);
        if (added.kind !== 'shown') return added;
      }
      return { kind: 'shown', screen: this };
    });
  }

  /** Sets the party by its code through sao's search dialog; resolves with the party's name. */
  async chooseCustomer(code: string): Promise<TrytonOutcome<string>> {
    return guard(() => this.tab.chooseMany2One('saleForm', 'party', code, code, this.form));
  }

  /** Adds one line in the "Sale › Lines" dialog and waits for the dialog to close. */
  async addLine(line: TrytonSaleLine): Promise<TrytonOutcome<SaleFormPage>> {
    return guard(async () => {
      const lines = this.tab.locate('saleForm', 'lines', this.form);
      await this.tab.click('saleForm', 'newLine', lines);
      const dialog = this.tab.dialog('saleLine');
      const opened = await this.tab.until('the sale line dialog', async () => ((await dialog.count()) === 1 ? true : undefined));
      if (opened) return opened;
      const product = await this.tab.chooseMany2One('saleLine', 'product', line.productCode, line.productCode, dialog);
      if (product.kind !== 'shown') return product;
      // The product's on_change fills unit and list price asynchronously; typing before it lands is lost.
      const priced = await this.tab.until('the list price', async () => ((await this.tab.value('saleLine', 'unitPrice', dialog)) !== '' ? true : undefined));
      if (priced) return priced;
      const quantity = await this.tab.enter('saleLine', 'quantity', line.quantity, dialog);
      if (quantity) return quantity;
      if (line.unitPrice !== undefined) {
        const price = await this.tab.enter('saleLine', 'unitPrice', line.unitPrice, dialog);
        if (price) return price;
      }
      await this.tab.click('saleLine', 'ok', dialog);
      const closed = await this.tab.until('the line dialog to close', async () => ((await dialog.count()) === 0 ? true : undefined));
      return closed ?? { kind: 'shown', screen: this };
    });
  }

  /** Quote: Tryton saves, checks (addresses, lines) and numbers the sale. */
  async quote(): Promise<TrytonOutcome<TrytonSaleResult>> {
    return this.pressAndWait('quote', ['Quotation']);
  }

  /** Confirm: books the sale. The number is the one Quote gave. */
  async confirm(): Promise<TrytonOutcome<TrytonSaleResult>> {
    return this.pressAndWait('confirm', CONFIRMED_STATES);
  }

  /** What the form shows now. */
  async result(): Promise<TrytonSaleResult> {
    return { number: await this.tab.value('saleForm', 'number', this.form), state: await this.tab.value('saleForm', 'state', this.form) };
  }

  private async pressAndWait(button: 'quote' | 'confirm', states: string[]): Promise<TrytonOutcome<TrytonSaleResult>> {
    return guard(async () => {
      await this.tab.click('saleForm', button, this.form);
      let result: TrytonSaleResult = { number: '', state: '' };
      const failed = await this.tab.until(`the sale to be ${states.join(' or ')}`, async () => {
        result = await this.result();
        return states.includes(result.state) && result.number !== '' ? true : undefined;
      });
      return failed ?? { kind: 'shown', screen: result };
    });
  }
}
