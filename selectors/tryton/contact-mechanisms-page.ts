import { SaoList } from './sao-list.ts';
import { guard, type SaoTab } from './sao-tab.ts';
import type { TrytonOutcome } from './tryton-outcome.ts';

/** Party → Contact Mechanisms, a party's e-mail addresses (the same list the party form shows). Read-only. */
export class ContactMechanismsPage {
  private constructor(private readonly list: SaoList<'contactMechanisms'>) {}

  static async open(tab: SaoTab, partyCode: string): Promise<TrytonOutcome<ContactMechanismsPage>> {
    const domain = [
      ['party.code', '=', partyCode],
      ['type', '=', 'email'],
    ];
    const failed = await tab.openModel('party.contact_mechanism', { domain, name: SaoList.tabName(tab, 'contactMechanisms') });
    return failed ?? { kind: 'shown', screen: new ContactMechanismsPage(new SaoList(tab, 'contactMechanisms')) };
  }

  /** The party's e-mail addresses in the list's order; the tab is closed afterwards. */
  async emails(): Promise<TrytonOutcome<string[]>> {
    return guard(async () => {
      const read = await this.list.read({ what: 'the e-mail addresses', columns: ['value'] });
      if (read.kind !== 'shown') return read;
      const closed = await this.list.close();
      return closed ?? { kind: 'shown', screen: read.screen.map((r) => r.value).filter((v) => v !== '') };
    });
  }
}
