import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BrowserPool, BrowserSlot } from '../../core/browser/browser-pool.ts';
import { ErrorCode } from '../../core/errors/error-codes.ts';
import { OrderDeskError } from '../../core/errors/orderdesk-error.ts';
import type { BranchFacts, CrmFactsReader, CustomerFacts, FactsAnswer, ProductFacts } from '../../selectors/contract/crm-facts.ts';
import { describeTrouble } from '../../selectors/contract/crm-trouble.ts';
import { isClosedError } from '../../selectors/playwright-errors.ts';
import { ScreenChangedError } from '../../selectors/screen-changed-error.ts';
import { FactsCache, type FactsRead } from './facts-cache.ts';

/** A lost session is cured by signing in again; more renewals than this in one read is trouble. */
const SESSION_RENEWALS_PER_READ = 3;

export interface CrmFactsDeskOptions {
  pool: BrowserPool;
  readerFor(slot: BrowserSlot): CrmFactsReader;
  maxAgeMs: number;
  /** Drift screenshots go under `<dataDir>/artifacts/review/`. */
  dataDir: string;
  now?: () => number;
}

/**
 * Review's window on the system of record: one browser context (the pool is sized 1) shared by every
 * review of the process, and a cache per customer and product bounded by `review.factsMaxAgeMinutes`.
 * A CRM that does not answer is a system fault (OrderDeskError `crm_unavailable`, retried: the order
 * waits); a screen that changed is ScreenChangedError with its screenshot saved.
 */
export class CrmFactsDesk {
  private readonly customers: FactsCache<CustomerFacts>;
  private readonly products: FactsCache<ProductFacts>;

  constructor(private readonly options: CrmFactsDeskOptions) {
    this.customers = new FactsCache(options.maxAgeMs, options.now);
    this.products = new FactsCache(options.maxAgeMs, options.now);
  }

  customer(customerId: string): Promise<FactsRead<CustomerFacts>> {
    const key = customerId.trim().toUpperCase();
    return this.customers.get(key, () => this.read(`customer ${key}`, (r) => r.customerFacts(key)));
  }

  product(productCode: string): Promise<FactsRead<ProductFacts>> {
    const key = productCode.trim().toUpperCase();
    return this.products.get(key, () => this.read(`product ${key}`, (r) => r.productFacts(key)));
  }

  /** The CRM's own list of branches (never cached: read at start-up to check the directory). */
  async branches(): Promise<BranchFacts[]> {
    const read = await this.read('the branch list', (r) => r.branches());
    return read.kind === 'found' ? read.value : [];
  }

  private read<T>(what: string, verb: (reader: CrmFactsReader) => Promise<FactsAnswer<T>>): Promise<FactsRead<T>> {
    return this.options.pool.withSlot(async (slot) => {
      const reader = this.options.readerFor(slot);
      try {
        for (let renewals = 0; ; renewals++) {
          await reader.ensureSignedIn();
          const answer = await verb(reader);
          if (answer.kind === 'found' || answer.kind === 'not_found') return { ...answer, readAt: new Date(this.now()).toISOString() };
          if (answer.kind === 'session_expired' && renewals < SESSION_RENEWALS_PER_READ) {
            reader.sessionEnded();
            continue;
          }
          throw new OrderDeskError(ErrorCode.crmUnavailable, `the CRM did not answer while reading ${what}: ${describeTrouble(answer)}`);
        }
      } catch (error) {
        if (error instanceof ScreenChangedError && error.screenshot) await this.keepScreenshot(error);
        if (isClosedError(error)) throw new OrderDeskError(ErrorCode.browserLost, `the browser went away while reading ${what}`, { cause: error });
        throw error;
      }
    });
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  private async keepScreenshot(error: ScreenChangedError): Promise<void> {
    const dir = join(this.options.dataDir, 'artifacts', 'review');
    const file = join(dir, `${new Date(this.now()).toISOString().replace(/[:.]/g, '-')}-${error.screen}.png`);
    try {
      await mkdir(dir, { recursive: true });
      await writeFile(file, error.screenshot ?? Buffer.alloc(0));
      error.screenshotPath = file;
    } catch {
      // The drift itself is what matters; a full disk must not hide it.
    }
  }
}
