import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../../core/browser/launch-chromium.ts';
import { TrytonServer, type TrytonCustomerTruth, type TrytonInfo, type TrytonInvoiceTruth } from '../../../fixtures/tryton/index.ts';
import { CustomerLookupPage, SaleFormPage, SaoTab, TrytonLoginPage, type TrytonOutcome } from '../../../selectors/tryton/index.ts';
import { alive, listenedOnBy, processTree } from '../helpers/processes.ts';
import { runSelectorsCheck } from '../helpers/selectors-check-cli.ts';

/** Seeding from scratch takes about a minute on a quiet machine; much longer on two busy cores. */
const START_TIMEOUT_MS = 300_000;
/** One sao screen or save; generous for two busy cores. */
const SCREEN_TIMEOUT_MS = 30_000;
const BROWSER_TEST_TIMEOUT_MS = 300_000;

function localToday(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

function shown<T>(outcome: TrytonOutcome<T>): T {
  if (outcome.kind !== 'shown') throw new Error(`expected the screen, got ${JSON.stringify(outcome)}`);
  return outcome.screen;
}

function bucketOf(dueDate: string, today: string): string {
  const days = Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${dueDate}T00:00:00Z`)) / 86_400_000);
  if (days <= 0) return 'current';
  if (days <= 30) return '1-30';
  if (days <= 60) return '31-60';
  if (days <= 90) return '61-90';
  return '90+';
}

describe('tryton target: fixture, ground truth and sao page objects', () => {
  let server: TrytonServer;
  let info: TrytonInfo;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  const truth = async <T>(what: 'orders' | 'customers' | 'invoices'): Promise<T> => (await (await fetch(`${info.groundTruthUrl}/__fixture/${what}`)).json()) as T;

  async function loggedIn(): Promise<SaoTab> {
    const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
    contexts.push(context);
    const page: Page = await context.newPage();
    const tab = new SaoTab(page, { baseUrl: info.url, database: info.database, screenTimeoutMs: SCREEN_TIMEOUT_MS });
    const login = shown(await TrytonLoginPage.open(tab));
    shown(await login.logIn(info.user, info.password));
    return tab;
  }

  beforeAll(async () => {
    server = await TrytonServer.start();
    info = server.info();
    browser = await launchChromium();
  }, START_TIMEOUT_MS);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await server?.close();
  });

  it('serves sao and a ground truth with >= 50 customers and invoices in several aging buckets', async () => {
    expect((await fetch(info.url)).status).toBe(200);
    const customers = await truth<TrytonCustomerTruth[]>('customers');
    expect(customers.length).toBeGreaterThanOrEqual(50);
    expect(customers.every((c) => c.email.includes('@'))).toBe(true);
    expect(new Set(customers.map((c) => c.language))).toEqual(new Set(['zh', 'en']));
    const posted = (await truth<TrytonInvoiceTruth[]>('invoices')).filter((i) => i.state === 'posted');
    const buckets = new Set(posted.map((i) => bucketOf(i.dueDate, localToday())));
    expect([...buckets].sort()).toEqual(['1-30', '31-60', '61-90', '90+', 'current']);
    expect(posted.every((i) => /^INV\d{4}-\d{4}$/.test(i.number) && Number(i.amountToPay) > 0)).toBe(true);
    console.info(`tryton fixture start: ${JSON.stringify(server.report)}`);
  });

  it('looks up a customer by name through the party list', async () => {
    const tab = await loggedIn();
    const customers = await truth<TrytonCustomerTruth[]>('customers');
    const wanted = customers.find((c) => c.language === 'en')!;
    const lookup = shown(await CustomerLookupPage.open(tab));
    const found = shown(await lookup.exactMatch(wanted.name));
    expect(found).toMatchObject({ code: wanted.code, name: wanted.name });
  }, BROWSER_TEST_TIMEOUT_MS);

  it('chooses a many2one that already holds a record by typing over it (sao swallows the first key that clears it)', async () => {
    const tab = await loggedIn();
    shown(await SaleFormPage.open(tab));
    // A new sale comes in the company's currency; choosing it again is what an order in CNY does.
    expect(await tab.value('saleForm', 'currency', tab.panel())).toBe('Chinese Yuan Renminbi');
    expect(await tab.chooseMany2One('saleForm', 'currency', 'CNY', 'CNY', tab.panel())).toEqual({ kind: 'shown', screen: 'Chinese Yuan Renminbi' });
    expect(await tab.chooseMany2One('saleForm', 'currency', 'XTS', 'XTS', tab.panel())).toEqual({ kind: 'refused', messages: ['Tryton offers no Currency "XTS"'] });
    expect(await tab.closeTabs()).toBeUndefined();
  }, BROWSER_TEST_TIMEOUT_MS);

  it('orderdesk selectors check walks every sao screen the bots use and finds every locator', async () => {
    const { code, report } = await runSelectorsCheck({ CRM_TARGET: 'tryton', CRM_URL: info.url, CRM_USER: info.user, CRM_PASSWORD: info.password, CRM_DATABASE: info.database, KEYING_SCREEN_TIMEOUT_MS: String(SCREEN_TIMEOUT_MS) });
    expect(report.broken).toEqual([]);
    expect(code).toBe(0);
    expect(report).toMatchObject({ system: 'Tryton (sao)', layout: 'v1', ok: true });
    const held = new Set(report.results.filter((r) => r.status === 'holds').map((r) => r.screen));
    // The keying screens are probed on the live app, the receivables screens proven by reading them.
    for (const screen of ['login', 'customers', 'list', 'saleList', 'saleForm', 'saleLine', 'searchDialog', 'receivableLines', 'customerInvoices']) expect(held).toContain(screen);
    // Only message boxes (no refusal is provoked), the logout link and sao's paging are left unreached.
    expect(report.results.filter((r) => r.status === 'not_reached').map((r) => r.screen).filter((s) => !['messages', 'home', 'list', 'saleForm'].includes(s))).toEqual([]);
  }, BROWSER_TEST_TIMEOUT_MS);

  it('close() stops trytond and the ground truth server and leaves no process behind', async () => {
    const pid = server.pid!;
    const tree = processTree(pid);
    const port = server.port;
    const groundTruthPort = Number(new URL(info.groundTruthUrl).port);
    await server.close();
    await server.close();
    expect(tree.filter(alive)).toEqual([]);
    expect(listenedOnBy(port, tree)).toBe(false);
    await expect(fetch(`http://127.0.0.1:${groundTruthPort}/__fixture/customers`)).rejects.toThrow();
  });
});
