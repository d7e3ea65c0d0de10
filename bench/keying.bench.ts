/**
 * Keying throughput, as ratios against floors measured in the same run (absolute times drift here):
 *   bot   — the whole keying bot: BullMQ queue, ledger, search-before-create, the page objects, traces
 *   bare  — a bare Playwright loop keying the same number of orders with the same concurrency
 *   http  — the HTTP floor: the same form posts with fetch, a cookie and the CSRF token, no browser
 * Run: npx tsx bench/keying.bench.ts [orders per run, default 60] [concurrencies, default 1,2,4]. Needs a local Redis (redis-server on PATH).
 */
import { printHeadline } from './bench-result.ts';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../core/browser/launch-chromium.ts';
import { loadSettings } from '../core/config/load-settings.ts';
import { startAcmeSuite, type AcmeSuiteHandle } from '../fixtures/acme-suite/index.ts';
import { freePort } from '../fixtures/local-stack/free-port.ts';
import { startKeyingRole } from '../jobs/keying-role.ts';
import { jobIdFor } from '../jobs/queue-catalogue.ts';
import { Runtime } from '../jobs/runtime.ts';

const ORDERS = Number(process.argv[2] ?? '60');
const CONCURRENCIES = (process.argv[3] ?? '1,2,4').split(',').map(Number);
const TODAY = '2026-03-15';

interface BenchOrder {
  externalRef: string;
  customerId: string;
  productCode: string;
  amount: string;
  termMonths: number;
}

async function ordersFor(suite: AcmeSuiteHandle, prefix: string): Promise<BenchOrder[]> {
  const customers = ((await (await fetch(`${suite.url}/__fixture/customers`)).json()) as { id: string; blocked: boolean; riskTolerance: string }[]).filter((c) => !c.blocked);
  const products = (await (await fetch(`${suite.url}/__fixture/products`)).json()) as { code: string; risk: string; minAmount: string; terms: number[] }[];
  return Array.from({ length: ORDERS }, (_, i) => {
    const c = customers[i % customers.length] as (typeof customers)[number];
    const eligible = products.filter((p) => Number(p.risk.slice(1)) <= Number(c.riskTolerance.slice(1)));
    const p = eligible[i % eligible.length] as (typeof products)[number];
    return { externalRef: `${prefix}-${i + 1}`, customerId: c.id, productCode: p.code, amount: p.minAmount, termMonths: p.terms[0] as number };
  });
}

async function countOrders(suite: AcmeSuiteHandle, prefix: string): Promise<number> {
  const orders = (await (await fetch(`${suite.url}/__fixture/orders`)).json()) as { externalRef: string }[];
  return orders.filter((o) => o.externalRef.startsWith(`${prefix}-`)).length;
}

/** Runs `work` on `concurrency` lanes over the orders; returns orders per second. */
async function lanes(orders: BenchOrder[], concurrency: number, work: (lane: number) => Promise<(o: BenchOrder) => Promise<void>>): Promise<number> {
  const workers = await Promise.all(Array.from({ length: concurrency }, (_, i) => work(i)));
  let next = 0;
  const started = performance.now();
  await Promise.all(workers.map(async (key) => {
    for (let i = next++; i < orders.length; i = next++) await key(orders[i] as BenchOrder);
  }));
  return orders.length / ((performance.now() - started) / 1000);
}

