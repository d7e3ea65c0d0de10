import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../../core/browser/launch-chromium.ts';
import { TrytonServer, type TrytonCustomerTruth, type TrytonInfo, type TrytonInvoiceTruth, type TrytonOrderTruth } from '../../../fixtures/tryton/index.ts';
import { CustomerLookupPage, NewSalePage, SaleSearchPage, SaoTab, TrytonLoginPage, TrytonReceivablesPage, type TrytonOutcome } from '../../../selectors/tryton/index.ts';
import { alive, listenedOnBy, processTree } from '../helpers/processes.ts';

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

  it('keys a sale with a reference, quotes and confirms it, finds it by reference; the ERP has it exactly once', async () => {
    const tab = await loggedIn();
    const customers = await truth<TrytonCustomerTruth[]>('customers');
    const customer = customers.find((c) => c.language === 'zh' && c.name.includes('有限公司'))!;
    const reference = `PO-TRY-${randomUUID().slice(0, 8).toUpperCase()}`;

    const form = shown(await NewSalePage.open(tab));
    shown(
      await form.enter({
        customerCode: customer.code,
        reference,
        lines: [
          { productCode: 'WM-R2-180', quantity: '3', unitPrice: '990.50' },
          { productCode: 'MM-R1-007', quantity: '1000' },
        ],
      }),
    );
    const quoted = shown(await form.quote());
    expect(quoted.state).toBe('Quotation');
    const confirmed = shown(await form.confirm());
    expect(['Confirmed', 'Processing']).toContain(confirmed.state);
    expect(confirmed.number).toBe(quoted.number);

    const search = shown(await SaleSearchPage.open(tab));
    const found = shown(await search.exactMatch(reference));
    expect(found).toMatchObject({ number: confirmed.number, reference });

    const orders = (await truth<TrytonOrderTruth[]>('orders')).filter((o) => o.reference === reference);
    expect(orders).toHaveLength(1);
    expect(orders[0]).toMatchObject({ number: confirmed.number, partyCode: customer.code, state: 'processing' });
    expect(orders[0]!.lines).toEqual([
      { productCode: 'WM-R2-180', quantity: 3, unitPrice: '990.50' },
      { productCode: 'MM-R1-007', quantity: 1000, unitPrice: '1.00' },
    ]);
  }, BROWSER_TEST_TIMEOUT_MS);

  it('reports what Tryton refuses (a customer without an invoice address) as a refusal with its message', async () => {
    const tab = await loggedIn();
    const customers = await truth<TrytonCustomerTruth[]>('customers');
    const noAddress = customers.find((c) => c.name.startsWith('No Address'))!;
    const reference = `PO-TRY-REFUSE-${randomUUID().slice(0, 6).toUpperCase()}`;
    const form = shown(await NewSalePage.open(tab));
    shown(await form.enter({ customerCode: noAddress.code, reference, lines: [{ productCode: 'BD-R2-365', quantity: '1' }] }));
    const outcome = await form.quote();
    expect(outcome.kind).toBe('refused');
    if (outcome.kind !== 'refused') return;
    expect(outcome.messages.join(' ')).toMatch(/you must enter an invoice address/);
    const orders = (await truth<TrytonOrderTruth[]>('orders')).filter((o) => o.reference === reference);
    expect(orders.map((o) => o.state)).toEqual(['draft']);
  }, BROWSER_TEST_TIMEOUT_MS);

  it('reads the receivables through the screens, agreeing with the ground truth', async () => {
    const tab = await loggedIn();
    const today = localToday();
    const receivables = shown(await TrytonReceivablesPage.onScreen(tab).receivables(today));
    const expected = (await truth<TrytonInvoiceTruth[]>('invoices')).filter((i) => i.state === 'posted' && Number(i.amountToPay) > 0);
    expect(receivables.map((r) => r.invoiceNo).sort()).toEqual(expected.map((i) => i.number).sort());
    const customers = await truth<TrytonCustomerTruth[]>('customers');
    for (const invoice of expected) {
      const read = receivables.find((r) => r.invoiceNo === invoice.number)!;
      expect(read).toMatchObject({
        customerName: invoice.partyName,
        customerId: customers.find((c) => c.name === invoice.partyName)?.code,
        invoiceDate: invoice.invoiceDate,
        dueDate: invoice.dueDate,
        currency: 'CNY',
        amount: Number(invoice.total).toFixed(2),
        outstanding: Number(invoice.amountToPay).toFixed(2),
      });
    }
    expect(new Set(receivables.map((r) => bucketOf(r.dueDate, today))).size).toBe(5);
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
