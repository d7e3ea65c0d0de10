import { ErrorCode } from '../../core/errors/error-codes.ts';
import type { Dialog, Page } from 'playwright-core';
import type { CustomerContact, Receivable } from '../contract/receivable.ts';
import type { ReceivablesSource } from '../contract/receivables-source.ts';
import { OrderDeskError } from '../../core/errors/orderdesk-error.ts';
import { CurrencyBook } from './currency-book.ts';
import { TrytonLoginPage } from './login-page.ts';
import { TrytonReceivablesPage } from './receivables-page.ts';
import { SaoTab } from './sao-tab.ts';
import { describeOutcome, type TrytonOutcome } from './tryton-outcome.ts';

/** A read that came back as sao's error box or nothing is tried this many times before giving up. */
const SCREEN_ATTEMPTS = 4;
/** Pause before the next attempt, times the attempt number: a busy or restarting trytond gets room. */
const RETRY_PAUSE_MS = 500;

export interface TrytonAccount {
  /** sao's address, e.g. http://127.0.0.1:8000/ */
  url: string;
  user: string;
  password: string;
  database: string;
}

/**
 * The receivables side of Tryton, read through sao's screens for the dunning bot: every posted customer
 * invoice with what is owed on it, and a customer's statement (the re-read right before a letter).
 * Signs itself in on first use and again when sao asks for the password; an error box or silence is
 * retried on a freshly loaded sao (a half-finished read may leave tabs that sao would reuse stale).
 * Read-only: it never changes anything in Tryton.
 */
export class TrytonReceivablesSource implements ReceivablesSource {
  private readonly tab: SaoTab;
  /** Currency codes looked up once per source: every statement shows the same few currencies. */
  private readonly currencies = new CurrencyBook();
  private signedIn = false;

  /** `agedAsOf` (YYYY-MM-DD): the run's date. Tryton gives due dates, not days overdue; they are counted to it. */
  constructor(
    private readonly page: Page,
    private readonly account: TrytonAccount,
    screenTimeoutMs: number,
    private readonly agedAsOf: string,
  ) {
    this.tab = new SaoTab(page, { baseUrl: account.url, database: account.database, screenTimeoutMs });
  }

  /**
   * Every posted customer invoice in one read of sao's lists: Customer Invoices, the parties, and their
   * Payable/Receivable Lines (what is owed and when). Not sao's CSV export: what is owed per invoice and
   * its due date are not columns of the invoice list, and the export's field picker is a dialog per model.
   */
  async exportedInvoices(): Promise<Receivable[]> {
    return this.screen('the receivables', () => TrytonReceivablesPage.onScreen(this.tab, this.currencies).receivables(this.agedAsOf));
  }

  /**
   * The fallback of a failed export: the same read (invoice list, party list, receivable lines) made
   * again from a freshly loaded sao and a new log-in. It helps against a read that a busy or restarted
   * server broke, not against a screen that changed (that is a ScreenChangedError either way).
   */
  async listInvoices(): Promise<Receivable[]> {
    this.signedIn = false;
    return this.exportedInvoices();
  }

  /** The customer's name, e-mail and language from the party's screens, and their open invoices now. */
  async statementOf(customerId: string): Promise<{ contact: CustomerContact; open: Receivable[] }> {
    return this.screen(`the statement of ${customerId}`, () => TrytonReceivablesPage.onScreen(this.tab, this.currencies).statement(customerId, this.agedAsOf));
  }

  /** Tryton's parties carry no account manager in this setup (no such field on the party): always none. */
  async accountManagerOf(_customerId: string): Promise<string | undefined> {
    return undefined;
  }

  /**
   * Loads sao afresh and signs in. sao asks "Are you sure to leave?" when tabs are open (a read that broke
   * off leaves some): this source never has anything unsaved, so it leaves.
   */
  private async signIn(): Promise<TrytonOutcome<void>> {
    const leave = (dialog: Dialog): void => {
      void (dialog.type() === 'beforeunload' ? dialog.accept() : dialog.dismiss()).catch(() => undefined);
    };
    this.page.on('dialog', leave);
    try {
      const login = await TrytonLoginPage.open(this.tab);
      if (login.kind !== 'shown') return login;
      const home = await login.screen.logIn(this.account.user, this.account.password);
      if (home.kind === 'refused') throw new OrderDeskError(ErrorCode.erpLoginRefused, `Tryton refused the log-in: ${describeOutcome(home)}`, { business: true });
      if (home.kind !== 'shown') return home;
      this.signedIn = true;
      return { kind: 'shown', screen: undefined };
    } finally {
      this.page.off('dialog', leave);
    }
  }

  /**
   * Runs a read, signed in; Tryton's refusal is a business failure, never retried; an expired session
   * signs in again; an error box or silence is retried after a pause on a reloaded sao; drift
   * (ScreenChangedError) and a closed browser are thrown as they are.
   */
  private async screen<T>(what: string, read: () => Promise<TrytonOutcome<T>>): Promise<T> {
    let problem = 'not tried';
    for (let attempt = 1; attempt <= SCREEN_ATTEMPTS; attempt++) {
      const signedIn: TrytonOutcome<void> = this.signedIn ? { kind: 'shown', screen: undefined } : await this.signIn();
      const outcome: TrytonOutcome<T> = signedIn.kind === 'shown' ? await read() : signedIn;
      if (outcome.kind === 'shown') return outcome.screen;
      problem = describeOutcome(outcome);
      if (outcome.kind === 'refused') throw new OrderDeskError(ErrorCode.erpRefused, `${what}: ${problem}`, { business: true });
      this.signedIn = false;
      if (outcome.kind !== 'session_expired') await new Promise((r) => setTimeout(r, RETRY_PAUSE_MS * attempt));
    }
    throw new OrderDeskError(ErrorCode.erpUnavailable, `${what}: ${problem}`);
  }
}
