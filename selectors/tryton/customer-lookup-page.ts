import type { SaoTab } from './sao-tab.ts';
import type { TrytonOutcome } from './tryton-outcome.ts';

export interface TrytonCustomerRow {
  code: string;
  name: string;
  language: string;
}

/** Party → Parties: the customer list, searched by name or code as a clerk types it in the filter box. */
export class CustomerLookupPage {
  private constructor(private readonly tab: SaoTab) {}

  static async open(tab: SaoTab): Promise<TrytonOutcome<CustomerLookupPage>> {
    const failed = await tab.openModel('party.party');
    return failed ?? { kind: 'shown', screen: new CustomerLookupPage(tab) };
  }

  /** Parties whose name or code contains `text` (sao's plain search is rec_name, which is both). */
  async find(text: string): Promise<TrytonOutcome<TrytonCustomerRow[]>> {
    const panel = this.tab.panel();
    // Quoted, so sao searches the whole text, not each word.
    await this.tab.fill('customers', 'search', `"${text.replace(/"/g, '\\"')}"`, panel);
    await this.tab.press('customers', 'search', 'Enter', panel);
    let rows: TrytonCustomerRow[] = [];
    let quietSince = 0;
    // The list is filtered when every row shows the text (sao swaps the rows in one go after the search).
    const wanted = text.toLowerCase();
    const failed = await this.tab.until(`parties matching "${text}"`, async () => {
      const grid = await this.tab.grid(panel, 'customers');
      const col = (h: string): number => grid.headers.indexOf(h);
      rows = grid.rows.map((r) => ({ code: r[col('Code')] ?? '', name: r[col('Name')] ?? '', language: r[col('Language')] ?? '' }));
      if (rows.length > 0) return rows.every((r) => r.name.toLowerCase().includes(wanted) || r.code.toLowerCase().includes(wanted)) ? true : undefined;
      // An empty list is also sao's answer for "none": believe it once it has stayed empty a moment.
      quietSince ||= Date.now();
      return Date.now() - quietSince > EMPTY_RESULT_SETTLE_MS ? true : undefined;
    });
    return failed ?? { kind: 'shown', screen: rows };
  }

  /** The one customer whose name or code is exactly `nameOrCode`. */
  async exactMatch(nameOrCode: string): Promise<TrytonOutcome<TrytonCustomerRow | undefined>> {
    const found = await this.find(nameOrCode);
    if (found.kind !== 'shown') return found;
    return { kind: 'shown', screen: found.screen.find((r) => r.name === nameOrCode || r.code === nameOrCode) };
  }
}

/** How long an empty result must stay empty before we take it as the answer. */
const EMPTY_RESULT_SETTLE_MS = 1_500;
