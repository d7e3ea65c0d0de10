import type { Page } from 'playwright-core';
import type { SelectorsCheckReport } from '../selectors-check-report.ts';
import { SelectorsCheckWalk } from '../selectors-check-walk.ts';
import { CustomerLookupPage } from './customer-lookup-page.ts';
import type { TrytonLocatorKey, TrytonLocatorMap, TrytonScreenName } from './locator-map.ts';
import { TrytonLoginPage } from './login-page.ts';
import { REPRESS_AFTER_MS } from './many2one-choice.ts';
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
  const walk = new SelectorsCheckWalk<TrytonLocatorMap>(tab.elements);
  const shown = <T>(outcome: TrytonOutcome<T>, what: string): T => {
    if (outcome.kind === 'shown') return outcome.screen;
    throw new Error(`${what}: ${describeOutcome(outcome)}`);
  };

  await walk.section('login', async () => {
    const login = shown(await TrytonLoginPage.open(tab), 'log-in dialog');
    await walk.probe('login', ['userName', 'logIn']);
    shown(await login.logIn(account.user, account.password), 'log in');
    // The password prompt is open only for a moment inside logIn; signing in through it is the proof.
    walk.held('login', ['password', 'ok'], 'signed in through it');
    await walk.probe('home', ['actionSearch']);
  });

  await walk.section('customers', async () => {
    const lookup = shown(await CustomerLookupPage.open(tab), 'party list');
    await walk.probe('customers', ['search', 'grid'], tab.panel());
    await walk.probe('list', ['newRecord', 'relate'], tab.panel());
    if (await tab.isShown('list', 'more', tab.panel())) await walk.probe('list', ['more'], tab.panel());
    else walk.notReached('list', ['more'], 'shown only while a list has rows sao has not drawn yet');
    shown(await lookup.find(NO_SUCH), 'party search');
    // The bar of open tabs is the one tablist whose tabs can be closed (form notebooks are tablists too).
    const bars = await tab.locate('home', 'tabList').filter({ has: tab.locate('home', 'closeTab') }).count();
    walk.record({ screen: 'home', locator: tab.elements.describe('home', 'tabList'), status: bars === 1 ? 'holds' : bars === 0 ? 'missing' : 'ambiguous' });
    await walk.probe('home', ['closeTab'], tab.locate('home', 'tabList').filter({ has: tab.locate('home', 'closeTab') }));
    const closed = await tab.closeTabs();
    if (closed) throw new Error(`closing the tabs: ${describeOutcome(closed)}`);
  });

  await walk.section('list', async () => {
    const search = shown(await SaleSearchPage.open(tab, NO_SUCH), 'sale list');
    await walk.probe('list', ['grid'], tab.panel());
    shown(await search.sales(), 'sale search');
    await walk.probe('saleList', ['tabMenu', 'grid', 'number', 'reference', 'party', 'saleDate', 'state'], tab.panel());
    const closed = await tab.closeTabs();
    if (closed) throw new Error(`closing the tabs: ${describeOutcome(closed)}`);
  });

  await walk.section('saleForm', async () => {
    shown(await SaleFormPage.open(tab), 'new sale form');
    const form = tab.panel();
    await walk.probe('saleForm', ['party', 'reference', 'currency', 'number', 'state', 'invoiceAddress', 'lines', 'quote', 'save'], form);
    walk.notReached('saleForm', ['confirm'], 'shown only on a quotation; the check saves no sale');
    await walk.probe('saleForm', ['newLine'], tab.locate('saleForm', 'lines', form));
    await tab.click('saleForm', 'newLine', tab.locate('saleForm', 'lines', form));
    const line = tab.dialog('saleLine');
    const opened = await tab.until('the sale line dialog', async () => ((await line.count()) === 1 ? true : undefined));
    if (opened) throw new Error(`sale line dialog: ${describeOutcome(opened)}`);
    await walk.probe('saleLine', ['product', 'quantity', 'unitPrice', 'ok', 'delete'], line);
    const search = tab.dialog('searchDialog');
    // A busy sao swallows an F2 (a loaded run saw none come in 30 s), and may then answer two: pressed
    // again once none may be on its way, the extra dialog cancelled, as the many2one chooser does.
    let pressedAt = 0;
    const searching = await tab.until('the product search dialog', async () => {
      const open = await search.count();
      if (open === 1) return true;
      if (open > 1) {
        await tab.click('searchDialog', 'cancel', search.last());
        pressedAt = Date.now();
      } else if (Date.now() - pressedAt >= REPRESS_AFTER_MS) {
        await tab.press('saleLine', 'product', 'F2', line);
        pressedAt = Date.now();
      }
      return undefined;
    });
    if (searching) throw new Error(`product search dialog: ${describeOutcome(searching)}`);
    await walk.probe('searchDialog', ['grid', 'ok', 'cancel'], search);
    await tab.click('searchDialog', 'cancel', search);
    // Nothing was saved: Delete drops the line not yet added, closing the tab discards the new sale.
    await tab.click('saleLine', 'delete', line);
    const gone = await tab.until('the line dialog to close', async () => ((await line.count()) === 0 ? true : undefined));
    if (gone) throw new Error(`closing the line dialog: ${describeOutcome(gone)}`);
    const closed = await tab.closeTabs();
    if (closed) throw new Error(`discarding the new sale: ${describeOutcome(closed)}`);
  });

  await walk.section('receivableLines', async () => {
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
      walk.held(screen, keys, `the receivables read through these screens (${invoices.length} invoices)`);
    }
  });

  walk.notReached('messages', ['alert', 'ok', 'applicationError', 'close', 'discardChanges'], "shown only when Tryton refuses or fails, or a change is discarded; the check saves nothing");
  walk.notReached('home', ['logout'], 'the bots never sign out');
  // Anything in the map this walk does not cover is listed too, so a new screen cannot hide from the check.
  walk.notWalked(tab.map);
  return walk.report('Tryton (sao)', tab.layout);
}
