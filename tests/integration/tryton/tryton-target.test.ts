import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../../core/browser/launch-chromium.ts';
import { TrytonServer, type TrytonInfo } from '../../../fixtures/tryton/index.ts';
import { TrytonRpc } from '../../../fixtures/tryton/tryton-rpc.ts';
import { CustomerLookupPage, SaleFormPage, SaoTab, TrytonLoginPage, type TrytonOutcome } from '../../../selectors/tryton/index.ts';
import { alive, listenedOnBy, processTree } from '../helpers/processes.ts';
import { runSelectorsCheck } from '../helpers/selectors-check-cli.ts';
import { daysBetween, TRYTON_SCREEN_TIMEOUT_MS as SCREEN_TIMEOUT_MS, TRYTON_START_TIMEOUT_MS as START_TIMEOUT_MS, TrytonTestDatabase } from '../helpers/tryton-harness.ts';
import { TRYTON_TEST_BUSINESS_DATE } from '../helpers/tryton-launcher.ts';

const BROWSER_TEST_TIMEOUT_MS = 300_000;

function shown<T>(outcome: TrytonOutcome<T>): T {
  if (outcome.kind !== 'shown') throw new Error(`expected the screen, got ${JSON.stringify(outcome)}`);
  return outcome.screen;
}

function bucketOf(dueDate: string, today: string): string {
  const days = daysBetween(dueDate, today);
  if (days <= 0) return 'current';
  if (days <= 30) return '1-30';
  if (days <= 60) return '31-60';
  if (days <= 90) return '61-90';
  return '90+';
}

describe('tryton target: fixture, ground truth and sao page objects', () => {
  let tryton: TrytonTestDatabase;
  let info: TrytonInfo;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

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
    tryton = await TrytonTestDatabase.open('target');
    info = tryton.info;
    browser = await launchChromium();
  }, START_TIMEOUT_MS);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
  });

  it('serves sao and a ground truth with >= 50 customers and invoices in every aging bucket as of the seed\'s business date', async () => {
    expect(info.businessDate).toBe(TRYTON_TEST_BUSINESS_DATE);
    expect((await fetch(info.url)).status).toBe(200);
    const customers = await tryton.customers();
    expect(customers.length).toBeGreaterThanOrEqual(50);
    expect(customers.every((c) => c.email.includes('@'))).toBe(true);
    expect(new Set(customers.map((c) => c.language))).toEqual(new Set(['zh', 'en']));
    const posted = await tryton.postedInvoices();
    const buckets = new Set(posted.map((i) => bucketOf(i.dueDate, tryton.runDate)));
    expect([...buckets].sort()).toEqual(['1-30', '31-60', '61-90', '90+', 'current']);
    expect(posted.every((i) => /^INV\d{4}-\d{4}$/.test(i.number) && Number(i.amountToPay) > 0)).toBe(true);
    console.info(`tryton fixture start: ${JSON.stringify(tryton.startReport)}`);
  });

  it('looks up a customer by name through the party list', async () => {
    const tab = await loggedIn();
    const customers = await tryton.customers();
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

  it('a server of its own serves its databases apart, and close() stops trytond, the ground truth and every front door and leaves no process behind', async () => {
    // The run's shared server has seeded the cache by now, so this start copies the seeded file and boots.
    const server = await TrytonServer.start({ businessDate: TRYTON_TEST_BUSINESS_DATE, databases: ['orderdesk_lifecycle'] });
    let frontDoor = '';
    try {
      expect(server.report.cache).toBe('hit');
      const other = server.info('orderdesk_lifecycle');
      frontDoor = other.url;
      // At its own address sao is offered this database alone, as on a server that has one.
      const listed = await fetch(other.url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ id: 7, method: 'common.db.list', params: [] }) });
      expect(await listed.json()).toEqual({ id: 7, result: [other.database] });
      expect((await fetch(other.url)).status).toBe(200);
      const clients = new Map<string, TrytonRpc>();
      const rpc = (database: string): TrytonRpc => {
        const client = clients.get(database) ?? new TrytonRpc(server.url.replace(/\/$/, ''), database, other.user, other.password);
        clients.set(database, client);
        return client;
      };
      // A write to one database is not seen in the other; a reset takes back only its own database's writes.
      const [party] = await rpc(other.database).searchRead('party.party', [['name', 'like', '%01']], ['id', 'name']);
      await rpc(other.database).call('model.party.party.write', [[party?.id], { name: 'Renamed in one database' }, {}]);
      const named = async (database: string): Promise<string> => String((await rpc(database).searchRead('party.party', [['id', '=', party?.id]], ['name']))[0]?.name);
      expect(await named(other.database)).toBe('Renamed in one database');
      expect(await named(server.info().database)).toBe(party?.name);
      expect((await fetch(`${other.groundTruthUrl}/__fixture/reset`, { method: 'POST' })).status).toBe(200);
      // The reset forgot the session (Tryton keeps sessions in the database); the client then signs in again.
      await expect(named(other.database)).rejects.toThrow(/HTTP 40[13]/);
      expect(await named(other.database)).toBe(party?.name);
      expect(await named(server.info().database)).toBe(party?.name);
    } finally {
      const tree = processTree(server.pid!);
      const port = server.port;
      const groundTruthPort = Number(new URL(server.info().groundTruthUrl).port);
      await server.close();
      await server.close();
      expect(tree.filter(alive)).toEqual([]);
      expect(listenedOnBy(port, tree)).toBe(false);
      await expect(fetch(`http://127.0.0.1:${groundTruthPort}/__fixture/customers`)).rejects.toThrow();
      if (frontDoor) await expect(fetch(frontDoor)).rejects.toThrow();
    }
  }, START_TIMEOUT_MS);
});
