import type { Page } from 'playwright-core';
import type { SelectorsCheckReport } from '../selectors-check-report.ts';
import { SelectorsCheckWalk } from '../selectors-check-walk.ts';
import { AcmeTab } from './acme-tab.ts';
import { BranchesPage } from './branches-page.ts';
import { CustomerPage } from './customer-page.ts';
import { CustomerSearchPage } from './customer-search-page.ts';
import { InvoiceListPage } from './invoice-list-page.ts';
import { InvoicePage } from './invoice-page.ts';
import type { AcmeLayout, AcmeLocatorMap } from './locator-map.ts';
import { LoginPage } from './login-page.ts';
import { OrderEntryPage } from './order-entry-page.ts';
import { OrderPage } from './order-page.ts';
import { OrderSearchPage } from './order-search-page.ts';
import { ProductPage } from './product-page.ts';
import { ReceivablesPage } from './receivables-page.ts';
import type { ScreenOutcome } from './screen-arrival.ts';
import { StatementPage } from './statement-page.ts';

export interface SelectorsCheckOptions {
  baseUrl: string;
  user: string;
  password: string;
  screenTimeoutMs: number;
  locatorMaps?: Partial<Record<AcmeLayout, AcmeLocatorMap>>;
}

export interface AcmeSelectorsCheckReport extends SelectorsCheckReport {
  layout: AcmeLayout;
}

/** A reference no real order carries, for searches that must find nothing. */
const NO_SUCH = 'ZZ-SELECTORS-CHECK-NONE';

/**
 * Walks every screen the bots use, read-only, and says for each locator of the map whether it holds.
 * Order entry is walked to the review step and backed out of with Back; Confirm is never pressed, and
 * no invoice flag is saved. A locator only some states show is reported not_reached when the data
 * does not allow that state (e.g. no order exists yet).
 */
