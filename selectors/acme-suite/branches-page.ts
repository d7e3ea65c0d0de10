import type { BranchFacts } from '../contract/crm-facts.ts';
import type { AcmeTab } from './acme-tab.ts';
import { outcomeOf, type ScreenOutcome } from './screen-arrival.ts';

/** CRM → Branches: the CRM's own list of branch codes and names. */
export class BranchesPage {
  private constructor(private readonly tab: AcmeTab) {}

  static async open(tab: AcmeTab): Promise<ScreenOutcome<BranchesPage>> {
    return outcomeOf(await tab.open('/CRM/Branches.aspx'), 'branches', undefined, () => new BranchesPage(tab));
  }

  async branches(): Promise<BranchFacts[]> {
    const { headers, rows } = await this.tab.table('branches', 'branches');
    const col = (name: string): number => headers.indexOf(name);
    return rows.map((r) => ({ code: r[col('Branch code')] ?? '', name: r[col('Name')] ?? '', nameZh: r[col('Chinese name')] || undefined }));
  }
}
