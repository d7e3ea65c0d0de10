import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Receivable } from '../../../selectors/contract/receivable.ts';
import { launchChromium } from '../../../core/browser/launch-chromium.ts';
import type { TrytonCustomerTruth, TrytonInfo, TrytonInvoiceTruth } from '../../../fixtures/tryton/index.ts';
import { TrytonReceivablesSource } from '../../../selectors/tryton/index.ts';
import { alive, chromiumChildrenOf } from '../helpers/processes.ts';
import { owing, receivableOf, TRYTON_SCREEN_TIMEOUT_MS as SCREEN_TIMEOUT_MS, TRYTON_START_TIMEOUT_MS as START_TIMEOUT_MS, TrytonTestDatabase } from '../helpers/tryton-harness.ts';

const TEST_TIMEOUT_MS = 300_000;

function shiftDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

function byNumber(a: Receivable, b: Receivable): number {
  return a.invoiceNo.localeCompare(b.invoiceNo);
}

describe('Tryton receivables read through sao', () => {
  let tryton: TrytonTestDatabase;
  let info: TrytonInfo;
  /** The reads' run date: the seed's business date, so every aging bucket holds invoices on any day. */
  let runDate: string;
  let browser: Browser;
  let page: Page;
  let chromium: number[] = [];
  let source: TrytonReceivablesSource;

  beforeAll(async () => {
    tryton = await TrytonTestDatabase.open('receivables');
    info = tryton.info;
    runDate = tryton.runDate;
    const before = new Set(chromiumChildrenOf(process.pid));
    browser = await launchChromium();
    chromium = chromiumChildrenOf(process.pid).filter((pid) => !before.has(pid));
    page = await (await browser.newContext()).newPage();
    source = new TrytonReceivablesSource(page, info, SCREEN_TIMEOUT_MS, runDate);
  }, START_TIMEOUT_MS);

  afterAll(async () => {
    await browser?.close();
  });

  it('exports every posted customer invoice as Tryton has it: number, party code and name, dates, amounts, what is owed', async () => {
    const started = performance.now();
    const exported = await source.exportedInvoices();
    console.info(`tryton exportedInvoices: ${exported.length} invoices in ${Math.round(performance.now() - started)} ms (including the log-in)`);

    const expected = (await tryton.postedInvoices()).map((i) => receivableOf(i, runDate));
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
    const expected = (await tryton.postedInvoices()).map((i) => receivableOf(i, runDate));
    expect([...listed].sort(byNumber)).toEqual(expected.sort(byNumber));
  }, TEST_TIMEOUT_MS);

  it.each(['zh', 'en'] as const)('gives a %s customer’s statement: contact from the party screens and the invoices still owed', async (language) => {
    const posted = await tryton.postedInvoices();
    const customers = await tryton.customers();
    // A customer owing on more than one invoice, where there is one, so the statement is a real list.
    const owed = (c: TrytonCustomerTruth): number => posted.filter((i) => i.partyCode === c.code && owing(i)).length;
    const customer = customers.filter((c) => c.language === language && owed(c) > 0).sort((a, b) => owed(b) - owed(a))[0];
    expect(customer).toBeDefined();
    const { code, name, email } = customer as TrytonCustomerTruth;

    const started = performance.now();
    const statement = await source.statementOf(code);
    console.info(`tryton statementOf(${code}, ${language}): ${statement.open.length} open invoices in ${Math.round(performance.now() - started)} ms`);

    expect(statement.contact).toEqual({ customerId: code, name, email, language });
    const expected = posted.filter((i) => i.partyCode === code && owing(i)).map((i) => receivableOf(i, runDate));
    expect([...statement.open].sort(byNumber)).toEqual(expected.sort(byNumber));
  }, TEST_TIMEOUT_MS);

  it('ages the invoices as of the run date it is given, not as of this machine\'s clock', async () => {
    const later = shiftDays(runDate, 45);
    const posted = await tryton.postedInvoices();
    const open = posted.filter(owing);
    const code = (open.find((i) => i.dueDate < runDate) as TrytonInvoiceTruth).partyCode;
    const context = await browser.newContext();
    try {
      const statement = await new TrytonReceivablesSource(await context.newPage(), info, SCREEN_TIMEOUT_MS, later).statementOf(code);
      const expected = open.filter((i) => i.partyCode === code).map((i) => receivableOf(i, later));
      expect([...statement.open].sort(byNumber)).toEqual(expected.sort(byNumber));
      expect(statement.open.some((r) => r.daysOverdue > 45)).toBe(true);
    } finally {
      await context.close();
    }
  }, TEST_TIMEOUT_MS);

  it('refuses the statement of a customer Tryton does not know, as a business failure', async () => {
    await expect(source.statementOf('NO-SUCH-CUSTOMER')).rejects.toMatchObject({ code: 'erp_refused', business: true });
  }, TEST_TIMEOUT_MS);

  it('signs in again when Tryton has forgotten the session (its database back to the seeded one)', async () => {
    await tryton.reset();
    const customers = await tryton.customers();
    const posted = await tryton.postedInvoices();
    const customer = customers.find((c) => posted.some((i) => i.partyCode === c.code && owing(i))) as TrytonCustomerTruth;
    const statement = await source.statementOf(customer.code);
    expect(statement.contact.email).toBe(customer.email);
    expect(statement.open.map((r) => r.invoiceNo).sort()).toEqual(
      posted
        .filter((i) => i.partyCode === customer.code && owing(i))
        .map((i) => i.number)
        .sort(),
    );
  }, TEST_TIMEOUT_MS);

  // The fixture's own close() is proven in tryton-target.test.ts, on a server of its own: this one is shared.
  it('leaves no Chromium running once the browser is closed', async () => {
    expect(chromium.length).toBeGreaterThan(0);
    await browser.close();
    expect(chromium.filter(alive)).toEqual([]);
  }, TEST_TIMEOUT_MS);
});