async function barePlaywright(browser: Browser, suite: AcmeSuiteHandle, orders: BenchOrder[], concurrency: number): Promise<number> {
  return lanes(orders, concurrency, async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${suite.url}/Login.aspx`, { waitUntil: 'domcontentloaded' });
    await page.getByLabel('User name', { exact: true }).fill(suite.credentials.user);
    await page.getByLabel('Password', { exact: true }).fill(suite.credentials.password);
    await Promise.all([page.waitForEvent('domcontentloaded'), page.getByRole('button', { name: 'Log in' }).click()]);
    const next = async (name = 'Next'): Promise<void> => {
      await Promise.all([page.waitForEvent('domcontentloaded'), page.getByRole('button', { name, exact: true }).click({ noWaitAfter: true })]);
    };
    return async (o) => {
      await page.goto(`${suite.url}/CRM/SalesOrderEntry.aspx`, { waitUntil: 'domcontentloaded' });
      await page.getByLabel('Customer ID', { exact: true }).fill(o.customerId);
      await next();
      await page.getByLabel('Product', { exact: true }).selectOption(o.productCode);
      await page.getByLabel('Amount', { exact: true }).fill(o.amount);
      await next();
      await page.getByLabel('Term (months)', { exact: true }).selectOption(String(o.termMonths));
      await page.getByLabel('Payment method', { exact: true }).selectOption('bank_transfer');
      await page.getByLabel('Value date', { exact: true }).fill(TODAY);
      await page.getByLabel('External reference', { exact: true }).fill(o.externalRef);
      await page.getByLabel('Sales rep', { exact: true }).fill('Bench');
      await page.getByLabel('Branch', { exact: true }).selectOption('SH-PD');
      await next();
      await next('Confirm');
      if (!/has been created/.test(await page.title())) throw new Error(`bare loop: ${await page.title()}`);
    };
  });
}

async function httpFloor(suite: AcmeSuiteHandle, orders: BenchOrder[], concurrency: number): Promise<number> {
  const hidden = (html: string, name: string): string => new RegExp(`name="${name}"[^>]*value="([^"]*)"`).exec(html)?.[1] ?? '';
  return lanes(orders, concurrency, async () => {
    let cookie = '';
    const send = async (path: string, form?: Record<string, string>): Promise<string> => {
      let url = new URL(path, suite.url).toString();
      let body: string | undefined = form ? new URLSearchParams(form).toString() : undefined;
      for (;;) {
        const res = await fetch(url, { method: body ? 'POST' : 'GET', headers: { Cookie: cookie, ...(body ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}) }, body, redirect: 'manual' });
        const set = res.headers.getSetCookie().find((c) => c.startsWith('ASP.NET_SessionId='));
        if (set) cookie = set.split(';')[0] ?? '';
        const location = res.headers.get('location');
        if (location && res.status >= 300 && res.status < 400) {
          await res.arrayBuffer();
          url = new URL(location, url).toString();
          body = undefined;
          continue;
        }
        return res.text();
      }
    };
    const login = await send('/Login.aspx');
    await send('/Login.aspx', { __RequestVerificationToken: hidden(login, '__RequestVerificationToken'), ctl00$Main$txtUserName: suite.credentials.user, ctl00$Main$txtPassword: suite.credentials.password, ctl00$Main$btnLogin: 'Log in' });
    return async (o) => {
      let page = await send('/CRM/SalesOrderEntry.aspx');
      const base = () => ({ __RequestVerificationToken: hidden(page, '__RequestVerificationToken'), __WIZARDID: hidden(page, '__WIZARDID'), __STEP: hidden(page, '__STEP') });
      page = await send('/CRM/SalesOrderEntry.aspx', { ...base(), ctl00$Main$txtCustomerId: o.customerId, ctl00$Main$txtCustomerSearch: '', ctl00$Main$btnNext: 'Next' });
      page = await send('/CRM/SalesOrderEntry.aspx', { ...base(), ctl00$Main$ddlProduct: o.productCode, ctl00$Main$txtAmount: o.amount, ctl00$Main$ddlCurrency: 'CNY', ctl00$Main$btnNext: 'Next' });
      page = await send('/CRM/SalesOrderEntry.aspx', {
        ...base(), ctl00$Main$ddlTerm: String(o.termMonths), ctl00$Main$ddlPaymentMethod: 'bank_transfer', ctl00$Main$txtValueDate: TODAY,
        ctl00$Main$txtExternalRef: o.externalRef, ctl00$Main$txtSalesRep: 'Bench', ctl00$Main$ddlBranch: 'SH-PD', ctl00$Main$txtNotes: '', ctl00$Main$btnNext: 'Next',
      });
      page = await send('/CRM/SalesOrderEntry.aspx', { ...base(), ctl00$Main$btnConfirm: 'Confirm' });
      if (!/has been created/.test(page)) throw new Error('http floor: order not created');
    };
  });
}

