import { SaleFormPage } from './sale-form-page.ts';
import { SaoList } from './sao-list.ts';
import { guard, type SaoTab } from './sao-tab.ts';
import type { TrytonOutcome } from './tryton-outcome.ts';

export interface TrytonFoundSale {
  number: string;
  reference: string;
  party: string;
  saleDate: string;
  state: string;
}

/**
 * Sales → Sales, opened already searched by one reference (sao's filter box shows `Reference: <text>`).
 * Opening the search with the tab, rather than typing it into an open list, gives the list's own sign that
 * the search has answered, so "no such sale" is known at once instead of after a quiet spell.
 */
export class SaleSearchPage {
  private constructor(
    private readonly tab: SaoTab,
    private readonly list: SaoList<'saleList'>,
    private readonly reference: string,
  ) {}

  static async open(tab: SaoTab, reference: string): Promise<TrytonOutcome<SaleSearchPage>> {
    // ilike without wildcards: the reference itself, in any case (sao's own "Reference:" search is "contains").
    const searchValue = [['reference', 'ilike', reference]];
    const failed = await tab.openModel('sale.sale', { name: SaoList.tabName(tab, 'saleList'), search_value: searchValue });
    return failed ?? { kind: 'shown', screen: new SaleSearchPage(tab, new SaoList(tab, 'saleList'), reference) };
  }

  /** The sales the search found: the search the keying bot makes before creating a sale and after an unknown outcome. */
  async sales(): Promise<TrytonOutcome<TrytonFoundSale[]>> {
    return guard(() => this.list.read({ what: `sales with reference "${this.reference}"`, columns: ['number', 'reference', 'party', 'saleDate', 'state'] }));
  }

  /** The sale whose reference is exactly the one searched; a cancelled sale does not count (it books nothing). */
  async exactMatch(): Promise<TrytonOutcome<TrytonFoundSale | undefined>> {
    const found = await this.sales();
    if (found.kind !== 'shown') return found;
    const wanted = this.reference.trim().toUpperCase();
    return { kind: 'shown', screen: found.screen.find((s) => s.reference.trim().toUpperCase() === wanted && s.state !== 'Cancelled') };
  }

  /** Opens the listed sale in its form, as a clerk does: a double click on its reference. */
  async openSale(): Promise<TrytonOutcome<SaleFormPage>> {
    return guard(async () => {
      await this.tab.panel().getByRole('cell', { name: this.reference, exact: true }).first().dblclick({ timeout: this.tab.options.screenTimeoutMs });
      return SaleFormPage.onScreen(this.tab, this.reference);
    });
  }
}
