import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Receivable } from '../../../selectors/contract/receivable.ts';
import { launchChromium } from '../../../core/browser/launch-chromium.ts';
import { TrytonServer, type TrytonCustomerTruth, type TrytonInfo, type TrytonInvoiceTruth } from '../../../fixtures/tryton/index.ts';
import { TrytonReceivablesSource } from '../../../selectors/tryton/index.ts';
import { alive, chromiumChildrenOf, listenedOnBy, processTree } from '../helpers/processes.ts';

/** A cached start takes seconds; seeding from scratch about a minute, much longer on two busy cores. */
const START_TIMEOUT_MS = 300_000;
/** One sao screen; generous for two cores shared with other browsers and servers. */
const SCREEN_TIMEOUT_MS = 30_000;
const TEST_TIMEOUT_MS = 300_000;

function localToday(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

/** The reads' run date, fixed once: a read straddling midnight still ages every invoice as of one day. */
const RUN_DATE = localToday();

function shiftDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Tryton's decimal string ("200.00", "10000") as integer cents, so comparisons are exact. */
function cents(amount: string): bigint {
  const [units = '0', fraction = ''] = amount.split('.');
  return BigInt(units) * 100n + BigInt((fraction + '00').slice(0, 2));
}

function decimal(c: bigint): string {
  return `${c < 0n ? '-' : ''}${(c < 0n ? -c : c) / 100n}.${String((c < 0n ? -c : c) % 100n).padStart(2, '0')}`;
}

/** What the source must say about a posted invoice, worked out from Tryton's own JSON-RPC answer. */
function expectedReceivable(invoice: TrytonInvoiceTruth, today: string): Receivable {
  const owed = cents(invoice.amountToPay);
  return {
    invoiceNo: invoice.number,
    customerId: invoice.partyCode,
    customerName: invoice.partyName,
    invoiceDate: invoice.invoiceDate,
    dueDate: invoice.dueDate,
    currency: 'CNY',
    amount: decimal(cents(invoice.total)),
    paid: decimal(cents(invoice.total) - owed),
    outstanding: decimal(owed),
    daysOverdue: Math.max(0, daysBetween(invoice.dueDate, today)),
    status: owed > 0n ? 'open' : 'paid',
    disputed: false,
    promisedToPay: '',
  };
}

function byNumber(a: Receivable, b: Receivable): number {
  return a.invoiceNo.localeCompare(b.invoiceNo);
}

describe('Tryton receivables read through sao', () => {
  let server: TrytonServer;
  let info: TrytonInfo;
  let browser: Browser;
  let page: Page;
  let chromium: number[] = [];
  let source: TrytonReceivablesSource;

  const truth = async <T>(what: 'customers' | 'invoices'): Promise<T> => (await (await fetch(`${info.groundTruthUrl}/__fixture/${what}`)).json()) as T;
  const postedInvoices = async (): Promise<TrytonInvoiceTruth[]> => (await truth<TrytonInvoiceTruth[]>('invoices')).filter((i) => i.state === 'posted');

  beforeAll(async () => {
    server = await TrytonServer.start();
    info = server.info();
    const before = new Set(chromiumChildrenOf(process.pid));
    browser = await launchChromium();
    chromium = chromiumChildrenOf(process.pid).filter((pid) => !before.has(pid));
    page = await (await browser.newContext()).newPage();
    source = new TrytonReceivablesSource(page, info, SCREEN_TIMEOUT_MS, RUN_DATE);
  }, START_TIMEOUT_MS);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('exports every posted customer invoice as Tryton has it: number, party code and name, dates, amounts, what is owed', async () => {
    const today = RUN_DATE;
    const started = performance.now();
    const exported = await source.exportedInvoices();
    console.info(`tryton exportedInvoices: ${exported.length} invoices in ${Math.round(performance.now() - started)} ms (including the log-in)`);

    const expected = (await postedInvoices()).map((i) => expectedReceivable(i, today));
    expect(expected.length).toBeGreaterThanOrEqual(50);
    expect([...exported].sort(byNumber)).toEqual(expected.sort(byNumber));
    // The seed spreads due dates over every aging bucket; the read keeps them apart.
    const overdue = new Set(exported.map((r) => (r.daysOverdue <= 0 ? 0 : r.daysOverdue <= 30 ? 1 : r.daysOverdue <= 60 ? 2 : r.daysOverdue <= 90 ? 3 : 4)));
    expect(overdue.size).toBe(5);
  }, TEST_TIMEOUT_MS);

  it('the fallback read gives the same invoices', async () => {
    const started = performance.now();
    const listed = await source.listInvoices();
    console.info(`tryton listInvoices: ${listed.length} invoices in ${Math.round(performance.now() - started)} ms (including a fresh log-in)`);
    const expected = (await postedInvoices()).map((i) => expectedReceivable(i, RUN_DATE));
    expect([...listed].sort(byNumber)).toEqual(expected.sort(byNumber));
  }, TEST_TIMEOUT_MS);

  it.each(['zh', 'en'] as const)('gives a %s customer’s statement: contact from the party screens and the invoices still owed', async (language) => {
    const today = RUN_DATE;
    const posted = await postedInvoices();
    const customers = await truth<TrytonCustomerTruth[]>('customers');
    // A customer owing on more than one invoice, where there is one, so the statement is a real list.
    const owing = (c: TrytonCustomerTruth): number => posted.filter((i) => i.partyCode === c.code && cents(i.amountToPay) > 0n).length;
    const customer = customers.filter((c) => c.language === language && owing(c) > 0).sort((a, b) => owing(b) - owing(a))[0];
    expect(customer).toBeDefined();
    const { code, name, email } = customer as TrytonCustomerTruth;

    const started = performance.now();
    const statement = await source.statementOf(code);
    console.info(`tryton statementOf(${code}, ${language}): ${statement.open.length} open invoices in ${Math.round(performance.now() - started)} ms`);

    expect(statement.contact).toEqual({ customerId: code, name, email, language });
    const expected = posted.filter((i) => i.partyCode === code && cents(i.amountToPay) > 0n).map((i) => expectedReceivable(i, today));
    expect([...statement.open].sort(byNumber)).toEqual(expected.sort(byNumber));
  }, TEST_TIMEOUT_MS);

  it('ages the invoices as of the run date it is given, not as of this machine\'s clock', async () => {
    const later = shiftDays(RUN_DATE, 45);
    const posted = await postedInvoices();
    const owing = posted.filter((i) => cents(i.amountToPay) > 0n);
    const code = (owing.find((i) => i.dueDate < RUN_DATE) as TrytonInvoiceTruth).partyCode;
    const context = await browser.newContext();
    try {
      const statement = await new TrytonReceivablesSource(await context.newPage(), info, SCREEN_TIMEOUT_MS, later).statementOf(code);
      const expected = owing.filter((i) => i.partyCode === code).map((i) => expectedReceivable(i, later));
      expect([...statement.open].sort(byNumber)).toEqual(expected.sort(byNumber));
      expect(statement.open.some((r) => r.daysOverdue > 45)).toBe(true);
    } finally {
      await context.close();
    }
  }, TEST_TIMEOUT_MS);

  it('refuses the statement of a customer Tryton does not know, as a business failure', async () => {
    await expect(source.statementOf('NO-SUCH-CUSTOMER')).rejects.toMatchObject({ code: 'erp_refused', business: true });
  }, TEST_TIMEOUT_MS);

  it('signs in again when Tryton has forgotten the session (the server restarted from its seeded database)', async () => {
    const res = await fetch(`${info.groundTruthUrl}/__fixture/reset`, { method: 'POST' });
    expect(res.status).toBe(200);
    const customers = await truth<TrytonCustomerTruth[]>('customers');
    const posted = await postedInvoices();
    const customer = customers.find((c) => posted.some((i) => i.partyCode === c.code && cents(i.amountToPay) > 0n)) as TrytonCustomerTruth;
    const statement = await source.statementOf(customer.code);
    expect(statement.contact.email).toBe(customer.email);
    expect(statement.open.map((r) => r.invoiceNo).sort()).toEqual(
      posted
        .filter((i) => i.partyCode === customer.code && cents(i.amountToPay) > 0n)
        .map((i) => i.number)
        .sort(),
    );
  }, TEST_TIMEOUT_MS);

  it('leaves nothing running once the browser and the fixture are closed', async () => {
    expect(chromium.length).toBeGreaterThan(0);
    await browser.close();
    expect(chromium.filter(alive)).toEqual([]);

    const tree = processTree(server.pid as number);
    const port = server.port;
    const groundTruthPort = Number(new URL(info.groundTruthUrl).port);
    await server.close();
    await server.close();
    expect(tree.filter(alive)).toEqual([]);
    expect(listenedOnBy(port, tree)).toBe(false);
    await expect(fetch(`http://127.0.0.1:${groundTruthPort}/__fixture/customers`)).rejects.toThrow();
  }, TEST_TIMEOUT_MS);
});
