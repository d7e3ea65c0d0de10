import type { Locator, Page } from 'playwright-core';
import { ScreenChangedError } from '../screen-changed-error.ts';
import type { LocatorReport, SelectorsCheckReport } from '../selectors-check-report.ts';
import { CustomerLookupPage } from './customer-lookup-page.ts';
import type { TrytonLocatorKey, TrytonScreenName } from './locator-map.ts';
import { TrytonLoginPage } from './login-page.ts';
import { SaleFormPage } from './sale-form-page.ts';
import { SaleSearchPage } from './sale-search-page.ts';
import { SaoTab } from './sao-tab.ts';
import { describeOutcome, type TrytonOutcome } from './tryton-outcome.ts';
import { TrytonReceivablesSource, type TrytonAccount } from './tryton-receivables-source.ts';

/** A reference no real sale carries, for a search that must find nothing. */
const NO_SUCH = 'ZZ-SELECTORS-CHECK-NONE';
/** Screens the receivables read goes through; checked by reading the receivables once. */
const RECEIVABLE_SCREENS: readonly TrytonScreenName[] = ['receivableLines', 'customerInvoices', 'partyList', 'contactMechanisms', 'currencies', 'listTab'];

/**
 * Walks every sao screen the bots use and says for each locator of the map whether it holds. Nothing
 * is saved: the sale form is filled as far as a line's product search and then discarded, the
 * receivables are only read. Message boxes (Tryton's refusals, crashes) cannot be shown without a
 * refusal or a crash, so those are reported not reached.
 */
