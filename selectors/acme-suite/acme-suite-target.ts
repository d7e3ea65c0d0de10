import type { Page } from 'playwright-core';
import type { ReceivablesSource } from '../contract/receivables-source.ts';
import type { BrowserSlot } from '../../core/browser/browser-pool.ts';
import { SharedSession } from '../../core/browser/shared-session.ts';
import type { CrmAccount, CrmClerk, CrmTarget, ScreensCheckOptions } from '../crm-target.ts';
import type { SelectorsCheckReport } from '../selectors-check-report.ts';
import { signInPageAnswers } from '../sign-in-page-answers.ts';
import { AcmeClerk, AcmeDesk, LOGIN_SCREENS_AT_MOST } from './acme-clerk.ts';
import { AcmeReceivablesSource } from './acme-receivables-source.ts';
import { AcmeFactsReader } from './acme-facts-reader.ts';
import type { CrmFactsReader } from '../contract/crm-facts.ts';
import { checkAcmeScreens } from './selectors-check.ts';

/** The Acme Finance Suite: keying through its order wizard, receivables through its invoice screens. */
export class AcmeSuiteTarget implements CrmTarget {
  readonly name = 'acme-suite';
  readonly needsStylesheets = false;
  private readonly desk: AcmeDesk;
  private readonly clerks = new WeakMap<BrowserSlot, AcmeClerk>();

  constructor(
    private readonly account: CrmAccount,
    private readonly screenTimeoutMs: number,
  ) {
    this.desk = new AcmeDesk(new SharedSession(screenTimeoutMs * LOGIN_SCREENS_AT_MOST), account, screenTimeoutMs);
  }

  clerkFor(slot: BrowserSlot): CrmClerk {
    let clerk = this.clerks.get(slot);
    if (!clerk) {
      clerk = new AcmeClerk(this.desk, slot);
      this.clerks.set(slot, clerk);
    }
    return clerk;
  }

  /** Review's reads, signed in through the same shared login as this context's clerk. */
  factsReaderFor(slot: BrowserSlot): CrmFactsReader {
    return new AcmeFactsReader(this.desk, slot, this.clerkFor(slot));
  }

  /** Its login page answering 200. */
  answers(): Promise<boolean> {
    return signInPageAnswers(new URL('/Login.aspx', this.account.url));
  }

  /** The export carries the suite's own days overdue, aged on its business date: the run date is not needed. */
  receivablesOn(page: Page): ReceivablesSource {
    return new AcmeReceivablesSource(page, this.account, this.screenTimeoutMs);
  }

  checkScreens(options: ScreensCheckOptions): Promise<SelectorsCheckReport> {
    return checkAcmeScreens(options.page, { baseUrl: this.account.url, user: this.account.user, password: this.account.password, screenTimeoutMs: options.screenTimeoutMs });
  }
}
