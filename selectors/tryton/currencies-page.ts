import { SaoList } from './sao-list.ts';
import { guard, type SaoTab } from './sao-tab.ts';
import type { TrytonOutcome } from './tryton-outcome.ts';

export interface TrytonCurrencyRow {
  name: string;
  symbol: string;
  /** ISO 4217, e.g. CNY */
  code: string;
}

/** Currency → Currencies, looked up by the names and symbols other screens show. Read-only. */
export class CurrenciesPage {
  private constructor(private readonly list: SaoList<'currencies'>) {}

  static async open(tab: SaoTab, wanted: { names: string[]; symbols: string[] }): Promise<TrytonOutcome<CurrenciesPage>> {
    const domain = ['OR', ['name', 'in', wanted.names], ['symbol', 'in', wanted.symbols]];
    const failed = await tab.openModel('currency.currency', { domain, name: SaoList.tabName(tab, 'currencies') });
    return failed ?? { kind: 'shown', screen: new CurrenciesPage(new SaoList(tab, 'currencies')) };
  }

  /** The currencies found; the tab is closed afterwards. */
  async currencies(): Promise<TrytonOutcome<TrytonCurrencyRow[]>> {
    return guard(async () => {
      const read = await this.list.read({ what: 'the currencies', columns: ['name', 'symbol', 'code'] });
      if (read.kind !== 'shown') return read;
      const closed = await this.list.close();
      return closed ?? { kind: 'shown', screen: read.screen };
    });
  }
}