export async function checkTrytonScreens(page: Page, account: TrytonAccount, screenTimeoutMs: number): Promise<SelectorsCheckReport> {
  const tab = new SaoTab(page, { baseUrl: account.url, database: account.database, screenTimeoutMs });
  const results: LocatorReport[] = [];
  const reported = new Set<string>();
  const record = (report: LocatorReport): void => {
    reported.add(`${report.screen}.${report.locator}`);
    results.push(report);
  };
  const probe = async <S extends TrytonScreenName>(screen: S, keys: TrytonLocatorKey<S>[], scope?: Locator): Promise<void> => {
    for (const key of keys) record({ screen, locator: tab.describeLocator(screen, key), status: await tab.probe(screen, key, scope) });
  };
  const held = <S extends TrytonScreenName>(screen: S, keys: TrytonLocatorKey<S>[], why: string): void => {
    for (const key of keys) record({ screen, locator: tab.describeLocator(screen, key), status: 'holds', detail: why });
  };
  const notReached = <S extends TrytonScreenName>(screen: S, keys: TrytonLocatorKey<S>[], why: string): void => {
    for (const key of keys) record({ screen, locator: tab.describeLocator(screen, key), status: 'not_reached', detail: why });
  };
  const shown = <T>(outcome: TrytonOutcome<T>, what: string): T => {
    if (outcome.kind === 'shown') return outcome.screen;
    throw new Error(`${what}: ${describeOutcome(outcome)}`);
  };
  /** One part of the walk; a drift or an unreachable screen is recorded and the walk goes on. */
  const section = async (screen: TrytonScreenName, work: () => Promise<void>): Promise<void> => {
    try {
      await work();
    } catch (error) {
      if (error instanceof ScreenChangedError) {
        record({ screen: error.screen, locator: error.locator, status: 'missing', detail: error.message, ...(error.screenshot ? { screenshot: error.screenshot } : {}) });
      } else {
        record({ screen, locator: '(screen)', status: 'not_reached', detail: error instanceof Error ? error.message.split('\n')[0] : String(error) });
      }
    }
  };

  await section('login', async () => {
    const login = shown(await TrytonLoginPage.open(tab), 'log-in dialog');
    await probe('login', ['userName', 'logIn']);
    shown(await login.logIn(account.user, account.password), 'log in');
    // The password prompt is open only for a moment inside logIn; signing in through it is the proof.
    held('login', ['password', 'ok'], 'signed in through it');
    await probe('home', ['actionSearch']);
  });

  await section('customers', async () => {
    const lookup = shown(await CustomerLookupPage.open(tab), 'party list');
    await probe('customers', ['search', 'grid'], tab.panel());
    await probe('list', ['newRecord', 'relate'], tab.panel());
    if (await tab.isShown('list', 'more', tab.panel())) await probe('list', ['more'], tab.panel());
    else notReached('list', ['more'], 'shown only while a list has rows sao has not drawn yet');
    shown(await lookup.find(NO_SUCH), 'party search');
    // The bar of open tabs is the one tablist whose tabs can be closed (form notebooks are tablists too).
    const bars = await tab.locate('home', 'tabList').filter({ has: tab.locate('home', 'closeTab') }).count();
    record({ screen: 'home', locator: tab.describeLocator('home', 'tabList'), status: bars === 1 ? 'holds' : bars === 0 ? 'missing' : 'ambiguous' });
    await probe('home', ['closeTab'], tab.locate('home', 'tabList').filter({ has: tab.locate('home', 'closeTab') }));
    const closed = await tab.closeTabs();
    if (closed) throw new Error(`closing the tabs: ${describeOutcome(closed)}`);
  });

  await section('list', async () => {
    const search = shown(await SaleSearchPage.open(tab, NO_SUCH), 'sale list');
    await probe('list', ['grid'], tab.panel());
    shown(await search.sales(), 'sale search');
    await probe('saleList', ['tabMenu', 'grid', 'number', 'reference', 'party', 'saleDate', 'state'], tab.panel());
    const closed = await tab.closeTabs();
    if (closed) throw new Error(`closing the tabs: ${describeOutcome(closed)}`);
  });

  await section('saleForm', async () => {
    shown(await SaleFormPage.open(tab), 'new sale form');
    const form = tab.panel();
    await probe('saleForm', ['party', 'reference', 'currency', 'number', 'state', 'invoiceAddress', 'lines', 'quote', 'save'], form);
    notReached('saleForm', ['confirm'], 'shown only on a quotation; the check saves no sale');
    await probe('saleForm', ['newLine'], tab.locate('saleForm', 'lines', form));
    await tab.click('saleForm', 'newLine', tab.locate('saleForm', 'lines', form));
    const line = tab.dialog('saleLine');
    const opened = await tab.until('the sale line dialog', async () => ((await line.count()) === 1 ? true : undefined));
    if (opened) throw new Error(`sale line dialog: ${describeOutcome(opened)}`);
    await probe('saleLine', ['product', 'quantity', 'unitPrice', 'ok', 'delete'], line);
    await tab.press('saleLine', 'product', 'F2', line);
    const search = tab.dialog('searchDialog');
    const searching = await tab.until('the product search dialog', async () => ((await search.count()) === 1 ? true : undefined));
    if (searching) throw new Error(`product search dialog: ${describeOutcome(searching)}`);
    await probe('searchDialog', ['grid', 'ok', 'cancel'], search);
    await tab.click('searchDialog', 'cancel', search);
    // Nothing was saved: Delete drops the line not yet added, closing the tab discards the new sale.
    await tab.click('saleLine', 'delete', line);
    const gone = await tab.until('the line dialog to close', async () => ((await line.count()) === 0 ? true : undefined));
    if (gone) throw new Error(`closing the line dialog: ${describeOutcome(gone)}`);
    const closed = await tab.closeTabs();
    if (closed) throw new Error(`discarding the new sale: ${describeOutcome(closed)}`);
  });

  await section('receivableLines', async () => {
    // A context of its own: the source signs in for itself, and sao in this tab already holds a session.
    const context = await page.context().browser()?.newContext();
    if (!context) throw new Error('no browser to open a second context in');
    let invoices;
    try {
      // Aged as of any date: the check only proves the screens read.
      invoices = await new TrytonReceivablesSource(await context.newPage(), account, screenTimeoutMs, new Date().toISOString().slice(0, 10)).exportedInvoices();
    } finally {
      await context.close();
    }
    for (const screen of RECEIVABLE_SCREENS) {
      const keys = Object.keys(tab.map.screens[screen].locators) as TrytonLocatorKey<typeof screen>[];
      held(screen, keys, `the receivables read through these screens (${invoices.length} invoices)`);
    }
  });

  notReached('messages', ['alert', 'ok', 'applicationError', 'close', 'discardChanges'], "shown only when Tryton refuses or fails, or a change is discarded; the check saves nothing");
  notReached('home', ['logout'], 'the bots never sign out');
  // Anything in the map this walk does not cover is listed too, so a new screen cannot hide from the check.
  for (const screen of Object.keys(tab.map.screens) as TrytonScreenName[]) {
    for (const key of Object.keys(tab.map.screens[screen].locators) as TrytonLocatorKey<typeof screen>[]) {
      const locator = tab.describeLocator(screen, key);
      if (!reported.has(`${screen}.${locator}`)) record({ screen, locator, status: 'not_reached', detail: 'not on the walk' });
    }
  }
  const broken = results.filter((r) => r.status === 'missing' || r.status === 'ambiguous' || (r.status === 'not_reached' && r.locator === '(screen)'));
  return { system: 'Tryton (sao)', layout: tab.layout, results, broken };
}
