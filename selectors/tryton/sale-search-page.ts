import { SaleFormPage } from './sale-form-page.ts';
import { guard, type SaoTab } from './sao-tab.ts';
import type { TrytonOutcome } from './tryton-outcome.ts';

export interface TrytonFoundSale {
  number: string;
  reference: string;
  party: string;
  saleDate: string;
  state: string;
}

/** Sales → Sales: the list, filtered by reference with sao's search box (`Reference: <text>`). */
export class SaleSearchPage {
  private constructor(private readonly tab: SaoTab) {}

  static async open(tab: SaoTab): Promise<TrytonOutcome<SaleSearchPage>> {
    const failed = await tab.openModel('sale.sale', { name: 'Sale search' });
    return failed ?? { kind: 'shown', screen: new SaleSearchPage(tab) };
  }

  /**
   * Sales whose reference contains `reference` (sao matches "contains"); the search the keying bot
   * makes before creating a sale and after an unknown outcome. Waits until the list shows only matches.
   */
  async findByReference(reference: string): Promise<TrytonOutcome<TrytonFoundSale[]>> {
    return guard(async () => {
      const panel = this.tab.panel();
      await this.tab.fill('list', 'search', `Reference: ${quote(reference)}`, panel);
      await this.tab.press('list', 'search', 'Enter', panel);
      const wanted = reference.toLowerCase();
      let sales: TrytonFoundSale[] = [];
      let quietSince = 0;
      const failed = await this.tab.until(`sales with reference "${reference}"`, async () => {
        const grid = await this.tab.grid(panel);
        const col = (h: string): number => grid.headers.indexOf(h);
        sales = grid.rows.map((r) => ({
          number: r[col('Number')] ?? '',
          reference: r[col('Reference')] ?? '',
          party: r[col('Party')] ?? '',
          saleDate: r[col('Sale Date')] ?? '',
          state: r[col('State')] ?? '',
        }));
        if (sales.length > 0) return sales.every((s) => s.reference.toLowerCase().includes(wanted)) ? true : undefined;
        // An empty list is also sao's answer for "none": believe it once it has stayed empty a moment.
        quietSince ||= Date.now();
        return Date.now() - quietSince > EMPTY_RESULT_SETTLE_MS ? true : undefined;
      });
      return failed ?? { kind: 'shown', screen: sales };
    });
  }

  /** The sale whose reference is exactly this one; a cancelled sale does not count (it books nothing). */
  async exactMatch(reference: string): Promise<TrytonOutcome<TrytonFoundSale | undefined>> {
    const found = await this.findByReference(reference);
    if (found.kind !== 'shown') return found;
    const wanted = reference.trim().toUpperCase();
    return { kind: 'shown', screen: found.screen.find((s) => s.reference.trim().toUpperCase() === wanted && s.state !== 'Cancelled') };
  }

  /** Opens a listed sale in its form, as a clerk does: a double click on its reference. */
  async openSale(reference: string): Promise<TrytonOutcome<SaleFormPage>> {
    return guard(async () => {
      await this.tab.panel().getByRole('cell', { name: reference, exact: true }).first().dblclick({ timeout: this.tab.options.screenTimeoutMs });
      return SaleFormPage.onScreen(this.tab, reference);
    });
  }
}

/** How long an empty result must stay empty before we take it as the answer. */
const EMPTY_RESULT_SETTLE_MS = 1_500;

/** sao's search syntax quotes values with spaces or its own punctuation. */
function quote(value: string): string {
  return /[\s:"()]/.test(value) ? `"${value.replace(/"/g, '\\"')}"` : value;
}
