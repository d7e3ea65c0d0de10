import type { Page } from 'playwright-core';
import type { ReceivablesSource } from '../contract/receivables-source.ts';
import type { BrowserSlot } from '../../core/browser/browser-pool.ts';
import type { CrmClerk, CrmTarget, ScreensCheckOptions } from '../crm-target.ts';
import type { SelectorsCheckReport } from '../selectors-check-report.ts';
import { signInPageAnswers } from '../sign-in-page-answers.ts';
import { SaoTab } from './sao-tab.ts';
import { checkTrytonScreens } from './selectors-check.ts';
import { TrytonClerk } from './tryton-clerk.ts';
import { TrytonReceivablesSource, type TrytonAccount } from './tryton-receivables-source.ts';

/** Tryton 6.0 through its web client sao: sales keyed on the sale form, receivables from its lists. */
export class TrytonTarget implements CrmTarget {
  readonly name = 'tryton';
  /** sao hides its closed dialogs and background tabs with CSS: without it every one of them counts as shown. */
  readonly needsStylesheets = true;
  private readonly clerks = new WeakMap<BrowserSlot, TrytonClerk>();

  constructor(
    private readonly account: TrytonAccount,
    private readonly screenTimeoutMs: number,
  ) {}

  clerkFor(slot: BrowserSlot): CrmClerk {
    let clerk = this.clerks.get(slot);
    if (!clerk) {
      clerk = new TrytonClerk(new SaoTab(slot.page, { baseUrl: this.account.url, database: this.account.database, screenTimeoutMs: this.screenTimeoutMs }), this.account);
      this.clerks.set(slot, clerk);
    }
    return clerk;
  }

  /** trytond serving sao's page (its log-in comes up from there). */
  answers(): Promise<boolean> {
    return signInPageAnswers(this.account.url);
  }


  receivablesOn(page: Page, runDate: string): ReceivablesSource {
    return new TrytonReceivablesSource(page, this.account, this.screenTimeoutMs, runDate);
  }

  checkScreens(options: ScreensCheckOptions): Promise<SelectorsCheckReport> {
    return checkTrytonScreens(options.page, this.account, options.screenTimeoutMs);
  }
}
