import { ReceivableLinesPage } from './receivable-lines-page.ts';
import { SaoList } from './sao-list.ts';
import { guard, type SaoTab } from './sao-tab.ts';
import type { TrytonOutcome } from './tryton-outcome.ts';

export interface TrytonPartyRow {
  code: string;
  name: string;
  /** The party's language as the list shows it ("English", "Chinese Simplified"). */
  language: string;
}

/**
 * Party → Parties: code, name and language, every party (inactive ones too: their invoices are still
 * owed) or the one with a code. From here "Open related records" leads to the selected parties' lines.
 */
export class PartyListPage {
  private constructor(
    private readonly tab: SaoTab,
    private readonly list: SaoList<'partyList'>,
  ) {}

  static async open(tab: SaoTab, filter: { code?: string } = {}): Promise<TrytonOutcome<PartyListPage>> {
    // "in", not "=": sao hides a column whose value the tab's domain pins with "=", and Code is read here.
    const domain = filter.code === undefined ? [] : [['code', 'in', [filter.code]]];
    const failed = await tab.openModel('party.party', { domain, context: { active_test: false }, name: SaoList.tabName(tab, 'partyList') });
    return failed ?? { kind: 'shown', screen: new PartyListPage(tab, new SaoList(tab, 'partyList')) };
  }

  /** The parties the list holds; the tab stays open, for the lines. */
  async parties(): Promise<TrytonOutcome<TrytonPartyRow[]>> {
    return guard(() => this.list.read({ what: 'the parties', columns: ['code', 'name', 'language'] }));
  }

  /**
   * Every party of the list selected, then Open related records → Payable/Receivable Lines: their
   * open (unreconciled) lines, on the Receivable tab. The party tab stays open.
   */
  async openReceivableLines(): Promise<TrytonOutcome<ReceivableLinesPage>> {
    return guard(async () => {
      const selected = await this.list.selectAll();
      if (selected) return selected;
      await this.tab.click('list', 'relate', this.tab.panel());
      await this.tab.click('receivableLines', 'openFromParties');
      return ReceivableLinesPage.onReceivableTab(this.tab);
    });
  }

  async close(): Promise<TrytonOutcome<void>> {
    return guard(async () => (await this.list.close()) ?? { kind: 'shown', screen: undefined });
  }
}