export async function checkAcmeScreens(page: Page, options: SelectorsCheckOptions): Promise<AcmeSelectorsCheckReport> {
  const tab = new AcmeTab(page, {
    baseUrl: options.baseUrl,
    screenTimeoutMs: options.screenTimeoutMs,
    ...(options.locatorMaps ? { locatorMaps: options.locatorMaps } : {}),
  });
  const walk = new SelectorsCheckWalk<AcmeLocatorMap>(tab);
  const shown = <T>(outcome: ScreenOutcome<T>, what: string): T => {
    if (outcome.kind === 'shown') return outcome.screen;
    const why = outcome.kind === 'refused' ? outcome.messages.join('; ') : outcome.kind === 'crm_error' || outcome.kind === 'unexpected_screen' ? outcome.title : outcome.kind === 'no_response' ? outcome.detail : outcome.kind;
    throw new Error(`${what}: ${why}`);
  };

  let customerId: string | undefined;
  let invoiceCustomer: string | undefined;

  await walk.section('login', async () => {
    const login = shown(await LoginPage.open(tab), 'login page');
    await walk.probe('login', ['userName', 'password', 'logIn']);
    walk.notReached('login', ['sessionExpired', 'validationSummary'], 'shown only after an expired session or a wrong password');
    shown(await login.logIn(options.user, options.password), 'log in');
    await walk.probe('home', ['businessDate', 'customersMenu', 'newSalesOrderMenu', 'orderSearchMenu', 'receivablesMenu', 'invoicesMenu', 'logoutMenu']);
  });

  await walk.section('customerSearch', async () => {
    const search = shown(await CustomerSearchPage.open(tab), 'customer search');
    await walk.probe('customerSearch', ['query', 'search']);
    const found = shown(await search.search('C0000'), 'customer search results');
    await walk.probe('customerSearch', ['results']);
    customerId = (await found.results()).find((r) => r.status === 'Active')?.customerId;
    shown(await found.search(NO_SUCH), 'empty customer search');
    await walk.probe('customerSearch', ['noResults']);
  });

  await walk.section('customer', async () => {
    if (!customerId) return walk.notReached('customer', ['newSalesOrder', 'statement'], 'no active customer found');
    shown(await CustomerPage.open(tab, customerId), 'customer page');
    await walk.probe('customer', ['newSalesOrder', 'statement', 'name', 'idType', 'idNumber', 'email', 'language', 'riskTolerance', 'creditGrade', 'blocked', 'accountManager']);
  });

  await walk.section('product', async () => {
    shown(await ProductPage.open(tab, 'FD-R3-BAL'), 'product page');
    await walk.probe('product', ['name', 'riskLevel', 'minAmount', 'maxAmount', 'terms', 'currencies', 'status']);
    shown(await BranchesPage.open(tab), 'branches');
    await walk.probe('branches', ['branches']);
  });

  await walk.section('orderEntryCustomer', async () => {
    const step1 = shown(await OrderEntryPage.start(tab), 'order entry');
    await walk.probe('orderEntryCustomer', ['customerId', 'customerSearch', 'search', 'next']);
    const refused = await step1.enterCustomer('');
    if (refused.kind !== 'refused') throw new Error('an empty customer id was not refused');
    await walk.probe('orderEntryCustomer', ['validationSummary']);
    if (!customerId) throw new Error('no active customer to walk the order form with');
    const step2 = shown(await step1.enterCustomer(customerId), 'order entry step 2');
    await walk.probe('orderEntryProduct', ['product', 'amount', 'currency', 'next', 'back', 'catalogue']);
    const catalogue = await step2.catalogue();
    const product = catalogue.find((p) => p.risk === 'R1') ?? catalogue[0];
    if (!product) throw new Error('the product catalogue is empty');
    const noAmount = await step2.enterProductAndAmount({ productCode: product.code, amount: '', currency: 'CNY' });
    if (noAmount.kind !== 'refused') throw new Error('an empty amount was not refused');
    await walk.probe('orderEntryProduct', ['validationSummary']);
    const step3 = shown(await step2.enterProductAndAmount({ productCode: product.code, amount: product.minimum, currency: 'CNY' }), 'order entry step 3');
    await walk.probe('orderEntryTerms', ['term', 'paymentMethod', 'valueDate', 'externalReference', 'salesRep', 'branch', 'notes', 'next', 'back']);
    const terms = { termMonths: product.terms[0] ?? 0, paymentMethod: 'bank_transfer', valueDate: '', externalRef: `SELCHECK-${Date.now()}`, salesRep: 'Selectors Check', branch: '', notes: '' };
    const branch = await tab.choices('orderEntryTerms', 'branch');
    const missingDate = await step3.enterTerms({ ...terms, branch: branch.find((b) => b.value !== '')?.value ?? '' });
    if (missingDate.kind !== 'refused') throw new Error('a missing value date was not refused');
    await walk.probe('orderEntryTerms', ['validationSummary']);
    // A value date far ahead is valid whatever the CRM's business date; nothing is confirmed anyway.
    const review = shown(await step3.enterTerms({ ...terms, valueDate: '2099-12-31', branch: branch.find((b) => b.value !== '')?.value ?? '' }), 'order entry review');
    await walk.probe('orderEntryReview', ['confirm', 'back']);
    walk.notReached('orderEntryReview', ['validationSummary'], 'shown only when Confirm is refused; the check never presses Confirm');
    shown(await review.back(), 'back to step 3');
  });

  await walk.section('orderSearch', async () => {
    const search = shown(await OrderSearchPage.open(tab), 'order search');
    await walk.probe('orderSearch', ['externalReference', 'orderNumber', 'search']);
    const none = shown(await search.search({ externalRef: NO_SUCH }), 'empty order search');
    await walk.probe('orderSearch', ['noResults']);
    const all = shown(await none.search({ orderNo: 'SO-' }), 'order search by number');
    const first = (await all.orders())[0];
    if (!first) {
      walk.notReached('orderSearch', ['results'], 'the CRM has no orders yet');
      walk.notReached('order', ['backToSearch'], 'the CRM has no orders yet');
      return;
    }
    await walk.probe('orderSearch', ['results']);
    shown(await OrderPage.open(tab, first.orderNo), 'order page');
    await walk.probe('order', ['backToSearch']);
  });

  let openInvoice: string | undefined;
  let paidInvoice: string | undefined;
  await walk.section('invoices', async () => {
    const list = shown(await InvoiceListPage.open(tab), 'invoice list');
    await walk.probe('invoices', ['customer', 'status', 'overdue', 'filter', 'exportToExcel', 'resultCount', 'invoices']);
    const open = shown(await list.filter({ status: 'open' }), 'open invoices');
    const rows = await open.invoices();
    openInvoice = rows[0]?.invoiceNo;
    invoiceCustomer = rows[0]?.customerId;
    paidInvoice = rows.find((r) => Number(r.paid) > 0)?.invoiceNo;
    const file = await open.exportToExcel();
    if (file.content.subarray(0, 2).toString() !== 'PK') throw new Error(`Export to Excel gave ${file.fileName}, not an xlsx`);
    const next = await open.nextPage();
    if (next === undefined) walk.notReached('invoices', ['nextPage', 'previousPage'], 'one page of invoices only');
    else {
      await walk.probe('invoices', ['nextPage']);
      shown(next, 'next invoice page');
      await walk.probe('invoices', ['previousPage']);
    }
    const empty = shown(await open.filter({ customer: NO_SUCH }), 'empty invoice list');
    await walk.probe('invoices', ['noResults']);
    void empty;
  });

  await walk.section('invoice', async () => {
    const invoiceNo = paidInvoice ?? openInvoice;
    if (!invoiceNo) return walk.notReached('invoice', ['disputed', 'promisedToPay', 'save', 'payments', 'statement', 'backToInvoices'], 'no invoices');
    shown(await InvoicePage.open(tab, invoiceNo), 'invoice page');
    await walk.probe('invoice', ['disputed', 'promisedToPay', 'save', 'statement', 'backToInvoices']);
    if (paidInvoice) await walk.probe('invoice', ['payments']);
    else walk.notReached('invoice', ['payments'], 'no open invoice with payments');
  });

  await walk.section('receivables', async () => {
    const receivables = shown(await ReceivablesPage.open(tab), 'receivables');
    await walk.probe('receivables', ['aging', 'statementCustomer', 'showStatement', 'allInvoices', 'openInvoices']);
    if (!invoiceCustomer) return walk.notReached('statement', ['customerId', 'show', 'openInvoices', 'balance'], 'no customer with open invoices');
    shown(await receivables.showStatement(invoiceCustomer), 'customer statement');
    await walk.probe('statement', ['customerId', 'show', 'openInvoices', 'balance']);
    shown(await StatementPage.open(tab, invoiceCustomer), 'customer statement by address');
  });

  return walk.report('Acme Finance Suite', tab.layout);
}