async function wholeBot(redisUrl: string, suite: AcmeSuiteHandle, orders: BenchOrder[], concurrency: number, traces: boolean): Promise<number> {
  const settings = loadSettings({
    env: {
      REDIS_URL: redisUrl, ORDERDESK_REDIS_PREFIX: `bench-${randomUUID().slice(0, 8)}`, CRM_URL: suite.url, CRM_USER: suite.credentials.user, CRM_PASSWORD: suite.credentials.password,
      KEYING_CONCURRENCY: String(concurrency), KEYING_MAX_ORDERS_PER_SECOND: '1000', KEYING_TRACES: String(traces), ORDERDESK_DATA_DIR: mkdtempSync(join(tmpdir(), 'bench-keying-')), LOG_LEVEL: 'warn',
    },
  });
  const runtime = await Runtime.create(settings);
  const ids = orders.map(() => `ord-${randomUUID()}`);
  await runtime.ledger.recordReceived(orders.map((o, i) => ({
    orderId: ids[i] as string, externalRef: o.externalRef,
    order: { ...o, orderDate: TODAY, currency: 'CNY', paymentMethod: 'bank_transfer', salesRep: 'Bench', branch: 'SH-PD', notes: '' },
    source: { kind: 'import' as const, reference: `bench-${randomUUID()}`, row: i + 2 },
  })), 'bench');
  for (const id of ids) await runtime.ledger.setStatus(id, 'approved', { actor: 'bench' });
  const role = startKeyingRole(runtime);
  // Warm up the browser and the login outside the timing, as the bare loop does in its lane setup.
  await new Promise((r) => setTimeout(r, 1500));
  const started = performance.now();
  await runtime.queues.addBulk('keying', ids.map((id) => ({ jobId: jobIdFor('keying', id), payload: { orderId: id } })));
  // Poll lightly (the oldest unfinished order only): a tight poll over every order steals a core.
  const pending = [...ids];
  while (pending.length > 0) {
    if ((await runtime.ledger.get(pending[0] as string))?.status === 'keyed') pending.shift();
    else await new Promise((r) => setTimeout(r, 25));
  }
  const rate = ids.length / ((performance.now() - started) / 1000);
  await role.close();
  await runtime.close();
  return rate;
}

async function startRedis(): Promise<{ url: string; stop: () => void }> {
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--save', '', '--appendonly', 'no', '--bind', '127.0.0.1'], { stdio: 'ignore' });
  await new Promise((r) => setTimeout(r, 500));
  return { url: `redis://127.0.0.1:${port}`, stop: () => child.kill('SIGTERM') };
}

const redis = await startRedis();
const browser = await launchChromium();
const rows: string[] = [];
let best = { concurrency: 0, bot: 0, bare: 0, http: 0 };
try {
  for (const concurrency of CONCURRENCIES) {
    // One suite per run so each starts from the same state; the same orders' shape for all three.
    const suite = await startAcmeSuite({ port: 0, today: TODAY });
    try {
      const bare = await barePlaywright(browser, suite, await ordersFor(suite, `BARE${concurrency}`), concurrency);
      const http = await httpFloor(suite, await ordersFor(suite, `HTTP${concurrency}`), concurrency);
      const bot = await wholeBot(redis.url, suite, await ordersFor(suite, `BOT${concurrency}`), concurrency, true);
      const botNoTrace = await wholeBot(redis.url, suite, await ordersFor(suite, `BOTNT${concurrency}`), concurrency, false);
      for (const prefix of [`BARE${concurrency}`, `HTTP${concurrency}`, `BOT${concurrency}`, `BOTNT${concurrency}`]) {
        const n = await countOrders(suite, prefix);
        if (n !== ORDERS) throw new Error(`${prefix}: ${n} orders in the CRM, expected ${ORDERS}`);
      }
      const row = `| ${concurrency} | ${bot.toFixed(2)} | ${botNoTrace.toFixed(2)} | ${bare.toFixed(2)} | ${http.toFixed(2)} | ${(bot / bare).toFixed(2)} | ${(botNoTrace / bare).toFixed(2)} | ${(bot / http).toFixed(2)} |`;
      rows.push(row);
      console.log(row);
      if (bot > best.bot) best = { concurrency, bot, bare, http };
    } finally {
      await suite.close();
    }
  }
} finally {
  await browser.close();
  redis.stop();
}
console.log(`\n${ORDERS} orders per run, orders/s`);
console.log('| concurrency | bot (traces on) | bot (traces off) | bare Playwright | HTTP floor | bot/bare | bot no-trace/bare | bot/HTTP |');
console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
for (const r of rows) console.log(r);
printHeadline({
  bench: `keying, ${ORDERS} orders per run`,
  figure: `${best.bot.toFixed(2)} orders/s at concurrency ${best.concurrency}; bot/bare ${(best.bot / best.bare).toFixed(2)}, bot/HTTP floor ${(best.bot / best.http).toFixed(2)}`,
  goal: 'bot/bare >= 0.8 and >= 2 orders/s',
  met: best.bot / best.bare >= 0.8 && best.bot >= 2,
});
console.log(`best: concurrency ${best.concurrency}: bot ${best.bot.toFixed(2)} orders/s, bot/bare ${(best.bot / best.bare).toFixed(2)}, bot/HTTP ${(best.bot / best.http).toFixed(2)}; goal bot/bare >= 0.8 and >= 2 orders/s: ${best.bot / best.bare >= 0.8 && best.bot >= 2 ? 'met' : 'NOT met'}`);
