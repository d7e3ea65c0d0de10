import type { BrowserSlot } from '../../core/browser/browser-pool.ts';
import type { BranchFacts, CrmFactsReader, CustomerFacts, FactsAnswer, ProductFacts } from '../contract/crm-facts.ts';
import type { CrmClerk } from '../crm-target.ts';
import { AcmeTab, type AcmeTabOptions } from './acme-tab.ts';
import { BranchesPage } from './branches-page.ts';
import { CustomerPage } from './customer-page.ts';
import type { AcmeDesk } from './acme-clerk.ts';
import { ProductPage } from './product-page.ts';
import type { ScreenOutcome } from './screen-arrival.ts';

/** A read that came back as an error page or not at all is made again this many times (a GET changes nothing). */
const READ_RETRIES = 2;

/**
 * Review's reads on the Acme suite: the customer's record, the product's page and the branch list,
 * signed in through the same shared login as the keying clerk of this context.
 */
export class AcmeFactsReader implements CrmFactsReader {
  private readonly tab: AcmeTab;

  constructor(
    desk: AcmeDesk,
    slot: BrowserSlot,
    private readonly clerk: CrmClerk,
    /** Other locator maps than the shipped ones (a test of drift gives one whose label no longer holds). */
    locatorMaps?: AcmeTabOptions['locatorMaps'],
  ) {
    this.tab = new AcmeTab(slot.page, { baseUrl: desk.account.url, screenTimeoutMs: desk.screenTimeoutMs, ...(locatorMaps ? { locatorMaps } : {}) });
  }

  ensureSignedIn(): Promise<void> {
    return this.clerk.ensureSignedIn();
  }

  sessionEnded(): void {
    this.clerk.sessionEnded();
  }

  async customerFacts(customerId: string): Promise<FactsAnswer<CustomerFacts>> {
    const page = await readScreen(() => CustomerPage.open(this.tab, customerId));
    return page.kind === 'found' ? { kind: 'found', value: await page.value.facts() } : page;
  }

  async productFacts(productCode: string): Promise<FactsAnswer<ProductFacts>> {
    const page = await readScreen(() => ProductPage.open(this.tab, productCode));
    return page.kind === 'found' ? { kind: 'found', value: await page.value.facts() } : page;
  }

  async branches(): Promise<FactsAnswer<BranchFacts[]>> {
    const page = await readScreen(() => BranchesPage.open(this.tab));
    return page.kind === 'found' ? { kind: 'found', value: await page.value.branches() } : page;
  }
}

/** Opens a record's screen: the suite's "Not Found" page is the CRM saying it has no such record. */
async function readScreen<T>(open: () => Promise<ScreenOutcome<T>>): Promise<FactsAnswer<T>> {
  let outcome = await open();
  for (let i = 0; i < READ_RETRIES && (outcome.kind === 'no_response' || (outcome.kind === 'crm_error' && outcome.error !== 'notFound')); i++) outcome = await open();
  switch (outcome.kind) {
    case 'shown':
      return { kind: 'found', value: outcome.screen };
    case 'crm_error':
      if (outcome.error === 'notFound') return { kind: 'not_found' };
      return { kind: 'crm_error', detail: `${outcome.title}${outcome.httpStatus ? ` (HTTP ${outcome.httpStatus})` : ''}` };
    case 'refused':
      return { kind: 'unexpected_screen', detail: outcome.messages.join('; ') };
    case 'unexpected_screen':
      return { kind: 'unexpected_screen', detail: `unexpected screen "${outcome.title}"` };
    default:
      return outcome;
  }
}
