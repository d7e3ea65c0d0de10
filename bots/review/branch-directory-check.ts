import type { BranchDirectory } from './branch-directory.ts';
import type { CrmFactsDesk } from './crm-facts-desk.ts';

/**
 * The branch directory checked against the CRM's own list of branches, once per process: at start-up,
 * and again before a review if the CRM could not be asked then. A directory code the CRM does not know
 * would send orders through every approval only to be refused at keying, so review waits on it.
 */
export class BranchDirectoryCheck {
  private agreed: Promise<string[]> | undefined;

  constructor(
    private readonly facts: CrmFactsDesk,
    private readonly branches: BranchDirectory,
  ) {}

  /** Where the directory and the CRM disagree (empty when they agree); throws when the CRM cannot be asked. */
  disagreements(): Promise<string[]> {
    this.agreed ??= this.facts.branches().then(
      (crm) => this.branches.disagreementsWith(crm),
      (error: unknown) => {
        this.agreed = undefined;
        throw error;
      },
    );
    return this.agreed;
  }
}
