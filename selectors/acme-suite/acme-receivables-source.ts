import { ErrorCode } from '../../core/errors/error-codes.ts';
import type { Page } from 'playwright-core';
import type { Receivable } from '../contract/receivable.ts';
import type { ReceivablesSource } from '../contract/receivables-source.ts';
import { OrderDeskError } from '../../core/errors/orderdesk-error.ts';
import { AcmeTab } from './acme-tab.ts';
import { CustomerPage } from './customer-page.ts';
import { InvoiceListPage, type InvoiceListRow } from './invoice-list-page.ts';
import { LoginPage } from './login-page.ts';
import type { ScreenOutcome } from './screen-arrival.ts';
import { readReceivablesExport } from './receivables-export.ts';
import { StatementPage } from './statement-page.ts';

/** A screen that came back as an error page or nothing is tried this many times before giving up. */
const SCREEN_ATTEMPTS = 4;
const RETRY_PAUSE_MS = 300;
/** The list is paged; more pages than this means something is wrong with the paging, not the ledger. */
const MAX_LIST_PAGES = 2_000;

export interface AcmeAccount {
  url: string;
  user: string;
  password: string;
}

function describe(outcome: Exclude<ScreenOutcome<unknown>, { kind: 'shown' }>): string {
  switch (outcome.kind) {
    case 'refused':
      return outcome.messages.join('; ');
    case 'crm_error':
      return `${outcome.error} (${outcome.title})`;
    case 'no_response':
      return `no response: ${outcome.detail}`;
    case 'unexpected_screen':
      return `unexpected screen "${outcome.title}"`;
    case 'session_expired':
      return 'session expired';
  }
}

/**
 * The receivables side of the Acme Finance Suite, read through its ERP screens for the dunning bot:
 * the Export to Excel download, the paged list as a fallback, and a customer's statement (the re-read
 * right before a letter). Read-only: it never changes anything in the ERP.
 */
export class AcmeReceivablesSource implements ReceivablesSource {
  private readonly tab: AcmeTab;

  constructor(
    page: Page,
    private readonly account: AcmeAccount,
    screenTimeoutMs: number,
  ) {
    this.tab = new AcmeTab(page, { baseUrl: account.url, screenTimeoutMs });
  }

  private async logIn(): Promise<void> {
    const login = await LoginPage.open(this.tab);
    if (login.kind !== 'shown') throw new OrderDeskError(ErrorCode.erpUnavailable, `login screen: ${describe(login)}`);
    const home = await login.screen.logIn(this.account.user, this.account.password);
    if (home.kind === 'refused') throw new OrderDeskError(ErrorCode.erpLoginRefused, `the ERP refused the login: ${describe(home)}`, { business: true });
    if (home.kind !== 'shown') throw new OrderDeskError(ErrorCode.erpUnavailable, `login: ${describe(home)}`);
  }

  /** Opens a screen, logging in when the session is gone and retrying error pages; system faults throw. */
  private async screen<T>(what: string, open: () => Promise<ScreenOutcome<T>>): Promise<T> {
    let problem = 'not tried';
    for (let attempt = 1; attempt <= SCREEN_ATTEMPTS; attempt++) {
      const outcome = await open();
      if (outcome.kind === 'shown') return outcome.screen;
      problem = describe(outcome);
      if (outcome.kind === 'refused') throw new OrderDeskError(ErrorCode.erpRefused, `${what}: ${problem}`, { business: true });
      if (outcome.kind === 'session_expired') await this.logIn();
      else await new Promise((r) => setTimeout(r, RETRY_PAUSE_MS * attempt));
    }
    throw new OrderDeskError(ErrorCode.erpUnavailable, `${what}: ${problem}`);
  }

  /** Every invoice, read from the suite's own "Export to Excel" workbook. */
  async exportedInvoices(): Promise<Receivable[]> {
    return readReceivablesExport(await this.downloadExport());
  }

  /** The suite's "Export to Excel" workbook of every invoice (one download). */
  async downloadExport(): Promise<Buffer> {
    const list = await this.screen('invoice list', () => InvoiceListPage.open(this.tab));
    const all = await this.screen('invoice list filter', () => list.filter({ customer: '', status: '', overdue: '' }));
    return (await all.exportToExcel()).content;
  }

  /** Every invoice by paging through the list, for when the export fails. */
  async listInvoices(): Promise<InvoiceListRow[]> {
    let page = await this.screen('invoice list', () => InvoiceListPage.open(this.tab));
    const rows: InvoiceListRow[] = [];
    for (let n = 0; n < MAX_LIST_PAGES; n++) {
      rows.push(...(await page.invoices()));
      const current = page;
      const next = await current.nextPage();
      if (!next) return rows;
      page = await this.screen('next invoice page', async () => next);
    }
    throw new OrderDeskError(ErrorCode.erpUnavailable, `the invoice list did not end after ${MAX_LIST_PAGES} pages`);
  }

  /** A customer's contact details and open invoices as the statement shows them now. */
  async statementOf(customerId: string) {
    const statement = await this.screen(`statement of ${customerId}`, () => StatementPage.open(this.tab, customerId));
    const details = await statement.customer();
    const name = details.Name ?? details['Customer Name'] ?? '';
    const email = (details['E-mail'] ?? '').trim();
    const contact = {
      customerId,
      name,
      ...(email.includes('@') ? { email } : {}),
      // The statement shows the code (zh), the customer page a label (Chinese (zh)): either way, zh.
      language: /\bzh\b|chinese/i.test(details['Preferred language'] ?? '') ? ('zh' as const) : ('en' as const),
    };
    const open = (await statement.openInvoices()).map((line) => ({ ...line, customerId, customerName: name, status: 'open' }));
    return { contact, open };
  }

  async accountManagerOf(customerId: string): Promise<string | undefined> {
    const page = await this.screen(`customer ${customerId}`, () => CustomerPage.open(this.tab, customerId));
    const manager = (await page.details())['Account manager'];
    return manager?.trim() || undefined;
  }
}
