import { CurrenciesPage, type TrytonCurrencyRow } from './currencies-page.ts';
import type { SaoTab } from './sao-tab.ts';
import type { TrytonOutcome } from './tryton-outcome.ts';

/**
 * ISO codes of the currencies the receivable screens show by name (the lines' Amount Currency) or by
 * symbol (an invoice total). Looked up on the Currencies screen the first time each is seen, then
 * remembered: currencies do not change during a run, and a statement re-read should not pay for it.
 */
export class CurrencyBook {
  private readonly known: TrytonCurrencyRow[] = [];
  private readonly asked = new Set<string>();

  /** Looks up whatever names and symbols have not been looked up before. */
  async learn(tab: SaoTab, names: Iterable<string>, symbols: Iterable<string>): Promise<TrytonOutcome<void>> {
    const newNames = [...new Set(names)].filter((n) => n !== '' && !this.asked.has(`name:${n}`));
    const newSymbols = [...new Set(symbols)].filter((s) => s !== '' && !this.asked.has(`symbol:${s}`));
    if (newNames.length === 0 && newSymbols.length === 0) return { kind: 'shown', screen: undefined };
    const page = await CurrenciesPage.open(tab, { names: newNames, symbols: newSymbols });
    if (page.kind !== 'shown') return page;
    const found = await page.screen.currencies();
    if (found.kind !== 'shown') return found;
    for (const row of found.screen) if (!this.known.some((k) => k.code === row.code)) this.known.push(row);
    for (const n of newNames) this.asked.add(`name:${n}`);
    for (const s of newSymbols) this.asked.add(`symbol:${s}`);
    return { kind: 'shown', screen: undefined };
  }

  /**
   * The ISO code of a currency by its name; else by the symbol, when that symbol is one currency's
   * (¥ is both the yuan's and the yen's: then the one `among` names, if any). '' when it cannot be told.
   */
  codeOf(name: string, symbol: string, among: Iterable<string> = []): string {
    const byName = this.known.find((k) => k.name === name);
    if (byName) return byName.code;
    const bySymbol = this.known.filter((k) => k.symbol === symbol);
    if (bySymbol.length === 1) return bySymbol[0]?.code ?? '';
    const names = new Set(among);
    const seen = bySymbol.filter((k) => names.has(k.name));
    return seen.length === 1 ? (seen[0]?.code ?? '') : '';
  }
}
